//! Reading one field of a model: its key (borrowed from the body when it can be), its value into
//! its slot, and what to say when a required field is missing.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use core::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

use super::{Sink, WireValue};
use crate::wire::raw::RawText;
use crate::{RawFieldKind, RawFields};

/// A map key, borrowed from the body when it has no escapes.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Borrowed(key)))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(String::from(key))))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(key)))
    }
}

/// Reads one field's value into its slot, keeping what does not fit in `unread`.
pub(crate) struct Slot<'a, T> {
    pub(crate) name: &'static str,
    pub(crate) value: &'a mut Option<T>,
    pub(crate) unread: &'a mut RawFields,
}

impl<'de, T: WireValue> DeserializeSeed<'de> for Slot<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if self.value.is_some() {
            let raw = RawText::deserialize(deserializer)?;
            self.unread
                .keep(self.name, RawFieldKind::Repeated, raw.as_str());
            return Ok(());
        }
        T::read_into(deserializer, self)
    }
}

/// A reader's value goes straight into the field.
impl<'de, T> Sink<'de, T> for Slot<'_, T> {
    type Out = ();

    fn value(self, value: T) {
        *self.value = Some(value);
    }

    fn absent(self) {}

    fn unexpected(self, raw: RawText<'de>) {
        self.unread
            .keep(self.name, RawFieldKind::Unexpected, raw.as_str());
    }
}

/// Keeps the value of an unknown key.
#[cold]
#[inline(never)]
pub(crate) fn keep_unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: &Key<'de>,
    unread: &mut RawFields,
) -> Result<(), A::Error> {
    let raw: RawText<'de> = map.next_value()?;
    unread.keep(key.as_str(), RawFieldKind::Unknown, raw.as_str());
    Ok(())
}

/// Why the first missing required field could not be read.
#[cold]
#[inline(never)]
pub(crate) fn first_missing(fields: &[(&'static str, bool)], unread: &RawFields) -> String {
    fields
        .iter()
        .find(|(_, missing)| *missing)
        .map(|(name, _)| missing(name, unread))
        .unwrap_or_default()
}

/// Why a required field could not be read.
#[cold]
#[inline(never)]
pub(crate) fn missing(name: &str, unread: &RawFields) -> String {
    match unread.unexpected(name) {
        Some(raw) => format!(
            "`{name}` cannot be read from {}",
            crate::wire::shorten(raw.text())
        ),
        None => format!("missing field `{name}`"),
    }
}
