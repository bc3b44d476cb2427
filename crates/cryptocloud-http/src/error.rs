//! The one error type of the client: a kind, a cause chain, and what is known of the call.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use cryptocloud_types::{ApiError, BodySnippet};

type Cause = Box<dyn StdError + Send + Sync>;

/// Why a call failed. Says which operation, after how many attempts, whether the request may have
/// reached the server, and keeps the full cause chain in [`source()`](StdError::source).
///
/// ```
/// # async fn run(client: cryptocloud_http::Client) {
/// match client.balance().await {
///     Ok(balances) => println!("{} coins", balances.len()),
///     Err(error) if error.is_timeout() => eprintln!("CryptoCloud is slow: {error}"),
///     Err(error) if error.status() == Some(401) => eprintln!("check the API key: {error}"),
///     Err(error) => eprintln!("{error}"),
/// }
/// # }
/// ```
pub struct Error {
    // Boxed so that `Result<T, Error>` stays one pointer wide on the success path.
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    source: Option<Cause>,
    operation: Option<&'static str>,
    attempts: u32,
    may_have_been_sent: bool,
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The connection could not be opened (refused, unreachable, DNS). The request was not sent.
    Connect,
    /// TLS failed: an untrusted or invalid certificate, or a failed handshake. Never retried.
    Tls,
    /// No complete answer within the attempt timeout or the overall deadline.
    Timeout,
    /// The connection broke while sending or receiving (reset, truncated body, protocol error).
    Transport,
    /// The answer's body is larger than the configured cap.
    BodyTooLarge {
        /// The cap, in bytes.
        limit: usize,
    },
    /// The API answered with an error.
    Api(ApiError),
    /// The API refused the key (missing, malformed, wrong, or the wrong kind of key).
    Unauthorized(ApiError),
    /// The API asked to slow down (HTTP 429 or a `rate_limit` error).
    RateLimited {
        /// The answer.
        error: ApiError,
        /// How long the server asked to wait, if it said.
        retry_after: Option<Duration>,
    },
    /// A success answer whose body is not the expected JSON.
    Decode {
        /// HTTP status.
        status: u16,
        /// The start of the body.
        body: BodySnippet,
    },
    /// The request or the client configuration is invalid; nothing was sent.
    InvalidRequest,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error {
            inner: Box::new(Inner {
                kind,
                source: None,
                operation: None,
                attempts: 0,
                may_have_been_sent: false,
            }),
        }
    }

    pub(crate) fn with_source(mut self, source: impl Into<Cause>) -> Error {
        self.inner.source = Some(source.into());
        self
    }

    pub(crate) fn sent(mut self, may_have_been_sent: bool) -> Error {
        self.inner.may_have_been_sent = may_have_been_sent;
        self
    }

    pub(crate) fn during(mut self, operation: &'static str, attempts: u32) -> Error {
        self.inner.operation = Some(operation);
        self.inner.attempts = attempts;
        self
    }

    pub(crate) fn invalid(message: impl Into<Cause>) -> Error {
        Error::new(ErrorKind::InvalidRequest).with_source(message)
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// The operation (`create_invoice`, `list_invoices`, …), if the error came from a call.
    pub fn operation(&self) -> Option<&'static str> {
        self.inner.operation
    }

    /// How many attempts were made (0 if none was).
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// Whether the request may have reached the server. When this is `true` for a call that is
    /// not safe to retry (create invoice, static wallet, withdrawal), check before repeating it:
    /// the first may have succeeded.
    pub fn may_have_been_sent(&self) -> bool {
        self.inner.may_have_been_sent
    }

    /// The HTTP status of the answer, if one arrived.
    pub fn status(&self) -> Option<u16> {
        match &self.inner.kind {
            ErrorKind::Api(error)
            | ErrorKind::Unauthorized(error)
            | ErrorKind::RateLimited { error, .. } => Some(error.status()),
            ErrorKind::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API's error answer, if that is what failed.
    pub fn api_error(&self) -> Option<&ApiError> {
        match &self.inner.kind {
            ErrorKind::Api(error)
            | ErrorKind::Unauthorized(error)
            | ErrorKind::RateLimited { error, .. } => Some(error),
            _ => None,
        }
    }

    /// Whether the call timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Timeout)
    }

    /// Whether the connection could not be opened.
    pub fn is_connect(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Connect)
    }

    /// Whether TLS failed (certificate or handshake).
    pub fn is_tls(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Tls)
    }

    /// Whether the API refused the key.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Unauthorized(_))
    }

    /// Whether the API asked to slow down.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::RateLimited { .. })
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Connect => f.write_str("could not connect to CryptoCloud"),
            ErrorKind::Tls => f.write_str("TLS with CryptoCloud failed"),
            ErrorKind::Timeout => f.write_str("timed out"),
            ErrorKind::Transport => f.write_str("the connection broke"),
            ErrorKind::BodyTooLarge { limit } => {
                write!(f, "the answer is larger than the {limit}-byte cap")
            }
            ErrorKind::Api(error) => fmt::Display::fmt(error, f),
            ErrorKind::Unauthorized(error) => write!(f, "the API key was refused ({error})"),
            ErrorKind::RateLimited {
                error,
                retry_after: Some(wait),
            } => {
                write!(
                    f,
                    "rate limited, asked to wait {}s ({error})",
                    wait.as_secs()
                )
            }
            ErrorKind::RateLimited {
                error,
                retry_after: None,
            } => write!(f, "rate limited ({error})"),
            ErrorKind::Decode { status, .. } => {
                write!(f, "the HTTP {status} answer is not the expected JSON")
            }
            ErrorKind::InvalidRequest => f.write_str("invalid request"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(operation) = self.inner.operation {
            write!(f, "{operation}: ")?;
        }
        fmt::Display::fmt(&self.inner.kind, f)?;
        if self.inner.attempts > 1 {
            write!(f, " (after {} attempts)", self.inner.attempts)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.inner.kind)
            .field("operation", &self.inner.operation)
            .field("attempts", &self.inner.attempts)
            .field("may_have_been_sent", &self.inner.may_have_been_sent)
            .field("source", &self.inner.source)
            .finish()
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}
