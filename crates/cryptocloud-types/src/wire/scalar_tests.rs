//! The scalar readers: each spelling the server has been seen to use, and what is refused.

use super::*;

fn read<T: WireValue>(json: &str) -> Option<Option<T>> {
    match T::read(&mut serde_json::Deserializer::from_str(json)).unwrap() {
        Read::Value(value) => Some(Some(value)),
        Read::Absent => Some(None),
        Read::Unexpected(_) => None,
    }
}

fn kept<T: WireValue>(json: &str) -> String {
    match T::read(&mut serde_json::Deserializer::from_str(json)).unwrap() {
        Read::Unexpected(raw) => String::from(raw.as_str()),
        _ => panic!("{json} was read"),
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
        ("-1", None),
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
    assert_eq!(read::<i64>("-2.0"), Some(Some(-2)));
    assert_eq!(read::<i64>("18446744073709551615"), None);
}

#[test]
fn strings_take_numbers_as_their_text_and_unescape() {
    assert_eq!(read::<String>("1111"), Some(Some("1111".into())));
    assert_eq!(read::<String>("-7"), Some(Some("-7".into())));
    assert_eq!(read::<String>("2.50"), Some(Some("2.5".into())));
    assert_eq!(read::<String>(r#""\u041c\"x""#), Some(Some("М\"x".into())));
    assert_eq!(read::<String>("false"), None);
    assert_eq!(read::<String>(r#"{"a":1}"#), None);
}

#[test]
fn ids_take_numbers_as_their_digits() {
    assert_eq!(
        read::<StaticWalletId>(r#""1K0NFXT9E1X3VOY07VY1LRV8XGMLQNQX""#)
            .unwrap()
            .unwrap()
            .as_str(),
        "1K0NFXT9E1X3VOY07VY1LRV8XGMLQNQX"
    );
    let id = read::<InvoiceId>("12345678").unwrap().unwrap();
    assert_eq!(id.bare(), "12345678");
    assert_eq!(read::<InvoiceId>("-5"), None);
    assert_eq!(read::<InvoiceId>("[1]"), None);
}

#[test]
fn lists_drop_absent_entries_and_take_none_for_empty() {
    assert_eq!(
        read::<Vec<String>>(r#"["", "a", "None", null]"#),
        Some(Some(vec!["a".into()]))
    );
    assert_eq!(read::<Vec<String>>(r#""None""#), Some(None));
    assert_eq!(read::<Vec<String>>(r#""""#), Some(None));
    assert_eq!(read::<Vec<String>>("null"), Some(None));
    assert_eq!(read::<Vec<String>>(r#""abc""#), None);
    assert_eq!(
        kept::<Vec<String>>(r#"["a", {"b": 1}]"#),
        r#"["a",{"b":1}]"#
    );
    assert_eq!(kept::<Vec<String>>(r#"{"b": [1, 2]}"#), r#"{"b":[1,2]}"#);
}

#[test]
fn unexpected_values_keep_their_json() {
    for json in ["true", "-3", "1.5", r#"{"a":[1,2]}"#, "[1,2]"] {
        assert_eq!(kept::<Timestamp>(json), json);
    }
    assert_eq!(kept::<bool>("12"), "12");
    assert_eq!(kept::<u64>(r#""a\"b""#), r#""a\"b""#);
    assert_eq!(kept::<u64>(r#"{"a" : [1, 2]}"#), r#"{"a":[1,2]}"#);
}
