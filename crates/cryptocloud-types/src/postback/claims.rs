//! What a postback body says outside its token: claims that nothing signs.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::sync::Arc;
use alloc::vec::Vec;

use super::json::{Members, Value};
use crate::lenient::is_absent;
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
///
/// No claim can make a genuine postback fail: a value its field cannot read (`"amount_crypto":
/// "1,5"`, an object where a coin belongs) leaves the field `None` and is kept in
/// [`unread`](Self::unread), and `invoice_info` is kept as its text until
/// [`invoice_info`](Self::invoice_info) is asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnverifiedClaims {
    /// The invoice the body names (`invoice_id`, sent bare). A token that binds an invoice must
    /// name this one; a token with a numeric `id` binds none, and then this is only a claim.
    pub invoice_id: InvoiceId,
    /// `status`: always `success` so far, for full and partial payments alike.
    pub status: Option<PostbackStatus>,
    /// `amount_crypto`: the amount said to be paid, in `currency`, read exactly from its digits
    /// (a JSON number or a string) as every amount is.
    pub amount_crypto: Option<Money>,
    /// `currency`: the coin said to be paid in.
    pub currency: Option<CryptoCurrency>,
    /// `order_id`: your order id (for static wallets, the customer id given as `identify`). A JSON
    /// number is read as its digits.
    pub order_id: Option<String>,
    /// `invoice_info`'s JSON text; shared, so that a verified copy does not copy it again.
    pub(super) invoice_info: Option<Arc<str>>,
    pub(super) unread: Vec<UnreadClaim>,
}

/// A claim whose value its field cannot read: the field is `None`, and the value is kept here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnreadClaim {
    pub(super) name: &'static str,
    pub(super) text: String,
}

impl UnreadClaim {
    /// The body's key: `status`, `amount_crypto`, `currency` or `order_id`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The value as sent: a string's text, or any other value's JSON text. Not escaped: quote it
    /// with care.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl UnverifiedClaims {
    /// The claims whose value could not be read, in the body's order (usually none).
    pub fn unread(&self) -> &[UnreadClaim] {
        &self.unread
    }

    /// `invoice_info` as sent: an object's JSON text, or the text a string or form field held.
    /// `None` when absent or empty (`null`, `""`, `"None"`).
    pub fn invoice_info_text(&self) -> Option<&str> {
        self.invoice_info.as_deref()
    }

    /// `invoice_info` read as an [`Invoice`], decoded now (verifying a postback never decodes
    /// it). A shape this crate cannot read is [`InvoiceInfo::Unparsed`], with its text.
    pub fn invoice_info(&self) -> Option<InvoiceInfo> {
        let text = self.invoice_info.as_deref()?;
        Some(match serde_json::from_str::<Invoice>(text) {
            Ok(invoice) => InvoiceInfo::Parsed(Box::new(invoice)),
            Err(error) => InvoiceInfo::Unparsed {
                text: String::from(text),
                reason: error.to_string(),
            },
        })
    }

    /// An id that `invoice_info` gives as its `uuid` other than `invoice_id`, if any. Read from
    /// the text alone, without decoding the invoice; text that is not a JSON object has none.
    pub(super) fn other_invoice_in_info(&self) -> Option<InvoiceId> {
        let mut members = Members::new(self.invoice_info.as_deref()?);
        while let Ok(Some((key, value))) = members.next() {
            if key == "uuid"
                && let Value::Text(uuid) = value
                && let Ok(uuid) = InvoiceId::parse(&uuid)
                && uuid != self.invoice_id
            {
                return Some(uuid);
            }
        }
        None
    }
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

/// The unsigned claims as a body's fields are read: leniently, a value its field cannot read kept
/// unread.
#[derive(Default)]
pub(super) struct ClaimsRead {
    pub(super) status: Option<PostbackStatus>,
    pub(super) amount_crypto: Option<Money>,
    pub(super) currency: Option<CryptoCurrency>,
    pub(super) order_id: Option<String>,
    pub(super) invoice_info: Option<Arc<str>>,
    pub(super) unread: Vec<UnreadClaim>,
}

impl ClaimsRead {
    /// A claim held in a string: `read` gives its value, or `None` to keep it unread.
    pub(super) fn read<T>(
        &mut self,
        name: &'static str,
        value: Value<'_>,
        read: impl FnOnce(&str) -> Option<T>,
    ) -> Option<T> {
        match value {
            Value::Text(text) if is_absent(&text) => None,
            Value::Json("null") => None,
            Value::Text(text) => read(&text).or_else(|| self.keep(name, &text)),
            Value::Json(json) => self.keep(name, json),
        }
    }

    /// `amount_crypto`: a number's digits or a string's, by the rule of every amount.
    pub(super) fn read_amount(&mut self, value: Value<'_>) {
        self.amount_crypto = match value {
            Value::Json(json) if json.starts_with(|c: char| c == '-' || c.is_ascii_digit()) => json
                .parse()
                .ok()
                .or_else(|| self.keep("amount_crypto", json)),
            value => self.read("amount_crypto", value, |text| text.parse().ok()),
        };
    }

    /// `order_id`: a string, or a number's digits.
    pub(super) fn read_order_id(&mut self, value: Value<'_>) {
        self.order_id = match value {
            Value::Json(json) if json.starts_with(|c: char| c == '-' || c.is_ascii_digit()) => {
                Some(String::from(json))
            }
            value => self.read("order_id", value, |text| Some(String::from(text))),
        };
    }

    fn keep<T>(&mut self, name: &'static str, text: &str) -> Option<T> {
        self.unread.push(UnreadClaim {
            name,
            text: String::from(text),
        });
        None
    }
}

/// `invoice_info`'s text: a string's content or another value's JSON text; `None` when absent.
pub(super) fn text_or_json<'v>(value: &'v Value<'_>) -> Option<&'v str> {
    match value {
        Value::Text(text) if is_absent(text) => None,
        Value::Json("null") => None,
        Value::Text(text) => Some(text),
        Value::Json(json) => Some(json),
    }
}
