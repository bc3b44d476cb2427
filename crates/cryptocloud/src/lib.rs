//! The Rust SDK for the [CryptoCloud](https://cryptocloud.plus) crypto payment gateway.
//!
//! This facade re-exports [`cryptocloud_types`] (exact models of every response, every API call as
//! data, one decode function for every answer, postback verification) and, with the default
//! `http` feature, the async [`Client`] of `cryptocloud-http`. Without `http` it is `no_std` (with
//! `alloc`), for WASM edge workers and microcontrollers.
//!
//! ```
//! use cryptocloud::{DateRange, ListInvoices, Money, Operation, PageSize, decode_response};
//!
//! let january = DateRange::new("01.01.2026".parse()?, "31.01.2026".parse()?)?;
//! let request = ListInvoices::page(january, PageSize::new(100)?, 1)?;
//! assert_eq!(request.path_and_query(), "/v2/invoice/merchant/list");
//!
//! let answer = br#"{"status":"success","result":[
//!     {"uuid":"INV-AAAAAAAA","status":"paid","amount_usd":0.1},
//!     {"uuid":"INV-BBBBBBBB","status":"paid","amount_usd":0.2}]}"#;
//! let page = decode_response::<ListInvoices>(200, answer)?;
//! let total = Money::checked_sum(page.invoices.iter().filter_map(|invoice| invoice.amount_usd))?;
//! assert_eq!(total.to_string(), "0.3");
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```
//!
//! # Features
//!
//! | feature | what it adds |
//! |---|---|
//! | `http` (default) | the async [`Client`] (tokio, hyper, rustls); without it the crate is `no_std` |
//! | `blocking` | `blocking::Client` (ureq, rustls), no async runtime |
//! | `models` (default) | every API call as data and every answer's model, [`decode_response`] |
//! | `postback` (default) | [`postback`] parsing and verification (HS256) |
//! | `native-roots`, `tracing` | the client trusts the system's roots; one span per call and attempt |
//! | `wallet-links` | [`payment::WalletLink`]: payment URIs (BIP 21, EIP 681, TON, Solana Pay), addresses checked |
//! | `qr` | [`qr::svg`]: the payment URI as an SVG QR code (needs `std`) |
//! | `test-util` | `postback::TestPostback`: genuine and forged postback bodies for your handler's tests |
//!
//! Items of a feature that is off are missing from a local `cargo doc`. To read `test-util`'s
//! there, name the feature: `cargo doc --open --features cryptocloud/test-util` in a project
//! whose `[dependencies]` hold `cryptocloud` (`cargo doc --open -p cryptocloud --features
//! test-util` in this repository). docs.rs documents every feature.
#![cfg_attr(not(any(feature = "http", feature = "qr")), no_std)]
#![deny(missing_docs)]

pub use cryptocloud_types::*;

/// Fulfilling an order once: the key every path that finds a payment shares, and the check of a
/// paid invoice against the merchant's own order.
#[cfg(feature = "models")]
pub use cryptocloud_types::call::{ExpectedOrder, FulfilmentKey, OrderField, OrderMismatch};

#[cfg(feature = "http")]
pub use cryptocloud_http::{
    Certificate, ClaimField, Client, ClientBuilder, Confirmation, DEFAULT_BASE_URL, Error,
    ErrorKind, InvoiceStream, PaidInvoices, PostbackOutcome, RetryPolicy,
};

/// The blocking client (feature `blocking`): `cryptocloud::blocking::Client`, the same call core
/// as the async client, on ureq, without an async runtime.
#[cfg(feature = "blocking")]
pub use cryptocloud_blocking as blocking;

#[cfg(feature = "qr")]
pub mod qr;

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
