//! The [CryptoCloud](https://cryptocloud.plus) payment API client, on hyper 1.x.
//!
//! Every operation of the API as an async method, with a connect timeout, a per-attempt timeout
//! that covers headers and body, an overall deadline, capped bodies, retries that never repeat an
//! operation that is not safe to repeat, and TLS through rustls (HTTP/2 or HTTP/1.1 by ALPN;
//! certificate checks cannot be disabled). The models and requests come from
//! [`cryptocloud_types`]; the `cryptocloud` facade re-exports both crates under one name.
//!
//! ```no_run
//! # mod cryptocloud { pub use cryptocloud_http::*; pub use cryptocloud_types::*; }
//! use cryptocloud::Client;
//! use cryptocloud::{ApiKey, DateRange};
//! use futures_util::TryStreamExt;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder(ApiKey::new(std::env::var("CRYPTOCLOUD_API_KEY")?)?).build()?;
//! let january = DateRange::new("01.01.2026".parse()?, "31.01.2026".parse()?)?;
//! let statistics = client.statistics(january).await?;
//! println!("{:?} invoices, {:?} USD", statistics.count.all, statistics.amount.all);
//!
//! let mut invoices = client.invoices(january);
//! while let Some(invoice) = invoices.try_next().await? {
//!     println!("{} {}", invoice.uuid, invoice.status);
//! }
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod body;
mod bounded;
mod client;
mod clock;
mod config;
mod confirm;
mod error;
mod loopback;
mod operations;
mod pacing;
mod paging;
mod proxy;
mod reconcile;
mod retry_after;
mod settings;
mod tls;
mod trace;
mod transport;
mod tunnel;

pub use client::Client;
pub use config::{ClientBuilder, DEFAULT_BASE_URL};
pub use cryptocloud_types::call::{ClaimField, Confirmation, PostbackOutcome, RetryPolicy};
pub use error::{Error, ErrorKind};
pub use paging::InvoiceStream;
pub use reconcile::PaidInvoices;
pub use tls::Certificate;
