//! Integration tests of `cryptocloud-types`, one binary (see `fixtures.rs` for the corpus test).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod bodies;
mod drift;
mod fixtures;
mod payment;
mod postback_forgeries;
mod postback_oracle;
mod postback_refusals;
mod postbacks;
mod properties;
