//! `cryptocloud-mock`: serves a seeded CryptoCloud API on 127.0.0.1 until interrupted.
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use cryptocloud_mock::{Faults, MockConfig, MockServer, PostbackFormat, Quirks};
use cryptocloud_types::Date;

/// A local CryptoCloud API server with a seeded data set, for tests and demos. Not for real money:
/// its keys are published defaults unless you set your own.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Seed of the data set; the same seed serves the same invoices.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Give invoices created at run time the same ids on every start (by default they are new
    /// each start, so a shop's database never sees one twice).
    #[arg(long)]
    repeatable_ids: bool,
    /// Number of invoices in the data set.
    #[arg(long, default_value_t = 2_000)]
    invoices: usize,
    /// First day of the data set (dd.mm.yyyy).
    #[arg(long, default_value = "01.01.2026", value_parser = parse_date)]
    start: Date,
    /// Number of days the data set spans.
    #[arg(long, default_value_t = 90)]
    days: u32,
    /// Project API key to accept (default: the published mock key).
    #[arg(long, env = "CRYPTOCLOUD_MOCK_API_KEY")]
    api_key: Option<String>,
    /// Withdrawal key to accept (default: the published mock key).
    #[arg(long, env = "CRYPTOCLOUD_MOCK_WITHDRAWAL_KEY")]
    withdrawal_key: Option<String>,
    /// Secret to sign postbacks with (default: the published mock secret).
    #[arg(long, env = "CRYPTOCLOUD_MOCK_POSTBACK_SECRET")]
    postback_secret: Option<String>,
    /// Where to send postbacks (http://…) when an invoice is paid, on its checkout page or
    /// through POST /_mock/invoices/{id}/pay, or a static wallet is paid into.
    #[arg(long)]
    postback_url: Option<String>,
    /// How postbacks are encoded: json, or form (application/x-www-form-urlencoded).
    #[arg(long, default_value = "json", value_parser = parse_format)]
    postback_format: PostbackFormat,
    /// Where the checkout page sends the customer after a payment (the project's success URL).
    #[arg(long)]
    success_url: Option<String>,
    /// Where the checkout page sends the customer when the invoice expires (the fail URL).
    #[arg(long)]
    fail_url: Option<String>,
    /// Delay added to every API answer, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Per mille of API requests answered 429 with Retry-After: 1.
    #[arg(long, default_value_t = 0)]
    rate_limit_permille: u32,
    /// Per mille of API requests answered 502 with an HTML page.
    #[arg(long, default_value_t = 0)]
    server_error_permille: u32,
    /// Per mille of API requests whose connection is dropped before the answer.
    #[arg(long, default_value_t = 0)]
    reset_permille: u32,
    /// Per mille of API answers cut off halfway.
    #[arg(long, default_value_t = 0)]
    truncate_permille: u32,
    /// Send bodies in 64-byte pieces this many milliseconds apart.
    #[arg(long)]
    slow_body_ms: Option<u64>,
    /// Per mille of fields sent in the other shapes the real API is documented to send
    /// ("None"/"" for absent values, integer or exponent or string money, timestamps without a
    /// fraction, tx_list [""], unknown stages, coins and fields).
    #[arg(long, default_value_t = 0, value_name = "PERMILLE")]
    quirks: u32,
    /// Per mille of answers with drift the reference does not confirm (all_count beside a list
    /// page, a refunded statistics bucket, status "expired").
    #[arg(long, default_value_t = 0, value_name = "PERMILLE")]
    unconfirmed_quirks: u32,
}

fn parse_format(text: &str) -> Result<PostbackFormat, String> {
    match text {
        "json" => Ok(PostbackFormat::Json),
        "form" => Ok(PostbackFormat::Form),
        _ => Err(String::from("expected json or form")),
    }
}

fn parse_date(text: &str) -> Result<Date, String> {
    text.parse()
        .map_err(|error: cryptocloud_types::DateError| error.to_string())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let defaults = MockConfig::default();
    let config = MockConfig {
        port: args.port,
        seed: args.seed,
        repeatable_ids: args.repeatable_ids,
        invoices: args.invoices,
        start: args.start,
        days: args.days,
        api_key: args.api_key.unwrap_or(defaults.api_key),
        withdrawal_key: args.withdrawal_key.unwrap_or(defaults.withdrawal_key),
        postback_secret: args.postback_secret.unwrap_or(defaults.postback_secret),
        postback_url: args.postback_url,
        postback_format: args.postback_format,
        success_url: args.success_url.unwrap_or(defaults.success_url),
        fail_url: args.fail_url.unwrap_or(defaults.fail_url),
        faults: Faults {
            latency: Duration::from_millis(args.latency_ms),
            too_many_requests_permille: args.rate_limit_permille,
            server_error_permille: args.server_error_permille,
            reset_permille: args.reset_permille,
            truncate_permille: args.truncate_permille,
            slow_body: args.slow_body_ms.map(Duration::from_millis),
        },
        quirks: Quirks {
            documented_permille: args.quirks,
            unconfirmed_permille: args.unconfirmed_quirks,
        },
        ..defaults
    };
    let custom_keys = config.api_key != cryptocloud_mock::DEFAULT_API_KEY;
    let server = match MockServer::start(config).await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("cryptocloud-mock: {error}");
            if let Some(cause) = std::error::Error::source(&error) {
                eprintln!("  caused by: {cause}");
            }
            return ExitCode::FAILURE;
        }
    };
    let keys = if custom_keys {
        String::from("  API key:          (the one you set)\n")
    } else {
        // The published mock keys: they open nothing but this local server.
        format!(
            "  API key:          {}\n  withdrawal key:   {}\n  postback secret:  {}\n",
            cryptocloud_mock::DEFAULT_API_KEY,
            cryptocloud_mock::DEFAULT_WITHDRAWAL_KEY,
            cryptocloud_mock::DEFAULT_POSTBACK_SECRET
        )
    };
    let banner = format!(
        "cryptocloud-mock serving {} invoices on {}\n  shop id:          {}\n{keys}  checkout pages:   {}/pay/{{id}} (every invoice's link)\n  wallet pages:     {}/wallet/{{uuid}} (a static wallet's, to pay into it)\n  control:          POST /_mock/invoices/{{id}}/pay   POST /_mock/invoices/{{id}}/expire\n                    POST /_mock/wallets/{{uuid}}/pay   POST /_mock/faults   GET /_mock/stats\nCtrl-C stops it.\n",
        server.invoices().len(),
        server.base_url(),
        server.shop_id(),
        server.base_url(),
        server.base_url()
    );
    // Whoever started the server may have stopped reading its output; serving goes on.
    let mut stdout = std::io::stdout();
    let _ = stdout
        .write_all(banner.as_bytes())
        .and_then(|()| stdout.flush());
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("cryptocloud-mock: cannot wait for Ctrl-C ({error}); stopping");
    }
    server.shutdown().await;
    ExitCode::SUCCESS
}
