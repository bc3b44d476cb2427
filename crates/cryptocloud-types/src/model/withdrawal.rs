//! The result of a withdrawal request.

use crate::open_enum::open_enum;
use crate::wire::model::wire_model;
use crate::{CryptoCurrency, InvoiceId, Money};

open_enum! {
    /// Where a withdrawal stands.
    pub enum WithdrawalStatus {
        /// Accepted and queued.
        Created = "created",
    }
}

wire_model! {
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
    pub struct Withdrawal {
        required {
            /// Id of the withdrawal.
            "invoice_id" => invoice_id: InvoiceId,
        }
        /// Where it stands.
        "status" => status: opt WithdrawalStatus,
        /// The coin sent.
        "currency" => currency: opt CryptoCurrency,
        /// The amount sent, in the coin.
        "amount" => amount: opt Money,
    }
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
