//! Turns an HTTP status and body into the typed result or a typed error, covering every envelope
//! the API is known to send. Success means HTTP 2xx **and** `"status": "success"`.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::operation::{FromPayload, Operation, ResponseMeta};
use crate::wire::Shown;
use crate::wire::model::{Key as FieldKey, Lenient, Read, keep_unknown, read_text};
use crate::wire::raw::RawText;
use crate::{InvoiceId, RawFields, StaticWalletId};

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
    let body = body.strip_prefix(BYTE_ORDER_MARK).unwrap_or(body);
    let is_success_status = (200..300).contains(&status);
    // A success answer to a call that cannot be repeated went through whatever its body says.
    let unreadable = |source: serde_json::Error| {
        if is_success_status && !O::ROUTE.is_safe_to_retry() {
            ResponseError::Drifted(Box::new(DriftedAnswer::new(status, body, source)))
        } else {
            ResponseError::Decode {
                status,
                source,
                body: BodySnippet::new(body),
            }
        }
    };
    // Checked once here, the body's strings and raw values need no check of their own.
    let parsed = core::str::from_utf8(body)
        .map_err(de::Error::custom)
        .and_then(serde_json::from_str::<Envelope<'_, O::Payload>>);
    let envelope = match parsed {
        Ok(envelope) => envelope,
        Err(source) if is_success_status => return Err(unreadable(source)),
        Err(_) => return Err(ApiError::new(status, ApiErrorKind::NotJson, body).into()),
    };
    let meta = ResponseMeta {
        all_count: envelope.all_count,
    };
    let said_success = envelope.status.as_deref() == Some("success");
    match envelope.result {
        EnvelopeResult::Success(payload) if is_success_status => {
            Ok(O::Output::from_payload(payload, meta))
        }
        EnvelopeResult::Undecided(raw) if is_success_status && said_success => {
            serde_json::from_str::<O::Payload>(raw.as_str())
                .map(|payload| O::Output::from_payload(payload, meta))
                .map_err(unreadable)
        }
        EnvelopeResult::Missing if is_success_status && said_success => {
            Err(unreadable(de::Error::missing_field("result")))
        }
        result => Err(ApiError::new(
            status,
            classify(result, envelope.detail, envelope.other),
            body,
        )
        .into()),
    }
}

/// A UTF-8 byte-order mark, which some proxies put before a JSON body.
const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

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
    /// A success answer to a call that must not be repeated (creating an invoice or a static
    /// wallet, a withdrawal) whose body does not fit this crate's types. **The call went
    /// through**: never send it again; [`DriftedAnswer`] holds what could be read.
    #[error(transparent)]
    Drifted(Box<DriftedAnswer>),
}

impl ResponseError {
    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        match self {
            ResponseError::Api(error) => error.status,
            ResponseError::Decode { status, .. } => *status,
            ResponseError::Drifted(answer) => answer.status,
        }
    }

    /// The start of the answer's body.
    pub fn body(&self) -> &BodySnippet {
        match self {
            ResponseError::Api(error) => &error.body,
            ResponseError::Decode { body, .. } => body,
            ResponseError::Drifted(answer) => &answer.body,
        }
    }

    /// Whether the call certainly took effect although its answer could not be read
    /// ([`Drifted`](Self::Drifted)): repeating it would repeat the payment, wallet or withdrawal.
    pub fn went_through(&self) -> bool {
        matches!(self, ResponseError::Drifted(_))
    }
}

/// A success answer to a call that must not be repeated, whose body did not fit: what could be
/// read, the body and why it did not fit.
///
/// ```
/// use cryptocloud_types::{CreateInvoice, ResponseError, decode_response};
///
/// // The invoice was created, but its id came back in a shape this version does not read.
/// let body = br#"{"status":"success","result":{"uuid":{"id":"INV-89UX09KA"},"status":"created"}}"#;
/// let Err(ResponseError::Drifted(answer)) = decode_response::<CreateInvoice>(200, body) else {
///     panic!("a drifted success answer to a create is never a plain decode error")
/// };
/// assert_eq!(answer.fields().get("status").unwrap().text(), r#""created""#);
/// assert_eq!(answer.fields().get("uuid").unwrap().text(), r#"{"id":"INV-89UX09KA"}"#);
/// assert_eq!(answer.body().total_len(), body.len());
/// # Ok::<(), ResponseError>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[error("the HTTP {status} success answer went through but does not fit the expected type")]
pub struct DriftedAnswer {
    status: u16,
    fields: RawFields,
    body: BodySnippet,
    #[source]
    source: serde_json::Error,
}

