//! A static wallet: a permanent deposit address for one customer.

use alloc::string::String;

use crate::wire::model::wire_model;
use crate::{BalanceCurrency, StaticWalletId};

wire_model! {
    /// A permanent address assigned to one customer (`identify`); payments to it arrive as
    /// postbacks whose `order_id` is that customer id. Only `uuid` is required.
    ///
    /// ```
    /// # use cryptocloud_types as cryptocloud;
    /// use cryptocloud::StaticWallet;
    /// let wallet: StaticWallet = serde_json::from_str(r#"{"currency": {"code": "ETH"},
    ///     "address": "0xe3dE8434c928fe43012b0e8Fc6b1A928b0F1C492",
    ///     "uuid": "1K0NFXT9E1X3VOY07VY1LRV8XGMLQNQX"}"#)?;
    /// assert_eq!(wallet.uuid.as_str(), "1K0NFXT9E1X3VOY07VY1LRV8XGMLQNQX");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct StaticWallet {
        required {
            /// The wallet's id.
            "uuid" => uuid: StaticWalletId,
        }
        /// The coin (every field absent if the answer had none).
        "currency" => currency: def BalanceCurrency,
        /// The deposit address.
        "address" => address: opt String,
    }
}

impl StaticWallet {
    /// A static wallet (for tests and local servers).
    pub fn new(currency: BalanceCurrency, address: String, uuid: StaticWalletId) -> StaticWallet {
        StaticWallet {
            currency,
            address: Some(address),
            ..StaticWallet::with_required(uuid)
        }
    }
}
