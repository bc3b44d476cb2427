//! Reading a postback body, JSON or form-encoded, sniffed from the body itself, in one pass and
//! without a tree: the token and `invoice_id` must read, every other claim is read leniently and
//! `invoice_info` is kept as text.

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::sync::Arc;
use alloc::vec::Vec;

use percent_encoding::percent_decode;

use super::claims::{ClaimsRead, text_or_json};
use super::json::{Members, Value};
use super::{Postback, PostbackError, PostbackStatus, UnverifiedClaims};
use crate::wire::shorten;
use crate::{CryptoCurrency, InvoiceId};

/// The largest body accepted; a real postback, `invoice_info` included, is a few KiB.
const MAX_BODY_LEN: usize = 256 * 1024;

/// The most top-level fields accepted; a real postback has seven.
const MAX_FIELDS: usize = 64;

/// One top-level field of a body.
struct Field<'a> {
    key: Cow<'a, str>,
    value: Value<'a>,
}

pub(super) fn parse(body: &[u8]) -> Result<Postback, PostbackError> {
    if body.len() > MAX_BODY_LEN {
        return Err(PostbackError::BodyTooLarge {
            len: body.len(),
            max: MAX_BODY_LEN,
        });
    }
    let fields = match body.trim_ascii_start().first() {
        None => return Err(PostbackError::EmptyBody),
        Some(b'{') => json_fields(body)?,
        Some(_) => form_fields(body)?,
    };
    if let Some(repeated) = first_repeated(&fields) {
        return Err(PostbackError::DuplicateField {
            field: shorten(repeated),
        });
    }
    claims(fields)
}

/// The postback the fields make: the token and `invoice_id` must be there and readable; any
/// other claim that cannot be read is kept unread.
fn claims(fields: Vec<Field<'_>>) -> Result<Postback, PostbackError> {
    let (mut token, mut invoice_id) = (None, None);
    let mut claims = ClaimsRead::default();
    for Field { key, value } in fields {
        match &*key {
            "token" => token = Some(value),
            "invoice_id" => invoice_id = Some(value),
            "status" => {
                claims.status = claims.read("status", value, |text| {
                    Some(PostbackStatus::from_wire(text))
                });
            }
            "amount_crypto" => claims.read_amount(value),
            "currency" => {
                claims.currency = claims.read("currency", value, |text| {
                    Some(CryptoCurrency::from_wire(text))
                });
            }
            "order_id" => claims.read_order_id(value),
            "invoice_info" => claims.invoice_info = text_or_json(&value).map(Arc::from),
            _ => {}
        }
    }
    let invoice_id = required(invoice_id, "invoice_id")?;
    let token = required(token, "token")?;
    let Value::Text(token) = token else {
        return Err(not_a_string("token"));
    };
    let Value::Text(invoice_id) = invoice_id else {
        return Err(not_a_string("invoice_id"));
    };
    let invoice_id = InvoiceId::parse(&invoice_id).map_err(|error| PostbackError::Json {
        reason: alloc::format!("`invoice_id`: {error}"),
    })?;
    Ok(Postback {
        token: token.into_owned(),
        claims: UnverifiedClaims {
            invoice_id,
            status: claims.status,
            amount_crypto: claims.amount_crypto,
            currency: claims.currency,
            order_id: claims.order_id,
            invoice_info: claims.invoice_info,
            unread: claims.unread,
        },
    })
}

fn required<'a>(value: Option<Value<'a>>, field: &'static str) -> Result<Value<'a>, PostbackError> {
    value
        .filter(|value| !value.is_null())
        .ok_or(PostbackError::MissingField { field })
}

fn not_a_string(field: &str) -> PostbackError {
    PostbackError::Json {
        reason: alloc::format!("`{field}` is not a string"),
    }
}

/// The members of a JSON body.
fn json_fields(body: &[u8]) -> Result<Vec<Field<'_>>, PostbackError> {
    let text = core::str::from_utf8(body).map_err(|_| PostbackError::Json {
        reason: String::from("the body is not UTF-8 text"),
    })?;
    let mut members = Members::new(text);
    let mut fields = Vec::new();
    while let Some((key, value)) = members.next().map_err(|error| PostbackError::Json {
        reason: error.to_string(),
    })? {
        push(&mut fields, Field { key, value })?;
    }
    Ok(fields)
}

