//! Reading one scalar, accepting the spellings the server has been seen to use: booleans as
//! `0`/`1`/`"true"`/`"false"`, counts and ids as numeric strings or as whole floats (`3.0`),
//! strings as numbers, and `null`, `""` or `"None"` for "no value". Amounts are read from their
//! raw text instead (see `money.rs`), so that no digit goes through a double.

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::wire::raw::RawText;
use crate::{InvoiceId, StaticWalletId, Timestamp};

/// The outcome of reading one value.
pub(crate) enum Parsed<T> {
    /// The value.
    Value(T),
    /// `null`, `""` or `"None"`: no value, nothing to keep.
    Absent,
    /// A shape this type does not read; the caller keeps the raw text.
    Unexpected,
}

/// One value as the deserializer showed it: strings borrowed from the body when they have no
/// escapes, objects and lists as raw text.
pub(crate) enum Seen<'de> {
    Absent,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text(Cow<'de, str>),
    Composite(RawText<'de>),
}

impl<'de> Seen<'de> {
    /// Reads the next value.
    pub(crate) fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Seen<'de>, D::Error> {
        deserializer.deserialize_any(SeenVisitor)
    }

    /// The value's JSON text, to keep when it is unexpected.
    #[cold]
    #[inline(never)]
    pub(crate) fn into_raw(self) -> RawText<'de> {
        match self {
            Seen::Composite(raw) => raw,
            Seen::Absent => RawText::from_value(Value::Null),
            Seen::Bool(value) => RawText::from_value(Value::Bool(value)),
            Seen::Unsigned(value) => RawText::from_value(Value::from(value)),
            Seen::Signed(value) => RawText::from_value(Value::from(value)),
            Seen::Float(value) => RawText::from_value(Value::from(value)),
            Seen::Text(text) => RawText::from_value(Value::String(text.into_owned())),
        }
    }

    /// A number or a numeric string, read by `parse`.
    fn numeric<T>(&self, parse: impl FnOnce(&str) -> Option<T>) -> Parsed<T> {
        let parsed = match self {
            Seen::Absent => return Parsed::Absent,
            Seen::Unsigned(value) => parse(&value.to_string()),
            Seen::Signed(value) => parse(&value.to_string()),
            Seen::Float(value) => parse(&Value::from(*value).to_string()),
            Seen::Text(text) => parse(text.trim()),
            Seen::Bool(_) | Seen::Composite(_) => None,
        };
        parsed.map_or(Parsed::Unexpected, Parsed::Value)
    }

    /// A string read by `parse`; numbers count as their text (`"order_id": 1111`).
    fn textual<T>(&self, parse: impl FnOnce(&str) -> Option<T>) -> Parsed<T> {
        let parsed = match self {
            Seen::Absent => return Parsed::Absent,
            Seen::Text(text) => parse(text),
            Seen::Unsigned(_) | Seen::Signed(_) | Seen::Float(_) => {
                self.number_text().and_then(|text| parse(&text))
            }
            Seen::Bool(_) | Seen::Composite(_) => None,
        };
        parsed.map_or(Parsed::Unexpected, Parsed::Value)
    }

    fn number_text(&self) -> Option<String> {
        match self {
            Seen::Unsigned(value) => Some(value.to_string()),
            Seen::Signed(value) => Some(value.to_string()),
            Seen::Float(value) => Some(Value::from(*value).to_string()),
            _ => None,
        }
    }
}

struct SeenVisitor;

