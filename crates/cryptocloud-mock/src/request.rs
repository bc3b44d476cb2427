//! Reading a request as the real server (Django REST Framework) does: the parser is chosen by
//! `Content-Type` (JSON or `application/x-www-form-urlencoded`), the key comes from
//! `Authorization: Token …`, and refusals use DRF's and CryptoCloud's wording.

use http::HeaderMap;
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use serde_json::{Map, Value};

use crate::answer::Answer;
use crate::json::Json;
use crate::wire;

/// A request's fields, whichever way they came.
pub(crate) type Fields = Map<String, Value>;

/// The refusal for a missing, malformed or wrong key, if any.
pub(crate) fn authenticate(headers: &HeaderMap, expected: &str) -> Option<Answer> {
    let Some(header) = headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
    else {
        let refusal = Json::object([("authorization", Json::str("Unauthorized request."))]);
        return Some(Answer::json(400, &wire::error(refusal)));
    };
    let token = header.strip_prefix("Token ").unwrap_or_default().trim();
    if token.split('.').count() != 3 {
        return Some(detail(401, "Invalid header padding"));
    }
    (token != expected).then(|| detail(403, "Signature verification failed"))
}

/// `{"detail": …}`, DRF's envelope for refusals before a view runs.
pub(crate) fn detail(status: u16, message: &str) -> Answer {
    Answer::json(status, &Json::object([("detail", Json::str(message))]))
}

/// The body's fields, parsed as its `Content-Type` says.
pub(crate) fn parse_body(headers: &HeaderMap, body: &[u8]) -> Result<Fields, Answer> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Fields::new());
    }
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match media_type.as_str() {
        "application/json" => parse_json(body),
        "application/x-www-form-urlencoded" => Ok(parse_form(body)),
        _ => Err(detail(
            415,
            &format!("Unsupported media type \"{content_type}\" in request."),
        )),
    }
}

fn parse_json(body: &[u8]) -> Result<Fields, Answer> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(fields)) => Ok(fields),
        Ok(other) => {
            let kind = match other {
                Value::Array(_) => "list",
                Value::String(_) => "str",
                Value::Number(number) if number.is_f64() => "float",
                Value::Number(_) => "int",
                Value::Bool(_) => "bool",
                _ => "NoneType",
            };
            let message = format!("Invalid data. Expected a dictionary, but got {kind}.");
            let errors =
                Json::object([("non_field_errors", Json::Array(vec![Json::Str(message)]))]);
            Err(Answer::json(400, &wire::error(errors)))
        }
        Err(error) => Err(detail(
            400,
            &format!("JSON parse error - {}", python_json_error(body, &error)),
        )),
    }
}

/// Python's `json` wording for where parsing stopped: `Expecting value: line 1 column 1 (char 0)`.
fn python_json_error(body: &[u8], error: &serde_json::Error) -> String {
    let start = body
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .unwrap_or(0);
    let rest = &body[start..];
    let starts_a_value = matches!(rest.first(), Some(b'{' | b'[' | b'"' | b'-' | b'0'..=b'9'))
        || [&b"true"[..], b"false", b"null"]
            .iter()
            .any(|word| rest.starts_with(word));
    let offset = if starts_a_value {
        let line = error.line().max(1);
        body.split(|&byte| byte == b'\n')
            .take(line - 1)
            .map(|line| line.len() + 1)
            .sum::<usize>()
            + error.column().max(1)
            - 1
    } else {
        start
    };
    let offset = offset.min(body.len());
    let before = &body[..offset];
    let line = before.iter().filter(|&&byte| byte == b'\n').count() + 1;
    let column = offset
        - before
            .iter()
            .rposition(|&byte| byte == b'\n')
            .map_or(0, |at| at + 1)
        + 1;
    format!("Expecting value: line {line} column {column} (char {offset})")
}

/// Form fields: the last value of a repeated key wins (DRF's `QueryDict.get`), except `uuids`,
/// which collects every value.
fn parse_form(body: &[u8]) -> Fields {
    let mut fields = Fields::new();
    for pair in body
        .split(|&byte| byte == b'&')
        .filter(|pair| !pair.is_empty())
    {
        let (key, value) = match pair.iter().position(|&byte| byte == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &pair[pair.len()..]),
        };
        let (key, value) = (decode_component(key), decode_component(value));
        let key = key.strip_suffix("[]").map(str::to_owned).unwrap_or(key);
        if key == "uuids" {
            let list = fields
                .entry(key)
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(items) = list {
                items.push(Value::String(value));
            }
        } else {
            fields.insert(key, Value::String(value));
        }
    }
    fields
}

fn decode_component(raw: &[u8]) -> String {
    let spaced: Vec<u8> = raw
        .iter()
        .map(|&byte| if byte == b'+' { b' ' } else { byte })
        .collect();
    percent_encoding::percent_decode(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode_like_a_query_dict() {
        let fields = parse_form(
            b"shop_id=Shop+1&amount=10.5&uuids=INV-A&uuids=B&x=%7B%22a%22%3A1%7D&x=last",
        );
        assert_eq!(fields["shop_id"], "Shop 1");
        assert_eq!(fields["amount"], "10.5");
        assert_eq!(fields["uuids"], serde_json::json!(["INV-A", "B"]));
        assert_eq!(fields["x"], "last");
    }

    #[test]
    fn json_errors_read_like_pythons() {
        let answer = parse_json(b"").unwrap_err();
        assert_eq!(answer.status, 400);
        let answer = parse_json(b"nope").unwrap_err();
        assert_eq!(
            String::from_utf8(answer.body).unwrap(),
            r#"{"detail":"JSON parse error - Expecting value: line 1 column 1 (char 0)"}"#
        );
    }
}
