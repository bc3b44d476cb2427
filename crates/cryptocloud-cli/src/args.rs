//! The command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use cryptocloud::{CryptoCurrency, Date, FiatCurrency, InvoiceId, Money};

use crate::secret::SecretArg;

/// Work with the CryptoCloud payment API from the terminal: statistics, invoices and exports,
/// balances, static wallets, withdrawals, and postback checks.
///
/// The API key comes from CRYPTOCLOUD_API_KEY or --api-key-file (--api-key shows in the process
/// list); it is never printed. With --mock the tool starts a local CryptoCloud server with a
/// seeded data set (January to March 2026) and works against it: no account, no network.
#[derive(Debug, Parser)]
#[command(name = "cryptocloud", version, about, long_about)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    #[command(flatten)]
    pub(crate) global: Global,
}

#[derive(Debug, Args)]
pub(crate) struct Global {
    /// Run against a local mock server started in-process (seeded data, no account needed).
    #[arg(long, global = true)]
    pub(crate) mock: bool,
    /// The project API key (default: $CRYPTOCLOUD_API_KEY).
    #[arg(
        long,
        global = true,
        env = "CRYPTOCLOUD_API_KEY",
        hide_env_values = true
    )]
    pub(crate) api_key: Option<SecretArg>,
    /// Read the project API key from this file (`-` for stdin); it wins over --api-key and the
    /// environment. A key given with --api-key shows in the process list.
    #[arg(long, global = true)]
    pub(crate) api_key_file: Option<PathBuf>,
    /// The API's base URL: https://, without a user name, password or `#` fragment.
    #[arg(long, global = true, env = "CRYPTOCLOUD_BASE_URL", default_value = cryptocloud::DEFAULT_BASE_URL)]
    pub(crate) base_url: String,
    /// Allow a plain http:// base URL on this machine (a test server): the key then travels
    /// unencrypted. --mock needs no such flag.
    #[arg(long, global = true)]
    pub(crate) allow_http: bool,
    /// Output: a table for people, json/ndjson/csv for programs (default: table, or the
    /// --output file's extension).
    #[arg(long, short, global = true, value_enum)]
    pub(crate) format: Option<Format>,
    /// On errors, print the whole chain of causes.
    #[arg(long, short, global = true)]
    pub(crate) verbose: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Aligned columns.
    Table,
    /// One JSON document.
    Json,
    /// One JSON object per line.
    Ndjson,
    /// Comma-separated values with a header row.
    Csv,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Invoice counts and USD sums per status for a date range.
    Stats(Range),
    /// List or export the invoices of a date range.
    #[command(subcommand)]
    Invoices(InvoicesCommand),
    /// Create, look up or cancel one invoice.
    #[command(subcommand)]
    Invoice(InvoiceCommand),
    /// The merchant's balance in every coin.
    Balance,
    /// Static wallets: permanent addresses for customers.
    #[command(subcommand, name = "static-wallet")]
    StaticWallet(StaticWalletCommand),
    /// Withdraw funds (needs CRYPTOCLOUD_WITHDRAWAL_KEY); asks for confirmation unless --yes.
    Withdraw(Withdraw),
    /// Postbacks (webhooks) from CryptoCloud.
    #[command(subcommand)]
    Postback(PostbackCommand),
    /// The paid and overpaid invoices created in a date range, with their order ids: what a
    /// job fulfils when postbacks were missed. The range is by creation day (UTC): look back as
    /// far as your longest time to pay (24 h by default: yesterday and today), and run it, say,
    /// hourly, fulfilling once per invoice id. Exit status: 0 when every entry was judged; 3 when
    /// the paid ones were listed but some entries could not be read or have a status this tool
    /// does not know (any may be paid: look at them); 1 on failure.
    Reconcile(Reconcile),
}

#[derive(Debug, Args)]
pub(crate) struct Reconcile {
    #[command(flatten)]
    pub(crate) range: Range,
    /// Fail (exit 1) at once if any entry could not be read or has a status this tool does not
    /// know (either may be a paid invoice); by default the paid invoices are listed, those
    /// entries are named on stderr, and the run exits with status 3.
    #[arg(long)]
    pub(crate) strict: bool,
}

