//! The one error type of the client: a kind, a cause chain, and what is known of the call. How
//! each way a call can fail becomes one is `classify.rs`.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use cryptocloud_types::{
    ApiError, ApiErrorKind, BodySnippet, DriftedAnswer, InvoiceId, PagingError,
};

mod classify;

type Cause = Box<dyn StdError + Send + Sync>;

/// Why a call failed. Says which operation, after how many attempts, whether the request may have
/// reached the server, and keeps the full cause chain in [`source()`](StdError::source).
///
/// ```
/// # async fn run(client: cryptocloud_http::Client) {
/// match client.balance().await {
///     Ok(balances) => println!("{} coins", balances.len()),
///     Err(error) if error.is_timeout() => eprintln!("CryptoCloud is slow: {error}"),
///     Err(error) if error.is_unauthorized() => eprintln!("check the API key: {error}"),
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
    retry_after: Option<Duration>,
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The connection could not be opened (refused, unreachable, DNS, a proxy that refused the
    /// tunnel). The request was not sent.
    Connect,
    /// The proxy answered 407: it wants credentials, or refused the ones given. The request was
    /// not sent, and is not retried (the same credentials would be refused again).
    ProxyAuthRequired {
        /// The proxy's `host:port` (never its credentials).
        proxy: String,
    },
    /// TLS failed while connecting: an untrusted or invalid certificate, or a failed handshake.
    /// The request was not sent. Never retried. (A TLS failure once the connection is up is
    /// [`Transport`](Self::Transport).)
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
    /// The API answered with an error; [`Error::is_unauthorized`] and
    /// [`Error::is_rate_limited`] tell the common cases apart, and [`ApiError::kind`] says the
    /// rest.
    Api(ApiError),
    /// A success answer whose body is not the expected JSON.
    Decode {
        /// HTTP status.
        status: u16,
        /// The start of the body.
        body: BodySnippet,
    },
    /// The request or the client configuration is invalid; nothing was sent.
    InvalidRequest,
    /// The call **went through** (a success answer to a call that cannot be repeated: create
    /// invoice, static wallet, withdrawal) but its body drifted from the known shape. Never send
    /// it again; the answer holds what could be read (the id to look it up by) and the raw body.
    Drifted(Box<DriftedAnswer>),
    /// The API does not know this invoice (it left it out of its answer).
    InvoiceNotFound(InvoiceId),
    /// The server's paging cannot be right (a page larger than asked for, a full page of
    /// entries all seen before, more unreadable entries than a walk keeps), so a walk over the
    /// list stopped rather than over-read, loop or hoard.
    Paging(PagingError),
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
                retry_after: None,
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

    /// An invalid request or configuration: `message` says what, `cause` why (both kept).
    pub(crate) fn invalid_because(message: impl Into<String>, cause: impl Into<Cause>) -> Error {
        Error::invalid(Because {
            message: message.into(),
            cause: cause.into(),
        })
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// The kind and the cause, taken apart.
    pub fn into_parts(self) -> (ErrorKind, Option<Box<dyn StdError + Send + Sync>>) {
        let inner = *self.inner;
        (inner.kind, inner.source)
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
            ErrorKind::Api(error) => Some(error.status()),
            ErrorKind::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API's error answer, if that is what failed.
    pub fn api_error(&self) -> Option<&ApiError> {
        match &self.inner.kind {
            ErrorKind::Api(error) => Some(error),
            _ => None,
        }
    }

    /// How long the server asked to wait (`Retry-After`), if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
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

    /// Whether the call certainly went through although its answer could not be fully read
    /// ([`ErrorKind::Drifted`]): never repeat it.
    pub fn went_through(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Drifted(_))
    }

    /// Whether the invoice asked for does not exist (for [`Client::invoice`](crate::Client::invoice)).
    pub fn is_not_found(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::InvoiceNotFound(_))
    }

    /// Whether the API refused the key (missing, malformed, wrong, or the wrong kind of key).
    pub fn is_unauthorized(&self) -> bool {
        self.api_error().is_some_and(ApiError::is_unauthorized)
    }

    /// Whether the API asked to slow down (HTTP 429 or a `rate_limit` error).
    pub fn is_rate_limited(&self) -> bool {
        self.api_error().is_some_and(is_rate_limited)
    }

    /// A short name of the kind, for logs.
    pub(crate) fn kind_name(&self) -> &'static str {
        match self.inner.kind {
            ErrorKind::Connect => "connect failed",
            ErrorKind::ProxyAuthRequired { .. } => "proxy wants credentials",
            ErrorKind::Tls => "tls failed",
            ErrorKind::Timeout => "timed out",
            ErrorKind::Transport => "connection broke",
            ErrorKind::BodyTooLarge { .. } => "body too large",
            ErrorKind::Api(_) => "error answer",
            ErrorKind::Decode { .. } => "undecodable answer",
            ErrorKind::InvalidRequest => "invalid request",
            ErrorKind::Paging(_) => "paging broken",
            ErrorKind::InvoiceNotFound(_) => "invoice not found",
            ErrorKind::Drifted(_) => "went through, answer drifted",
        }
    }
}

/// A message with the error that caused it, so that neither is lost.
#[derive(Debug)]
struct Because {
    message: String,
    cause: Cause,
}

impl fmt::Display for Because {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for Because {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(self.cause.as_ref())
    }
}

/// Whether an error answer asks to slow down.
pub(crate) fn is_rate_limited(error: &ApiError) -> bool {
    error.status() == 429 || matches!(error.kind(), ApiErrorKind::RateLimited(_))
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Connect => f.write_str("could not connect to CryptoCloud"),
            ErrorKind::ProxyAuthRequired { proxy } => write!(
                f,
                "the proxy {proxy} answered 407: it wants credentials (http://user:password@host:port) or refused the ones given"
            ),
            ErrorKind::Tls => f.write_str("TLS with CryptoCloud failed"),
            ErrorKind::Timeout => f.write_str("timed out"),
            ErrorKind::Transport => f.write_str("the connection broke"),
            ErrorKind::BodyTooLarge { limit } => {
                write!(f, "the answer is larger than the {limit}-byte cap")
            }
            ErrorKind::Api(error) if error.is_unauthorized() => {
                write!(f, "the API key was refused ({error})")
            }
            ErrorKind::Api(error) => fmt::Display::fmt(error, f),
            ErrorKind::Decode { status, .. } => {
                write!(f, "the HTTP {status} answer is not the expected JSON")
            }
            ErrorKind::InvalidRequest => f.write_str("invalid request"),
            ErrorKind::Paging(error) => fmt::Display::fmt(error, f),
            ErrorKind::InvoiceNotFound(id) => write!(f, "CryptoCloud knows no invoice {id}"),
            ErrorKind::Drifted(answer) => match answer.invoice_id() {
                Some(id) => write!(
                    f,
                    "the call went through (as {id}) but its answer is not in the known shape; do not repeat it"
                ),
                None => f.write_str(
                    "the call went through but its answer is not in the known shape; do not repeat it",
                ),
            },
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(operation) = self.inner.operation {
            write!(f, "{operation}: ")?;
        }
        fmt::Display::fmt(&self.inner.kind, f)?;
        if let Some(wait) = self.inner.retry_after.filter(|_| self.is_rate_limited()) {
            write!(f, ", asked to wait {}s", wait.as_secs())?;
        }
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
            .field("retry_after", &self.inner.retry_after)
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
