//! `cargo xtask wallet-links`: the SDK's payment URIs, addresses and QR codes for a fixed set of
//! invoices (`xtask/wallet-links/invoices.json`, one or more per coin, addresses made by each
//! ecosystem's own libraries), checked by parsers that are not ours. The example
//! `crates/cryptocloud/examples/wallet_links.rs` writes them; npm packages installed under
//! `target/wallet-links/npm` (never committed) parse them in `xtask/wallet-links/check.mjs`:
//! bip21 and bitcoinjs-lib (BIP 21, Bitcoin and Litecoin addresses), eth-url-parser and viem
//! (EIP 681, EIP-55), @ton/core (TON links and addresses), @solana/pay and @solana/addresses
//! (Solana Pay), bs58check (TRON), and resvg with jsQR to read each QR code back.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::embedded::output_within;
use crate::{cargo, step};

const CHECKER: &str = "xtask/wallet-links";
const OUT: &str = "target/wallet-links";
const TIME_LIMIT: Duration = Duration::from_secs(120);

pub(crate) fn run() -> Result<(), String> {
    let started = Instant::now();
    let root = crate::root()?;
    let out = root.join(OUT);
    let links = out.join("links");
    let mut example = cargo(&[
        "run",
        "--locked",
        "--quiet",
        "-p",
        "cryptocloud",
        "--features",
        "qr",
        "--example",
        "wallet_links",
        "--",
    ]);
    example
        .arg(root.join(CHECKER).join("invoices.json"))
        .arg(&links)
        .current_dir(&root);
    step("the SDK's wallet links and QR codes", example)?;
    let npm = install(&root, &out.join("npm"))?;
    println!("==> node {CHECKER}/check.mjs");
    let mut node = Command::new("node");
    node.arg(npm.join("check.mjs"))
        .arg(links.join("links.json"));
    let report = output_within(node, TIME_LIMIT)
        .map_err(|error| format!("the independent parsers refused the SDK's links: {error}"))?;
    print!("{report}");
    let last = report.lines().last().unwrap_or_default();
    if !last.ends_with(" passed, 0 failed") || last.starts_with("0 passed") {
        return Err(format!("the wallet-link check did not pass: `{last}`"));
    }
    println!(
        "xtask wallet-links: every link, address and QR code read back by its ecosystem's parser in {:.1?}",
        started.elapsed()
    );
    Ok(())
}

/// Installs the checker's npm packages at the versions `package-lock.json` pins, unless that
/// install is there, and puts the script beside them (Node resolves packages from the script's
/// folder); the folder.
fn install(root: &Path, folder: &Path) -> Result<PathBuf, String> {
    std::fs::create_dir_all(folder)
        .map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
    let lock = root.join(CHECKER).join("package-lock.json");
    let current = std::fs::read(&lock).ok() == std::fs::read(folder.join("package-lock.json")).ok()
        && folder.join("node_modules/.package-lock.json").is_file();
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
    if !current {
        let mut npm = Command::new("npm");
        npm.args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            .current_dir(folder);
        step("npm ci (the wallet-link parsers)", npm)?;
    }
    Ok(folder.to_path_buf())
}
