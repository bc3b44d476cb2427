//! Building a client: every setting with a safe default, checked once in `build()`, which hands
//! the client the settings it owns and the transport the ones it needs.

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use cryptocloud_types::call::RetryPolicy;
use cryptocloud_types::{ApiKey, Credentials, Locale, PageSize, Route};
use http::Uri;

use crate::client::Client;
use crate::error::Error;
use crate::loopback::is_loopback;
use crate::pacing::Pacing;
use crate::proxy::ProxySetting;
use crate::settings::Settings;
use crate::tls::Certificate;
use crate::transport::{self, Connections};

/// The production API.
pub const DEFAULT_BASE_URL: &str = "https://api.cryptocloud.plus";

/// Settings of a [`Client`]; see [`Client::builder`].
///
/// ```
/// # mod cryptocloud { pub use cryptocloud_http::*; pub use cryptocloud_types::*; }
/// use std::time::Duration;
/// use cryptocloud::{Client, RetryPolicy};
/// use cryptocloud::ApiKey;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let client = Client::builder(ApiKey::new("your-api-key")?)
///     .timeout(Duration::from_secs(20))
///     .attempt_timeout(Duration::from_secs(8))
///     .retry(RetryPolicy { max_attempts: 4, ..RetryPolicy::default() })
///     .max_body_size(8 * 1024 * 1024)
///     .build()?;
/// assert!(!format!("{client:?}").contains("your-api-key"));
/// # Ok(()) }
/// ```
#[derive(Clone)]
#[must_use = "a builder does nothing until build() is called"]
pub struct ClientBuilder {
    pub(crate) api_key: ApiKey,
    pub(crate) withdrawal_key: Option<ApiKey>,
    pub(crate) base_url: String,
    pub(crate) allow_http_loopback: bool,
    /// What the transport is built with.
    connections: Connections,
    /// What the client will own.
    settings: Settings,
    pub(crate) min_intervals: HashMap<Route, Duration>,
    pub(crate) roots: Option<Vec<Certificate>>,
    pub(crate) proxy: ProxySetting,
}

impl Client {
    /// Starts configuring a client for the project whose API key this is.
    pub fn builder(api_key: ApiKey) -> ClientBuilder {
        ClientBuilder::new(api_key)
    }
}

impl ClientBuilder {
    fn new(api_key: ApiKey) -> ClientBuilder {
        ClientBuilder {
            api_key,
            withdrawal_key: None,
            base_url: String::from(DEFAULT_BASE_URL),
            allow_http_loopback: false,
            connections: Connections {
                connect_timeout: Duration::from_secs(5),
                // Below common server keep-alives (nginx 75 s, most load balancers 60 s), so the
                // pool drops a connection before the server does instead of racing its close.
                pool_idle_timeout: Duration::from_secs(30),
                pool_max_idle_per_host: 32,
            },
            settings: Settings {
                attempt_timeout: Duration::from_secs(15),
                timeout: Duration::from_secs(40),
                max_body_size: 4 * 1024 * 1024,
                retry: RetryPolicy::default(),
                locale: None,
                page_size: PageSize::MAX,
                prefetch_pages: 1,
                max_in_flight: 8,
            },
            min_intervals: HashMap::new(),
            roots: None,
            proxy: ProxySetting::Environment,
        }
    }

    /// The key for withdrawals, from the account's security settings (not the project key).
    pub fn withdrawal_key(mut self, key: ApiKey) -> Self {
        self.withdrawal_key = Some(key);
        self
    }

    /// Where the API is (default [`DEFAULT_BASE_URL`]). Must be `https://`, unless
    /// [`allow_http_loopback`](Self::allow_http_loopback) permits `http://` to this machine.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Permits a plain `http://` base URL when it points at a loopback address (`127.0.0.1`,
    /// `::1`, `localhost`): for tests and the local server. Anything else stays `https://` only,
    /// and certificate checks can never be turned off.
    pub fn allow_http_loopback(mut self, allow: bool) -> Self {
        self.allow_http_loopback = allow;
        self
    }

