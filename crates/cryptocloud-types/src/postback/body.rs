//! Reading a postback body, JSON or form-encoded, sniffed from the body itself.

use alloc::borrow::Cow;
use alloc::string::{String, ToString};

use percent_encoding::percent_decode;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{Postback, PostbackError};

/// The largest body accepted; a real postback, `invoice_info` included, is a few KiB.
const MAX_BODY_LEN: usize = 256 * 1024;

pub(super) fn parse(body: &[u8]) -> Result<Postback, PostbackError> {
    if body.len() > MAX_BODY_LEN {
        return Err(PostbackError::BodyTooLarge {
            len: body.len(),
            max: MAX_BODY_LEN,
        });
    }
    let fields = match body.trim_ascii_start().first() {
        None => return Err(PostbackError::EmptyBody),
        Some(b'{') => serde_json::from_slice::<Map<String, Value>>(body).map_err(|error| {
            PostbackError::Json {
                reason: error.to_string(),
            }
        })?,
        Some(_) => form_fields(body)?,
    };
    for field in ["invoice_id", "token"] {
        if fields.get(field).is_none_or(Value::is_null) {
            return Err(PostbackError::MissingField { field });
        }
    }
    Postback::deserialize(Value::Object(fields)).map_err(|error| PostbackError::Json {
        reason: error.to_string(),
    })
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
