//! What a model could not read, kept as raw JSON so nothing the server sent is lost.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::de::{self, Deserialize, Deserializer};
use serde::{Serialize, Serializer, ser};
use serde_json::value::RawValue;

use crate::wire::model::{Read, WireValue};
use crate::wire::raw::RawText;

/// The JSON text of one value, as the server sent it, cut to [`RawJson::MAX`] bytes.
///
/// Values read from a response body keep their exact bytes; values that reached a model through
/// a `serde_json::Value` (postbacks) are written back as compact JSON.
#[derive(Clone)]
pub struct RawJson {
    /// The text, after `start` bytes that are not part of it: a kept field's name, so that the
    /// field takes one allocation.
    buf: Box<str>,
    start: usize,
    /// The length of the whole value's text (more than the text kept when cut).
    total_len: usize,
    /// Cut, or not one JSON value (then written as a string).
    cut: bool,
}

impl RawJson {
    /// How many bytes of one value are kept.
    pub const MAX: usize = 4096;

    /// Keeps `text`, which is one JSON value.
    pub(crate) fn new(text: &str) -> RawJson {
        RawJson::after("", text)
    }

    /// Keeps `text` after `prefix`, in one allocation.
    fn after(prefix: &str, text: &str) -> RawJson {
        let (kept, cut) = match serde_json::from_str::<&RawValue>(text) {
            Ok(whole) if text.len() <= Self::MAX => (whole.get(), false),
            _ => {
                let mut end = Self::MAX.min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                (text.get(..end).unwrap_or_default(), true)
            }
        };
        let mut buf = String::with_capacity(prefix.len() + kept.len());
        buf.push_str(prefix);
        buf.push_str(kept);
        RawJson {
            buf: buf.into_boxed_str(),
            start: prefix.len(),
            total_len: if cut { text.len() } else { kept.len() },
            cut,
        }
    }

    /// The JSON text (its first [`MAX`](Self::MAX) bytes if it was longer).
    pub fn text(&self) -> &str {
        self.buf.get(self.start..).unwrap_or_default()
    }

    /// The length of the whole value's text in bytes.
    pub fn total_len(&self) -> usize {
        self.total_len
    }

    /// Whether bytes were cut (then [`text`](Self::text) is not valid JSON on its own).
    pub fn is_cut(&self) -> bool {
        self.cut
    }

    /// What comes before the text (a kept field's name).
    fn prefix(&self) -> &str {
        self.buf.get(..self.start).unwrap_or_default()
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text() && self.total_len() == other.total_len()
    }
}

impl Eq for RawJson {}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.text(), f)?;
        if self.is_cut() {
            write!(f, "… ({} bytes in all)", self.total_len())?;
        }
        Ok(())
    }
}

/// Written back as the JSON it was (with serde_json, verbatim); a cut value as a string of its
/// first bytes.
impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.cut {
            return serializer.serialize_str(self.text());
        }
        // Checked when kept: it reads again.
        serde_json::from_str::<&RawValue>(self.text())
            .map_err(ser::Error::custom)?
            .serialize(serializer)
    }
}

/// A field whose shape the API never documented: any value is kept as sent; `null`, `""` and
/// `"None"` are absent.
impl WireValue for RawJson {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<'de, Self>, D::Error> {
        let raw = RawText::deserialize(deserializer)?;
        Ok(match raw.as_str() {
            absent if crate::lenient::is_absent_json(absent) => Read::Absent,
            text => Read::Value(RawJson::new(text)),
        })
    }
}

/// A list of such values, each kept as sent (an empty list costs nothing); anything but a list
/// is unexpected.
impl WireValue for Vec<RawJson> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<'de, Self>, D::Error> {
        let raw = RawText::deserialize(deserializer)?;
        Ok(match raw.as_str() {
            absent if crate::lenient::is_absent_json(absent) => Read::Absent,
            list if list.starts_with('[') => {
                let entries: Vec<&RawValue> =
                    serde_json::from_str(list).map_err(de::Error::custom)?;
                Read::Value(
                    entries
                        .iter()
                        .map(|entry| RawJson::new(entry.get()))
                        .collect(),
                )
            }
            _ => Read::Unexpected(raw),
        })
    }
}

