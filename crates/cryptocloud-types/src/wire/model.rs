//! Lenient models: [`wire_model!`] declares a response object once (its keys, field types and
//! docs) and derives a reader that never fails on a field's shape: a value it cannot read leaves
//! the field absent and lands, raw, in the model's `unread` fields, as does every unknown key.
//! Only a missing or unreadable *required* field (an invoice's `uuid`) fails the object.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::{String, ToString};
use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, de::SeqAccess};

use crate::wire::raw::RawText;
use crate::wire::scalar::{FromSeen, Parsed, Seen};
use crate::{RawFieldKind, RawFields};

/// The outcome of reading one field's value.
pub(crate) enum Read<'de, T> {
    Value(T),
    Absent,
    Unexpected(RawText<'de>),
}

/// A type a model field can hold.
pub(crate) trait WireValue: Sized {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<'de, Self>, D::Error>;
}

/// Scalars are read from what the deserializer shows (strings borrowed from the body); an
/// unexpected one is written back as JSON to be kept.
impl<T: FromSeen> WireValue for T {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<'de, Self>, D::Error> {
        let seen = Seen::read(deserializer)?;
        Ok(match T::from_seen(&seen) {
            Parsed::Value(value) => Read::Value(value),
            Parsed::Absent => Read::Absent,
            Parsed::Unexpected => Read::Unexpected(seen.into_raw()),
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

/// A model declared with [`wire_model!`].
pub(crate) trait WireModel: Sized {
    /// The model's name, for errors.
    const NAME: &'static str;

    /// Reads the model from an object's entries. The outer error is the JSON's (syntax); the
    /// inner one says that a required field is missing or unreadable, after the whole object was
    /// read, so a list can set the entry aside and go on.
    fn visit_fields<'de, A: MapAccess<'de>>(map: A) -> Result<Result<Self, Unreadable>, A::Error>;
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
        T::visit_fields(map)?.map_err(|unreadable| de::Error::custom(unreadable.reason))
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
        match T::visit_fields(map)? {
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
        match T::read(deserializer)? {
            Read::Value(value) => *self.value = Some(value),
            Read::Absent => {}
            Read::Unexpected(raw) => {
                self.unread
                    .keep(self.name, RawFieldKind::Unexpected, raw.as_str());
            }
        }
        Ok(())
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

/// Whether a required field is missing.
pub(crate) fn any_missing(missing: &[bool]) -> bool {
    missing.contains(&true)
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

/// Declares a lenient response model. Each field is `"wire_key" => field: kind Type`, where kind
/// is `opt` (an `Option<Type>`), or `def` (a `Type: Default`, default when absent). Fields listed
/// under `required` fail the object when missing or unreadable. The model gets a public `unread`
/// field ([`RawFields`]), a reader, and a writer that puts unreadable and unknown values back.
macro_rules! wire_model {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* $wire:literal => $field:ident : $kind:ident $ty:ty, )*
        }
    ) => {
        $crate::wire::model::wire_model! {
            @model $(#[$meta])* $name required {}
            $( $(#[$field_meta])* $wire => $field : $kind $ty, )*
        }

        impl Default for $name {
            fn default() -> $name {
                $name::with_required()
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            required {
                $( $(#[$req_meta:meta])* $req_wire:literal => $req:ident : $req_ty:ty, )+
            }
            $( $(#[$field_meta:meta])* $wire:literal => $field:ident : $kind:ident $ty:ty, )*
        }
    ) => {
        $crate::wire::model::wire_model! {
            @model $(#[$meta])* $name
            required { $( $(#[$req_meta])* $req_wire => $req : $req_ty, )+ }
            $( $(#[$field_meta])* $wire => $field : $kind $ty, )*
        }
    };
    (
        @model $(#[$meta:meta])* $name:ident
        required { $( $(#[$req_meta:meta])* $req_wire:literal => $req:ident : $req_ty:ty, )* }
        $( $(#[$field_meta:meta])* $wire:literal => $field:ident : $kind:ident $ty:ty, )*
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct $name {
            $( $(#[$req_meta])* pub $req: $req_ty, )*
            $( $(#[$field_meta])* pub $field: $crate::wire::model::wire_model!(@type $kind $ty), )*
            /// What the object held that this model did not read: values of an unexpected
            /// shape (their field is absent), unknown and repeated keys, each as raw JSON.
            pub unread: $crate::RawFields,
        }

        impl $name {
            /// The model with its required fields and nothing else.
            #[allow(dead_code)]
            fn with_required($($req: $req_ty),*) -> $name {
                $name {
                    $( $req, )*
                    $( $field: Default::default(), )*
                    unread: $crate::RawFields::default(),
                }
            }
        }

        impl $crate::wire::model::WireModel for $name {
            const NAME: &'static str = stringify!($name);

            fn visit_fields<'de, A: serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> Result<Result<Self, $crate::wire::model::Unreadable>, A::Error> {
                use $crate::wire::model::Slot;
                $( let mut $req: Option<$req_ty> = None; )*
                $( let mut $field: Option<$ty> = None; )*
                let mut unread = $crate::RawFields::default();
                while let Some(key) = map.next_key::<$crate::wire::model::Key<'de>>()? {
                    match key.as_str() {
                        $( $req_wire => map.next_value_seed(Slot {
                            name: $req_wire,
                            value: &mut $req,
                            unread: &mut unread,
                        })?, )*
                        $( $wire => map.next_value_seed(Slot {
                            name: $wire,
                            value: &mut $field,
                            unread: &mut unread,
                        })?, )*
                        _ => $crate::wire::model::keep_unknown(&mut map, &key, &mut unread)?,
                    }
                }
                if $crate::wire::model::any_missing(&[$( $req.is_none() ),*]) {
                    let mut read = serde_json::Map::new();
                    $( $crate::wire::model::insert_read(&mut read, $req_wire, &$req); )*
                    $( $crate::wire::model::insert_read(&mut read, $wire, &$field); )*
                    let reason = $crate::wire::model::first_missing(
                        &[$( ($req_wire, $req.is_none()) ),*],
                        &unread,
                    );
                    return Ok(Err($crate::wire::model::Unreadable::new(reason, read, &unread)));
                }
                Ok(Ok($name {
                    $( $req: match $req {
                        Some(value) => value,
                        // Not reached: checked above.
                        None => return Ok(Err($crate::wire::model::Unreadable::new(
                            $crate::wire::model::missing($req_wire, &unread),
                            serde_json::Map::new(),
                            &unread,
                        ))),
                    }, )*
                    $( $field: $crate::wire::model::wire_model!(@finish $kind $field), )*
                    unread,
                }))
            }
        }

        impl $crate::wire::model::WireValue for $name {
            fn read<'de, D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<$crate::wire::model::Read<'de, Self>, D::Error> {
                $crate::wire::model::read_nested(deserializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map($crate::wire::model::ModelVisitor::new())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                $( map.serialize_entry($req_wire, &self.$req)?; )*
                $(
                    match self.unread.unexpected($wire) {
                        Some(raw) => map.serialize_entry($wire, raw)?,
                        None => map.serialize_entry($wire, &self.$field)?,
                    }
                )*
                self.unread.serialize_unknown(&mut map)?;
                map.end()
            }
        }
    };
    (@type opt $ty:ty) => { Option<$ty> };
    (@type def $ty:ty) => { $ty };
    (@finish opt $value:ident) => { $value };
    (@finish def $value:ident) => { $value.unwrap_or_default() };
}

pub(crate) use wire_model;
