//! Reading one scalar, accepting the spellings the server has been seen to use: booleans as
//! `0`/`1`/`"true"`/`"false"`, counts and ids as numeric strings or as whole floats (`3.0`),
//! strings as numbers, and `null`, `""` or `"None"` for "no value". Amounts are read from their
//! raw text instead (see `money.rs`), so that no digit goes through a double.
//!
//! Each scalar is one [`Scalar`] impl: what it makes of each JSON shape. [`ScalarVisitor`] takes
//! the value in one call to the deserializer (a string borrowed from the body), so nothing is
//! built in between.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::wire::model::{Read, Sink, Slot, ToRead, WireValue};
use crate::wire::raw::RawText;
use crate::{InvoiceId, StaticWalletId, Timestamp};

/// A type a model field reads from one JSON scalar. Each method is one shape the server may send;
/// `None` (the default) says the shape is unexpected: the field is then absent and the value kept
/// raw.
pub(crate) trait Scalar: Sized {
    /// A string, never `""` or `"None"` (those are absent before this is asked).
    fn from_text(text: &str) -> Option<Self>;

    /// A non-negative integer.
    fn from_u64(value: u64) -> Option<Self> {
        let _ = value;
        None
    }

    /// A negative integer.
    fn from_i64(value: i64) -> Option<Self> {
        let _ = value;
        None
    }

    /// A number with a fraction or an exponent.
    fn from_f64(value: f64) -> Option<Self> {
        let _ = value;
        None
    }

    /// `true` or `false`.
    fn from_bool(value: bool) -> Option<Self> {
        let _ = value;
        None
    }
}

impl<T: Scalar> WireValue for T {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<'de, Self>, D::Error> {
        deserializer.deserialize_any(ScalarVisitor::new(ToRead))
    }

    fn read_into<'de, D: Deserializer<'de>>(
        deserializer: D,
        into: Slot<'_, Self>,
    ) -> Result<(), D::Error> {
        deserializer.deserialize_any(ScalarVisitor::new(into))
    }
}

/// Reads one [`Scalar`] into `sink`: `null`, `""` and `"None"` are absent; a shape it refuses is
/// kept as JSON.
struct ScalarVisitor<T, S> {
    sink: S,
    scalar: PhantomData<T>,
}

impl<T, S> ScalarVisitor<T, S> {
    fn new(sink: S) -> Self {
        ScalarVisitor {
            sink,
            scalar: PhantomData,
        }
    }

    /// The value, or the JSON `raw` writes back when `parsed` refused it.
    fn found<'de>(self, parsed: Option<T>, raw: impl FnOnce() -> Value) -> S::Out
    where
        S: Sink<'de, T>,
    {
        match parsed {
            Some(value) => self.sink.value(value),
            None => self.sink.unexpected(unexpected(raw())),
        }
    }
}

#[cold]
#[inline(never)]
fn unexpected<'de>(raw: Value) -> RawText<'de> {
    RawText::from_value(raw)
}

