//! Decodes a saved invoice-list answer and prints its invoices with exact USD amounts.
//!
//! `cargo run -p cryptocloud --example decode_list -- fixtures/list/seed_example.json`
#![allow(clippy::print_stdout)]

use std::process::ExitCode;

use cryptocloud::{ListInvoices, Money, decode_response};

fn main() -> ExitCode {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| String::from("fixtures/list/seed_example.json"));
    let body = match std::fs::read(&path) {
        Ok(body) => body,
        Err(error) => {
            eprintln!("cannot read {path}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let page = match decode_response::<ListInvoices>(200, &body) {
        Ok(page) => page,
        Err(error) => {
            eprintln!("{path} is not an invoice list answer: {error}");
            let mut cause = std::error::Error::source(&error);
            while let Some(inner) = cause {
                eprintln!("  caused by: {inner}");
                cause = inner.source();
            }
            return ExitCode::FAILURE;
        }
    };
    println!(
        "{:<14} {:<10} {:>14}  created (UTC)",
        "invoice", "status", "amount USD"
    );
    for invoice in &page.invoices {
        let amount = invoice
            .amount_usd
            .map(|amount| amount.to_string())
            .unwrap_or_default();
        let created = invoice
            .created
            .map(|created| created.to_string())
            .unwrap_or_default();
        println!(
            "{:<14} {:<10} {:>14}  {}",
            invoice.uuid, invoice.status, amount, created
        );
    }
    match Money::checked_sum(
        page.invoices
            .iter()
            .filter_map(|invoice| invoice.amount_usd),
    ) {
        Ok(total) => println!(
            "{} invoice(s), {total} USD in all (exact)",
            page.invoices.len()
        ),
        Err(error) => eprintln!("cannot total the amounts: {error}"),
    }
    ExitCode::SUCCESS
}
