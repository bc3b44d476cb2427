//! Building a blocking client: every setting with a safe default, checked once in `build()`.

use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use cryptocloud_types::call::CallSettings;
use cryptocloud_types::{ApiKey, Credentials, Locale, PageSize, Route};
use ureq::http::Uri;

use crate::client::{Client, Settings};
use crate::pacing::Pacing;
use crate::{DEFAULT_BASE_URL, Error, RetryPolicy};

/// Settings of a [`Client`]; see [`Client::builder`]. The defaults are the async client's: 5 s to
/// connect, 15 s per attempt, 40 s per call, 3 attempts, 4 MiB per answer, 100 invoices a page.
///
/// ```
/// # mod cryptocloud { pub mod blocking { pub use cryptocloud_blocking::*; } pub use cryptocloud_types::*; }
/// use std::time::Duration;
/// use cryptocloud::blocking::{Client, RetryPolicy};
/// use cryptocloud::ApiKey;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let client = Client::builder(ApiKey::new("your-api-key")?)
///     .timeout(Duration::from_secs(20))
///     .retry(RetryPolicy { max_attempts: 4, ..RetryPolicy::default() })
///     .build()?;
/// assert!(!format!("{client:?}").contains("your-api-key"));
/// # Ok(()) }
/// ```
#[derive(Clone)]
#[must_use = "a builder does nothing until build() is called"]
pub struct ClientBuilder {
    api_key: ApiKey,
    withdrawal_key: Option<ApiKey>,
    base_url: String,
    allow_http_loopback: bool,
    connect_timeout: Duration,
    call: CallSettings,
    max_body_size: usize,
    locale: Option<Locale>,
    page_size: PageSize,
    min_intervals: HashMap<Route, Duration>,
}

impl ClientBuilder {
    pub(crate) fn new(api_key: ApiKey) -> ClientBuilder {
        ClientBuilder {
            api_key,
            withdrawal_key: None,
            base_url: String::from(DEFAULT_BASE_URL),
            allow_http_loopback: false,
            connect_timeout: Duration::from_secs(5),
            call: CallSettings::default(),
            max_body_size: 4 * 1024 * 1024,
            locale: None,
            page_size: PageSize::MAX,
            min_intervals: HashMap::new(),
        }
    }

    /// The withdrawal key (from the account's security settings), for [`Client::withdraw`].
    pub fn withdrawal_key(mut self, key: ApiKey) -> Self {
        self.withdrawal_key = Some(key);
        self
    }

    /// Another base URL (scheme and host only), such as a local server's.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Allows a plain `http://` base URL on this machine (a local server); any other host must
    /// be https.
    pub fn allow_http_loopback(mut self, allow: bool) -> Self {
        self.allow_http_loopback = allow;
        self
    }

    /// The most opening a connection may take (TCP and TLS).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The most one attempt may take, answer body included.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.call.attempt_timeout = timeout;
        self
    }

    /// The most a whole call may take, retries and their waits included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.call.timeout = timeout;
        self
    }

    /// How retries are spaced and bounded (the call core decides which calls may be retried).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.call.retry = policy;
        self
    }

    /// The largest answer body read, in bytes.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// The payment-page language for created invoices that do not set one.
    pub fn locale(mut self, locale: Locale) -> Self {
        self.locale = Some(locale);
        self
    }

    /// Invoices per list request (default 100).
    pub fn page_size(mut self, size: PageSize) -> Self {
        self.page_size = size;
        self
    }

    /// Another interval between withdrawals than the API's 12 s (for a local server).
    pub fn withdrawal_interval(mut self, interval: Duration) -> Self {
        self.min_intervals.insert(Route::CreateWithdrawal, interval);
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = check_base_url(&self.base_url, self.allow_http_loopback)?;
        let timeouts = [
            self.connect_timeout,
            self.call.attempt_timeout,
            self.call.timeout,
        ];
        if timeouts.iter().any(Duration::is_zero) {
            return Err(Error::invalid("timeouts must be greater than zero"));
        }
        if self.max_body_size == 0 || self.call.retry.max_attempts == 0 {
            return Err(Error::invalid(
                "the body size cap and retry.max_attempts must be at least 1",
            ));
        }
        let agent = ureq::Agent::config_builder()
            // An error answer is still an answer: the call core reads what went wrong.
            .http_status_as_error(false)
            // Every call is a POST: a redirect is an answer to report, never to follow.
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_connect(Some(self.connect_timeout))
            .user_agent(concat!(
                "cryptocloud-rust-blocking/",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .new_agent();
        let mut credentials = Credentials::new(self.api_key);
        if let Some(key) = self.withdrawal_key {
            credentials = credentials.with_withdrawal_key(key);
        }
        Ok(Client::from_parts(
            Settings {
                call: self.call,
                max_body_size: self.max_body_size,
                locale: self.locale,
                page_size: self.page_size,
            },
            credentials,
            Pacing::new(&self.min_intervals),
            base_url,
            agent,
        ))
    }
}

/// The base URL without a trailing slash, if it is allowed: https, or http to this machine when
/// asked for; scheme and host only.
fn check_base_url(url: &str, allow_http_loopback: bool) -> Result<String, Error> {
    let uri: Uri = url.parse().map_err(|error| {
        Error::invalid_because(format!("the base URL `{url}` is not a URL"), error)
    })?;
    let host = uri.host().unwrap_or_default();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    let authority = uri.authority().map_or("", |authority| authority.as_str());
    if uri.query().is_some() || !matches!(uri.path(), "" | "/") || authority.contains('@') {
        return Err(Error::invalid(format!(
            "the base URL must be scheme and host only, such as {DEFAULT_BASE_URL}"
        )));
    }
    match uri.scheme_str() {
        Some("https") if !host.is_empty() => {}
        Some("http") if allow_http_loopback && loopback => {}
        _ => {
            return Err(Error::invalid(format!(
                "the base URL `{url}` must be https:// (plain http only to this machine, with allow_http_loopback)"
            )));
        }
    }
    Ok(url.trim_end_matches('/').to_owned())
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key)
            .field("withdrawal_key", &self.withdrawal_key)
            .field("base_url", &self.base_url)
            .field("call", &self.call)
            .field("max_body_size", &self.max_body_size)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert!(check_base_url("https://api.cryptocloud.plus/", false).is_ok());
        assert!(check_base_url("http://api.cryptocloud.plus", true).is_err());
        assert!(check_base_url("http://127.0.0.1:8080", false).is_err());
        assert!(check_base_url("http://127.0.0.1:8080", true).is_ok());
        assert!(check_base_url("http://[::1]:8080", true).is_ok());
        assert!(check_base_url("https://user:pw@api.cryptocloud.plus", false).is_err());
        assert!(check_base_url("https://api.cryptocloud.plus/v2", false).is_err());
        assert!(check_base_url("not a url", false).is_err());
    }
}
