//! One line of the merchant's balance.

use serde::{Deserialize, Serialize};

use crate::{BalanceCurrency, Money};

/// The merchant's balance in one coin.
///
/// ```
/// use cryptocloud_types::BalanceEntry;
/// let entry: BalanceEntry = serde_json::from_str(r#"{"currency": {"code": "BTC"},
///     "balance_crypto": 0.0031, "balance_usd": 210.4,
///     "available_balance": 0.003, "available_balance_usd": 203.6}"#)?;
/// assert_eq!(entry.balance_usd.to_string(), "210.4");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BalanceEntry {
    /// The coin.
    pub currency: BalanceCurrency,
    /// Balance in the coin.
    pub balance_crypto: Money,
    /// Balance in USD.
    pub balance_usd: Money,
    /// Part of the balance that can be withdrawn now, in the coin.
    pub available_balance: Money,
    /// `available_balance` in USD.
    pub available_balance_usd: Money,
}

impl BalanceEntry {
    /// A balance line (for tests and local servers).
    pub const fn new(
        currency: BalanceCurrency,
        balance_crypto: Money,
        balance_usd: Money,
        available_balance: Money,
        available_balance_usd: Money,
    ) -> BalanceEntry {
        BalanceEntry {
            currency,
            balance_crypto,
            balance_usd,
            available_balance,
            available_balance_usd,
        }
    }
}