impl<'de> Visitor<'de> for SeenVisitor {
    type Value = Seen<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Seen<'de>, E> {
        Ok(Seen::Bool(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Seen<'de>, E> {
        Ok(Seen::Unsigned(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Seen<'de>, E> {
        Ok(Seen::Signed(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Seen<'de>, E> {
        Ok(Seen::Float(value))
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Seen<'de>, E> {
        Ok(text(Cow::Borrowed(value)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Seen<'de>, E> {
        Ok(text(Cow::Owned(String::from(value))))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Seen<'de>, E> {
        Ok(text(Cow::Owned(value)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Seen<'de>, E> {
        Ok(Seen::Absent)
    }

    fn visit_none<E: de::Error>(self) -> Result<Seen<'de>, E> {
        Ok(Seen::Absent)
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Seen<'de>, D::Error> {
        Seen::read(inner)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Seen<'de>, A::Error> {
        Value::deserialize(de::value::SeqAccessDeserializer::new(seq))
            .map(|value| Seen::Composite(RawText::from_value(value)))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Seen<'de>, A::Error> {
        RawText::deserialize(de::value::MapAccessDeserializer::new(map)).map(Seen::Composite)
    }
}

fn text(text: Cow<'_, str>) -> Seen<'_> {
    if crate::lenient::is_absent(&text) {
        Seen::Absent
    } else {
        Seen::Text(text)
    }
}

/// A type read from one [`Seen`] value.
pub(crate) trait FromSeen: Sized {
    fn from_seen(seen: &Seen<'_>) -> Parsed<Self>;
}

/// A whole number, also written with a zero fraction (`3.0`, as Python prints floats).
fn whole<T: core::str::FromStr>(text: &str) -> Option<T> {
    let integral = match text.split_once('.') {
        Some((integral, fraction)) if fraction.bytes().all(|b| b == b'0') => integral,
        Some(_) => return None,
        None => text,
    };
    integral.parse().ok()
}

impl FromSeen for String {
    fn from_seen(seen: &Seen<'_>) -> Parsed<Self> {
        seen.textual(|text| Some(String::from(text)))
    }
}

impl FromSeen for bool {
    fn from_seen(seen: &Seen<'_>) -> Parsed<Self> {
        let parsed = match seen {
            Seen::Absent => return Parsed::Absent,
            Seen::Bool(value) => Some(*value),
            Seen::Unsigned(0) => Some(false),
            Seen::Unsigned(1) => Some(true),
            Seen::Text(text) => match text.trim() {
                "0" => Some(false),
                "1" => Some(true),
                word if word.eq_ignore_ascii_case("true") => Some(true),
                word if word.eq_ignore_ascii_case("false") => Some(false),
                _ => None,
            },
            _ => None,
        };
        parsed.map_or(Parsed::Unexpected, Parsed::Value)
    }
}

impl FromSeen for u64 {
    fn from_seen(seen: &Seen<'_>) -> Parsed<Self> {
        match seen {
            Seen::Unsigned(value) => Parsed::Value(*value),
            _ => seen.numeric(whole),
        }
    }
}

impl FromSeen for i64 {
    fn from_seen(seen: &Seen<'_>) -> Parsed<Self> {
        match seen {
            Seen::Signed(value) => Parsed::Value(*value),
            Seen::Unsigned(value) => {
                i64::try_from(*value).map_or(Parsed::Unexpected, Parsed::Value)
            }
            _ => seen.numeric(whole),
        }
    }
}

impl FromSeen for Timestamp {
    fn from_seen(seen: &Seen<'_>) -> Parsed<Self> {
        match seen {
            Seen::Absent => Parsed::Absent,
            Seen::Text(text) => text.parse().map_or(Parsed::Unexpected, Parsed::Value),
            _ => Parsed::Unexpected,
        }
    }
}

impl FromSeen for InvoiceId {
    fn from_seen(seen: &Seen<'_>) -> Parsed<Self> {
        seen.textual(|text| InvoiceId::parse(text).ok())
    }
}

impl FromSeen for StaticWalletId {
    fn from_seen(seen: &Seen<'_>) -> Parsed<Self> {
        seen.textual(|text| StaticWalletId::parse(text).ok())
    }
}

/// A list; `"None"` or `""` in place of the list reads as absent, as do such entries. A list
/// with an entry of an unexpected shape is unexpected as a whole, so its raw text is kept entire.
impl<T: FromSeen> FromSeen for Vec<T> {
    fn from_seen(seen: &Seen<'_>) -> Parsed<Self> {
        let raw = match seen {
            Seen::Absent => return Parsed::Absent,
            Seen::Composite(raw) if raw.as_str().starts_with('[') => raw,
            _ => return Parsed::Unexpected,
        };
        let Ok(entries) = serde_json::from_str::<Vec<Value>>(raw.as_str()) else {
            return Parsed::Unexpected;
        };
        let mut list = Vec::with_capacity(entries.len());
        for entry in entries {
            let Ok(entry) = Seen::read(entry) else {
                return Parsed::Unexpected;
            };
            match T::from_seen(&entry) {
                Parsed::Value(value) => list.push(value),
                Parsed::Absent => {}
                Parsed::Unexpected => return Parsed::Unexpected,
            }
        }
        Parsed::Value(list)
    }
}

/// Open enums: any string is a value (unknown ones land in `Other`).
pub(crate) fn open_enum<T>(seen: &Seen<'_>, from_wire: fn(&str) -> T) -> Parsed<T> {
    match seen {
        Seen::Absent => Parsed::Absent,
        Seen::Text(text) => Parsed::Value(from_wire(text)),
        _ => Parsed::Unexpected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T: FromSeen>(json: &str) -> Option<Option<T>> {
        let seen = Seen::read(&mut serde_json::Deserializer::from_str(json)).unwrap();
        match T::from_seen(&seen) {
            Parsed::Value(value) => Some(Some(value)),
            Parsed::Absent => Some(None),
            Parsed::Unexpected => None,
        }
    }

    #[test]
    fn booleans_in_every_spelling() {
        for (json, expected) in [
            ("true", Some(Some(true))),
            ("false", Some(Some(false))),
            ("1", Some(Some(true))),
            ("0", Some(Some(false))),
            (r#""true""#, Some(Some(true))),
            (r#""False""#, Some(Some(false))),
            (r#""1""#, Some(Some(true))),
            ("null", Some(None)),
            (r#""None""#, Some(None)),
            ("2", None),
            (r#""yes""#, None),
            ("[]", None),
        ] {
            assert_eq!(read::<bool>(json), expected, "{json}");
        }
    }

    #[test]
    fn whole_numbers_in_every_spelling() {
        for (json, expected) in [
            ("3", Some(Some(3))),
            (r#""3""#, Some(Some(3))),
            ("3.0", Some(Some(3))),
            (r#"" 3.00 ""#, Some(Some(3))),
            ("-1", None),
            ("3.5", None),
            (r#""three""#, None),
            ("true", None),
            ("\"\"", Some(None)),
        ] {
            assert_eq!(read::<u64>(json), expected, "{json}");
        }
        assert_eq!(read::<i64>("-1"), Some(Some(-1)));
    }

    #[test]
    fn strings_take_numbers_as_their_text_and_unescape() {
        assert_eq!(read::<String>("1111"), Some(Some("1111".into())));
        assert_eq!(read::<String>(r#""\u041c\"x""#), Some(Some("М\"x".into())));
        assert_eq!(read::<String>("false"), None);
        assert_eq!(read::<String>(r#"{"a":1}"#), None);
    }

    #[test]
    fn lists_drop_absent_entries_and_take_none_for_empty() {
        assert_eq!(
            read::<Vec<String>>(r#"["", "a", "None", null]"#),
            Some(Some(vec!["a".into()]))
        );
        assert_eq!(read::<Vec<String>>(r#""None""#), Some(None));
        assert_eq!(read::<Vec<String>>(r#""""#), Some(None));
        assert_eq!(read::<Vec<String>>(r#""abc""#), None);
        assert_eq!(read::<Vec<String>>(r#"["a", {"b": 1}]"#), None);
    }

    #[test]
    fn unexpected_values_keep_their_json() {
        for json in [
            "true",
            "12",
            "-3",
            "1.5",
            r#""a\"b""#,
            r#"{"a":[1,2]}"#,
            "[1,2]",
        ] {
            let seen = Seen::read(&mut serde_json::Deserializer::from_str(json)).unwrap();
            assert_eq!(seen.into_raw().as_str(), json);
        }
    }
}