    /// How long opening a connection (TCP and TLS) may take (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connections.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take, from sending to the last byte of the body (default 15 s).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.settings.attempt_timeout = timeout;
        self
    }

    /// The deadline for a whole call, retries and waits included (default 40 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeout = timeout;
        self
    }

    /// How long an idle pooled connection is kept (default 30 s; at most a day, longer is taken
    /// as a day).
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.connections.pool_idle_timeout = timeout;
        self
    }

    /// How many idle connections are kept (default 32).
    pub fn pool_max_idle(mut self, connections: usize) -> Self {
        self.connections.pool_max_idle_per_host = connections;
        self
    }

    /// The largest answer body accepted, in bytes (default 4 MiB; a full list page is ~100 KiB).
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.settings.max_body_size = bytes;
        self
    }

    /// How failed attempts are retried (default: 3 attempts, 200 ms doubling backoff).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.settings.retry = policy;
        self
    }

    /// The payment-page language for invoices created without one.
    pub fn locale(mut self, locale: Locale) -> Self {
        self.settings.locale = Some(locale);
        self
    }

    /// Invoices per list request when streaming (default 100, the most the API returns).
    pub fn page_size(mut self, size: PageSize) -> Self {
        self.settings.page_size = size;
        self
    }

    /// How many list pages a stream fetches at once (default 1: one after another). The pages in
    /// flight hold page size × this number of invoices; see [`InvoiceStream`](crate::InvoiceStream)
    /// for what else a stream keeps.
    pub fn prefetch_pages(mut self, pages: usize) -> Self {
        self.settings.prefetch_pages = pages.max(1);
        self
    }

    /// The most requests this client (and its clones) has in flight at once (default 8),
    /// whatever asks for them: list prefetch, `invoice_info` batches, concurrent tasks. Further
    /// requests wait for a free slot, so a large prefetch or id list never floods the API.
    pub fn max_in_flight(mut self, requests: usize) -> Self {
        self.settings.max_in_flight = requests.max(1);
        self
    }

    /// The least time between two withdrawal calls (default: the route's policy, 12 s, which
    /// the API requires; lower it only against a local server).
    pub fn withdrawal_interval(mut self, interval: Duration) -> Self {
        self.min_intervals.insert(Route::CreateWithdrawal, interval);
        self
    }

    /// Trusts exactly these root certificates instead of the defaults (the bundled webpki roots,
    /// or the system's with the `native-roots` feature). Certificates are always verified.
    pub fn root_certificates(mut self, roots: impl IntoIterator<Item = Certificate>) -> Self {
        self.roots = Some(roots.into_iter().collect());
        self
    }

    /// Sends every request through this HTTP proxy, in a CONNECT tunnel to the API's host, instead
    /// of the one `HTTPS_PROXY` names: `http://host:port`, with `user:password@` before the host
    /// when the proxy asks for it (sent as Basic `Proxy-Authorization`, never shown in Debug or
    /// errors; percent-encode `@ # / ? :` in them, as `build()` refuses a URL whose host could
    /// be read two ways). TLS to CryptoCloud runs inside the tunnel and is verified as always.
    ///
    /// Without this or [`no_proxy`](Self::no_proxy), `build()` reads `HTTPS_PROXY` (or
    /// `https_proxy`) and skips it for the hosts in `NO_PROXY` (or `no_proxy`: comma-separated
    /// names, which match their subdomains too and may start with `.` or `*.`, IP addresses,
    /// networks such as `10.0.0.0/8`, any of these with `:port` for that port only, or `*`); a
    /// loopback base URL never goes through the environment's proxy.
    ///
    /// ```
    /// # mod cryptocloud { pub use cryptocloud_http::*; pub use cryptocloud_types::*; }
    /// use cryptocloud::Client;
    /// use cryptocloud::ApiKey;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = Client::builder(ApiKey::new("your-api-key")?)
    ///     .proxy("http://me:proxy-password@proxy.corp.example:3128")
    ///     .build()?;
    /// assert!(!format!("{client:?}").contains("proxy-password"));
    /// # Ok(()) }
    /// ```
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = ProxySetting::Url(url.into());
        self
    }

    /// Connects directly, whatever `HTTPS_PROXY` says.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = ProxySetting::Off;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = check_base_url(&self.base_url, self.allow_http_loopback)?;
        if self.settings.timeout.is_zero()
            || self.settings.attempt_timeout.is_zero()
            || self.connections.connect_timeout.is_zero()
        {
            return Err(Error::invalid("timeouts must be greater than zero"));
        }
        if self.settings.max_body_size == 0 {
            return Err(Error::invalid(
                "the body size cap must be greater than zero",
            ));
        }
        if self.settings.retry.max_attempts == 0 {
            return Err(Error::invalid(
                "retry.max_attempts must be at least 1 (1 disables retries)",
            ));
        }
        let roots = match &self.roots {
            Some(roots) => transport::root_store(roots)?,
            None => transport::default_roots()?,
        };
        // The environment is read here, once: a client keeps the route it was built with.
        let proxy = self
            .proxy
            .resolve(&base_url, |name| std::env::var_os(name))?;
        let http = transport::build(&self.connections, roots, proxy.as_ref())?;
        let mut credentials = Credentials::new(self.api_key);
        if let Some(key) = self.withdrawal_key {
            credentials = credentials.with_withdrawal_key(key);
        }
        Ok(Client::from_parts(
            self.settings,
            credentials,
            Pacing::new(&self.min_intervals),
            base_url,
            http,
        ))
    }
}

