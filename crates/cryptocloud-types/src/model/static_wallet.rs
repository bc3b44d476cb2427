//! A static wallet: a permanent deposit address for one customer.

use alloc::string::String;

use crate::wire::model::WireModel;
use crate::{BalanceCurrency, RawFields, StaticWalletId};

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
#[derive(Clone, Debug, PartialEq, Eq, WireModel)]
#[non_exhaustive]
pub struct StaticWallet {
    /// `uuid`: the wallet's id.
    #[wire(required)]
    pub uuid: StaticWalletId,
    /// `currency`: the coin (every field absent if the answer had none).
    #[wire(default)]
    pub currency: BalanceCurrency,
    /// `address`: the deposit address.
    pub address: Option<String>,
    /// What the object held that this model did not read: values of an unexpected
    /// shape (their field is absent), unknown and repeated keys, each as raw JSON.
    pub unread: RawFields,
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
