//! The raw JSON text of one value. serde_json hands it out borrowed from the body (no copy, no
//! second parse) through its `RawValue` protocol; any other deserializer gets the value written
//! back as compact JSON, so readers built on [`RawText`] work everywhere.

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use core::fmt;

use serde::de::value::SeqAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// The name serde_json's `RawValue` asks for; serde_json answers it with the value's text. A test
/// below checks it against `Box<RawValue>` itself; were it ever to change, the fallback below
/// still reads every value, only by writing it back.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// One value's JSON text: borrowed from a serde_json body, or written back from another source.
#[derive(Debug)]
pub(crate) struct RawText<'de>(Cow<'de, str>);

impl<'de> RawText<'de> {
    /// The text. serde_json hands it out without surrounding whitespace, and written-back text
    /// has none.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// Raw text written back from an already parsed value (the fallback path).
    pub(crate) fn from_value(value: Value) -> RawText<'de> {
        RawText(Cow::Owned(value.to_string()))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for RawText<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawText<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    /// serde_json's protocol: a one-entry map from the token to the text. Any other map is a
    /// genuine object from another deserializer.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let first = match map.next_key::<BorrowedOrOwned<'de>>()? {
            None => return Ok(RawText(Cow::Borrowed("{}"))),
            Some(BorrowedOrOwned::Token) => {
                return match map.next_value::<BorrowedOrOwned<'de>>()? {
                    BorrowedOrOwned::Text(text) => Ok(RawText(text)),
                    BorrowedOrOwned::Token => Ok(RawText(Cow::Borrowed(RAW_VALUE_TOKEN))),
                };
            }
            Some(BorrowedOrOwned::Text(key)) => key,
        };
        let mut object = serde_json::Map::new();
        object.insert(first.into_owned(), map.next_value()?);
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            object.insert(key, value);
        }
        Ok(RawText::from_value(Value::Object(object)))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        Value::deserialize(inner).map(RawText::from_value)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(RawText::from_value)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(RawText::from_value(Value::Bool(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(RawText::from_value(Value::from(value)))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(RawText::from_value(Value::from(value)))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Ok(RawText::from_value(Value::from(value)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(RawText::from_value(Value::String(String::from(value))))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(RawText(Cow::Borrowed("null")))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(RawText(Cow::Borrowed("null")))
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        RawText::deserialize(inner)
    }
}

/// A string of serde_json's raw protocol: its key (the token, recognised without allocating) or
/// its text (borrowed from a slice or string body, owned from a reader or a `Value`).
enum BorrowedOrOwned<'de> {
    Token,
    Text(Cow<'de, str>),
}

impl<'de> Deserialize<'de> for BorrowedOrOwned<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = BorrowedOrOwned<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("raw JSON text")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(if text == RAW_VALUE_TOKEN {
            BorrowedOrOwned::Token
        } else {
            BorrowedOrOwned::Text(Cow::Borrowed(text))
        })
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(if text == RAW_VALUE_TOKEN {
            BorrowedOrOwned::Token
        } else {
            BorrowedOrOwned::Text(Cow::Owned(String::from(text)))
        })
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(BorrowedOrOwned::Text(Cow::Owned(text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::boxed::Box;
    use serde_json::value::RawValue;

    /// Records the name a type asks `deserialize_newtype_struct` for.
    struct NameRecorder;

    impl<'de> Deserializer<'de> for NameRecorder {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a newtype"))
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            _: V,
        ) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom(name))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
        }
    }

    #[test]
    fn the_token_is_the_one_serde_json_uses() {
        let error = Box::<RawValue>::deserialize(NameRecorder).unwrap_err();
        assert_eq!(error.to_string(), RAW_VALUE_TOKEN);
    }

    #[test]
    fn text_is_borrowed_from_a_body_and_written_back_from_a_value() {
        let body = r#"{"a": [1, "x" ,{"b":null}] , "c": 1.50}"#;
        let mut map: serde_json::Map<String, Value> = serde_json::from_str(body).unwrap();
        #[derive(serde::Deserialize)]
        struct Probe<'a> {
            #[serde(borrow)]
            a: RawText<'a>,
            #[serde(borrow)]
            c: RawText<'a>,
        }
        let probe: Probe<'_> = serde_json::from_str(body).unwrap();
        assert_eq!(probe.a.as_str(), r#"[1, "x" ,{"b":null}]"#);
        assert!(matches!(probe.a.0, Cow::Borrowed(_)));
        assert_eq!(probe.c.as_str(), "1.50");
        let a = map.remove("a").unwrap();
        let written = RawText::deserialize(a).unwrap();
        assert_eq!(written.as_str(), r#"[1,"x",{"b":null}]"#);
    }
}
