//! Reading a postback body, JSON or form-encoded, sniffed from the body itself.

use alloc::borrow::Cow;
use alloc::borrow::ToOwned;
use alloc::boxed::Box;
use alloc::string::{String, ToString};
use core::fmt;

use percent_encoding::percent_decode;
use serde::de::{self, IgnoredAny, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::{InvoiceInfo, Postback, PostbackError, PostbackStatus, UnverifiedClaims};
use crate::{CryptoCurrency, Invoice, InvoiceId, Money, lenient};

/// The largest body accepted; a real postback, `invoice_info` included, is a few KiB.
const MAX_BODY_LEN: usize = 256 * 1024;

pub(super) fn parse(body: &[u8]) -> Result<Postback, PostbackError> {
    if body.len() > MAX_BODY_LEN {
        return Err(PostbackError::BodyTooLarge {
            len: body.len(),
            max: MAX_BODY_LEN,
        });
    }
    let (fields, invoice_info) = match body.trim_ascii_start().first() {
        None => return Err(PostbackError::EmptyBody),
        Some(b'{') => json_fields(body)?,
        Some(_) => {
            let mut fields = form_fields(body)?;
            let info = match fields.remove("invoice_info") {
                Some(Value::String(text)) => Some(InfoSource::Text(text)),
                _ => None,
            };
            (fields, info)
        }
    };
    for field in ["invoice_id", "token"] {
        if fields.get(field).is_none_or(Value::is_null) {
            return Err(PostbackError::MissingField { field });
        }
    }
    let wire =
        WireFields::deserialize(Value::Object(fields)).map_err(|error| PostbackError::Json {
            reason: error.to_string(),
        })?;
    Ok(Postback {
        token: wire.token,
        claims: UnverifiedClaims {
            invoice_id: wire.invoice_id,
            status: wire.status,
            amount_crypto: wire.amount_crypto,
            currency: wire.currency,
            order_id: wire.order_id,
            invoice_info: invoice_info.and_then(InfoSource::read),
        },
    })
}

/// The fields of a body besides `invoice_info`.
#[derive(Deserialize)]
struct WireFields {
    token: String,
    invoice_id: InvoiceId,
    #[serde(default, deserialize_with = "lenient::option")]
    status: Option<PostbackStatus>,
    #[serde(default, deserialize_with = "lenient::option")]
    amount_crypto: Option<Money>,
    #[serde(default, deserialize_with = "lenient::option")]
    currency: Option<CryptoCurrency>,
    #[serde(default, deserialize_with = "lenient::option")]
    order_id: Option<String>,
}

/// `invoice_info` as it arrived, read apart from the rest so that a shape this crate does not know
/// never fails a genuine postback.
enum InfoSource {
    /// The JSON value of a JSON body (an object, or a string holding one), exactly as sent.
    Json(Box<RawValue>),
    /// The text of a form field.
    Text(String),
}

impl InfoSource {
    /// The claim: `None` when absent (`null`, `""`, `"None"`), else parsed or kept as text.
    fn read(self) -> Option<InvoiceInfo> {
        let (read, text) = match self {
            InfoSource::Json(raw) => {
                let mut json = serde_json::Deserializer::from_str(raw.get());
                let read = lenient::json_or_json_string::<_, Invoice>(&mut json);
                let text = serde_json::from_str::<String>(raw.get())
                    .unwrap_or_else(|_| raw.get().to_owned());
                (read, text)
            }
            InfoSource::Text(text) => {
                let field: de::value::StrDeserializer<'_, serde_json::Error> =
                    text.as_str().into_deserializer();
                (lenient::json_or_json_string::<_, Invoice>(field), text)
            }
        };
        match read {
            Ok(None) => None,
            Ok(Some(invoice)) => Some(InvoiceInfo::Parsed(Box::new(invoice))),
            Err(error) => Some(InvoiceInfo::Unparsed {
                text,
                reason: error.to_string(),
            }),
        }
    }
}

/// A JSON body's top-level fields, refusing a repeated key (as forms do): which of two values a
/// reader picks differs between readers, so a repeated key is a way to smuggle a second value.
fn json_fields(body: &[u8]) -> Result<(Map<String, Value>, Option<InfoSource>), PostbackError> {
    let fields: JsonFields = serde_json::from_slice(body).map_err(|error| PostbackError::Json {
        reason: error.to_string(),
    })?;
    match fields.repeated {
        Some(field) => Err(PostbackError::DuplicateField {
            field: crate::wire::shorten(&field),
        }),
        None => Ok((fields.fields, fields.invoice_info.map(InfoSource::Json))),
    }
}

struct JsonFields {
    fields: Map<String, Value>,
    invoice_info: Option<Box<RawValue>>,
    /// The first key seen twice; the rest of the object is still read so that a JSON error
    /// after it is not hidden.
    repeated: Option<String>,
}

impl<'de> Deserialize<'de> for JsonFields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(JsonFieldsVisitor)
    }
}

struct JsonFieldsVisitor;

