//! An error answer of the API: its status, what its envelope said, and the start of its body.

use alloc::collections::BTreeMap;
use alloc::string::String;
use core::fmt;

use crate::wire::Shown;

/// An error answer from the API, with its HTTP status, its parsed envelope and the start of the
/// raw body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("CryptoCloud answered HTTP {status}: {kind}")]
pub struct ApiError {
    status: u16,
    kind: ApiErrorKind,
    body: BodySnippet,
}

impl ApiError {
    /// An API error; `body` is kept up to [`BodySnippet::MAX`] bytes.
    pub fn new(status: u16, kind: ApiErrorKind, body: &[u8]) -> ApiError {
        ApiError {
            status,
            kind,
            body: BodySnippet::new(body),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// What the envelope said.
    pub fn kind(&self) -> &ApiErrorKind {
        &self.kind
    }

    /// The start of the raw body.
    pub fn body(&self) -> &BodySnippet {
        &self.body
    }

    /// Whether the key was missing, malformed or wrong.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self.kind, ApiErrorKind::Unauthorized(_)) || matches!(self.status, 401 | 403)
    }
}

/// What an error envelope said.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// Field → message, for each rejected field (`{"amount": "amount not passed."}`).
    InvalidFields(BTreeMap<String, String>),
    /// `validate_error`: the request is well-formed but not allowed now (cancel of a paid invoice,
    /// more than 100 ids, end before start).
    Validation(String),
    /// `authorization`: the key was refused.
    Unauthorized(String),
    /// `rate_limit`: too many calls (withdrawals need 12 s between calls).
    RateLimited(String),
    /// `{"detail": …}`: a malformed or wrong key, or an unknown path.
    Detail(String),
    /// `result` was a bare message.
    Message(String),
    /// The body is not JSON: a proxy's HTML page, or empty.
    NotJson,
    /// JSON in a shape no known envelope has.
    Unrecognized,
}

impl fmt::Display for ApiErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiErrorKind::InvalidFields(fields) => {
                f.write_str("invalid fields: ")?;
                // Server text: bounded and without control characters (the kind keeps it whole).
                const MAX_FIELDS: usize = 10;
                for (index, (field, message)) in fields.iter().enumerate() {
                    if index == MAX_FIELDS {
                        return write!(f, "; and {} more", fields.len() - MAX_FIELDS);
                    }
                    let separator = if index == 0 { "" } else { "; " };
                    write!(f, "{separator}{}: {}", Shown(field), Shown(message))?;
                }
                Ok(())
            }
            ApiErrorKind::Validation(message) => write!(f, "rejected: {}", Shown(message)),
            ApiErrorKind::Unauthorized(message) => write!(f, "unauthorized: {}", Shown(message)),
            ApiErrorKind::RateLimited(message) => write!(f, "rate limited: {}", Shown(message)),
            ApiErrorKind::Detail(message) | ApiErrorKind::Message(message) => {
                write!(f, "{}", Shown(message))
            }
            ApiErrorKind::NotJson => f.write_str("the body is not JSON"),
            ApiErrorKind::Unrecognized => f.write_str("an error envelope of unknown shape"),
        }
    }
}

/// The first bytes of a body, kept with errors so that nothing is lost when reporting them while
/// an oversized body cannot bloat the error.
#[derive(Clone, PartialEq, Eq)]
pub struct BodySnippet {
    text: String,
    kept_len: usize,
    total_len: usize,
}

impl BodySnippet {
    /// How many bytes are kept.
    pub const MAX: usize = 1024;

    /// The first [`MAX`](Self::MAX) bytes of `body`, as text (invalid UTF-8 replaced).
    pub fn new(body: &[u8]) -> BodySnippet {
        BodySnippet::with_limit(body, Self::MAX)
    }

    pub(super) fn with_limit(body: &[u8], limit: usize) -> BodySnippet {
        let kept = body.get(..limit).unwrap_or(body);
        BodySnippet {
            text: String::from_utf8_lossy(kept).into_owned(),
            kept_len: kept.len(),
            total_len: body.len(),
        }
    }

    /// The kept text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The length of the whole body in bytes.
    pub fn total_len(&self) -> usize {
        self.total_len
    }

    /// Whether bytes were cut.
    pub fn is_truncated(&self) -> bool {
        self.total_len > self.kept_len
    }
}

impl fmt::Debug for BodySnippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.text)?;
        if self.is_truncated() {
            write!(f, "… ({} bytes in all)", self.total_len)?;
        }
        Ok(())
    }
}
