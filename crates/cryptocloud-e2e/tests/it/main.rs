//! Tests of the mock server, driven through the real client (`cryptocloud-http`) and raw HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod behaviour;
mod confirm;
mod drivers;
mod errors;
mod faults;
mod own_http_client;
mod paging;
mod postbacks;
mod reconcile;
mod recovery;
mod static_wallets;

#[path = "../support/mod.rs"]
mod support;

pub(crate) use support::{client_for, invoices, raw_post, serve};
