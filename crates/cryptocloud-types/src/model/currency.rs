//! The two shapes of a currency object: invoices embed one, balances and static wallets another.
//! They share most fields, declared once in [`currency_model!`].

use alloc::string::String;

use crate::CryptoCurrency;
use crate::wire::model::wire_model;

wire_model! {
    /// A blockchain network (`TRC20`, `ERC20`, …).
    pub struct Network {
        /// Network code, such as `TRC20`.
        "code" => code: opt String,
        /// Numeric id.
        "id" => id: opt u64,
        /// Icon URL.
        "icon" => icon: opt String,
        /// The network's name, such as `Tron`.
        "fullname" => fullname: opt String,
    }
}

/// Declares a currency shape: its own fields, then the fields both shapes share.
macro_rules! currency_model {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* $wire:literal => $field:ident : $kind:ident $ty:ty, )*
        }
    ) => {
        wire_model! {
            $(#[$meta])*
            pub struct $name {
                $( $(#[$field_meta])* $wire => $field : $kind $ty, )*
                /// Numeric id.
                "id" => id: opt u64,
                /// The coin's name, such as `Tether`.
                "name" => name: opt String,
                /// Whether the payer must give an e-mail address.
                "is_email_required" => is_email_required: opt bool,
                /// Whether the coin is a stablecoin.
                "stablecoin" => stablecoin: opt bool,
                /// Icon URL of the coin.
                "icon_base" => icon_base: opt String,
                /// Icon URL of the coin on its network.
                "icon_network" => icon_network: opt String,
                /// Icon URL for QR codes.
                "icon_qr" => icon_qr: opt String,
                /// Display order.
                "order" => order: opt i64,
            }
        }
    };
}

currency_model! {
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
    pub struct InvoiceCurrency {
        /// The coin without its network, such as `USDT`.
        "code" => code: opt String,
        /// The coin on its network, such as `USDT_TRC20`.
        "fullcode" => fullcode: opt CryptoCurrency,
        /// The network.
        "network" => network: opt Network,
    }
}

currency_model! {
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
    pub struct BalanceCurrency {
        /// The coin on its network, such as `USDT_TRC20`.
        "code" => code: opt CryptoCurrency,
        /// The coin without its network, such as `USDT`.
        "short_code" => short_code: opt String,
        /// The network.
        "obj_network" => obj_network: opt Network,
        /// Whether the currency is enabled for the project.
        "enable" => enable: opt bool,
    }
}