/// Why a field is kept raw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RawFieldKind {
    /// The model has this field but the value had a shape it does not read (a word where an
    /// amount belongs, a list where a date belongs); the field reads as absent.
    Unexpected,
    /// A key the model does not know: something the API added.
    Unknown,
    /// The key appeared again in the same object; the first value was read.
    Repeated,
}

/// One field kept raw.
#[derive(Clone)]
pub struct RawField {
    kind: RawFieldKind,
    /// The value, after the key.
    raw: RawJson,
}

impl PartialEq for RawField {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name() && self.kind == other.kind && self.raw == other.raw
    }
}

impl Eq for RawField {}

/// As it was derived when the name had a field of its own: `RawField { name, kind, raw }`.
impl fmt::Debug for RawField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawField")
            .field("name", &self.name())
            .field("kind", &self.kind)
            .field("raw", &self.raw)
            .finish()
    }
}

impl RawField {
    /// The key, as sent.
    pub fn name(&self) -> &str {
        self.raw.prefix()
    }

    /// Why it is kept raw.
    pub fn kind(&self) -> RawFieldKind {
        self.kind
    }

    /// Its value.
    pub fn raw(&self) -> &RawJson {
        &self.raw
    }
}

/// The fields of one JSON object that its model did not read: values of an unexpected shape,
/// unknown keys and repeated keys, each with its raw JSON. At most [`MAX_FIELDS`](Self::MAX_FIELDS)
/// are kept; [`omitted`](Self::omitted) counts the rest, so even those are never silently lost.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{Invoice, RawFieldKind};
///
/// let invoice: Invoice = serde_json::from_str(
///     r#"{"uuid":"INV-89UX09KA","status":"paid","amount_usd":"N/A","refund":{"id":7}}"#,
/// )?;
/// assert_eq!(invoice.amount_usd, None);
/// assert_eq!(invoice.unread.unexpected("amount_usd").map(|raw| raw.text()), Some(r#""N/A""#));
/// let added = invoice.unread.iter().find(|field| field.kind() == RawFieldKind::Unknown).unwrap();
/// assert_eq!((added.name(), added.raw().text()), ("refund", r#"{"id":7}"#));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RawFields {
    fields: Vec<RawField>,
    omitted: usize,
}

impl RawFields {
    /// How many fields one object keeps.
    pub const MAX_FIELDS: usize = 32;

