//! The client: one call loop (attempt, decide, wait, retry) shared by every operation.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use cryptocloud_types::{ApiErrorKind, Credential, Operation, ResponseError, decode_response};
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue, RETRY_AFTER, USER_AGENT};
use http::{HeaderMap, Method, Request, StatusCode, Uri};
use http_body_util::Full;
use tokio::sync::Mutex;

use crate::body::{BodyError, read_capped};
use crate::retry::{Failure, decide, parse_retry_after};
use crate::trace;
use crate::transport::Http;
use crate::{ApiKey, ClientBuilder, Error, ErrorKind};

const USER_AGENT_VALUE: &str = concat!("cryptocloud-rust/", env!("CARGO_PKG_VERSION"));

/// A CryptoCloud API client. Cheap to clone (one shared connection pool) and safe to share across
/// tasks.
///
/// ```no_run
/// use cryptocloud_http::{ApiKey, Client};
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
    pub(crate) settings: ClientBuilder,
    base_url: String,
    http: Http,
    authorization: HeaderValue,
    withdrawal_authorization: Option<HeaderValue>,
    /// When the last withdrawal call finished; held across a withdrawal so they go one by one.
    pub(crate) last_withdrawal: Mutex<Option<Instant>>,
}

/// What one attempt brought back.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Client {
    /// Starts configuring a client for the project whose API key this is.
    pub fn builder(api_key: ApiKey) -> ClientBuilder {
        ClientBuilder::new(api_key)
    }

    pub(crate) fn from_parts(
        settings: ClientBuilder,
        base_url: String,
        http: Http,
    ) -> Result<Client, Error> {
        let project_authorization = authorization(&settings.api_key)?;
        let withdrawal_authorization = settings
            .withdrawal_key
            .as_ref()
            .map(authorization)
            .transpose()?;
        Ok(Client {
            inner: Arc::new(Inner {
                settings,
                base_url,
                http,
                authorization: project_authorization,
                withdrawal_authorization,
                last_withdrawal: Mutex::new(None),
            }),
        })
    }

    /// Sends any operation and decodes its answer: the building block of every method. Retries
    /// follow the client's [`RetryPolicy`](crate::RetryPolicy), and never repeat an operation
    /// that is not safe to retry once it may have reached the server.
    pub async fn send<O: Operation>(&self, operation: &O) -> Result<O::Output, Error> {
        trace::call(O::ROUTE.name(), self.send_untraced(operation)).await
    }

    async fn send_untraced<O: Operation>(&self, operation: &O) -> Result<O::Output, Error> {
        let name = O::ROUTE.name();
        let body = operation
            .body()
            .map(Bytes::from)
            .map_err(|error| Error::invalid(error).during(name, 0))?;
        let uri: Uri = format!("{}{}", self.inner.base_url, operation.path_and_query())
            .parse()
            .map_err(|error| {
                Error::invalid("the request URL is invalid")
                    .with_source(error)
                    .during(name, 0)
            })?;
        let authorization = match O::ROUTE.credential() {
            Credential::ApiKey => &self.inner.authorization,
            Credential::WithdrawalKey => {
                self.inner
                    .withdrawal_authorization
                    .as_ref()
                    .ok_or_else(|| {
                        Error::invalid(
                        "withdrawals need the withdrawal key: set ClientBuilder::withdrawal_key",
                    )
                    .during(name, 0)
                    })?
            }
        };
        let settings = &self.inner.settings;
        let deadline = Instant::now() + settings.timeout;
        let mut attempts = 0;
        loop {
            attempts += 1;
            let remaining = deadline.saturating_duration_since(Instant::now());
            let traced = trace::Attempt::start(name, attempts);
            let outcome = traced
                .run(self.attempt(
                    &uri,
                    authorization,
                    &body,
                    settings.attempt_timeout.min(remaining),
                ))
                .await;
            match &outcome {
                Ok(answer) => traced.finish(Some(answer.status.as_u16()), "answer"),
                Err((failure, _)) => traced.finish(None, failure.name()),
            }
            let (failure, error) = match outcome {
                Ok(answer) if answer.status.is_success() => {
                    return decode_response::<O>(answer.status.as_u16(), &answer.body)
                        .map_err(|error| api_error(error, None).during(name, attempts));
                }
                Ok(answer) => {
                    let retry_after = answer
                        .headers
                        .get(RETRY_AFTER)
                        .and_then(|value| value.to_str().ok())
                        .and_then(|value| parse_retry_after(value, SystemTime::now()));
                    let status = answer.status.as_u16();
                    let error = match decode_response::<O>(status, &answer.body) {
                        Err(error) => api_error(error, retry_after),
                        Ok(_) => Error::new(ErrorKind::Transport).sent(true),
                    };
                    (
                        Failure::Status {
                            status,
                            retry_after,
                        },
                        error,
                    )
                }
                Err(failed) => failed,
            };
            let wait = decide(
                &settings.retry,
                O::ROUTE.is_safe_to_retry(),
                attempts,
                failure,
                fastrand::u32(0..=1000),
            );
            match wait {
                Some(wait) if Instant::now() + wait < deadline => {
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
        authorization: &HeaderValue,
        body: &Bytes,
        timeout: Duration,
    ) -> Result<Answer, (Failure, Error)> {
        let mut request = Request::new(Full::new(body.clone()));
        *request.method_mut() = Method::POST;
        *request.uri_mut() = uri.clone();
        let headers = request.headers_mut();
        headers.insert(AUTHORIZATION, authorization.clone());
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));

        let cap = self.inner.settings.max_body_size;
        let exchange = async {
            let response = self
                .inner
                .http
                .request(request)
                .await
                .map_err(send_failure)?;
            let (parts, incoming) = response.into_parts();
            let body =
                read_capped(&parts.headers, incoming, cap)
                    .await
                    .map_err(|error| match error {
                        BodyError::TooLarge => (
                            Failure::TooLarge,
                            Error::new(ErrorKind::BodyTooLarge { limit: cap }).sent(true),
                        ),
                        BodyError::Broken(error) => (
                            Failure::Transport,
                            Error::new(ErrorKind::Transport)
                                .with_source(error)
                                .sent(true),
                        ),
                    })?;
            Ok(Answer {
                status: parts.status,
                headers: parts.headers,
                body,
            })
        };
        match tokio::time::timeout(timeout, exchange).await {
            Ok(result) => result,
            Err(elapsed) => Err((
                Failure::Timeout,
                Error::new(ErrorKind::Timeout)
                    .with_source(elapsed)
                    .sent(true),
            )),
        }
    }
}