impl<'de> Visitor<'de> for JsonFieldsVisitor {
    type Value = JsonFields;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonFields, A::Error> {
        let mut out = JsonFields {
            fields: Map::new(),
            invoice_info: None,
            repeated: None,
        };
        while let Some(key) = map.next_key::<String>()? {
            let seen = if key == "invoice_info" {
                out.invoice_info.is_some()
            } else {
                out.fields.contains_key(&key)
            };
            if seen {
                map.next_value::<IgnoredAny>()?;
                out.repeated.get_or_insert(key);
            } else if key == "invoice_info" {
                out.invoice_info = Some(map.next_value()?);
            } else {
                let value = map.next_value()?;
                out.fields.insert(key, value);
            }
        }
        Ok(out)
    }
}

/// `a=1&b=2` into a JSON object of strings, refusing repeated keys and text that is not UTF-8.
fn form_fields(body: &[u8]) -> Result<Map<String, Value>, PostbackError> {
    let text = core::str::from_utf8(body).map_err(|_| PostbackError::NotUtf8 {
        field: String::from("body"),
    })?;
    let mut fields = Map::new();
    for pair in text
        .trim_ascii_end()
        .split('&')
        .filter(|pair| !pair.is_empty())
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = decode_component(key, "key")?;
        let value = decode_component(value, &key)?;
        if fields.contains_key(&key) {
            return Err(PostbackError::DuplicateField { field: key });
        }
        fields.insert(key, Value::String(value));
    }
    Ok(fields)
}

/// Form decoding of one key or value: `+` is a space, then percent-escapes, then UTF-8.
fn decode_component(component: &str, field: &str) -> Result<String, PostbackError> {
    let spaced: Cow<'_, str> = if component.contains('+') {
        Cow::Owned(component.replace('+', " "))
    } else {
        Cow::Borrowed(component)
    };
    percent_decode(spaced.as_bytes())
        .decode_utf8()
        .map(Cow::into_owned)
        .map_err(|_| PostbackError::NotUtf8 {
            field: crate::wire::shorten(field),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_decoding() {
        let fields = form_fields(b"a=1+2&b=%7B%22x%22%3A1%7D&c&d=").unwrap();
        assert_eq!(fields["a"], "1 2");
        assert_eq!(fields["b"], "{\"x\":1}");
        assert_eq!(fields["c"], "");
        assert_eq!(fields["d"], "");
    }

    #[test]
    fn json_refuses_repeated_keys_wherever_they_are() {
        let cases = [
            (
                r#"{"invoice_id":"A","token":"t","invoice_id":"B"}"#,
                "invoice_id",
            ),
            (
                r#"{"token":"t","invoice_info":{},"invoice_info":"x"}"#,
                "invoice_info",
            ),
            (r#"{"invoice\u005fid":"A","invoice_id":"B"}"#, "invoice_id"),
        ];
        for (body, field) in cases {
            assert_eq!(
                json_fields(body.as_bytes()).err(),
                Some(PostbackError::DuplicateField {
                    field: field.into()
                }),
                "{body}"
            );
        }
        // A nested repeat is the invoice_info reader's concern, not a top-level smuggle.
        assert!(json_fields(br#"{"invoice_info":{"a":1,"a":2},"token":"t"}"#).is_ok());
    }

    #[test]
    fn invoice_info_keeps_its_text_when_it_cannot_be_read() {
        let read = |json: &str| {
            InfoSource::Json(serde_json::from_str::<Box<RawValue>>(json).unwrap()).read()
        };
        assert_eq!(read("null"), None);
        assert_eq!(read(r#""None""#), None);
        let Some(InvoiceInfo::Unparsed { text, reason }) = read(r#"{"uuid": 7}"#) else {
            panic!("an object with a numeric uuid is not an invoice")
        };
        assert_eq!(text, r#"{"uuid": 7}"#);
        assert!(!reason.is_empty(), "the reason is kept");
        let Some(InvoiceInfo::Unparsed { text, .. }) = read(r#""{\"uuid\": tru""#) else {
            panic!("a string holding broken JSON is kept")
        };
        assert_eq!(text, r#"{"uuid": tru"#);
        let form = InfoSource::Text("[1, 2]".into()).read();
        assert!(matches!(form, Some(InvoiceInfo::Unparsed { text, .. }) if text == "[1, 2]"));
        assert_eq!(InfoSource::Text(String::new()).read(), None);
    }

    #[test]
    fn form_refusals() {
        assert_eq!(
            form_fields(b"a=1&a=2"),
            Err(PostbackError::DuplicateField { field: "a".into() })
        );
        assert_eq!(
            form_fields(b"a=%FF"),
            Err(PostbackError::NotUtf8 { field: "a".into() })
        );
        assert_eq!(
            form_fields(b"a=\xff"),
            Err(PostbackError::NotUtf8 {
                field: "body".into()
            })
        );
        assert_eq!(parse(b"  \n"), Err(PostbackError::EmptyBody));
    }
}