/// The base URL without a trailing slash, if it is allowed.
fn check_base_url(url: &str, allow_http_loopback: bool) -> Result<String, Error> {
    let uri: Uri = url.parse().map_err(|error| {
        Error::invalid_because(format!("the base URL `{url}` is not a URL"), error)
    })?;
    let host = uri.host().unwrap_or_default();
    if uri.query().is_some() || !matches!(uri.path(), "" | "/") {
        return Err(Error::invalid(format!(
            "the base URL `{url}` must be scheme and host only, such as {DEFAULT_BASE_URL}"
        )));
    }
    match uri.scheme_str() {
        Some("https") if !host.is_empty() => {}
        Some("http") if allow_http_loopback && is_loopback(host) => {}
        Some("http") if is_loopback(host) => {
            return Err(Error::invalid(format!(
                "the base URL `{url}` is plain http: call allow_http_loopback(true) to use a local server"
            )));
        }
        _ => {
            return Err(Error::invalid(format!(
                "the base URL `{url}` must be https:// (plain http is only allowed to this machine)"
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
            .field("allow_http_loopback", &self.allow_http_loopback)
            .field("connect_timeout", &self.connections.connect_timeout)
            .field("attempt_timeout", &self.settings.attempt_timeout)
            .field("timeout", &self.settings.timeout)
            .field("max_body_size", &self.settings.max_body_size)
            .field("retry", &self.settings.retry)
            .field("max_in_flight", &self.settings.max_in_flight)
            .field("proxy", &self.proxy)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(
            check_base_url("https://api.cryptocloud.plus/", false).unwrap(),
            "https://api.cryptocloud.plus"
        );
        assert!(check_base_url("http://api.cryptocloud.plus", true).is_err());
        assert!(check_base_url("http://127.0.0.1:8080", false).is_err());
        assert!(check_base_url("http://127.0.0.1:8080", true).is_ok());
        assert!(check_base_url("http://[::1]:8080", true).is_ok());
        assert!(check_base_url("http://localhost:8080", true).is_ok());
        assert!(check_base_url("http://10.0.0.1:8080", true).is_err());
        assert!(check_base_url("https://api.cryptocloud.plus/v2", false).is_err());
        assert!(check_base_url("ftp://api.cryptocloud.plus", false).is_err());
        assert!(check_base_url("not a url", false).is_err());
    }

    #[test]
    fn an_invalid_setting_keeps_its_message_and_its_cause() {
        let error = check_base_url("not a url", false).unwrap_err();
        let message = std::error::Error::source(&error).unwrap();
        assert_eq!(message.to_string(), "the base URL `not a url` is not a URL");
        assert!(message.source().is_some(), "the parser's error is kept");
    }
}