/// Classifies a failure to get response headers.
fn send_failure(error: hyper_util::client::legacy::Error) -> (Failure, Error) {
    if is_tls_failure(&error) {
        (
            Failure::Tls,
            Error::new(ErrorKind::Tls).with_source(error).sent(false),
        )
    } else if error.is_connect() {
        (
            Failure::Connect,
            Error::new(ErrorKind::Connect)
                .with_source(error)
                .sent(false),
        )
    } else {
        (
            Failure::Transport,
            Error::new(ErrorKind::Transport)
                .with_source(error)
                .sent(true),
        )
    }
}

/// Whether a rustls error is anywhere in the chain. `io::Error::source()` skips the error it
/// wraps, so wrapped errors are followed through `get_ref()` instead.
fn is_tls_failure(error: &(dyn StdError + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(error) = current {
        if error.is::<rustls::Error>() {
            return true;
        }
        current = match error
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
        {
            Some(wrapped) => Some(wrapped as &(dyn StdError + 'static)),
            None => error.source(),
        };
    }
    false
}

/// The client error for an error answer.
fn api_error(error: ResponseError, retry_after: Option<Duration>) -> Error {
    match error {
        ResponseError::Api(api) => {
            let kind = if api.status() == 429 || matches!(api.kind(), ApiErrorKind::RateLimited(_))
            {
                ErrorKind::RateLimited {
                    error: api,
                    retry_after,
                }
            } else if api.is_unauthorized() {
                ErrorKind::Unauthorized(api)
            } else {
                ErrorKind::Api(api)
            };
            Error::new(kind).sent(true)
        }
        ResponseError::Decode {
            status,
            source,
            body,
        } => Error::new(ErrorKind::Decode { status, body })
            .with_source(source)
            .sent(true),
        other => Error::new(ErrorKind::Transport)
            .with_source(other)
            .sent(true),
    }
}

/// `Token <key>`, marked sensitive so that HTTP tooling does not log it.
fn authorization(key: &ApiKey) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::try_from(format!("Token {}", key.expose_secret()))
        .map_err(|_| Error::invalid("the API key cannot be sent in a header"))?;
    value.set_sensitive(true);
    Ok(value)
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("settings", &self.inner.settings)
            .finish_non_exhaustive()
    }
}
