//! The two shapes of a currency object: invoices embed one, balances and static wallets another.

use alloc::string::String;

use serde::{Deserialize, Serialize};

use crate::CryptoCurrency;
use crate::lenient;

/// A blockchain network (`TRC20`, `ERC20`, …).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Network {
    /// Network code, such as `TRC20`.
    #[serde(default, deserialize_with = "lenient::option")]
    pub code: Option<String>,
    /// Numeric id.
    #[serde(default, deserialize_with = "lenient::option")]
    pub id: Option<u64>,
    /// Icon URL.
    #[serde(default, deserialize_with = "lenient::option")]
    pub icon: Option<String>,
    /// Human-readable name, such as `Tron`.
    #[serde(default, deserialize_with = "lenient::option")]
    pub fullname: Option<String>,
}

/// The currency of an invoice: `code` is the coin (`USDT`), `fullcode` the coin on its network
/// (`USDT_TRC20`).
///
/// ```
/// use cryptocloud_types::{CryptoCurrency, InvoiceCurrency};
/// let currency: InvoiceCurrency = serde_json::from_str(
///     r#"{"id":4,"code":"USDT","fullcode":"USDT_TRC20","network":{"code":"TRC20"},"icon_network":"None"}"#,
/// )?;
/// assert_eq!(currency.fullcode, Some(CryptoCurrency::UsdtTrc20));
/// assert_eq!(currency.icon_network, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InvoiceCurrency {
    /// Numeric id.
    #[serde(default, deserialize_with = "lenient::option")]
    pub id: Option<u64>,
    /// The coin without its network, such as `USDT`.
    #[serde(default, deserialize_with = "lenient::option")]
    pub code: Option<String>,
    /// The coin on its network, such as `USDT_TRC20`.
    #[serde(default, deserialize_with = "lenient::option")]
    pub fullcode: Option<CryptoCurrency>,
    /// The network.
    #[serde(default, deserialize_with = "lenient::option")]
    pub network: Option<Network>,
    /// Human-readable name, such as `Tether`.
    #[serde(default, deserialize_with = "lenient::option")]
    pub name: Option<String>,
    /// Whether the payer must give an e-mail address.
    #[serde(default, deserialize_with = "lenient::option")]
    pub is_email_required: Option<bool>,
    /// Whether the coin is a stablecoin.
    #[serde(default, deserialize_with = "lenient::option")]
    pub stablecoin: Option<bool>,
    /// Icon URL of the coin.
    #[serde(default, deserialize_with = "lenient::option")]
    pub icon_base: Option<String>,
    /// Icon URL of the coin on its network.
    #[serde(default, deserialize_with = "lenient::option")]
    pub icon_network: Option<String>,
    /// Icon URL for QR codes.
    #[serde(default, deserialize_with = "lenient::option")]
    pub icon_qr: Option<String>,
    /// Display order.
    #[serde(default, deserialize_with = "lenient::option")]
    pub order: Option<i64>,
}

/// The currency of a balance entry or a static wallet: here `code` is the full code
/// (`USDT_TRC20`) and `short_code` the coin (`USDT`), the reverse of [`InvoiceCurrency`].
///
/// ```
/// use cryptocloud_types::{BalanceCurrency, CryptoCurrency};
/// let currency: BalanceCurrency = serde_json::from_str(
///     r#"{"id":3,"code":"ETH","short_code":"ETH","obj_network":{"code":"ERC20"},"enable":true}"#,
/// )?;
/// assert_eq!(currency.code, Some(CryptoCurrency::Eth));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BalanceCurrency {
    /// Numeric id.
    #[serde(default, deserialize_with = "lenient::option")]
    pub id: Option<u64>,
    /// The coin on its network, such as `USDT_TRC20`.
    #[serde(default, deserialize_with = "lenient::option")]
    pub code: Option<CryptoCurrency>,
    /// The coin without its network, such as `USDT`.
    #[serde(default, deserialize_with = "lenient::option")]
    pub short_code: Option<String>,
    /// Human-readable name.
    #[serde(default, deserialize_with = "lenient::option")]
    pub name: Option<String>,
    /// Whether the payer must give an e-mail address.
    #[serde(default, deserialize_with = "lenient::option")]
    pub is_email_required: Option<bool>,
    /// Whether the coin is a stablecoin.
    #[serde(default, deserialize_with = "lenient::option")]
    pub stablecoin: Option<bool>,
    /// Icon URL of the coin.
    #[serde(default, deserialize_with = "lenient::option")]
    pub icon_base: Option<String>,
    /// Icon URL of the coin on its network.
    #[serde(default, deserialize_with = "lenient::option")]
    pub icon_network: Option<String>,
    /// Icon URL for QR codes.
    #[serde(default, deserialize_with = "lenient::option")]
    pub icon_qr: Option<String>,
    /// Display order.
    #[serde(default, deserialize_with = "lenient::option")]
    pub order: Option<i64>,
    /// The network.
    #[serde(default, deserialize_with = "lenient::option")]
    pub obj_network: Option<Network>,
    /// Whether the currency is enabled for the project.
    #[serde(default, deserialize_with = "lenient::option")]
    pub enable: Option<bool>,
}
