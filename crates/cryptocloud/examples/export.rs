//! Exports the invoices of a date range and checks the total against the API's statistics.
//!
//! With `CRYPTOCLOUD_API_KEY` set it talks to CryptoCloud; without, it starts the bundled local
//! server (`cryptocloud-mock`) in-process, so it runs on a fresh machine with no account.
//!
//! `cargo run -p cryptocloud --example export -- 01.01.2026 31.01.2026`
#![allow(clippy::print_stdout)]

use std::process::ExitCode;

use cryptocloud::{ApiKey, Client, DateRange, Money};
use cryptocloud_mock::{MockConfig, MockServer};
use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("export failed: {error}");
            let mut cause = error.source();
            while let Some(inner) = cause {
                eprintln!("  caused by: {inner}");
                cause = inner.source();
            }
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let start = args.next().unwrap_or_else(|| String::from("01.01.2026"));
    let end = args.next().unwrap_or_else(|| String::from("31.01.2026"));
    let range = DateRange::new(start.parse()?, end.parse()?)?;

    // Kept alive until the export ends.
    let mut local = None;
    let client = match std::env::var("CRYPTOCLOUD_API_KEY") {
        Ok(key) => Client::builder(ApiKey::new(key)?).build()?,
        Err(_) => {
            let server = MockServer::start(MockConfig::default()).await?;
            eprintln!(
                "no CRYPTOCLOUD_API_KEY: using the local server on {}",
                server.base_url()
            );
            let client = Client::builder(server.api_key())
                .base_url(server.base_url())
                .allow_http_loopback(true)
                .build()?;
            local = Some(server);
            client
        }
    };

    println!(
        "{:<14} {:<27} {:<9} {:>10} {:<11}",
        "invoice", "created (UTC)", "status", "USD", "coin"
    );
    let mut invoices = client.invoices(range).prefetch(4);
    let (mut count, mut total) = (0u64, Money::ZERO);
    while let Some(invoice) = invoices.try_next().await? {
        let usd = invoice.amount_usd.unwrap_or_default();
        let coin = invoice
            .currency
            .as_ref()
            .and_then(|currency| currency.fullcode.as_ref());
        println!(
            "{:<14} {:<27} {:<9} {:>10} {:<11}",
            invoice.uuid,
            invoice
                .created
                .map(|created| created.to_string())
                .unwrap_or_default(),
            invoice.status,
            usd,
            coin.map(ToString::to_string).unwrap_or_default(),
        );
        count += 1;
        total = Money::checked_sum([total, usd])?;
    }
    let statistics = client.statistics(range).await?;
    let agrees = statistics.count.all == Some(count) && statistics.amount.all == Some(total);
    eprintln!(
        "{count} invoices, {total} USD in {} pages; statistics say {:?} invoices, {:?} USD: {}",
        invoices.pages_fetched(),
        statistics.count.all,
        statistics.amount.all,
        if agrees { "they agree" } else { "MISMATCH" }
    );
    if let Some(server) = local {
        server.shutdown().await;
    }
    if agrees {
        Ok(())
    } else {
        Err("the export does not match the statistics".into())
    }
}
