//! A static wallet: a permanent deposit address for one customer.

use alloc::string::String;

use serde::{Deserialize, Serialize};

use crate::{BalanceCurrency, StaticWalletId};

/// A permanent address assigned to one customer (`identify`); payments to it arrive as postbacks
/// whose `order_id` is that customer id.
///
/// ```
/// use cryptocloud_types::StaticWallet;
/// let wallet: StaticWallet = serde_json::from_str(r#"{"currency": {"code": "ETH"},
///     "address": "0xe3dE8434c928fe43012b0e8Fc6b1A928b0F1C492",
///     "uuid": "1K0NFXT9E1X3VOY07VY1LRV8XGMLQNQX"}"#)?;
/// assert_eq!(wallet.uuid.as_str(), "1K0NFXT9E1X3VOY07VY1LRV8XGMLQNQX");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StaticWallet {
    /// The coin.
    pub currency: BalanceCurrency,
    /// The deposit address.
    pub address: String,
    /// The wallet's id.
    pub uuid: StaticWalletId,
}

impl StaticWallet {
    /// A static wallet (for tests and local servers).
    pub const fn new(
        currency: BalanceCurrency,
        address: String,
        uuid: StaticWalletId,
    ) -> StaticWallet {
        StaticWallet {
            currency,
            address,
            uuid,
        }
    }
}
