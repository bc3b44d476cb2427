//! The blocking client's error: a kind, the cause chain, and what the call core knows of the call.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use cryptocloud_types::call::{CallError, Cause as CallCause, Failure};
use cryptocloud_types::{
    ApiError, ApiErrorKind, BodySnippet, DriftedAnswer, InvoiceId, PagingError, ResponseError,
    UnreadableInvoice,
};

type Cause = Box<dyn StdError + Send + Sync>;

/// Why a call failed: which operation, after how many attempts, whether the request may have
/// reached the server, and the full cause chain in [`source()`](StdError::source).
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
    /// The connection could not be opened (refused, unreachable, DNS). Nothing was sent.
    Connect,
    /// TLS refused the server (certificate or handshake). Nothing was sent.
    Tls,
    /// No complete answer within the attempt timeout or the call's deadline.
    Timeout,
    /// The connection broke while sending or receiving.
    Transport,
    /// The answer's body is larger than the configured cap.
    BodyTooLarge {
        /// The cap, in bytes.
        limit: usize,
    },
    /// The API answered with an error ([`ApiError::kind`] says which).
    Api(ApiError),
    /// A success answer whose body is not the expected JSON.
    Decode {
        /// HTTP status.
        status: u16,
        /// The start of the body.
        body: BodySnippet,
    },
    /// The request or the configuration is invalid; nothing was sent.
    InvalidRequest,
    /// The call **went through** but its answer drifted from the known shape: never repeat it.
    Drifted(Box<DriftedAnswer>),
    /// The API does not know this invoice.
    InvoiceNotFound(InvoiceId),
    /// The server's paging cannot be right, so a walk over the list stopped.
    Paging(PagingError),
}

impl Error {
    fn new(kind: ErrorKind) -> Error {
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

    fn with_source(mut self, source: impl Into<Cause>) -> Error {
        self.inner.source = Some(source.into());
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

    pub(crate) fn invalid_because(message: String, cause: impl Into<Cause>) -> Error {
        Error::invalid(Because {
            message,
            cause: cause.into(),
        })
    }

    /// A failed attempt, as ureq reported it, with its class for the call core. Only failures
    /// before a connection existed are "not sent": ureq reports a refused connection as an I/O
    /// error whose kind only `connect()` gives.
    pub(crate) fn from_ureq(error: ureq::Error) -> (Failure, Error) {
        use std::io::ErrorKind as Io;
        use ureq::Timeout;
        let (failure, kind) = match &error {
            ureq::Error::HostNotFound
            | ureq::Error::ConnectionFailed
            | ureq::Error::Timeout(Timeout::Resolve | Timeout::Connect) => {
                (Failure::Unreachable, ErrorKind::Connect)
            }
            ureq::Error::Io(io)
                if matches!(
                    io.kind(),
                    Io::ConnectionRefused
                        | Io::NetworkUnreachable
                        | Io::HostUnreachable
                        | Io::AddrNotAvailable
                ) =>
            {
                (Failure::Unreachable, ErrorKind::Connect)
            }
            ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => {
                (Failure::Refused, ErrorKind::Tls)
            }
            ureq::Error::Timeout(_) => (Failure::TimedOut, ErrorKind::Timeout),
            _ => (Failure::Broken, ErrorKind::Transport),
        };
        (failure, Error::new(kind).with_source(error))
    }

    /// A body over the cap.
    pub(crate) fn too_large(limit: usize) -> Error {
        Error::new(ErrorKind::BodyTooLarge { limit })
    }

    /// What the call core gave up with; whether it may have been sent is the core's judgment.
    pub(crate) fn from_call(error: CallError<Error>, operation: &'static str) -> Error {
        let mut classified = match error.cause {
            CallCause::Failed(_, failed) => failed,
            CallCause::Answer(ResponseError::Api(api)) => Error::new(ErrorKind::Api(api)),
            CallCause::Answer(ResponseError::Decode {
                status,
                source,
                body,
            }) => Error::new(ErrorKind::Decode { status, body }).with_source(source),
            CallCause::Answer(ResponseError::Drifted(answer)) => {
                Error::new(ErrorKind::Drifted(answer))
            }
            CallCause::Answer(other) => Error::new(ErrorKind::Transport).with_source(other),
        };
        classified.inner.may_have_been_sent = error.may_have_been_sent;
        classified.inner.retry_after = error.retry_after;
        classified.during(operation, error.attempts)
    }

    pub(crate) fn not_found(id: InvoiceId) -> Error {
        let mut error = Error::new(ErrorKind::InvoiceNotFound(id)).during("invoice_info", 1);
        error.inner.may_have_been_sent = true;
        error
    }

    pub(crate) fn unreadable(entry: UnreadableInvoice, operation: &'static str) -> Error {
        let body = BodySnippet::new(entry.raw.text().as_bytes());
        let mut error = Error::new(ErrorKind::Decode { status: 200, body })
            .with_source(entry.reason)
            .during(operation, 1);
        error.inner.may_have_been_sent = true;
        error
    }

    pub(crate) fn paging(error: PagingError) -> Error {
        let mut error = Error::new(ErrorKind::Paging(error)).during("list_invoices", 1);
        error.inner.may_have_been_sent = true;
        error
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// The kind and the cause, taken apart.
    pub fn into_parts(self) -> (ErrorKind, Option<Cause>) {
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

    /// Whether the request may have reached the server. When `true` for a call that is not safe
    /// to retry (create invoice, static wallet, withdrawal), look before repeating it.
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

    /// Whether the call certainly went through although its answer could not be fully read.
    pub fn went_through(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Drifted(_))
    }

    /// Whether the invoice asked for does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::InvoiceNotFound(_))
    }

    /// Whether the API refused the key.
    pub fn is_unauthorized(&self) -> bool {
        self.api_error().is_some_and(ApiError::is_unauthorized)
    }

    /// Whether the API asked to slow down (HTTP 429 or a `rate_limit` error).
    pub fn is_rate_limited(&self) -> bool {
        self.api_error().is_some_and(|error| {
            error.status() == 429 || matches!(error.kind(), ApiErrorKind::RateLimited(_))
        })
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(operation) = self.inner.operation {
            write!(f, "{operation}: ")?;
        }
        match &self.inner.kind {
            ErrorKind::Connect => f.write_str("could not connect to CryptoCloud")?,
            ErrorKind::Tls => f.write_str("TLS with CryptoCloud failed")?,
            ErrorKind::Timeout => f.write_str("timed out")?,
            ErrorKind::Transport => f.write_str("the connection broke")?,
            ErrorKind::BodyTooLarge { limit } => {
                write!(f, "the answer is larger than the {limit}-byte cap")?
            }
            ErrorKind::Api(error) => fmt::Display::fmt(error, f)?,
            ErrorKind::Decode { status, .. } => {
                write!(f, "the HTTP {status} answer is not the expected JSON")?
            }
            ErrorKind::InvalidRequest => f.write_str("invalid request")?,
            ErrorKind::Drifted(_) => f.write_str(
                "the call went through but its answer is not in the known shape; do not repeat it",
            )?,
            ErrorKind::InvoiceNotFound(id) => write!(f, "CryptoCloud knows no invoice {id}")?,
            ErrorKind::Paging(error) => fmt::Display::fmt(error, f)?,
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
