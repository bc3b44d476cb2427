//! A blocking [CryptoCloud](https://cryptocloud.plus) payment API client, for programs without an
//! async runtime (a CLI, a cron job, a thread-per-request server).
//!
//! It is a driver of the call core in `cryptocloud-types` ([`cryptocloud_types::call`]), like the
//! async client of `cryptocloud-http`: the core decides every retry, wait, pacing turn, batch and
//! confirmation; this crate sends on [`ureq`] (rustls with the bundled webpki roots, certificates
//! always verified) and sleeps the thread. So it keeps the same guarantees: a create or a
//! withdrawal is never sent again once it may have reached the server, withdrawals go one at a
//! time at the API's interval across every clone and thread, every attempt has a timeout and the
//! whole call a deadline, and answer bodies are capped.
//!
//! ```no_run
//! # mod cryptocloud { pub mod blocking { pub use cryptocloud_blocking::*; } pub use cryptocloud_types::*; }
//! use cryptocloud::blocking::Client;
//! use cryptocloud::{ApiKey, DateRange};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder(ApiKey::new(std::env::var("CRYPTOCLOUD_API_KEY")?)?).build()?;
//! let january = DateRange::new("01.01.2026".parse()?, "31.01.2026".parse()?)?;
//! for invoice in client.invoices(january) {
//!     let invoice = invoice?;
//!     println!("{} {}", invoice.uuid, invoice.status);
//! }
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod client;
mod config;
mod driver;
mod error;
mod operations;
mod pacing;
mod paging;

pub use client::Client;
pub use config::ClientBuilder;
pub use cryptocloud_types::call::{ClaimField, Confirmation, PostbackOutcome, RetryPolicy};
pub use error::{Error, ErrorKind};
pub use paging::{Invoices, PaidInvoices};

/// The production API.
pub const DEFAULT_BASE_URL: &str = "https://api.cryptocloud.plus";
