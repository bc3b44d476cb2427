//! Turns an HTTP status and body into the typed result or a typed error, covering every envelope
//! the API is known to send. Success means HTTP 2xx **and** `"status": "success"`.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::operation::{FromPayload, Operation, ResponseMeta};

/// Decodes the answer to `O`.
///
/// ```
/// use cryptocloud_types::{ApiErrorKind, CancelInvoice, ResponseError, decode_response};
///
/// let ok = decode_response::<CancelInvoice>(200, br#"{"status":"success","result":["ok"]}"#)?;
/// assert!(ok.is_ok());
///
/// let again = br#"{"status":"error","result":{"validate_error":"Invoice is not created"}}"#;
/// let Err(ResponseError::Api(error)) = decode_response::<CancelInvoice>(400, again) else { panic!() };
/// assert_eq!(error.status(), 400);
/// assert_eq!(error.kind(), &ApiErrorKind::Validation("Invoice is not created".into()));
/// # Ok::<(), ResponseError>(())
/// ```
pub fn decode_response<O: Operation>(status: u16, body: &[u8]) -> Result<O::Output, ResponseError> {
    let is_success_status = (200..300).contains(&status);
    let envelope = match serde_json::from_slice::<Envelope<O::Payload>>(body) {
        Ok(envelope) => envelope,
        Err(source) if is_success_status => {
            return Err(ResponseError::Decode {
                status,
                source,
                body: BodySnippet::new(body),
            });
        }
        Err(_) => return Err(ApiError::new(status, ApiErrorKind::NotJson, body).into()),
    };
    let meta = ResponseMeta {
        all_count: envelope.all_count,
    };
    match envelope.result {
        EnvelopeResult::Success(payload) if is_success_status => {
            Ok(O::Output::from_payload(payload, meta))
        }
        EnvelopeResult::Undecided(value)
            if is_success_status && envelope.status.as_deref() == Some("success") =>
        {
            O::Payload::deserialize(value)
                .map(|payload| O::Output::from_payload(payload, meta))
                .map_err(|source| ResponseError::Decode {
                    status,
                    source,
                    body: BodySnippet::new(body),
                })
        }
        EnvelopeResult::Missing
            if is_success_status && envelope.status.as_deref() == Some("success") =>
        {
            Err(ResponseError::Decode {
                status,
                source: de::Error::missing_field("result"),
                body: BodySnippet::new(body),
            })
        }
        result => Err(ApiError::new(
            status,
            classify(result, envelope.detail, envelope.other),
            body,
        )
        .into()),
    }
}

/// Why a call did not produce its result.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseError {
    /// The API answered with an error.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The API said success but the body is not the shape this crate expects.
    #[error("the HTTP {status} answer is not the expected JSON")]
    Decode {
        /// HTTP status.
        status: u16,
        /// What did not fit, with line and column.
        #[source]
        source: serde_json::Error,
        /// The start of the body.
        body: BodySnippet,
    },
}

impl ResponseError {
    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        match self {
            ResponseError::Api(error) => error.status,
            ResponseError::Decode { status, .. } => *status,
        }
    }

    /// The start of the answer's body.
    pub fn body(&self) -> &BodySnippet {
        match self {
            ResponseError::Api(error) => &error.body,
            ResponseError::Decode { body, .. } => body,
        }
    }
}

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
                for (index, (field, message)) in fields.iter().enumerate() {
                    let separator = if index == 0 { "" } else { "; " };
                    write!(f, "{separator}{field}: {message}")?;
                }
                Ok(())
            }
            ApiErrorKind::Validation(message) => write!(f, "rejected: {message}"),
            ApiErrorKind::Unauthorized(message) => write!(f, "unauthorized: {message}"),
            ApiErrorKind::RateLimited(message) => write!(f, "rate limited: {message}"),
            ApiErrorKind::Detail(message) | ApiErrorKind::Message(message) => f.write_str(message),
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
    total_len: usize,
}

impl BodySnippet {
    /// How many bytes are kept.
    pub const MAX: usize = 1024;

