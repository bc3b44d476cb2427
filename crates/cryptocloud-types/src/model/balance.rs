//! One line of the merchant's balance.

use crate::wire::model::WireModel;
use crate::{BalanceCurrency, Money, RawFields};

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
#[derive(Clone, Debug, Default, PartialEq, Eq, WireModel)]
#[non_exhaustive]
pub struct BalanceEntry {
    /// `currency`: the coin (every field absent if the answer had none).
    #[wire(default)]
    pub currency: BalanceCurrency,
    /// `balance_crypto`: balance in the coin.
    pub balance_crypto: Option<Money>,
    /// `balance_usd`: balance in USD.
    pub balance_usd: Option<Money>,
    /// `available_balance`: part of the balance that can be withdrawn now, in the coin.
    pub available_balance: Option<Money>,
    /// `available_balance_usd`: `available_balance` in USD.
    pub available_balance_usd: Option<Money>,
    /// What the object held that this model did not read: values of an unexpected
    /// shape (their field is absent), unknown and repeated keys, each as raw JSON.
    pub unread: RawFields,
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
