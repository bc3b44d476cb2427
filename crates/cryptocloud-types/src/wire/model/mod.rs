//! Lenient models: `#[derive(WireModel)]` (crate `cryptocloud-derive`) gives a plain struct a
//! reader that never fails on a field's shape: a value it cannot read leaves the field absent and
//! lands, raw, in the model's `unread` fields, as does every unknown key. Only a missing or
//! unreadable *required* field (an invoice's `uuid`) fails the object. This module holds what the
//! derived code calls.

use alloc::string::{String, ToString};
use alloc::sync::Arc;
use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, de::SeqAccess};

use crate::wire::raw::RawText;
use crate::{RawFieldKind, RawFields};

mod fields;
mod repeat;

pub(crate) use cryptocloud_derive::WireModel;
pub(crate) use fields::{Key, Slot, first_missing, keep_unknown, missing};
pub(crate) use repeat::{Repeat, RepeatSlot};

/// The outcome of reading one field's value.
pub(crate) enum Read<'de, T> {
    Value(T),
    Absent,
    Unexpected(RawText<'de>),
}

/// Where a reader puts what it read: handed back as a [`Read`] ([`ToRead`]), or straight into a
/// model's field and its `unread` fields ([`Slot`]), so that nothing is built and moved between.
pub(crate) trait Sink<'de, T> {
    type Out;
    fn value(self, value: T) -> Self::Out;
    fn absent(self) -> Self::Out;
    fn unexpected(self, raw: RawText<'de>) -> Self::Out;
}

/// Hands the outcome back.
pub(crate) struct ToRead;

impl<'de, T> Sink<'de, T> for ToRead {
    type Out = Read<'de, T>;

    fn value(self, value: T) -> Read<'de, T> {
        Read::Value(value)
    }

    fn absent(self) -> Read<'de, T> {
        Read::Absent
    }

    fn unexpected(self, raw: RawText<'de>) -> Read<'de, T> {
        Read::Unexpected(raw)
    }
}

/// A type a model field can hold.
pub(crate) trait WireValue: Sized {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<'de, Self>, D::Error>;

    /// Reads the value straight into its field. A hot reader (amounts, scalars) implements it
    /// itself, so that no [`Read`] is built and moved for each value.
    fn read_into<'de, D: Deserializer<'de>>(
        deserializer: D,
        into: Slot<'_, Self>,
    ) -> Result<(), D::Error> {
        match Self::read(deserializer)? {
            Read::Value(value) => into.value(value),
            Read::Absent => {}
            Read::Unexpected(raw) => Sink::<Self>::unexpected(into, raw),
        }
        Ok(())
    }
}

/// A value shared between models (an invoice's currency, the same in many invoices of a page).
impl<T: WireValue> WireValue for Arc<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<'de, Self>, D::Error> {
        Ok(match T::read(deserializer)? {
            Read::Value(value) => Read::Value(Arc::new(value)),
            Read::Absent => Read::Absent,
            Read::Unexpected(raw) => Read::Unexpected(raw),
        })
    }
}

/// A value read leniently outside a model (the envelope's `all_count`).
pub(crate) struct Lenient<'de, T>(pub(crate) Read<'de, T>);

impl<'de, T: WireValue> Deserialize<'de> for Lenient<'de, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read(deserializer).map(Lenient)
    }
}

/// Reads a value from JSON text (a raw value kept earlier); `None` unless it reads.
pub(crate) fn read_text<T: WireValue>(text: &str) -> Option<T> {
    match T::read(&mut serde_json::Deserializer::from_str(text)) {
        Ok(Read::Value(value)) => Some(value),
        Ok(Read::Absent | Read::Unexpected(_)) | Err(_) => None,
    }
}

/// A model with `#[derive(WireModel)]`.
pub(crate) trait WireModel: Sized {
    /// The model's name, for errors.
    const NAME: &'static str;