    /// The first [`MAX`](Self::MAX) bytes of `body`, as text (invalid UTF-8 replaced).
    pub fn new(body: &[u8]) -> BodySnippet {
        let kept = body.get(..Self::MAX).unwrap_or(body);
        BodySnippet {
            text: String::from_utf8_lossy(kept).into_owned(),
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
        self.total_len > Self::MAX
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

/// Reads an error envelope's `result` (or `detail`, or a bare field map) into a kind.
fn classify(
    result: EnvelopeResult<impl Sized>,
    detail: Option<Value>,
    other: serde_json::Map<String, Value>,
) -> ApiErrorKind {
    let value = match result {
        EnvelopeResult::Undecided(value) => value,
        EnvelopeResult::Missing if detail.is_none() && !other.is_empty() => Value::Object(other),
        EnvelopeResult::Success(_) | EnvelopeResult::Missing => Value::Null,
    };
    match value {
        Value::Object(fields) => {
            let mut fields: BTreeMap<String, String> = fields
                .into_iter()
                .map(|(field, message)| (field, message_text(message)))
                .collect();
            if fields.len() == 1 {
                for (key, kind) in [
                    (
                        "validate_error",
                        ApiErrorKind::Validation as fn(String) -> ApiErrorKind,
                    ),
                    ("authorization", ApiErrorKind::Unauthorized),
                    ("rate_limit", ApiErrorKind::RateLimited),
                ] {
                    if let Some(message) = fields.remove(key) {
                        return kind(message);
                    }
                }
            }
            ApiErrorKind::InvalidFields(fields)
        }
        Value::String(message) => ApiErrorKind::Message(message),
        _ => match detail {
            Some(detail) => ApiErrorKind::Detail(message_text(detail)),
            None => ApiErrorKind::Unrecognized,
        },
    }
}

/// A message as text: strings as they are, lists of strings joined with "; ", anything else as
/// compact JSON.
fn message_text(message: Value) -> String {
    match message {
        Value::String(text) => text,
        Value::Array(items) => items
            .into_iter()
            .map(message_text)
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// The envelope, read in one pass: `result` decodes straight into the payload type when `status`
/// came first and said success (the usual order); otherwise it is kept as a `Value` and decided
/// once the whole envelope is read.
struct Envelope<P> {
    status: Option<String>,
    result: EnvelopeResult<P>,
    all_count: Option<u64>,
    detail: Option<Value>,
    other: serde_json::Map<String, Value>,
}

enum EnvelopeResult<P> {
    Success(P),
    Undecided(Value),
    Missing,
}

/// A top-level key of the envelope; unknown keys keep their name only where it may be needed.
enum Key {
    Status,
    Result,
    /// Old documentation puts the withdrawal result under `data`.
    Data,
    AllCount,
    Detail,
    Other(String),
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(crate::wire::WireVisitor(|key| match key {
            "status" => Key::Status,
            "result" => Key::Result,
            "data" => Key::Data,
            "all_count" => Key::AllCount,
            "detail" => Key::Detail,
            other => Key::Other(String::from(other)),
        }))
    }
}

impl<'de, P: DeserializeOwned> Deserialize<'de> for Envelope<P> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EnvelopeVisitor(PhantomData))
    }
}

struct EnvelopeVisitor<P>(PhantomData<P>);

impl<'de, P: DeserializeOwned> Visitor<'de> for EnvelopeVisitor<P> {
    type Value = Envelope<P>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a CryptoCloud response envelope")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut envelope = Envelope {
            status: None,
            result: EnvelopeResult::Missing,
            all_count: None,
            detail: None,
            other: serde_json::Map::new(),
        };
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Status => envelope.status = crate::lenient::option_value(&mut map)?,
                Key::Result | Key::Data if !matches!(envelope.result, EnvelopeResult::Missing) => {
                    map.next_value::<IgnoredAny>()?;
                }
                Key::Result | Key::Data => {
                    envelope.result = if envelope.status.as_deref() == Some("success") {
                        EnvelopeResult::Success(map.next_value()?)
                    } else {
                        EnvelopeResult::Undecided(map.next_value()?)
                    };
                }
                Key::AllCount => envelope.all_count = crate::lenient::option_value(&mut map)?,
                Key::Detail => envelope.detail = Some(map.next_value()?),
                // Bodies without an envelope (`{"shop_id": ["This field is required."]}`) are
                // field maps; on the success path the key is skipped unread.
                Key::Other(key) if envelope.status.as_deref() != Some("success") => {
                    envelope.other.insert(key, map.next_value()?);
                }
                Key::Other(_) => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(envelope)
    }
}
