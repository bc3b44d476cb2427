//! Payment details for a checkout page of your own (CryptoCloud's host-to-host, "white label"
//! integration): from an invoice whose coin is chosen (`add_fields.cryptocurrency` at creation, or
//! the customer's choice on the hosted page), the address, the exact amount of the coin, the
//! network and the expiry, or why there are none.
//!
//! With the `wallet-links` feature, [`PaymentDetails::wallet_link`] checks the address for its
//! network's own form and gives the payment URI a phone wallet pre-fills a transfer from (BIP 21,
//! EIP 681, TON transfer links, Solana Pay; the bare address where the network has no standard).
//! The facade crate `cryptocloud` draws it as a QR code with its `qr` feature.
//!
//! ```
//! # use cryptocloud_types as cryptocloud;
//! use cryptocloud::payment::PaymentDetailsError;
//! use cryptocloud::{CryptoCurrency, Invoice, Timestamp};
//!
//! let invoice: Invoice = serde_json::from_str(r#"{
//!     "uuid": "INV-C8R4YP6D", "status": "created", "address": "TJ8bqh2xQ6GkbHiEY8n1t3BY1Fxd1Q2RJE",
//!     "expiry_date": "2026-09-21 16:00:00.000000", "amount": 103.30,
//!     "currency": {"code": "USDT", "fullcode": "USDT_TRC20",
//!                  "network": {"code": "TRC20", "fullname": "Tron"}}
//! }"#)?;
//! let now: Timestamp = "2026-09-21 14:05:00.000000".parse()?;
//! let details = invoice.payment_details(now)?;
//! assert_eq!(details.address, "TJ8bqh2xQ6GkbHiEY8n1t3BY1Fxd1Q2RJE");
//! assert_eq!(details.amount.to_string(), "103.3");
//! assert_eq!(details.amount.base_units(), 103_300_000);
//! assert_eq!((details.coin, details.coin_code.as_str()), (CryptoCurrency::UsdtTrc20, "USDT"));
//! assert_eq!((details.network_code.as_str(), details.network_name.as_str()), ("TRC20", "Tron"));
//!
//! let later: Timestamp = "2026-09-21 16:00:00.000000".parse()?;
//! assert!(matches!(invoice.payment_details(later), Err(PaymentDetailsError::Expired { .. })));
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

#[cfg(feature = "wallet-links")]
mod address;
mod amount;
mod coins;
#[cfg(feature = "wallet-links")]
mod link;

use alloc::string::String;

#[cfg(feature = "wallet-links")]
pub use address::AddressError;
pub use amount::{CoinAmount, CoinAmountError};
pub use coins::{Chain, CoinSpec};
#[cfg(feature = "wallet-links")]
pub use link::{LinkScheme, WalletLink};

use crate::{CryptoCurrency, Invoice, InvoiceId, InvoiceStatus, Timestamp};

/// What a customer needs to pay an invoice from their own wallet.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PaymentDetails {
    /// The address to send to, as the API gave it.
    pub address: String,
    /// The exact amount still to send: the invoice's amount, or what a partial payment left.
    pub amount: CoinAmount,
    /// The coin on its network (`USDT_TRC20`).
    pub coin: CryptoCurrency,
    /// The coin without its network (`USDT`).
    pub coin_code: String,
    /// The network's code (`TRC20`).
    pub network_code: String,
    /// The network's name (`Tron`).
    pub network_name: String,
    /// When the invoice expires unpaid, if the API said.
    pub expires_at: Option<Timestamp>,
}

