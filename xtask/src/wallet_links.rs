//! `cargo xtask wallet-links`: the SDK's payment URIs, addresses and QR codes for a fixed set of
//! invoices (`xtask/wallet-links/invoices.json`, one or more per coin, addresses made by each
//! ecosystem's own libraries), checked by parsers that are not ours. The example
//! `crates/cryptocloud/examples/wallet_links.rs` writes them; npm packages installed under
//! `target/wallet-links/npm` (never committed) parse them in `xtask/wallet-links/check.mjs`:
//! bip21 and bitcoinjs-lib (BIP 21, Bitcoin and Litecoin addresses), eth-url-parser and viem
//! (EIP 681, EIP-55), @ton/core (TON links and addresses), @solana/pay and @solana/addresses
//! (Solana Pay), bs58check (TRON), and resvg with jsQR to read each QR code back.

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
    let npm = crate::npm::install_checker(
        &root,
        "wallet-links",
        &out.join("npm"),
        "the wallet-link parsers",
    )?;
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