impl DriftedAnswer {
    /// How much of the body is kept: far more than an error body, as it may be the only record
    /// of a payment.
    pub const MAX_BODY: usize = 64 * 1024;

    fn new(status: u16, body: &[u8], source: serde_json::Error) -> DriftedAnswer {
        DriftedAnswer {
            status,
            fields: result_fields(body),
            body: BodySnippet::with_limit(body, Self::MAX_BODY),
            source,
        }
    }

    /// The HTTP status (2xx).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The top-level fields of the answer's `result` (or `data`), each as raw JSON; empty when
    /// the body is not a JSON envelope holding an object.
    pub fn fields(&self) -> &RawFields {
        &self.fields
    }

    /// The invoice or withdrawal id, when `uuid` (create invoice) or `invoice_id` (withdrawal)
    /// holds one: what to look the call up by.
    pub fn invoice_id(&self) -> Option<InvoiceId> {
        ["uuid", "invoice_id"]
            .into_iter()
            .filter_map(|name| self.fields.get(name))
            .find_map(|raw| read_text(raw.text()))
    }

    /// The static wallet's id, when `uuid` holds one.
    pub fn static_wallet_id(&self) -> Option<StaticWalletId> {
        read_text(self.fields.get("uuid")?.text())
    }

    /// The body, up to [`MAX_BODY`](Self::MAX_BODY) bytes.
    pub fn body(&self) -> &BodySnippet {
        &self.body
    }
}

/// The raw top-level fields of a body's `result` (or `data`) object, read as loosely as JSON
/// allows.
fn result_fields(body: &[u8]) -> RawFields {
    #[derive(Deserialize)]
    struct Loose<'a> {
        #[serde(borrow, alias = "data")]
        result: Option<RawText<'a>>,
    }
    serde_json::from_slice::<Loose<'_>>(body)
        .ok()
        .and_then(|loose| loose.result)
        .and_then(|result| serde_json::from_str::<FieldsOnly>(result.as_str()).ok())
        .map(|fields| fields.0)
        .unwrap_or_default()
}

/// Every entry of an object, kept raw.
struct FieldsOnly(RawFields);

impl<'de> Deserialize<'de> for FieldsOnly {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldsVisitor;

        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = FieldsOnly;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FieldsOnly, A::Error> {
                let mut fields = RawFields::default();
                while let Some(key) = map.next_key::<FieldKey<'de>>()? {
                    keep_unknown(&mut map, &key, &mut fields)?;
                }
                Ok(FieldsOnly(fields))
            }
        }

        deserializer.deserialize_map(FieldsVisitor)
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

    fn with_limit(body: &[u8], limit: usize) -> BodySnippet {
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

/// Reads an error envelope's `result` (or `detail`, or a bare field map) into a kind.
fn classify(
    result: EnvelopeResult<'_, impl Sized>,
    detail: Option<Value>,
    other: serde_json::Map<String, Value>,
) -> ApiErrorKind {
    let value = match result {
        EnvelopeResult::Undecided(raw) => serde_json::from_str(raw.as_str()).unwrap_or(Value::Null),
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
/// came first and said success (the usual order); otherwise its raw text is kept and decided
/// once the whole envelope is read.
struct Envelope<'de, P> {
    status: Option<String>,
    result: EnvelopeResult<'de, P>,
    all_count: Option<u64>,
    detail: Option<Value>,
    other: serde_json::Map<String, Value>,
}

enum EnvelopeResult<'de, P> {
    Success(P),
    Undecided(RawText<'de>),
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

impl<'de, P: DeserializeOwned> Deserialize<'de> for Envelope<'de, P> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EnvelopeVisitor(PhantomData))
    }
}

struct EnvelopeVisitor<P>(PhantomData<P>);

impl<'de, P: DeserializeOwned> Visitor<'de> for EnvelopeVisitor<P> {
    type Value = Envelope<'de, P>;

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
                // Only informs progress: an unreadable count is no count.
                Key::AllCount => {
                    if let Read::Value(count) = map.next_value::<Lenient<'_, u64>>()?.0 {
                        envelope.all_count = Some(count);
                    }
                }
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
