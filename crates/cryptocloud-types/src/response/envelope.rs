//! The envelope every answer comes in (`status`, `result` or `data`, `all_count`, `detail`), read
//! in one pass, and an error envelope read into an [`ApiErrorKind`].

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::ApiErrorKind;
use crate::operation::Operation;
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

impl<'de, P> Envelope<'de, P> {
    /// Reads the envelope, its `result` with `payload`.
    pub(super) fn read<D, S>(deserializer: D, payload: S) -> Result<Self, D::Error>
    where
        D: Deserializer<'de>,
        S: DeserializeSeed<'de, Value = P>,
    {
        deserializer.deserialize_map(EnvelopeVisitor(payload))
    }
}

/// Reads an operation's payload with [`Operation::read_payload`], given the answer's length.
pub(super) struct PayloadSeed<O> {
    pub(super) body_len: usize,
    pub(super) operation: PhantomData<O>,
}

impl<'de, O: Operation> DeserializeSeed<'de> for PayloadSeed<O> {
    type Value = O::Payload;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<O::Payload, D::Error> {
        O::read_payload(deserializer, self.body_len)
    }
}

struct EnvelopeVisitor<S>(S);

/// The envelope's own keys read so far (`data` counts as `result`, whose old name it is).
#[derive(Default)]
struct Seen {
    status: bool,
    result: bool,
    all_count: bool,
    detail: bool,
}

impl Seen {
    fn first_time<E: de::Error>(&mut self, key: &Key) -> Result<(), E> {
        let (seen, name) = match key {
            Key::Status => (&mut self.status, "status"),
            Key::Result | Key::Data => (&mut self.result, "result"),
            Key::AllCount => (&mut self.all_count, "all_count"),
            Key::Detail => (&mut self.detail, "detail"),
            Key::Other(_) => return Ok(()),
        };
        if core::mem::replace(seen, true) {
            return Err(E::duplicate_field(name));
        }
        Ok(())
    }
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for EnvelopeVisitor<S> {
    type Value = Envelope<'de, S::Value>;

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
        // A key given twice could say "success" to one reader and "error" to another: refused.
        let mut seen = Seen::default();
        // Used once: a second `result` was refused above.
        let mut payload = Some(self.0);
        while let Some(key) = map.next_key::<Key>()? {
            seen.first_time(&key)?;
            match key {
                Key::Status => envelope.status = crate::lenient::option_value(&mut map)?,
                Key::Result | Key::Data => {
                    envelope.result = match payload.take() {
                        Some(payload) if envelope.status.as_deref() == Some("success") => {
                            EnvelopeResult::Success(map.next_value_seed(payload)?)
                        }
                        _ => EnvelopeResult::Undecided(map.next_value()?),
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

#[cfg(test)]
mod tests {
    use crate::{CancelInvoice, CreateInvoice, GetBalance, ResponseError, decode_response};

    #[test]
    fn a_key_given_twice_is_refused_whichever_comes_last() {
        for body in [
            r#"{"status":"success","result":[],"status":"error"}"#,
            r#"{"status":"error","result":[],"status":"success"}"#,
            r#"{"status":"success","result":[],"result":{"validate_error":"no"}}"#,
            r#"{"status":"success","result":[],"data":[]}"#,
            r#"{"status":"success","result":[],"all_count":1,"all_count":2}"#,
            r#"{"status":"success","detail":"a","detail":"b","result":[]}"#,
        ] {
            let error = decode_response::<GetBalance>(200, body.as_bytes()).unwrap_err();
            assert!(
                matches!(&error, ResponseError::Decode { source, .. }
                    if source.to_string().contains("duplicate field")),
                "{body}: {error:?}"
            );
        }
    }

    #[test]
    fn a_duplicate_key_in_an_answer_to_a_create_keeps_it_as_gone_through() {
        let body = br#"{"status":"success","result":{"uuid":"INV-89UX09KA"},"status":"error"}"#;
        let error = decode_response::<CreateInvoice>(200, body).unwrap_err();
        assert!(error.went_through(), "{error:?}");
    }

    #[test]
    fn a_duplicate_key_in_an_error_answer_is_still_an_error() {
        let body = br#"{"status":"error","status":"error","result":"x"}"#;
        let error = decode_response::<CancelInvoice>(400, body).unwrap_err();
        assert!(matches!(error, ResponseError::Api(_)), "{error:?}");
    }
}
