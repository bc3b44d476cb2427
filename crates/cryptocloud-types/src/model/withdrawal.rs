//! The result of a withdrawal request.

use crate::open_enum::open_enum;
use crate::wire::model::WireModel;
use crate::{CryptoCurrency, InvoiceId, Money, RawFields};

open_enum! {
    /// Where a withdrawal stands.
    pub enum WithdrawalStatus {
        /// Accepted and queued.
        Created = "created",
    }
}

/// A withdrawal the API accepted. Only `invoice_id` is required.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{CryptoCurrency, Withdrawal};
/// let withdrawal: Withdrawal = serde_json::from_str(
///     r#"{"invoice_id":"INV-89UX09KA","status":"created","currency":"ETH","amount":0.0029}"#,
/// )?;
/// assert_eq!(withdrawal.currency, Some(CryptoCurrency::Eth));
/// assert_eq!(withdrawal.amount.unwrap().to_string(), "0.0029");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, WireModel)]
#[non_exhaustive]
pub struct Withdrawal {
    /// `invoice_id`: id of the withdrawal.
    #[wire(required)]
    pub invoice_id: InvoiceId,
    /// `status`: where it stands.
    pub status: Option<WithdrawalStatus>,
    /// `currency`: the coin sent.
    pub currency: Option<CryptoCurrency>,
    /// `amount`: the amount sent, in the coin.
    pub amount: Option<Money>,
    /// What the object held that this model did not read: values of an unexpected
    /// shape (their field is absent), unknown and repeated keys, each as raw JSON.
    pub unread: RawFields,
}

impl Withdrawal {
    /// A withdrawal result (for tests and local servers).
    pub fn new(
        invoice_id: InvoiceId,
        status: WithdrawalStatus,
        currency: CryptoCurrency,
        amount: Money,
    ) -> Withdrawal {
        Withdrawal {
            status: Some(status),
            currency: Some(currency),
            amount: Some(amount),
            ..Withdrawal::with_required(invoice_id)
        }
    }
}