/// Both ends included, as dd.mm.yyyy.
#[derive(Debug, Args)]
pub(crate) struct Range {
    /// First day (dd.mm.yyyy).
    #[arg(value_parser = parse_date)]
    pub(crate) start: Date,
    /// Last day, included (dd.mm.yyyy).
    #[arg(value_parser = parse_date)]
    pub(crate) end: Date,
}

#[derive(Debug, Subcommand)]
pub(crate) enum InvoicesCommand {
    /// One page of the invoices of a date range.
    List {
        #[command(flatten)]
        range: Range,
        /// Page number, from 1.
        #[arg(long, default_value_t = 1)]
        page: u64,
        /// Invoices per page (1 to 100).
        #[arg(long, default_value_t = 25)]
        page_size: u64,
    },
    /// Every invoice of a date range, streamed page by page to stdout or a file.
    Export {
        #[command(flatten)]
        range: Range,
        /// Write to this file instead of stdout (its extension picks the format if --format is
        /// not given: .csv, .json, .ndjson).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Invoices per request (1 to 100).
        #[arg(long, default_value_t = 100)]
        page_size: u64,
        /// Fail (exit 1) if any entry of the answers could not be read; by default such entries
        /// are skipped, counted on stderr, and the export goes on.
        #[arg(long)]
        strict: bool,
        /// Pages requested at once (1 to 32; the client also caps requests in flight at 8).
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u8).range(1..=32))]
        prefetch: u8,
    },
    /// Every invoice with an order id, to check whether a create that timed out went through
    /// (order ids are not unique). Pages through the whole range: keep it short.
    Find {
        /// The order id, as given at creation.
        #[arg(long)]
        order_id: String,
        /// First day (dd.mm.yyyy; default: yesterday, UTC, as an invoice created near midnight
        /// may carry either day).
        #[arg(value_parser = parse_date, requires = "end")]
        start: Option<Date>,
        /// Last day, included (dd.mm.yyyy; default: today, UTC).
        #[arg(value_parser = parse_date)]
        end: Option<Date>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum InvoiceCommand {
    /// Create an invoice.
    Create {
        /// The amount, in --currency.
        #[arg(long, value_parser = parse_money)]
        amount: Money,
        /// The fiat currency of the amount (USD, EUR, RUB, …).
        #[arg(long, default_value = "USD", value_parser = parse_fiat)]
        currency: FiatCurrency,
        /// The shop id (default: $CRYPTOCLOUD_SHOP_ID; with --mock, the mock shop).
        #[arg(long, env = "CRYPTOCLOUD_SHOP_ID")]
        shop_id: Option<String>,
        /// Your order id, carried back in postbacks.
        #[arg(long)]
        order_id: Option<String>,
        /// The customer's e-mail address.
        #[arg(long)]
        email: Option<String>,
    },
    /// Look up invoices by id (INV-XXXXXXXX or XXXXXXXX).
    Info {
        /// Invoice ids.
        #[arg(required = true, value_parser = parse_invoice_id)]
        ids: Vec<InvoiceId>,
    },
    /// Cancel an unpaid invoice.
    Cancel {
        /// The invoice id.
        #[arg(value_parser = parse_invoice_id)]
        id: InvoiceId,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum StaticWalletCommand {
    /// Create (or fetch) the static wallet of a customer.
    Create {
        /// The coin, such as USDT_TRC20 or BTC.
        #[arg(long, value_parser = parse_crypto)]
        currency: CryptoCurrency,
        /// Your id for the customer (comes back as order_id in postbacks).
        #[arg(long)]
        customer: String,
        /// The shop id (default: $CRYPTOCLOUD_SHOP_ID; with --mock, the mock shop).
        #[arg(long, env = "CRYPTOCLOUD_SHOP_ID")]
        shop_id: Option<String>,
    },
}

#[derive(Debug, Args)]
pub(crate) struct Withdraw {
    /// The coin, such as USDT_TRC20.
    #[arg(long, value_parser = parse_crypto)]
    pub(crate) currency: CryptoCurrency,
    /// The address to send to.
    #[arg(long)]
    pub(crate) to: String,
    /// The amount, in the coin.
    #[arg(long, value_parser = parse_money)]
    pub(crate) amount: Money,
    /// The withdrawal key (default: $CRYPTOCLOUD_WITHDRAWAL_KEY; never printed). It shows in
    /// the process list: prefer the variable or --withdrawal-key-file.
    #[arg(long, env = "CRYPTOCLOUD_WITHDRAWAL_KEY", hide_env_values = true)]
    pub(crate) withdrawal_key: Option<SecretArg>,
    /// Read the withdrawal key from this file (`-` for stdin); it wins over --withdrawal-key and
    /// the environment.
    #[arg(long)]
    pub(crate) withdrawal_key_file: Option<PathBuf>,
    /// Withdraw without asking (for scripts); without it, the tool asks on the terminal and
    /// refuses when there is none.
    #[arg(long)]
    pub(crate) yes: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum PostbackCommand {
    /// Check that a postback body is genuine: signed with your project's secret, not expired,
    /// about the invoice it names. Exit status 0 if genuine, 1 if not.
    Verify(PostbackInput),
    /// Verify a postback body, then re-fetch its invoice through the API and compare: the API's
    /// answer is the truth. Exit status 0 only if the API says paid or overpaid and the body
    /// agrees with it; 1 for a refused postback, a mismatch, a partial or no payment.
    Confirm(PostbackInput),
}

/// A postback body to check, and how.
#[derive(Debug, Args)]
pub(crate) struct PostbackInput {
    /// The body as received (JSON or form); `-` or nothing reads stdin.
    pub(crate) file: Option<PathBuf>,
    /// The project's secret key (default: $CRYPTOCLOUD_POSTBACK_SECRET; never printed). It
    /// shows in the process list: prefer the variable or --secret-file.
    #[arg(long, env = "CRYPTOCLOUD_POSTBACK_SECRET", hide_env_values = true)]
    pub(crate) secret: Option<SecretArg>,
    /// Read the project's secret key from this file (`-` for stdin, when the body is a file);
    /// it wins over --secret and the environment.
    #[arg(long)]
    pub(crate) secret_file: Option<PathBuf>,
    /// Check expiry at this Unix time instead of now (to re-check a logged postback).
    #[arg(long)]
    pub(crate) at: Option<i64>,
}

fn parse_date(text: &str) -> Result<Date, String> {
    text.parse()
        .map_err(|error: cryptocloud::DateError| error.to_string())
}

fn parse_money(text: &str) -> Result<Money, String> {
    text.parse()
        .map_err(|error: cryptocloud::MoneyError| error.to_string())
}

fn parse_invoice_id(text: &str) -> Result<InvoiceId, String> {
    text.parse()
        .map_err(|error: cryptocloud::IdError| error.to_string())
}

fn parse_fiat(text: &str) -> Result<FiatCurrency, String> {
    Ok(FiatCurrency::from_wire(&text.to_ascii_uppercase()))
}

fn parse_crypto(text: &str) -> Result<CryptoCurrency, String> {
    Ok(CryptoCurrency::from_wire(&text.to_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show_in_debug() {
        let cli = Cli::try_parse_from([
            "cryptocloud",
            "--api-key",
            "APIKEYVALUE",
            "withdraw",
            "--currency",
            "BTC",
            "--to",
            "bc1q",
            "--amount",
            "1",
            "--withdrawal-key",
            "WITHDRAWALKEYVALUE",
        ])
        .unwrap();
        let shown = format!("{cli:?}");
        assert!(!shown.contains("KEYVALUE"), "{shown}");
        let cli = Cli::try_parse_from([
            "cryptocloud",
            "postback",
            "verify",
            "--secret",
            "SECRETVALUE",
        ])
        .unwrap();
        let shown = format!("{cli:?}");
        assert!(!shown.contains("SECRETVALUE"), "{shown}");
        assert!(shown.contains("redacted"), "{shown}");
    }
}
