//! A small JSON reader for postback bodies and token segments. It walks the members of one object
//! without building a tree: each value comes back as a decoded string or as its own JSON text,
//! and whatever is skipped is still checked to be JSON. A postback needs no more, and serde_json
//! with a `Value` tree cost a microcontroller 30 KiB of flash and most of its stack.

mod cursor;

use alloc::borrow::Cow;

use cursor::Cursor;

/// One member's value.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Value<'a> {
    /// A string, its escapes decoded.
    Text(Cow<'a, str>),
    /// Any other value (a number, `true`, `null`, an object, an array), as its JSON text.
    Json(&'a str),
}

impl Value<'_> {
    /// Whether the value is JSON `null`.
    pub(super) fn is_null(&self) -> bool {
        matches!(self, Value::Json("null"))
    }
}

/// What is wrong with the text, and where: the only place attacker text could enter a message is
/// kept out, a byte offset stands in for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct SyntaxError {
    pub(super) expected: &'static str,
    pub(super) at: usize,
}

impl core::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "expected {} at byte {}", self.expected, self.at)
    }
}

/// The members of the JSON object `text` is, in order.
pub(super) struct Members<'a> {
    text: &'a str,
    at: usize,
    started: bool,
}

impl<'a> Members<'a> {
    /// Starts reading `text`, which must be one object (whitespace around it aside).
    pub(super) fn new(text: &'a str) -> Members<'a> {
        Members {
            text,
            at: 0,
            started: false,
        }
    }

    /// The next member, `None` after the last (once the rest of the text is checked to be only
    /// whitespace).
    #[allow(clippy::should_implement_trait)] // Fallible, so not an `Iterator`.
    pub(super) fn next(&mut self) -> Result<Option<(Cow<'a, str>, Value<'a>)>, SyntaxError> {
        let mut cursor = Cursor::new(self.text, self.at);
        let closed = if self.started {
            cursor.separator(b'}')?
        } else {
            self.started = true;
            cursor.expect(b'{', "`{`")?;
            cursor.skip_whitespace();
            cursor.eat(b'}')
        };
        if closed {
            cursor.skip_whitespace();
            self.at = cursor.at;
            return match cursor.peek() {
                None => Ok(None),
                Some(_) => Err(cursor.error("the end of the text")),
            };
        }
        let key = cursor.key()?;
        let value = cursor.value()?;
        self.at = cursor.at;
        Ok(Some((key, value)))
    }
}

#[cfg(test)]
mod tests {
    use alloc::vec::Vec;

    use super::*;

    fn members(text: &str) -> Result<Vec<(String, String)>, SyntaxError> {
        let mut members = Members::new(text);
        let mut out = Vec::new();
        while let Some((key, value)) = members.next()? {
            let value = match value {
                Value::Text(text) => alloc::format!("text {text}"),
                Value::Json(json) => alloc::format!("json {json}"),
            };
            out.push((key.into_owned(), value));
        }
        Ok(out)
    }

    #[test]
    fn reads_members_and_decodes_strings() {
        let read = members(
            r#" { "a\u005fb" : "x\"y\u00e9\ud83d\ude00" , "n": -1.5e+3, "o": {"k": [1, {}, []]},
                "t": true, "z": null, "e": [] } "#,
        )
        .unwrap();
        let expected = [
            ("a_b", "text x\"yé😀"),
            ("n", "json -1.5e+3"),
            ("o", r#"json {"k": [1, {}, []]}"#),
            ("t", "json true"),
            ("z", "json null"),
            ("e", "json []"),
        ];
        assert_eq!(read.len(), expected.len());
        for ((key, value), (want_key, want_value)) in read.iter().zip(expected) {
            assert_eq!((key.as_str(), value.as_str()), (want_key, want_value));
        }
        assert_eq!(members("{}").unwrap(), []);
    }