    /// The values of each `#[wire(repeats)]` field read so far in a list (the last few distinct
    /// ones), kept from one object to the next (`()` when the model has no such field).
    type Memo<'de>: Default;

    /// Reads the model from an object's entries. The outer error is the JSON's (syntax); the
    /// inner one says that a required field is missing or unreadable, after the whole object was
    /// read, so a list can set the entry aside and go on.
    fn visit_fields<'de, A: MapAccess<'de>>(
        map: A,
        memo: &mut Self::Memo<'de>,
    ) -> Result<Result<Self, Unreadable>, A::Error>;
}

/// An object whose required fields could not be read.
#[derive(Debug)]
pub(crate) struct Unreadable {
    /// Why (which required field, and its raw value if it had one).
    pub(crate) reason: String,
    /// The object as JSON: values that were not read exactly as sent, those read as this crate
    /// writes them (keys sorted).
    pub(crate) json: String,
}

impl Unreadable {
    /// The entry built from what was read: `read` holds the values read, `unread` the rest.
    #[cold]
    #[inline(never)]
    pub(crate) fn new(
        reason: String,
        mut read: serde_json::Map<String, serde_json::Value>,
        unread: &RawFields,
    ) -> Unreadable {
        for field in unread.iter() {
            if field.kind() == RawFieldKind::Repeated {
                continue;
            }
            let text = field.raw().text();
            let value = serde_json::from_str(text)
                .unwrap_or_else(|_| serde_json::Value::String(String::from(text)));
            read.entry(field.name()).or_insert(value);
        }
        Unreadable {
            reason,
            json: serde_json::Value::Object(read).to_string(),
        }
    }
}

/// Adds one value read to the JSON of an unreadable object.
#[cold]
#[inline(never)]
pub(crate) fn insert_read<T: serde::Serialize>(
    json: &mut serde_json::Map<String, serde_json::Value>,
    name: &str,
    value: &Option<T>,
) {
    if let Some(value) = value
        && let Ok(value) = serde_json::to_value(value)
    {
        json.insert(String::from(name), value);
    }
}

/// Reads a model as a top-level value: it must be an object.
pub(crate) struct ModelVisitor<T>(PhantomData<T>);

impl<T> ModelVisitor<T> {
    pub(crate) const fn new() -> Self {
        ModelVisitor(PhantomData)
    }
}

impl<'de, T: WireModel> Visitor<'de> for ModelVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object ({})", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit_fields(map, &mut T::Memo::default())?
            .map_err(|unreadable| de::Error::custom(unreadable.reason))
    }
}

/// Reads a model nested in another: an object is read; `null`, `""` and `"None"` are absent;
/// anything else is unexpected and written back as JSON to be kept.
pub(crate) fn read_nested<'de, T: WireModel, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Read<'de, T>, D::Error> {
    deserializer.deserialize_any(NestedVisitor(PhantomData))
}

struct NestedVisitor<T>(PhantomData<T>);

impl<'de, T: WireModel> Visitor<'de> for NestedVisitor<T> {
    type Value = Read<'de, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object ({})", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        match T::visit_fields(map, &mut T::Memo::default())? {
            Ok(value) => Ok(Read::Value(value)),
            Err(unreadable) => Err(de::Error::custom(unreadable.reason)),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Read::Absent)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Read::Absent)
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        read_nested(inner)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        if crate::lenient::is_absent(value) {
            return Ok(Read::Absent);
        }
        Ok(Read::Unexpected(RawText::from_value(
            serde_json::Value::from(value),
        )))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))
            .map(|value| Read::Unexpected(RawText::from_value(value)))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(Read::Unexpected(RawText::from_value(
            serde_json::Value::from(value),
        )))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Read::Unexpected(RawText::from_value(
            serde_json::Value::from(value),
        )))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Read::Unexpected(RawText::from_value(
            serde_json::Value::from(value),
        )))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Ok(Read::Unexpected(RawText::from_value(
            serde_json::Value::from(value),
        )))
    }
}
