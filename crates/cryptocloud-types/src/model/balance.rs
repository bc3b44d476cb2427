//! One line of the merchant's balance.

use crate::wire::model::wire_model;
use crate::{BalanceCurrency, Money};

wire_model! {
    /// The merchant's balance in one coin. An amount of an unexpected shape is absent, its raw
    /// text kept in `unread`.
    ///
    /// ```
    /// # use cryptocloud_types as cryptocloud;
    /// use cryptocloud::BalanceEntry;
    /// let entry: BalanceEntry = serde_json::from_str(r#"{"currency": {"code": "BTC"},
    ///     "balance_crypto": 0.0031, "balance_usd": 210.4,
    ///     "available_balance": 0.003, "available_balance_usd": "N/A"}"#)?;
    /// assert_eq!(entry.balance_usd.unwrap().to_string(), "210.4");
    /// assert_eq!(entry.available_balance_usd, None);
    /// assert_eq!(entry.unread.unexpected("available_balance_usd").unwrap().text(), r#""N/A""#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct BalanceEntry {
        /// The coin (every field absent if the answer had none).
        "currency" => currency: def BalanceCurrency,
        /// Balance in the coin.
        "balance_crypto" => balance_crypto: opt Money,
        /// Balance in USD.
        "balance_usd" => balance_usd: opt Money,
        /// Part of the balance that can be withdrawn now, in the coin.
        "available_balance" => available_balance: opt Money,
        /// `available_balance` in USD.
        "available_balance_usd" => available_balance_usd: opt Money,
    }
}

impl BalanceEntry {
    /// A balance line (for tests and local servers).
    pub fn new(
        currency: BalanceCurrency,
        balance_crypto: Money,
        balance_usd: Money,
        available_balance: Money,
        available_balance_usd: Money,
    ) -> BalanceEntry {
        BalanceEntry {
            currency,
            balance_crypto: Some(balance_crypto),
            balance_usd: Some(balance_usd),
            available_balance: Some(available_balance),
            available_balance_usd: Some(available_balance_usd),
            ..BalanceEntry::default()
        }
    }
}
