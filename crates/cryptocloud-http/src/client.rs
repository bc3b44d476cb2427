//! The client: one call loop (attempt, decide, wait, retry) shared by every operation.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use cryptocloud_types::{Credentials, Operation, Request as ApiRequest, decode_response};
use http::header::{HeaderName, HeaderValue, RETRY_AFTER, USER_AGENT};
use http::{HeaderMap, Method, Request, StatusCode, Uri};
use http_body_util::Full;
use tokio::sync::Semaphore;

use crate::body::read_capped;
use crate::pacing::Pacing;
use crate::retry::{decide, parse_retry_after};
use crate::settings::Settings;
use crate::transport::Http;
use crate::{Error, trace};

const USER_AGENT_VALUE: &str = concat!("cryptocloud-rust/", env!("CARGO_PKG_VERSION"));

/// A CryptoCloud API client. Cheap to clone (one shared connection pool) and safe to share across
/// tasks.
///
/// ```no_run
/// use cryptocloud_http::Client;
/// use cryptocloud_types::ApiKey;
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let client = Client::builder(ApiKey::new(std::env::var("CRYPTOCLOUD_API_KEY")?)?).build()?;
/// for balance in client.balance().await? {
///     println!("{:?}: {:?}", balance.currency.code, balance.balance_usd);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) settings: Settings,
    credentials: Credentials,
    pacing: Pacing,
    /// One slot per request in flight, shared by every clone.
    in_flight: Semaphore,
    base_url: String,
    http: Http,
}

/// What one attempt brought back.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Client {
    pub(crate) fn from_parts(
        settings: Settings,
        credentials: Credentials,
        pacing: Pacing,
        base_url: String,
        http: Http,
    ) -> Client {
        Client {
            inner: Arc::new(Inner {
                in_flight: Semaphore::new(settings.max_in_flight),
                settings,
                credentials,
                pacing,
                base_url,
                http,
            }),
        }
    }

    /// Sends any operation and decodes its answer: the building block of every method. The
    /// route's [`Policy`](cryptocloud_types::Policy) governs the call: its key, the client's
    /// default payment-page language on localized endpoints, its minimum interval (calls of a
    /// paced endpoint go one at a time), and its retries, which follow the client's
    /// [`RetryPolicy`](crate::RetryPolicy) and never repeat an operation that is not safe to
    /// retry once it may have been executed.
    pub async fn send<O: Operation>(&self, operation: &O) -> Result<O::Output, Error> {
        let name = O::ROUTE.name();
        trace::call(name, async {
            let request = operation
                .request(&self.inner.credentials, self.inner.settings.locale)
                .map_err(|error| Error::invalid(error).during(name, 0))?;
            let (uri, headers, body) = self
                .prepare(request)
                .map_err(|error| error.during(name, 0))?;
            let _turn = self.inner.pacing.turn(O::ROUTE).await;
            self.call::<O>(&uri, &headers, &body).await
        })
        .await
    }

    /// The request as hyper sends it: the URL, the headers (the key marked sensitive) and the
    /// body, built once for every attempt.
    fn prepare(&self, request: ApiRequest) -> Result<(Uri, HeaderMap, Bytes), Error> {
        let uri: Uri = request
            .url(&self.inner.base_url)
            .parse()
            .map_err(|error| Error::invalid_because("the request URL is invalid", error))?;
        let mut headers = HeaderMap::new();
        for header in request.headers() {
            let mut value = HeaderValue::from_str(header.value()).map_err(|_| {
                Error::invalid(format!("the {} header cannot be sent", header.name()))
            })?;
            value.set_sensitive(header.is_sensitive());
            headers.insert(HeaderName::from_static(header.name()), value);
        }
        headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
        Ok((uri, headers, Bytes::from(request.into_body())))
    }

    /// Attempts until an answer decodes, the error is final, or the deadline passes.
    async fn call<O: Operation>(
        &self,
        uri: &Uri,
        headers: &HeaderMap,
        body: &Bytes,
    ) -> Result<O::Output, Error> {
        let name = O::ROUTE.name();
        let mut policy = O::ROUTE.policy();
        policy.min_interval = self.inner.pacing.interval(O::ROUTE);
        let settings = &self.inner.settings;
        // A deadline too far to represent is no deadline.
        let deadline = Instant::now().checked_add(settings.timeout);
        let mut attempts = 0;
        loop {
            attempts += 1;
            // Waiting for a slot counts against the deadline, not the attempt's timeout.
            let slot = self.inner.in_flight.acquire().await.ok();
            let remaining = deadline.map_or(settings.attempt_timeout, |deadline| {
                deadline.saturating_duration_since(Instant::now())
            });
            let traced = trace::Attempt::start(name, attempts);
            let outcome = traced
                .run(self.attempt(uri, headers, body, settings.attempt_timeout.min(remaining)))
                .await;
            let error = match outcome {
                Ok(answer) => {
                    traced.finish(Some(answer.status.as_u16()), "answer");
                    match decode_response::<O>(answer.status.as_u16(), &answer.body) {
                        Ok(output) => return Ok(output),
                        Err(error) => Error::from_answer(
                            error,
                            retry_after(&answer.headers),
                            policy.rate_limit_means_not_executed,
                        ),
                    }
                }
                Err(error) => {
                    traced.finish(None, error.kind_name());
                    error
                }
            };
            drop(slot);
            let wait = decide(
                &settings.retry,
                &policy,
                attempts,
                &error,
                fastrand::u32(0..=1000),
            );
            match wait {
                Some(wait)
                    if deadline.is_none_or(|deadline| {
                        Instant::now()
                            .checked_add(wait)
                            .is_some_and(|at| at < deadline)
                    }) =>
                {
                    traced.retry_after(wait);
                    tokio::time::sleep(wait).await;
                }
                _ => return Err(error.during(name, attempts)),
            }
        }
    }

    /// One request and its whole answer, within `timeout`.
    async fn attempt(
        &self,
        uri: &Uri,
        headers: &HeaderMap,
        body: &Bytes,
        timeout: Duration,
    ) -> Result<Answer, Error> {
        let mut request = Request::new(Full::new(body.clone()));
        *request.method_mut() = Method::POST;
        *request.uri_mut() = uri.clone();
        *request.headers_mut() = headers.clone();

        let cap = self.inner.settings.max_body_size;
        let exchange = async {
            let response = self
                .inner
                .http
                .request(request)
                .await
                .map_err(Error::from_send)?;
            let (parts, incoming) = response.into_parts();
            let body = read_capped(&parts.headers, incoming, cap)
                .await
                .map_err(|error| Error::from_body(error, cap))?;
            Ok(Answer {
                status: parts.status,
                headers: parts.headers,
                body,
            })
        };
        match tokio::time::timeout(timeout, exchange).await {
            Ok(result) => result,
            Err(elapsed) => Err(Error::timed_out(elapsed)),
        }
    }
}

/// The `Retry-After` header's wait, if it has one.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| parse_retry_after(value, SystemTime::now()))
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("settings", &self.inner.settings)
            .finish_non_exhaustive()
    }
}
