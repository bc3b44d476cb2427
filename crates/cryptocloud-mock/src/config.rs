//! What a mock server serves and how it misbehaves.

use std::time::Duration;

use cryptocloud_types::Date;

use crate::postback::PostbackFormat;

/// Settings of a [`MockServer`](crate::MockServer). `Default` gives a quiet server on a free port
/// of 127.0.0.1 with 2,000 invoices over the first 90 days of 2026.
///
/// ```
/// use cryptocloud_mock::{Faults, MockConfig};
/// let config = MockConfig { invoices: 500, seed: 7, faults: Faults { too_many_requests_permille: 100, ..Faults::default() }, ..MockConfig::default() };
/// assert_eq!(config.port, 0);
/// ```
#[derive(Clone, Debug)]
pub struct MockConfig {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Seed of the data set: the same seed gives the same invoices.
    pub seed: u64,
    /// Whether invoices created at run time (and withdrawals) get their ids from the seed too,
    /// the same ones on every start. Off by default: they are drawn afresh each start, so a
    /// shop that keeps its records across restarts of the server never sees an id twice.
    pub repeatable_ids: bool,
    /// How many invoices the data set holds.
    pub invoices: usize,
    /// The first day of the data set.
    pub start: Date,
    /// How many days the data set spans.
    pub days: u32,
    /// The project API key the server accepts.
    pub api_key: String,
    /// The withdrawal key the server accepts.
    pub withdrawal_key: String,
    /// The secret postback tokens are signed with.
    pub postback_secret: String,
    /// The shop id the server accepts.
    pub shop_id: String,
    /// Where postbacks go (plain `http://`), if anywhere.
    pub postback_url: Option<String>,
    /// How postbacks are encoded when a payment does not say (the checkout page never does).
    pub postback_format: PostbackFormat,
    /// The project's success URL: where the checkout page sends the customer after a payment,
    /// and the `project.success` of every invoice.
    pub success_url: String,
    /// The project's fail URL: where the checkout page sends the customer when the invoice
    /// expires, and the `project.fail` of every invoice.
    pub fail_url: String,
    /// Misbehaviour, off by default.
    pub faults: Faults,
    /// The least time between two withdrawals (the API's is 12 s).
    pub withdrawal_interval: Duration,
    /// Shapes the real API is known to send now and then (off by default).
    pub quirks: Quirks,
    /// How long a postback delivery may take before it counts as failed.
    pub postback_timeout: Duration,
    /// The largest request body read; a longer one is answered 413.
    pub max_body_bytes: usize,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            port: 0,
            seed: 42,
            repeatable_ids: false,
            invoices: 2_000,
            start: default_start(),
            days: 90,
            api_key: String::from(DEFAULT_API_KEY),
            withdrawal_key: String::from(DEFAULT_WITHDRAWAL_KEY),
            postback_secret: String::from(DEFAULT_POSTBACK_SECRET),
            shop_id: String::from(DEFAULT_SHOP_ID),
            postback_url: None,
            postback_format: PostbackFormat::Json,
            success_url: String::from("https://shop.example/success"),
            fail_url: String::from("https://shop.example/fail"),
            faults: Faults::default(),
            withdrawal_interval: Duration::from_secs(12),
            quirks: Quirks::OFF,
            postback_timeout: Duration::from_secs(10),
            max_body_bytes: 1 << 20,
        }
    }
}

#[allow(clippy::expect_used)] // a literal, not input: it is checked by every test run
fn default_start() -> Date {
    Date::from_ymd(2026, 1, 1).expect("01.01.2026 is a date")
}

/// The project key a default server accepts. Not a secret: it only opens a local test server.
pub const DEFAULT_API_KEY: &str = "eyJtb2NrIjoicHJvamVjdCJ9.bW9jay1wcm9qZWN0LWtleQ.bG9jYWwtb25seQ";
/// The withdrawal key a default server accepts.
pub const DEFAULT_WITHDRAWAL_KEY: &str =
    "eyJtb2NrIjoid2l0aGRyYXdhbCJ9.bW9jay13aXRoZHJhd2FsLWtleQ.bG9jYWwtb25seQ";
/// The secret a default server signs postbacks with.
pub const DEFAULT_POSTBACK_SECRET: &str = "mock-postback-secret";
/// The shop id a default server accepts.
pub const DEFAULT_SHOP_ID: &str = "MockShop0001";

/// Injected misbehaviour. Rates are per mille (per 1,000 requests to API paths).
#[derive(Clone, Debug, Default)]
pub struct Faults {
    /// Added before every answer.
    pub latency: Duration,
    /// Answers HTTP 429 with `Retry-After: 1`.
    pub too_many_requests_permille: u32,
    /// Answers HTTP 502/503 with an HTML page.
    pub server_error_permille: u32,
    /// Drops the connection before answering.
    pub reset_permille: u32,
    /// Sends half the body, then drops the connection.
    pub truncate_permille: u32,
    /// Sends the body in small pieces this far apart.
    pub slow_body: Option<Duration>,
}

/// Quirks: answers in the shapes the real API sends besides its usual ones, each decided per
/// record and field from the seed (the same invoice always looks the same, whatever the timing).
///
/// ```
/// use cryptocloud_mock::{MockConfig, Quirks};
/// let config = MockConfig { quirks: Quirks::documented(100), ..MockConfig::default() };
/// assert_eq!(config.quirks.unconfirmed_permille, 0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Quirks {
    /// Per mille of fields sent as the reference says the real API sometimes sends them: `"None"`
    /// or `""` for an absent value, integer money, exponent floats, numeric strings, timestamps
    /// without a fraction, `tx_list: [""]`, unknown stages and coins, extra unknown fields.
    pub documented_permille: u32,
    /// Per mille of answers with drift the reference does not confirm: a top-level `all_count`
    /// beside a list page, a `refunded` statistics bucket, the status `expired` for a canceled
    /// invoice.
    pub unconfirmed_permille: u32,
}

impl Quirks {
    /// No quirks: every answer in its usual shape.
    pub const OFF: Quirks = Quirks {
        documented_permille: 0,
        unconfirmed_permille: 0,
    };

    /// Only the documented quirks, at `permille`.
    pub const fn documented(permille: u32) -> Quirks {
        Quirks {
            documented_permille: permille,
            unconfirmed_permille: 0,
        }
    }
}
