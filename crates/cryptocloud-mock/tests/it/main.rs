//! The local server's own tests, over raw HTTP only: its answers against the reference shapes in
//! `fixtures/reference/`, each discrepancy of the old wire, coins and networks, quirks,
//! robustness, the hosts served, one-shot faults, and the checkout page. Nothing here
//! uses the SDK's client or models: the oracle is the reference, not our code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod address_sample;
mod checkout;
mod conformance;
mod discrepancies;
mod hosts;
mod networks;
mod one_shot;
mod quirks;
mod robustness;
mod static_wallets;
mod support;
mod transfers;