/// `a=1&b=2`, each key and value percent-decoded; text that is not UTF-8 is refused.
fn form_fields(body: &[u8]) -> Result<Vec<Field<'_>>, PostbackError> {
    let text = core::str::from_utf8(body).map_err(|_| PostbackError::NotUtf8 {
        field: String::from("body"),
    })?;
    let mut fields = Vec::new();
    for pair in text
        .trim_ascii_end()
        .split('&')
        .filter(|pair| !pair.is_empty())
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = decode_component(key, "key")?;
        let value = decode_component(value, &key)?;
        push(
            &mut fields,
            Field {
                key,
                value: Value::Text(value),
            },
        )?;
    }
    Ok(fields)
}

/// Form decoding of one key or value: `+` is a space, then percent-escapes, then UTF-8.
fn decode_component<'a>(component: &'a str, field: &str) -> Result<Cow<'a, str>, PostbackError> {
    let not_utf8 = || PostbackError::NotUtf8 {
        field: shorten(field),
    };
    if component.contains('+') {
        let spaced = component.replace('+', " ");
        let decoded = percent_decode(spaced.as_bytes())
            .decode_utf8()
            .map_err(|_| not_utf8())?;
        return Ok(Cow::Owned(decoded.into_owned()));
    }
    percent_decode(component.as_bytes())
        .decode_utf8()
        .map_err(|_| not_utf8())
}