    /// Whether everything was read.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.omitted == 0
    }

    /// The fields kept, in the order they came.
    pub fn iter(&self) -> impl Iterator<Item = &RawField> {
        self.fields.iter()
    }

    /// The first value kept under `name`, whatever the reason.
    pub fn get(&self, name: &str) -> Option<&RawJson> {
        self.fields
            .iter()
            .find(|field| field.name() == name)
            .map(|field| &field.raw)
    }

    /// The raw value of the known field `name`, if it had an unexpected shape.
    pub fn unexpected(&self, name: &str) -> Option<&RawJson> {
        self.fields
            .iter()
            .find(|field| field.kind == RawFieldKind::Unexpected && field.name() == name)
            .map(|field| &field.raw)
    }

    /// How many further fields were not kept because of the bound.
    pub fn omitted(&self) -> usize {
        self.omitted
    }

    /// Keeps one field (or counts it once the bound is reached).
    #[cold]
    #[inline(never)]
    pub(crate) fn keep(&mut self, name: &str, kind: RawFieldKind, raw: &str) {
        if self.fields.len() >= Self::MAX_FIELDS {
            self.omitted += 1;
            return;
        }
        self.fields.push(RawField {
            kind,
            raw: RawJson::after(name, raw),
        });
    }

    /// Writes the unknown fields back into a map being serialized (known fields write their own
    /// unexpected values; repeated keys are not repeated).
    #[cfg(any(feature = "models", feature = "postback"))]
    pub(crate) fn serialize_unknown<M: serde::ser::SerializeMap>(
        &self,
        map: &mut M,
    ) -> Result<(), M::Error> {
        for field in &self.fields {
            if field.kind == RawFieldKind::Unknown {
                map.serialize_entry(field.name(), &field.raw)?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for RawFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        list.entries(&self.fields);
        if self.omitted > 0 {
            list.entry(&format_args!("… {} more", self.omitted));
        }
        list.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_field_reads_back_its_name_and_value() {
        let mut fields = RawFields::default();
        fields.keep("refund", RawFieldKind::Unknown, r#"{"id": 7}"#);
        fields.keep("fee", RawFieldKind::Unexpected, r#""N/A""#);
        let names: Vec<_> = fields.iter().map(RawField::name).collect();
        assert_eq!(names, ["refund", "fee"]);
        assert_eq!(
            fields.get("refund").map(RawJson::text),
            Some(r#"{"id": 7}"#)
        );
        assert_eq!(
            fields.unexpected("fee").map(RawJson::text),
            Some(r#""N/A""#)
        );
        let mut other = RawFields::default();
        other.keep("refunds", RawFieldKind::Unknown, r#"{"id": 7}"#);
        other.keep("fee", RawFieldKind::Unexpected, r#""N/A""#);
        assert_ne!(fields, other, "the names count");
        let json = serde_json::to_string(&fields.fields[0].raw).unwrap();
        assert_eq!(json, r#"{"id": 7}"#);
    }

    #[test]
    fn text_that_is_not_one_value_or_too_long_is_cut() {
        let spaced = RawJson::new(" [1] ");
        assert_eq!(
            (spaced.text(), spaced.total_len(), spaced.is_cut()),
            ("[1]", 3, false)
        );
        let broken = RawJson::new("[1");
        assert_eq!(
            (broken.text(), broken.total_len(), broken.is_cut()),
            ("[1", 2, true)
        );
        assert_eq!(serde_json::to_string(&broken).unwrap(), r#""[1""#);
        let long = format!("\"{}\"", "é".repeat(RawJson::MAX));
        let cut = RawJson::new(&long);
        assert!(cut.is_cut() && cut.text().len() <= RawJson::MAX);
        assert_eq!(cut.total_len(), long.len());
    }

    #[cfg(feature = "models")]
    #[test]
    fn undocumented_fields_keep_any_value_as_sent() {
        let read = |aml_checks: &str, links_invoice: &str| -> crate::Invoice {
            serde_json::from_str(&format!(
                r#"{{"uuid": "INV-1", "status": "paid", "aml_checks": {aml_checks}, "links_invoice": {links_invoice}}}"#
            ))
            .unwrap()
        };
        let listed = read(
            r#"[ {"provider": "x", "score": 0.5} , "clean" ]"#,
            r#"{"next": "INV-2"}"#,
        );
        let texts: Vec<_> = listed.aml_checks.iter().map(RawJson::text).collect();
        assert_eq!(texts, [r#"{"provider": "x", "score": 0.5}"#, r#""clean""#]);
        assert_eq!(listed.links_invoice.unwrap().text(), r#"{"next": "INV-2"}"#);
        assert!(listed.unread.is_empty());
        for absent in ["null", r#""""#, r#""None""#] {
            let none = read(absent, absent);
            assert!(
                none.aml_checks.is_empty() && none.links_invoice.is_none(),
                "{absent}"
            );
            assert!(none.unread.is_empty(), "{absent}");
        }
        let odd = read(r#"{"a": 1}"#, "7");
        assert!(odd.aml_checks.is_empty());
        assert_eq!(
            odd.unread.unexpected("aml_checks").unwrap().text(),
            r#"{"a": 1}"#
        );
        assert_eq!(odd.links_invoice.unwrap().text(), "7");
    }
}
