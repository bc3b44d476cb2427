//! The validated values an invoice request is built from: each checks its input once, in its
//! constructor, so the builder's setters cannot fail once the values exist.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use serde::Serialize;

use super::InvalidRequest;
use super::invalid::non_empty;
use crate::CryptoCurrency;
use crate::wire::shorten;

/// Your own order id, which the invoice and its postbacks carry back: non-empty, at most 255
/// characters, no control characters. It is not unique on CryptoCloud's side.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::OrderId;
/// let order: OrderId = "order-1042".parse()?;
/// assert_eq!(order.as_str(), "order-1042");
/// assert!("".parse::<OrderId>().is_err());
/// assert!("a\nb".parse::<OrderId>().is_err());
/// # Ok::<(), cryptocloud_types::InvalidRequest>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct OrderId(String);

impl OrderId {
    /// The longest order id accepted, in characters.
    pub const MAX_LEN: usize = 255;

    /// Checks `id`.
    pub fn new(id: impl Into<String>) -> Result<OrderId, InvalidRequest> {
        let id = non_empty("order_id", id.into())?;
        if id.chars().count() > Self::MAX_LEN || id.chars().any(char::is_control) {
            return Err(InvalidRequest::Invalid {
                field: "order_id",
                value: shorten(&id),
                reason: "an order id is at most 255 characters, with no control characters",
            });
        }
        Ok(OrderId(id))
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for OrderId {
    type Err = InvalidRequest;

    fn from_str(id: &str) -> Result<OrderId, InvalidRequest> {
        OrderId::new(id)
    }
}

impl fmt::Display for OrderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An e-mail address: one `@` with text on both sides, no spaces, at most 254 bytes.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::Email;
/// let email: Email = "buyer@example.com".parse()?;
/// assert_eq!(email.as_str(), "buyer@example.com");
/// assert!("buyer.example.com".parse::<Email>().is_err());
/// # Ok::<(), cryptocloud_types::InvalidRequest>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Checks `address`.
    pub fn new(address: impl Into<String>) -> Result<Email, InvalidRequest> {
        let address = non_empty("email", address.into())?;
        let well_formed = match address.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty() && !domain.is_empty() && !domain.contains('@')
            }
            None => false,
        };
        if !well_formed || address.len() > 254 || address.chars().any(char::is_whitespace) {
            return Err(InvalidRequest::Invalid {
                field: "email",
                value: shorten(&address),
                reason: "expected an e-mail address such as name@example.com",
            });
        }
        Ok(Email(address))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Email {
    type Err = InvalidRequest;

    fn from_str(address: &str) -> Result<Email, InvalidRequest> {
        Email::new(address)
    }
}

/// How long the customer has to pay: more than zero, minutes below 60.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::TimeToPay;
/// assert!(TimeToPay::new(2, 30).is_ok());
/// assert!(TimeToPay::new(0, 0).is_err() && TimeToPay::new(1, 60).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct TimeToPay {
    hours: u16,
    minutes: u16,
}

impl TimeToPay {
    /// `hours` and `minutes` (0–59), not both zero.
    pub fn new(hours: u16, minutes: u16) -> Result<TimeToPay, InvalidRequest> {
        if minutes >= 60 || (hours == 0 && minutes == 0) {
            return Err(InvalidRequest::TimeToPay { hours, minutes });
        }
        Ok(TimeToPay { hours, minutes })
    }

    /// Whole hours.
    pub const fn hours(self) -> u16 {
        self.hours
    }

    /// Minutes beyond the hours.
    pub const fn minutes(self) -> u16 {
        self.minutes
    }
}

/// The coins a customer may choose from: at least one, each once, in the order given.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{AvailableCurrencies, CryptoCurrency};
/// let coins = AvailableCurrencies::new([CryptoCurrency::Btc, CryptoCurrency::Btc, CryptoCurrency::UsdtTrc20])?;
/// assert_eq!(coins.as_slice(), [CryptoCurrency::Btc, CryptoCurrency::UsdtTrc20]);
/// assert!(AvailableCurrencies::new([]).is_err());
/// # Ok::<(), cryptocloud_types::InvalidRequest>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct AvailableCurrencies(Vec<CryptoCurrency>);

impl AvailableCurrencies {
    /// The coins of `currencies`, duplicates dropped; an error if there is none.
    pub fn new(
        currencies: impl IntoIterator<Item = CryptoCurrency>,
    ) -> Result<AvailableCurrencies, InvalidRequest> {
        let mut distinct: Vec<CryptoCurrency> = Vec::new();
        for currency in currencies {
            if !distinct.contains(&currency) {
                distinct.push(currency);
            }
        }
        if distinct.is_empty() {
            return Err(InvalidRequest::Empty {
                field: "available_currencies",
            });
        }
        Ok(AvailableCurrencies(distinct))
    }

    /// The coins.
    pub fn as_slice(&self) -> &[CryptoCurrency] {
        &self.0
    }
}