    #[test]
    fn refuses_what_is_not_json() {
        for bad in [
            "",
            "[]",
            "{",
            r#"{"a"}"#,
            r#"{"a":}"#,
            r#"{"a":1,}"#,
            r#"{"a":01}"#,
            r#"{"a":1.}"#,
            r#"{"a":-}"#,
            r#"{"a":1e}"#,
            r#"{"a":tru}"#,
            r#"{"a":"\x"}"#,
            r#"{"a":"\ud800"}"#,
            r#"{"a":"\udc00"}"#,
            r#"{"a":"\u12"}"#,
            "{\"a\":\"\n\"}",
            r#"{"a":[1 2]}"#,
            r#"{"a":{"b" 1}}"#,
            r#"{"a":{1:2}}"#,
            r#"{"a":[}"#,
            r#"{"a":1} x"#,
            r#"{"a":1}}"#,
            r#"{a:1}"#,
        ] {
            assert!(members(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let deep =
            |depth: usize| alloc::format!(r#"{{"a":{}{}}}"#, "[".repeat(depth), "]".repeat(depth));
        assert!(members(&deep(128)).is_ok());
        let error = members(&deep(129)).unwrap_err();
        assert_eq!(error.at, 5 + 128);
        assert!(members(&deep(100_000)).is_err());
    }

    /// serde_json is the oracle: the same texts are objects for both readers, and the members read
    /// the same, for valid objects and for texts made of JSON's own characters at random.
    mod against_serde_json {
        use proptest::prelude::*;
        use serde_json::{Map, Value as Json};

        use super::*;

        fn serde_members(text: &str) -> Option<Vec<(String, Json)>> {
            // Keys in order, kept even when repeated (a `Map` would fold them).
            struct Ordered(Vec<(String, Json)>);
            impl<'de> serde::Deserialize<'de> for Ordered {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    struct Visit;
                    impl<'de> serde::de::Visitor<'de> for Visit {
                        type Value = Ordered;
                        fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                            f.write_str("an object")
                        }
                        fn visit_map<A: serde::de::MapAccess<'de>>(
                            self,
                            mut map: A,
                        ) -> Result<Ordered, A::Error> {
                            let mut out = Vec::new();
                            while let Some(entry) = map.next_entry()? {
                                out.push(entry);
                            }
                            Ok(Ordered(out))
                        }
                    }
                    d.deserialize_map(Visit)
                }
            }
            serde_json::from_str::<Ordered>(text)
                .ok()
                .map(|ordered| ordered.0)
        }

        fn ours(text: &str) -> Option<Vec<(String, Json)>> {
            let mut members = Members::new(text);
            let mut out = Vec::new();
            while let Some((key, value)) = members.next().ok()? {
                let value = match value {
                    Value::Text(text) => Json::String(text.into_owned()),
                    // Compared as serde_json reads the same text.
                    Value::Json(json) => serde_json::from_str(json).ok()?,
                };
                out.push((key.into_owned(), value));
            }
            Some(out)
        }

        fn json() -> impl Strategy<Value = Json> {
            let leaf = prop_oneof![
                Just(Json::Null),
                any::<bool>().prop_map(Json::Bool),
                any::<i64>().prop_map(Json::from),
                (-1e12..1e12_f64).prop_map(Json::from),
                "\\PC{0,8}".prop_map(Json::String),
            ];
            leaf.prop_recursive(4, 32, 4, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
                    prop::collection::vec(("\\PC{0,6}", inner), 0..4)
                        .prop_map(|members| Json::Object(members.into_iter().collect())),
                ]
            })
        }

        proptest! {
            #[test]
            fn valid_objects_read_the_same(
                members in prop::collection::vec(("\\PC{0,6}", json()), 0..6),
                pretty in any::<bool>(),
            ) {
                let object = Json::Object(members.into_iter().collect::<Map<_, _>>());
                let text = if pretty {
                    serde_json::to_string_pretty(&object)
                } else {
                    serde_json::to_string(&object)
                }
                .unwrap();
                prop_assert_eq!(ours(&text), serde_members(&text));
                prop_assert!(ours(&text).is_some());
            }

            #[test]
            fn random_texts_are_objects_for_both_or_neither(
                text in "\\{[\\[\\]{}\":,\\\\ \\n0-9.eE+\\-tfrulnsau\\x01é]{0,24}",
            ) {
                prop_assert_eq!(ours(&text), serde_members(&text));
            }
        }
    }
}
