//! The two shapes of a currency object: invoices embed one, balances and static wallets another.
//! They share most fields (from `id` on), in the same order.

use alloc::string::String;

use crate::wire::model::WireModel;
use crate::{CryptoCurrency, RawFields};

/// A blockchain network (`TRC20`, `ERC20`, …).
#[derive(Clone, Debug, Default, PartialEq, Eq, WireModel)]
#[non_exhaustive]
pub struct Network {
    /// `code`: network code, such as `TRC20`.
    pub code: Option<String>,
    /// `id`: numeric id.
    pub id: Option<u64>,
    /// `icon`: icon URL.
    pub icon: Option<String>,
    /// `fullname`: the network's name, such as `Tron`.
    pub fullname: Option<String>,
    /// What the object held that this model did not read: values of an unexpected
    /// shape (their field is absent), unknown and repeated keys, each as raw JSON.
    pub unread: RawFields,
}

/// The currency of an invoice: `code` is the coin (`USDT`), `fullcode` the coin on its network
/// (`USDT_TRC20`).
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{CryptoCurrency, InvoiceCurrency};
/// let currency: InvoiceCurrency = serde_json::from_str(
///     r#"{"id":4,"code":"USDT","fullcode":"USDT_TRC20","network":{"code":"TRC20"},"icon_network":"None"}"#,
/// )?;
/// assert_eq!(currency.fullcode, Some(CryptoCurrency::UsdtTrc20));
/// assert_eq!(currency.icon_network, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, WireModel)]
#[non_exhaustive]
pub struct InvoiceCurrency {
    /// `code`: the coin without its network, such as `USDT`.
    pub code: Option<String>,
    /// `fullcode`: the coin on its network, such as `USDT_TRC20`.
    pub fullcode: Option<CryptoCurrency>,
    /// `network`: the network.
    pub network: Option<Network>,
    /// `id`: numeric id.
    pub id: Option<u64>,
    /// `name`: the coin's name, such as `Tether`.
    pub name: Option<String>,
    /// `is_email_required`: whether the payer must give an e-mail address.
    pub is_email_required: Option<bool>,
    /// `stablecoin`: whether the coin is a stablecoin.
    pub stablecoin: Option<bool>,
    /// `icon_base`: icon URL of the coin.
    pub icon_base: Option<String>,
    /// `icon_network`: icon URL of the coin on its network.
    pub icon_network: Option<String>,
    /// `icon_qr`: icon URL for QR codes.
    pub icon_qr: Option<String>,
    /// `order`: display order.
    pub order: Option<i64>,
    /// What the object held that this model did not read: values of an unexpected
    /// shape (their field is absent), unknown and repeated keys, each as raw JSON.
    pub unread: RawFields,
}

/// The currency of a balance entry or a static wallet: here `code` is the full code
/// (`USDT_TRC20`) and `short_code` the coin (`USDT`), the reverse of [`InvoiceCurrency`].
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{BalanceCurrency, CryptoCurrency};
/// let currency: BalanceCurrency = serde_json::from_str(
///     r#"{"id":"3","code":"ETH","short_code":"ETH","obj_network":{"code":"ERC20"},"enable":"true"}"#,
/// )?;
/// assert_eq!(currency.code, Some(CryptoCurrency::Eth));
/// assert_eq!((currency.id, currency.enable), (Some(3), Some(true)));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, WireModel)]
#[non_exhaustive]
pub struct BalanceCurrency {
    /// `code`: the coin on its network, such as `USDT_TRC20`.
    pub code: Option<CryptoCurrency>,
    /// `short_code`: the coin without its network, such as `USDT`.
    pub short_code: Option<String>,
    /// `obj_network`: the network.
    pub obj_network: Option<Network>,
    /// `enable`: whether the currency is enabled for the project.
    pub enable: Option<bool>,
    /// `id`: numeric id.
    pub id: Option<u64>,
    /// `name`: the coin's name, such as `Tether`.
    pub name: Option<String>,
    /// `is_email_required`: whether the payer must give an e-mail address.
    pub is_email_required: Option<bool>,
    /// `stablecoin`: whether the coin is a stablecoin.
    pub stablecoin: Option<bool>,
    /// `icon_base`: icon URL of the coin.
    pub icon_base: Option<String>,
    /// `icon_network`: icon URL of the coin on its network.
    pub icon_network: Option<String>,
    /// `icon_qr`: icon URL for QR codes.
    pub icon_qr: Option<String>,
    /// `order`: display order.
    pub order: Option<i64>,
    /// What the object held that this model did not read: values of an unexpected
    /// shape (their field is absent), unknown and repeated keys, each as raw JSON.
    pub unread: RawFields,
}
