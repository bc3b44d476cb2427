//! Lenient serde readers for hand-written and derived visitors (the envelope; postbacks use
//! [`is_absent`]): Python leaks `"None"` and `""` where a value is absent. Response models use
//! [`crate::wire::model`].

use alloc::string::String;
use core::fmt;
use core::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, IntoDeserializer, Visitor};
use serde::{Deserialize, Deserializer};

/// Whether a string stands for "no value".
pub(crate) fn is_absent(text: &str) -> bool {
    text.is_empty() || text == "None"
}

/// Whether a value's JSON text stands for "no value": `null`, `""` or `"None"`.
pub(crate) fn is_absent_json(json: &str) -> bool {
    json == "null"
        || json
            .strip_prefix('"')
            .and_then(|text| text.strip_suffix('"'))
            .is_some_and(is_absent)
}

/// Reads an optional field: `null`, `""` and `"None"` are `None`; anything else must be a `T`.
/// Use with `#[serde(default, deserialize_with = "lenient::option")]`.
pub(crate) fn option<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_any(OptionVisitor(PhantomData))
}

struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value, null, \"\" or \"None\"")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        option(inner)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        T::deserialize(value.into_deserializer()).map(Some)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        T::deserialize(value.into_deserializer()).map(Some)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        T::deserialize(value.into_deserializer()).map(Some)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        T::deserialize(value.into_deserializer()).map(Some)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        if is_absent(value) {
            return Ok(None);
        }
        T::deserialize(value.into_deserializer()).map(Some)
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        if is_absent(value) {
            return Ok(None);
        }
        T::deserialize(de::value::BorrowedStrDeserializer::new(value)).map(Some)
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        if is_absent(&value) {
            return Ok(None);
        }
        T::deserialize(value.into_deserializer()).map(Some)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        T::deserialize(SeqAccessDeserializer::new(seq)).map(Some)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Some)
    }
}

/// Reads the next map value leniently (see [`option`]); for hand-written visitors.
pub(crate) fn option_value<'de, A, T>(map: &mut A) -> Result<Option<T>, A::Error>
where
    A: de::MapAccess<'de>,
    T: Deserialize<'de>,
{
    struct Lenient<T>(Option<T>);

    impl<'de, T: Deserialize<'de>> Deserialize<'de> for Lenient<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            option(deserializer).map(Lenient)
        }
    }

    map.next_value::<Lenient<T>>().map(|lenient| lenient.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Probe {
        #[serde(default, deserialize_with = "option")]
        text: Option<String>,
    }

    #[test]
    fn absent_json_texts_are_null_and_the_two_empty_strings() {
        for json in ["null", r#""""#, r#""None""#] {
            assert!(is_absent_json(json), "{json}");
        }
        for json in [
            r#"""#,
            r#""none""#,
            r#"" ""#,
            "0",
            "[]",
            "{}",
            r#""null""#,
            "nul",
        ] {
            assert!(!is_absent_json(json), "{json}");
        }
    }

    #[test]
    fn absent_spellings_are_none() {
        for json in [
            r#"{"text":null}"#,
            r#"{"text":""}"#,
            r#"{"text":"None"}"#,
            "{}",
        ] {
            let probe: Probe = serde_json::from_str(json).unwrap();
            assert_eq!(probe.text, None, "{json}");
        }
        let probe: Probe = serde_json::from_str(r#"{"text":"x"}"#).unwrap();
        assert_eq!(probe.text.as_deref(), Some("x"));
    }
}