/// The first key, in the body's order, that a field repeats (a classic way to smuggle a second
/// value past a reader that keeps the other one). Compared pairwise: there are at most
/// [`MAX_FIELDS`].
fn first_repeated<'f>(fields: &'f [Field<'_>]) -> Option<&'f str> {
    fields.iter().enumerate().find_map(|(index, field)| {
        let earlier = fields.get(..index).unwrap_or_default();
        earlier
            .iter()
            .any(|other| other.key == field.key)
            .then_some(&*field.key)
    })
}

/// Adds a field, refusing more than [`MAX_FIELDS`].
fn push<'a>(fields: &mut Vec<Field<'a>>, field: Field<'a>) -> Result<(), PostbackError> {
    if fields.len() == MAX_FIELDS {
        return Err(PostbackError::TooManyFields { max: MAX_FIELDS });
    }
    fields.push(field);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text<'v>(fields: &'v [Field<'_>], key: &str) -> Option<&'v str> {
        fields
            .iter()
            .find(|field| field.key == key)
            .map(|field| match &field.value {
                Value::Text(text) => &**text,
                Value::Json(json) => json,
            })
    }

    #[test]
    fn form_decoding() {
        let fields = form_fields(b"a=1+2&b=%7B%22x%22%3A1%7D&c&d=").unwrap();
        assert_eq!(text(&fields, "a"), Some("1 2"));
        assert_eq!(text(&fields, "b"), Some("{\"x\":1}"));
        assert_eq!(text(&fields, "c"), Some(""));
        assert_eq!(text(&fields, "d"), Some(""));
    }

    #[test]
    fn repeated_keys_are_refused_wherever_they_are() {
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
            (r#"{"b":1,"a":1,"b":2,"a":2}"#, "b"),
            ("x=1&y=2&y=3&x=4", "y"),
        ];
        for (body, field) in cases {
            assert_eq!(
                parse(body.as_bytes()).err(),
                Some(PostbackError::DuplicateField {
                    field: field.into()
                }),
                "{body}"
            );
        }
        // A nested repeat is the invoice_info reader's concern, not a top-level smuggle.
        let nested = parse(br#"{"invoice_info":{"a":1,"a":2},"token":"t","invoice_id":"A"}"#);
        assert!(nested.is_ok());
    }

    #[test]
    fn a_long_repeated_key_is_quoted_short() {
        let key = "k".repeat(30_000);
        let body = alloc::format!("{key}=1&{key}=2");
        let Err(PostbackError::DuplicateField { field }) = parse(body.as_bytes()) else {
            panic!("a repeated key is refused")
        };
        assert_eq!(field.chars().count(), 41);
    }

    #[test]
    fn odd_claims_are_kept_unread_and_never_fail_the_body() {
        let body = br#"{"token":"t","invoice_id":"A","order_id":42,"amount_crypto":{"value":1.5},
            "currency":7,"status":["success"]}"#;
        let claims = parse(body).unwrap().claims;
        assert_eq!(claims.order_id.as_deref(), Some("42"));
        assert_eq!(
            (&claims.amount_crypto, &claims.currency, &claims.status),
            (&None, &None, &None)
        );
        let unread: Vec<(&str, &str)> = claims
            .unread()
            .iter()
            .map(|claim| (claim.name(), claim.text()))
            .collect();
        assert_eq!(
            unread,
            [
                ("amount_crypto", r#"{"value":1.5}"#),
                ("currency", "7"),
                ("status", r#"["success"]"#)
            ]
        );
        let form = parse(b"token=t&invoice_id=A&amount_crypto=1%2C5&status=None").unwrap();
        assert_eq!(form.claims.amount_crypto, None);
        assert_eq!(form.claims.status, None);
        assert_eq!(form.claims.unread()[0].text(), "1,5");
    }

    #[test]
    fn amounts_are_read_exactly_from_their_digits() {
        for (json, exact) in [
            ("0.30000000000000004", "0.30000000000000004"),
            ("\"103.3\"", "103.3"),
            ("4.500000159168849e-06", "0.000004500000159168849"),
            ("1e-28", "0.0000000000000000000000000001"),
        ] {
            let body = alloc::format!(r#"{{"token":"t","invoice_id":"A","amount_crypto":{json}}}"#);
            let amount = parse(body.as_bytes()).unwrap().claims.amount_crypto;
            assert_eq!(
                amount.map(|a| a.to_string()).as_deref(),
                Some(exact),
                "{json}"
            );
        }
        // Beyond the exact range: not an amount, as everywhere else.
        let body = br#"{"token":"t","invoice_id":"A","amount_crypto":1e29}"#;
        let claims = parse(body).unwrap().claims;
        assert_eq!(claims.amount_crypto, None);
        assert_eq!(claims.unread()[0].text(), "1e29");
    }

    #[test]
    fn invoice_info_is_kept_as_its_text() {
        let info = |json: &str| {
            let body = alloc::format!(r#"{{"token":"t","invoice_id":"A","invoice_info":{json}}}"#);
            parse(body.as_bytes()).unwrap().claims.invoice_info
        };
        assert_eq!(info("null"), None);
        assert_eq!(info(r#""None""#), None);
        assert_eq!(info(r#""""#), None);
        assert_eq!(info(r#"{"uuid": 7}"#).as_deref(), Some(r#"{"uuid": 7}"#));
        assert_eq!(
            info(r#""{\"uuid\": tru""#).as_deref(),
            Some(r#"{"uuid": tru"#)
        );
    }

    #[test]
    fn refusals() {
        assert_eq!(
            parse(b"a=%FF"),
            Err(PostbackError::NotUtf8 { field: "a".into() })
        );
        assert_eq!(
            parse(b"a=\xff"),
            Err(PostbackError::NotUtf8 {
                field: "body".into()
            })
        );
        assert_eq!(parse(b"  \n"), Err(PostbackError::EmptyBody));
        let many: Vec<String> = (0..=MAX_FIELDS).map(|n| alloc::format!("k{n}=1")).collect();
        assert_eq!(
            parse(many.join("&").as_bytes()),
            Err(PostbackError::TooManyFields { max: MAX_FIELDS })
        );
        assert!(
            parse(many[1..].join("&").as_bytes())
                .is_err_and(|error| matches!(error, PostbackError::MissingField { .. }))
        );
        assert_eq!(
            parse(br#"{"token":"t","invoice_id":null}"#),
            Err(PostbackError::MissingField {
                field: "invoice_id"
            })
        );
        assert!(matches!(
            parse(br#"{"token":"t","invoice_id":"A","x":[1,]}"#),
            Err(PostbackError::Json { .. })
        ));
    }
}
