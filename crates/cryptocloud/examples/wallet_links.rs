//! The SDK's payment details, wallet links and QR codes for a fixed set of invoices, written for
//! `cargo xtask wallet-links`, whose Node.js checker parses each with its ecosystem's own library.
//!
//! `cargo run -p cryptocloud --features qr --example wallet_links -- INVOICES.json OUT_FOLDER`
//! reads `[{coin, address, amount}]`, and writes `OUT_FOLDER/links.json` and one SVG per link.
//! Each address is also sent once with one character changed, to record whether the SDK's check
//! refuses it.
#![allow(clippy::print_stdout)]

use std::error::Error;
use std::path::PathBuf;

use cryptocloud::{Invoice, Timestamp};
use serde_json::{Value, json};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(out)) = (args.next(), args.next().map(PathBuf::from)) else {
        return Err("usage: wallet_links INVOICES.json OUT_FOLDER".into());
    };
    let rows: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&input)?)?;
    std::fs::create_dir_all(&out)?;
    let now: Timestamp = "2026-09-21 14:05:00.000000".parse()?;
    let mut links = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let text = |key: &str| row[key].as_str().unwrap_or_default().to_owned();
        let details =
            invoice(&text("coin"), &text("address"), &text("amount"))?.payment_details(now)?;
        let link = details.wallet_link()?;
        let svg = out.join(format!("{index:02}-{}.svg", text("coin")));
        std::fs::write(&svg, cryptocloud::qr::svg(&link)?)?;
        let mutated = mutate(&text("address"));
        let refusal = invoice(&text("coin"), &mutated, &text("amount"))?
            .payment_details(now)?
            .wallet_link()
            .err()
            .map(|error| error.to_string());
        links.push(json!({
            "input": row,
            "amount": details.amount.to_string(),
            "base_units": details.amount.base_units().to_string(),
            "network_code": details.network_code,
            "scheme": format!("{:?}", link.scheme),
            "uri": link.uri,
            "svg": svg,
            "mutated_address": mutated,
            "sdk_refused_mutated": refusal,
        }));
    }
    let report = out.join("links.json");
    std::fs::write(&report, serde_json::to_string_pretty(&links)?)?;
    println!(
        "{} wallet links written to {}",
        links.len(),
        report.display()
    );
    Ok(())
}

/// An unpaid invoice with its coin chosen, as the create answer with `add_fields.cryptocurrency`
/// gives it.
fn invoice(coin: &str, address: &str, amount: &str) -> Result<Invoice, serde_json::Error> {
    serde_json::from_value(json!({
        "uuid": "INV-C8R4YP6D", "status": "created", "address": address, "amount": amount,
        "expiry_date": "2026-09-21 16:00:00.000000", "currency": {"fullcode": coin},
    }))
}

/// The address with its middle character replaced by a digit from 2 to 9 (in every alphabet an
/// address uses: base58, bech32, hex, base64) that differs from it.
fn mutate(address: &str) -> String {
    let middle = address.len() / 2;
    address
        .char_indices()
        .map(|(index, c)| {
            if index != middle {
                return c;
            }
            ('2'..='9').find(|digit| *digit != c).unwrap_or(c)
        })
        .collect()
}
