//! Transport-free building blocks for the [CryptoCloud](https://cryptocloud.plus) payment API.
//!
//! This crate does no I/O. It describes every API operation as plain data (its path, its exact JSON
//! body, whether it is safe to retry, and the type it answers with), turns an HTTP status and body
//! back into a typed result, and parses and verifies the postbacks (webhooks) CryptoCloud sends.
//! It is `#![no_std]` with `alloc`, so the same code serves a tokio backend, a WASM edge worker or a
//! microcontroller; `cryptocloud-http` adds the transport.
//!
//! ```
//! # use cryptocloud_types as cryptocloud;
//! use cryptocloud::{Date, DateRange, GetStatistics, Operation, decode_response};
//!
//! let range = DateRange::new("01.01.2023".parse()?, "31.01.2023".parse()?)?;
//! let request = GetStatistics::new(range);
//! assert_eq!(GetStatistics::ROUTE.path(), "/v2/invoice/merchant/statistics");
//! assert_eq!(request.body()?, br#"{"start":"01.01.2023","end":"31.01.2023"}"#);
//!
//! let body = br#"{"status":"success","result":{
//!     "count":{"all":2,"created":1,"paid":1,"overpaid":0,"partial":0,"canceled":0},
//!     "amount":{"all":4683.83,"created":3032.63,"paid":1651.2,"overpaid":0,"partial":0,"canceled":0}}}"#;
//! let statistics = decode_response::<GetStatistics>(200, body)?;
//! assert_eq!(statistics.amount.all.unwrap().to_string(), "4683.83");
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```
#![cfg_attr(not(test), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "models")]
pub mod call;
mod codes;
mod date;
mod escaped;
mod id;
// Its helpers serve requests and postbacks alike; a build with only one leaves some unused.
#[cfg_attr(not(all(feature = "models", feature = "postback")), allow(dead_code))]
mod lenient;
mod model;
mod money;
mod open_enum;
#[cfg(feature = "models")]
mod operation;
#[cfg(feature = "models")]
pub mod payment;
#[cfg(feature = "postback")]
pub mod postback;
#[cfg(feature = "models")]
mod response;
mod secret;
mod timestamp;
// Its readers serve the response models and postbacks; a build without both leaves some unused.
#[cfg_attr(
    not(all(feature = "models", feature = "postback")),
    allow(dead_code, unused_macros, unused_imports)
)]
mod wire;

pub use codes::{CryptoCurrency, FiatCurrency};
pub use date::{Date, DateError, DateRange, DateRangeError};
pub use id::{IdError, InvoiceId, ShopId, StaticWalletId};
pub use model::*;
pub use money::{Money, MoneyError};
#[cfg(feature = "models")]
pub use operation::*;
#[cfg(feature = "postback")]
pub use postback::{Postback, PostbackError, PostbackSecret, PostbackVerifier, VerifiedPostback};
#[cfg(feature = "models")]
pub use response::{
    ApiError, ApiErrorKind, BodySnippet, DriftedAnswer, ResponseError, decode_response,
};
pub use secret::{ApiKey, SecretError};
pub use timestamp::{Timestamp, TimestampError};

/// The exact decimal type used for every amount (re-exported from `rust_decimal`).
pub use rust_decimal::Decimal;
