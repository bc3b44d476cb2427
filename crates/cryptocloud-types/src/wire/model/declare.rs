//! [`wire_model!`]: a response model declared once, with its reader and its writer.

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
