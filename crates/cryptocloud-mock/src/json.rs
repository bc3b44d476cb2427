//! The server's own JSON: objects keep the order they are written in (the API's order, not
//! sorted), and numbers print as the API's Python prints them, so that what goes on the wire is
//! decided here and nowhere else.

use std::fmt::Write;

use rust_decimal::Decimal;

/// A JSON value as the server writes it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    /// An integer literal (`0`, `13`).
    Int(i64),
    /// A Python float: printed as `repr(float)` does (`100.0`, `1.5e-06`).
    Float(f64),
    /// A float printed in exponent form even where Python would not (`8.048e-01`): a quirk.
    Exponent(f64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// An object from `(key, value)` pairs, in that order.
    pub(crate) fn object<const N: usize>(fields: [(&str, Json); N]) -> Json {
        Json::Object(
            fields
                .into_iter()
                .map(|(key, value)| (key.to_owned(), value))
                .collect(),
        )
    }

    /// A string.
    pub(crate) fn str(text: impl Into<String>) -> Json {
        Json::Str(text.into())
    }

    /// Money as the API writes it: the nearest double, a Python float.
    pub(crate) fn money(amount: Decimal) -> Json {
        Json::Float(to_double(amount))
    }

    /// A string, or `null` when absent.
    pub(crate) fn opt_str(text: Option<&str>) -> Json {
        text.map_or(Json::Null, Json::str)
    }

    /// The value under `key` of an object.
    #[cfg(test)]
    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(fields) => fields
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// The value under `key` of an object, to change.
    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        match self {
            Json::Object(fields) => fields
                .iter_mut()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// Compact, as Django REST Framework renders answers: `{"a":1,"b":[2,3]}`, UTF-8 as is.
    pub(crate) fn compact(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Style::Compact);
        out
    }

    /// As Python's `json.dumps` writes by default (how postbacks are sent):
    /// `{"a": 1, "b": [2, 3]}`, non-ASCII escaped as `\uXXXX`.
    pub(crate) fn python(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Style::Python);
        out
    }

    /// The same value for `serde_json` users (key order is then theirs).
    pub(crate) fn to_value(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Json::Null => Value::Null,
            Json::Bool(flag) => Value::Bool(*flag),
            Json::Int(number) => Value::from(*number),
            Json::Float(number) | Json::Exponent(number) => Value::from(*number),
            Json::Str(text) => Value::from(text.as_str()),
            Json::Array(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            Json::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(key, value)| (key.clone(), value.to_value()))
                    .collect(),
            ),
        }
    }

    fn write(&self, out: &mut String, style: Style) {
        let (comma, colon) = match style {
            Style::Compact => (",", ":"),
            Style::Python => (", ", ": "),
        };
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
            Json::Int(number) => {
                let _ = write!(out, "{number}");
            }
            Json::Float(number) => out.push_str(&python_repr(*number)),
            Json::Exponent(number) => out.push_str(&exponent_form(*number)),
            Json::Str(text) => write_string(out, text, style),
            Json::Array(items) => {
                out.push('[');
                for (position, item) in items.iter().enumerate() {
                    if position > 0 {
                        out.push_str(comma);
                    }
                    item.write(out, style);
                }
                out.push(']');
            }
            Json::Object(fields) => {
                out.push('{');
                for (position, (key, value)) in fields.iter().enumerate() {
                    if position > 0 {
                        out.push_str(comma);
                    }
                    write_string(out, key, style);
                    out.push_str(colon);
                    value.write(out, style);
                }
                out.push('}');
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Style {
    Compact,
    Python,
}

fn write_string(out: &mut String, text: &str, style: Style) {
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            control if u32::from(control) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(control));
            }
            other if matches!(style, Style::Python) && !other.is_ascii() => {
                let mut units = [0u16; 2];
                for unit in other.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
            other => out.push(other),
        }
    }
    out.push('"');
}

/// The nearest double to an exact amount (what a Python server holds in a float).
pub(crate) fn to_double(amount: Decimal) -> f64 {
    // Rust's float parsing rounds correctly, so this is the nearest double, with no arithmetic.
    amount.to_string().parse().unwrap_or(0.0)
}

/// The shortest digits that round-trip, and the decimal exponent of the first digit.
fn shortest(number: f64) -> (String, i32) {
    // `{:e}` prints the shortest round-trip digits: `1.499999996212864e-6`.
    let printed = format!("{:e}", number.abs());
    let (mantissa, exponent) = printed.split_once('e').unwrap_or((&printed, "0"));
    (mantissa.replace('.', ""), exponent.parse().unwrap_or(0))
}

/// `repr(float)` in Python 3: fixed notation for exponents -4 to 15, else `d.ddde±XX`.
pub(crate) fn python_repr(number: f64) -> String {
    if !number.is_finite() {
        // json.dumps would write NaN/Infinity; the API never sends them, nor does this server.
        return String::from("0.0");
    }
    let sign = if number.is_sign_negative() && number != 0.0 {
        "-"
    } else {
        ""
    };
    if number == 0.0 {
        return format!("{sign}0.0");
    }
    let (digits, exponent) = shortest(number);
    if (-4..16).contains(&exponent) {
        let count = digits.len() as i32;
        let text = if exponent < 0 {
            format!("0.{}{digits}", "0".repeat((-exponent - 1) as usize))
        } else if exponent + 1 >= count {
            format!("{digits}{}.0", "0".repeat((exponent + 1 - count) as usize))
        } else {
            let (whole, fraction) = digits.split_at((exponent + 1) as usize);
            format!("{whole}.{fraction}")
        };
        format!("{sign}{text}")
    } else {
        format!("{sign}{}", exponent_digits(&digits, exponent))
    }
}

/// Always `d.ddde±XX`, as Python's `repr` writes large and tiny floats.
fn exponent_form(number: f64) -> String {
    if !number.is_finite() || number == 0.0 {
        return String::from("0e+00");
    }
    let sign = if number < 0.0 { "-" } else { "" };
    let (digits, exponent) = shortest(number);
    format!("{sign}{}", exponent_digits(&digits, exponent))
}

fn exponent_digits(digits: &str, exponent: i32) -> String {
    let (first, rest) = digits.split_at(1);
    let mantissa = if rest.is_empty() {
        first.to_owned()
    } else {
        format!("{first}.{rest}")
    };
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exponent.abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_python_repr() {
        for (number, expected) in [
            (100.0, "100.0"),
            (0.0, "0.0"),
            (0.8048, "0.8048"),
            (1.499999996212864e-06, "1.499999996212864e-06"),
            (4.500000159168849e-06, "4.500000159168849e-06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (123.456, "123.456"),
            (-2.5, "-2.5"),
            (1.2345678901234568e17, "1.2345678901234568e+17"),
        ] {
            assert_eq!(python_repr(number), expected, "{number:e}");
        }
        assert_eq!(exponent_form(0.8048), "8.048e-01");
        assert_eq!(exponent_form(100.0), "1e+02");
    }

    #[test]
    fn objects_keep_their_order_in_both_styles() {
        let value = Json::object([
            ("b", Json::Int(1)),
            ("a", Json::Array(vec![Json::Float(2.0), Json::str("é\"")])),
        ]);
        assert_eq!(value.compact(), r#"{"b":1,"a":[2.0,"é\""]}"#);
        assert_eq!(value.python(), r#"{"b": 1, "a": [2.0, "\u00e9\""]}"#);
    }
}
