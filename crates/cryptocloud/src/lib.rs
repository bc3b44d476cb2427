//! The Rust SDK for the [CryptoCloud](https://cryptocloud.plus) crypto payment gateway.
//!
//! This facade re-exports [`cryptocloud_types`]: exact models of every response, every API call
//! as data, one decode function for every answer, and postback verification. It is `no_std` (with
//! `alloc`), so it serves WASM edge workers and microcontrollers as well as servers.
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
#![no_std]
#![deny(missing_docs)]

pub use cryptocloud_types::*;

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
