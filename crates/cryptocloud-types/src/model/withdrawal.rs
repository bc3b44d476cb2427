//! The result of a withdrawal request.

use serde::{Deserialize, Serialize};

use crate::open_enum::open_enum;
use crate::{CryptoCurrency, InvoiceId, Money};

open_enum! {
    /// Where a withdrawal stands.
    pub enum WithdrawalStatus {
        /// Accepted and queued.
        Created = "created",
    }
}

/// A withdrawal the API accepted.
///
/// ```
/// use cryptocloud_types::{CryptoCurrency, Withdrawal};
/// let withdrawal: Withdrawal = serde_json::from_str(
///     r#"{"invoice_id":"INV-89UX09KA","status":"created","currency":"ETH","amount":0.0029}"#,
/// )?;
/// assert_eq!(withdrawal.currency, CryptoCurrency::Eth);
/// assert_eq!(withdrawal.amount.to_string(), "0.0029");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Withdrawal {
    /// Id of the withdrawal.
    pub invoice_id: InvoiceId,
    /// Where it stands.
    pub status: WithdrawalStatus,
    /// The coin sent.
    pub currency: CryptoCurrency,
    /// The amount sent, in the coin.
    pub amount: Money,
}

impl Withdrawal {
    /// A withdrawal result (for tests and local servers).
    pub const fn new(
        invoice_id: InvoiceId,
        status: WithdrawalStatus,
        currency: CryptoCurrency,
        amount: Money,
    ) -> Withdrawal {
        Withdrawal {
            invoice_id,
            status,
            currency,
            amount,
        }
    }
}