impl<'de, T: Scalar, S: Sink<'de, T>> Visitor<'de> for ScalarVisitor<T, S> {
    type Value = S::Out;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        if crate::lenient::is_absent(value) {
            return Ok(self.sink.absent());
        }
        Ok(self.found(T::from_text(value), || Value::from(value)))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(self.found(T::from_bool(value), || Value::from(value)))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(self.found(T::from_u64(value), || Value::from(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(self.found(T::from_i64(value), || Value::from(value)))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Ok(self.found(T::from_f64(value), || Value::from(value)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.sink.absent())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.sink.absent())
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        inner.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(de::value::SeqAccessDeserializer::new(seq))
            .map(|raw| self.sink.unexpected(unexpected(raw)))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        RawText::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(|raw| self.sink.unexpected(raw))
    }
}

/// A number's text as JSON writes it (`3`, `-1`, `1.5`, `3.0`).
#[cold]
#[inline(never)]
fn number_text(number: Value) -> String {
    number.to_string()
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

/// Text; a number counts as its digits (`"order_id": 1111`).
impl Scalar for String {
    fn from_text(text: &str) -> Option<Self> {
        Some(String::from(text))
    }

    fn from_u64(value: u64) -> Option<Self> {
        Some(value.to_string())
    }

    fn from_i64(value: i64) -> Option<Self> {
        Some(value.to_string())
    }

    fn from_f64(value: f64) -> Option<Self> {
        Some(number_text(Value::from(value)))
    }
}

impl Scalar for bool {
    fn from_text(text: &str) -> Option<Self> {
        match text.trim() {
            "0" => Some(false),
            "1" => Some(true),
            word if word.eq_ignore_ascii_case("true") => Some(true),
            word if word.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    fn from_u64(value: u64) -> Option<Self> {
        match value {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn from_bool(value: bool) -> Option<Self> {
        Some(value)
    }
}

impl Scalar for u64 {
    fn from_text(text: &str) -> Option<Self> {
        whole(text.trim())
    }

    fn from_u64(value: u64) -> Option<Self> {
        Some(value)
    }

    fn from_i64(value: i64) -> Option<Self> {
        whole(&number_text(Value::from(value)))
    }

    fn from_f64(value: f64) -> Option<Self> {
        whole(&number_text(Value::from(value)))
    }
}

impl Scalar for i64 {
    fn from_text(text: &str) -> Option<Self> {
        whole(text.trim())
    }

    fn from_u64(value: u64) -> Option<Self> {
        i64::try_from(value).ok()
    }

    fn from_i64(value: i64) -> Option<Self> {
        Some(value)
    }

    fn from_f64(value: f64) -> Option<Self> {
        whole(&number_text(Value::from(value)))
    }
}

impl Scalar for Timestamp {
    fn from_text(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

/// Ids: a string, or a number read as its digits.
macro_rules! id_scalar {
    ($($id:ty),*) => {$(
        impl Scalar for $id {
            fn from_text(text: &str) -> Option<Self> {
                <$id>::parse(text).ok()
            }

            fn from_u64(value: u64) -> Option<Self> {
                <$id>::parse(&value.to_string()).ok()
            }

            fn from_i64(value: i64) -> Option<Self> {
                <$id>::parse(&value.to_string()).ok()
            }

            fn from_f64(value: f64) -> Option<Self> {
                <$id>::parse(&number_text(Value::from(value))).ok()
            }
        }
    )*};
}

id_scalar!(InvoiceId, StaticWalletId);

/// A list; `"None"` or `""` in place of the list reads as absent, as do such entries. A list
/// with an entry of an unexpected shape is unexpected as a whole, so its JSON is kept entire.
/// The list's raw text is taken first and read again, so that a list that does not fit can still
/// be kept whole.
impl<T: Scalar> WireValue for Vec<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<'de, Self>, D::Error> {
        let raw = RawText::deserialize(deserializer)?;
        let listed = serde_json::Deserializer::from_str(raw.as_str())
            .deserialize_any(ListVisitor(PhantomData))
            .map_err(de::Error::custom)?;
        Ok(match listed {
            Some(Some(list)) => Read::Value(list),
            Some(None) => Read::Absent,
            None => Read::Unexpected(unexpected(
                serde_json::from_str(raw.as_str()).map_err(de::Error::custom)?,
            )),
        })
    }
}

/// Reads a list's text: `Some(Some(list))`, `Some(None)` when absent, `None` when unexpected.
struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Scalar> Visitor<'de> for ListVisitor<T> {
    type Value = Option<Option<Vec<T>>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(1));
        let mut fits = true;
        while let Some(entry) = seq.next_element::<Entry<'_, T>>()? {
            match entry.0 {
                Read::Value(value) => list.push(value),
                Read::Absent => {}
                // The rest is still read through, to the end of the list.
                Read::Unexpected(_) => fits = false,
            }
        }
        Ok(fits.then_some(Some(list)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(crate::lenient::is_absent(value).then_some(None))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Some(None))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        de::IgnoredAny::deserialize(de::value::MapAccessDeserializer::new(map)).map(|_| None)
    }
}

/// One entry of a list, read leniently.
struct Entry<'de, T>(Read<'de, T>);

impl<'de, T: Scalar> Deserialize<'de> for Entry<'de, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read(deserializer).map(Entry)
    }
}

#[cfg(test)]
#[path = "scalar_tests.rs"]
mod tests;