/// Why an invoice has no payment details to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PaymentDetailsError {
    /// No coin is chosen yet: create the invoice with `add_fields.cryptocurrency`, or wait for the
    /// customer to choose one on the hosted page.
    #[error(
        "invoice {uuid} has no coin chosen yet (create it with add_fields.cryptocurrency for a checkout of your own)"
    )]
    NoCoinChosen {
        /// The invoice.
        uuid: InvoiceId,
    },
    /// A coin is chosen but the answer carries no address (the API leaves it empty until then).
    #[error("invoice {uuid} has no deposit address for {coin}")]
    NoAddress {
        /// The invoice.
        uuid: InvoiceId,
        /// The coin.
        coin: CryptoCurrency,
    },
    /// The answer carries no amount of the coin.
    #[error("invoice {uuid} has no amount in {coin}")]
    NoAmount {
        /// The invoice.
        uuid: InvoiceId,
        /// The coin.
        coin: CryptoCurrency,
    },
    /// Paid already (in full or more): nothing is left to send.
    #[error("invoice {uuid} is already {status}: nothing is left to pay")]
    AlreadyPaid {
        /// The invoice.
        uuid: InvoiceId,
        /// Its status (`paid` or `overpaid`).
        status: InvoiceStatus,
    },
    /// Canceled by the merchant or expired on the API's side.
    #[error("invoice {uuid} is canceled: it can no longer be paid")]
    Canceled {
        /// The invoice.
        uuid: InvoiceId,
    },
    /// Its expiry has passed.
    #[error("invoice {uuid} expired at {expired_at} UTC: it can no longer be paid")]
    Expired {
        /// The invoice.
        uuid: InvoiceId,
        /// When it expired.
        expired_at: Timestamp,
    },
    /// The amount cannot be sent exactly in the coin.
    #[error("invoice {uuid} has an amount that cannot be paid exactly")]
    Amount {
        /// The invoice.
        uuid: InvoiceId,
        /// Why.
        #[source]
        source: CoinAmountError,
    },
}

impl Invoice {
    /// The address, exact amount, coin, network and expiry to show on a checkout page of your
    /// own, as of `now` (the caller's clock, UTC); or why the invoice cannot be paid now. The
    /// amount is `amount_to_pay` (commissions the customer pays included), else `amount`; for a
    /// partially paid invoice, what is left (`to_surcharge`). The create answer has no
    /// `amount_to_pay`, so when the customer pays the service commission its `amount` may be
    /// less than is due: show the invoice as info or the list send it (`Client::invoice`).
    pub fn payment_details(&self, now: Timestamp) -> Result<PaymentDetails, PaymentDetailsError> {
        let uuid = || self.uuid.clone();
        match &self.status {
            InvoiceStatus::Paid | InvoiceStatus::Overpaid => {
                return Err(PaymentDetailsError::AlreadyPaid {
                    uuid: uuid(),
                    status: self.status.clone(),
                });
            }
            InvoiceStatus::Canceled => return Err(PaymentDetailsError::Canceled { uuid: uuid() }),
            _ => {}
        }
        if let Some(expired_at) = self.expiry_date.filter(|expiry| *expiry <= now) {
            return Err(PaymentDetailsError::Expired {
                uuid: uuid(),
                expired_at,
            });
        }
        let currency = self.currency.as_ref();
        let coin = currency
            .and_then(|currency| currency.fullcode.clone())
            .ok_or_else(|| PaymentDetailsError::NoCoinChosen { uuid: uuid() })?;
        let address = self
            .address
            .clone()
            .filter(|address| !address.trim().is_empty())
            .ok_or_else(|| PaymentDetailsError::NoAddress {
                uuid: uuid(),
                coin: coin.clone(),
            })?;
        let owed = if self.status == InvoiceStatus::Partial {
            self.to_surcharge.filter(|left| left.is_positive())
        } else {
            self.amount_to_pay.or(self.amount)
        };
        let owed = owed.ok_or_else(|| PaymentDetailsError::NoAmount {
            uuid: uuid(),
            coin: coin.clone(),
        })?;
        let amount =
            CoinAmount::new(owed, &coin).map_err(|source| PaymentDetailsError::Amount {
                uuid: uuid(),
                source,
            })?;
        // Checked by CoinAmount::new: the coin is known.
        let spec = CoinSpec::of(&coin);
        let network = currency.and_then(|currency| currency.network.as_ref());
        let pick = |given: Option<&String>, known: Option<&str>| {
            given
                .cloned()
                .or_else(|| known.map(String::from))
                .unwrap_or_default()
        };
        Ok(PaymentDetails {
            network_code: pick(
                network.and_then(|n| n.code.as_ref()),
                spec.map(|s| s.network_code),
            ),
            network_name: pick(
                network.and_then(|n| n.fullname.as_ref()),
                spec.map(|s| s.network_name),
            ),
            coin_code: pick(
                currency.and_then(|c| c.code.as_ref()),
                coin.as_str().split('_').next(),
            ),
            address,
            amount,
            coin,
            expires_at: self.expiry_date,
        })
    }
}
