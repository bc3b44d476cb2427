//! The envelope every answer comes in (`status`, `result` or `data`, `all_count`, `detail`), read
//! in one pass, and an error envelope read into an [`ApiErrorKind`].

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use serde::de::{DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::ApiErrorKind;
use crate::wire::model::{Lenient, Read};
use crate::wire::raw::RawText;

/// Reads an error envelope's `result` (or `detail`, or a bare field map) into a kind.
pub(super) fn classify(
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
pub(super) struct Envelope<'de, P> {
    pub(super) status: Option<String>,
    pub(super) result: EnvelopeResult<'de, P>,
    pub(super) all_count: Option<u64>,
    pub(super) detail: Option<Value>,
    pub(super) other: serde_json::Map<String, Value>,
}

pub(super) enum EnvelopeResult<'de, P> {
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
