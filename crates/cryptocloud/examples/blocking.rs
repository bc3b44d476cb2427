//! The blocking client (`cryptocloud::blocking`, feature `blocking`): no async runtime, the same
//! call core as the async client (retries, pacing, paging, confirmation).
//!
//! With `CRYPTOCLOUD_API_KEY` set it talks to CryptoCloud; without, it starts the bundled local
//! server on a thread of its own. It prints the balance, every invoice of the range, and the
//! confirmation of a payment made on the local server.
//!
//! `cargo run -p cryptocloud --example blocking --features blocking -- 01.01.2026 31.01.2026`
#![allow(clippy::print_stdout)]

use std::error::Error;

use cryptocloud::blocking::Client;
use cryptocloud::{ApiKey, DateRange, Postback};
use cryptocloud_mock::{MockConfig, MockServer, Payment, PostbackFormat};

type BoxError = Box<dyn Error + Send + Sync>;

fn main() -> Result<(), BoxError> {
    let mut args = std::env::args().skip(1);
    let start = args.next().unwrap_or_else(|| String::from("01.01.2026"));
    let end = args.next().unwrap_or_else(|| String::from("31.01.2026"));
    let range = DateRange::new(start.parse()?, end.parse()?)?;

    // The local server runs on a runtime of its own; the rest of the program stays blocking.
    let runtime = tokio::runtime::Runtime::new()?;
    let local = match std::env::var("CRYPTOCLOUD_API_KEY") {
        Ok(_) => None,
        Err(_) => Some(runtime.block_on(MockServer::start(MockConfig::default()))?),
    };
    let client = match &local {
        None => Client::builder(ApiKey::new(std::env::var("CRYPTOCLOUD_API_KEY")?)?).build()?,
        Some(server) => {
            eprintln!(
                "no CRYPTOCLOUD_API_KEY: using the local server on {}",
                server.base_url()
            );
            Client::builder(server.api_key())
                .base_url(server.base_url())
                .allow_http_loopback(true)
                .build()?
        }
    };

    for entry in client.balance()? {
        let coin = entry.currency.code.map(|code| code.to_string());
        println!(
            "{:<12} {:>22}",
            coin.unwrap_or_default(),
            entry.balance_crypto.unwrap_or_default()
        );
    }
    let mut count = 0;
    for invoice in client.invoices(range) {
        let invoice = invoice?;
        count += 1;
        println!(
            "{:<14} {:<9} {:>10}",
            invoice.uuid,
            invoice.status,
            invoice.amount_usd.unwrap_or_default()
        );
    }
    println!("{count} invoices from {start} to {end}");

    // On the local server: pay one invoice, then verify and confirm its postback.
    if let Some(server) = &local {
        let unpaid = client
            .invoices(range)
            .filter_map(Result::ok)
            .find(|invoice| invoice.status.as_str() == "created");
        if let Some(invoice) = unpaid {
            let report =
                runtime.block_on(server.pay(&invoice.uuid, Payment::Paid, PostbackFormat::Json))?;
            let verified = Postback::parse(report.postback.as_bytes())?
                .verify(&server.postback_secret(), time::OffsetDateTime::now_utc())?;
            let confirmation = client.confirm_postback(&verified)?;
            println!("{} confirmed: {:?}", invoice.uuid, confirmation.outcome());
        }
    }
    Ok(())
}
