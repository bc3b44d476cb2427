//! `cargo xtask addresses`: the local server's deposit addresses, checked by validators that are
//! not ours. The mock's `a_sample_of_every_networks_addresses` test writes a sample per network
//! (BTC, LTC, EVM, TRON, TON, SOL) taken through its API; `xtask/address-check/check.mjs` checks
//! it with each ecosystem's own npm library (bitcoinjs-lib, ethers, bs58check, @ton/core,
//! @solana/web3.js), installed at the versions `package-lock.json` pins under
//! `target/address-check` (never committed).

use std::process::Command;
use std::time::Instant;

use crate::{cargo, step};

/// The folder under the repository where npm's install, the checker and the sample go.
const OUT: &str = "target/address-check";

pub(crate) fn run() -> Result<(), String> {
    let started = Instant::now();
    let root = crate::root()?;
    let folder = crate::npm::install_checker(
        &root,
        "address-check",
        &root.join(OUT),
        "address validators",
    )?;
    let sample = folder.join("sample.json");
    let mut write = cargo(&[
        "test",
        "--locked",
        "-p",
        "cryptocloud-mock",
        "--test",
        "it",
        "--",
        "--exact",
        "address_sample::a_sample_of_every_networks_addresses",
    ]);
    write.current_dir(&root).env("ADDRESS_SAMPLE", &sample);
    step("sample the local server's addresses", write)?;
    let mut check = Command::new("node");
    check.arg("check.mjs").arg(&sample).current_dir(&folder);
    step("check the addresses with each network's own library", check)?;
    println!(
        "xtask addresses: every network's addresses pass, in {:.1?}",
        started.elapsed()
    );
    Ok(())
}
