//! What a postback body says outside its token: claims that nothing signs.

use alloc::boxed::Box;
use alloc::string::String;

use crate::open_enum::open_enum;
use crate::{CryptoCurrency, Invoice, InvoiceId, Money};

open_enum! {
    /// The postback's `status`.
    pub enum PostbackStatus {
        /// A payment arrived. Partial payments are sent with this status too.
        Success = "success",
    }
}

/// Everything a postback body says besides its token. **None of it is signed**: anyone who sees
/// one genuine postback can resend its token within its five minutes with any of these rewritten.
/// Use them to log and to cross-check, never to decide that an order is paid: re-fetch the invoice
/// through the API (`GetInvoices`) and act on what the API answers.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnverifiedClaims {
    /// The invoice the body names (`invoice_id`, sent bare). A token that binds an invoice must
    /// name this one; a token with a numeric `id` binds none, and then this is only a claim.
    pub invoice_id: InvoiceId,
    /// `status`: always `success` so far, for full and partial payments alike.
    pub status: Option<PostbackStatus>,
    /// `amount_crypto`: the amount said to be paid, in `currency`.
    pub amount_crypto: Option<Money>,
    /// `currency`: the coin said to be paid in.
    pub currency: Option<CryptoCurrency>,
    /// `order_id`: your order id (for static wallets, the customer id given as `identify`).
    pub order_id: Option<String>,
    /// `invoice_info`: the invoice as the body describes it. `None` when absent or empty.
    pub invoice_info: Option<InvoiceInfo>,
}

/// The body's `invoice_info` claim. A shape this crate cannot read never makes a postback fail:
/// it stays [`Unparsed`](Self::Unparsed), with its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InvoiceInfo {
    /// The invoice object, read.
    Parsed(Box<Invoice>),
    /// Not an invoice object this crate can read.
    Unparsed {
        /// The text received: a form field or JSON string as sent, or a JSON value's own text.
        text: String,
        /// Why it could not be read.
        reason: String,
    },
}

impl InvoiceInfo {
    /// The invoice, if it could be read.
    pub fn parsed(&self) -> Option<&Invoice> {
        match self {
            InvoiceInfo::Parsed(invoice) => Some(invoice),
            InvoiceInfo::Unparsed { .. } => None,
        }
    }
}
