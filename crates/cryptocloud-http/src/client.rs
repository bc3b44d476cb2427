//! The client: a driver of the call core, shared by every operation. The core decides (attempt,
//! wait, retry, give up); this sends on hyper and sleeps on tokio.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use cryptocloud_types::call::{Call, CallError, CallSettings, Step};
use cryptocloud_types::{Credentials, Operation, Request as ApiRequest};
use http::header::{HeaderName, HeaderValue, RETRY_AFTER, USER_AGENT};
use http::{HeaderMap, Method, Request, StatusCode, Uri};
use http_body_util::Full;
use tokio::sync::Semaphore;

use crate::body::read_capped;
use crate::clock::Clock;
use crate::pacing::{Pacing, Turn};
use crate::retry_after::parse_retry_after;
use crate::settings::Settings;
use crate::transport::Http;
use crate::{Error, trace};

const USER_AGENT_VALUE: &str = concat!("cryptocloud-rust/", env!("CARGO_PKG_VERSION"));

/// A CryptoCloud API client. Cheap to clone (one shared connection pool) and safe to share across
/// tasks.
///
/// ```no_run
/// # mod cryptocloud { pub use cryptocloud_http::*; pub use cryptocloud_types::*; }
/// use cryptocloud::Client;
/// use cryptocloud::ApiKey;
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
    clock: Clock,
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
                clock: Clock::start(),
                base_url,
                http,
            }),
        }
    }

    /// Sends any operation and decodes its answer: the building block of every method. The
    /// call core of `cryptocloud-types` ([`Call`]) decides everything about the call from the
    /// route's [`Policy`](cryptocloud_types::Policy): its key, the client's default payment-page
    /// language on localized endpoints, its minimum interval (calls of a paced endpoint go one at
    /// a time), and its retries, which follow the client's [`RetryPolicy`](crate::RetryPolicy)
    /// and never repeat an operation that is not safe to retry once it may have been executed.
    /// This method only moves the bytes and the time.
    pub async fn send<O: Operation>(&self, operation: &O) -> Result<O::Output, Error> {
        let name = O::ROUTE.name();
        trace::call(name, async {
            let inner = &self.inner;
            let call = Call::new(
                operation,
                &inner.credentials,
                inner.settings.locale,
                inner.settings.call_settings(),
                fastrand::u64(..),
            )
            .map_err(|error| Error::invalid(error).during(name, 0))?;
            let (uri, headers, body) = self
                .prepare(call.request())
                .map_err(|error| error.during(name, 0))?;
            let turn = inner.pacing.turn(O::ROUTE, inner.clock).await;
            let call = call.not_before(turn.as_ref().and_then(Turn::opens_at));
            let result = self.drive(call, &uri, &headers, &body).await;
            drop(turn);
            result.map_err(|error| Error::from_call(error, name))
        })
        .await
    }

    /// The request as hyper sends it: the URL, the headers (the key marked sensitive) and the
    /// body, built once for every attempt.
    fn prepare(&self, request: &ApiRequest) -> Result<(Uri, HeaderMap, Bytes), Error> {
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
        Ok((uri, headers, Bytes::copy_from_slice(request.body())))
    }

    /// Does what the call core says until it says done: sends on hyper, waits on tokio's timer.
    async fn drive<O: Operation>(
        &self,
        call: Call<O, Error>,
        uri: &Uri,
        headers: &HeaderMap,
        body: &Bytes,
    ) -> Result<O::Output, CallError<Error>> {
        let clock = self.inner.clock;
        let mut step = call.start(clock.now());
        loop {
            step = match step {
                Step::Send(attempt) => {
                    // Waiting for a slot counts against the deadline, not the attempt's timeout.
                    let slot = self.inner.in_flight.acquire().await.ok();
                    let traced = trace::Attempt::start(O::ROUTE.name(), attempt.attempt());
                    let timeout = attempt.timeout(clock.now());
                    let outcome = traced.run(self.attempt(uri, headers, body, timeout)).await;
                    // Decoding needs no slot: the next request may go while this one decodes.
                    drop(slot);
                    let next = match outcome {
                        Ok(answer) => {
                            traced.finish(Some(answer.status.as_u16()), "answer");
                            let retry_after = retry_after(&answer.headers);
                            let status = answer.status.as_u16();
                            attempt.answered(clock.now(), status, retry_after, &answer.body)
                        }
                        Err(error) => {
                            traced.finish(None, error.kind_name());
                            attempt.failed(clock.now(), error.failure(), error)
                        }
                    };
                    if let Step::Wait(waiting) = &next {
                        traced.retry_after(waiting.until() - clock.now());
                    }
                    next
                }
                Step::Wait(waiting) => {
                    tokio::time::sleep_until(clock.instant(waiting.until())).await;
                    waiting.resume(clock.now())
                }
                Step::Done(result) => return result,
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

impl Settings {
    /// What the call core needs of the settings.
    fn call_settings(&self) -> CallSettings {
        CallSettings::new(self.retry, self.attempt_timeout, self.timeout)
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
