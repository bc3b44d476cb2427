//! `cargo xtask addresses`: the local server's deposit addresses, checked by validators that are
//! not ours. The mock's `a_sample_of_every_networks_addresses` test writes a sample per network
//! (BTC, LTC, EVM, TRON, TON, SOL) taken through its API; `xtask/address-check/check.mjs` checks
//! it with each ecosystem's own npm library (bitcoinjs-lib, ethers, bs58check, @ton/core,
//! @solana/web3.js), installed at the versions `package-lock.json` pins under
//! `target/address-check` (never committed).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::{cargo, step};

/// Where the checker and its packages live in the repository.
const CHECKER: &str = "xtask/address-check";
/// The folder under the repository where npm's install, the checker and the sample go.
const OUT: &str = "target/address-check";

pub(crate) fn run() -> Result<(), String> {
    let started = Instant::now();
    let root = crate::root()?;
    let folder = install(&root)?;
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

/// Copies the checker into [`OUT`] and installs its packages there, unless the install pinned
/// by the same `package-lock.json` is already there; the folder.
fn install(root: &Path) -> Result<PathBuf, String> {
    let folder = root.join(OUT);
    std::fs::create_dir_all(&folder)
        .map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
    let lock = root.join(CHECKER).join("package-lock.json");
    let installed = folder.join("node_modules/.package-lock.json").is_file()
        && std::fs::read(&lock).ok() == std::fs::read(folder.join("package-lock.json")).ok();
    for file in ["package.json", "package-lock.json", "check.mjs"] {
        let (from, to) = (root.join(CHECKER).join(file), folder.join(file));
        std::fs::copy(&from, &to).map_err(|error| {
            format!(
                "cannot copy {} to {}: {error}",
                from.display(),
                to.display()
            )
        })?;
    }
    if !installed {
        // Install scripts only build optional native speed-ups; the pure JS paths are checked.
        let mut npm = Command::new("npm");
        npm.args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            .current_dir(&folder);
        step("npm ci (address validators)", npm)?;
    }
    Ok(folder)
}
