//! The code `#[derive(WireModel)]` writes.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Fields, Index};

use crate::field::{Field, Kind};

pub(crate) fn wire_model(input: &DeriveInput) -> syn::Result<TokenStream> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(input, "WireModel is for structs"));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new_spanned(
            input,
            "WireModel needs named fields",
        ));
    };
    if !named
        .named
        .iter()
        .any(|field| field.ident.as_ref().is_some_and(|ident| ident == "unread"))
    {
        return Err(syn::Error::new_spanned(
            input,
            "a WireModel keeps what it did not read in a field `unread: RawFields`",
        ));
    }
    let fields = named
        .named
        .iter()
        .filter_map(|field| Field::parse(field).transpose())
        .collect::<syn::Result<Vec<_>>>()?;
    let reader = reader(input, &fields);
    let writer = writer(input, &fields);
    let constructor = constructor(input, &fields);
    Ok(quote! { #reader #writer #constructor })
}

/// The local a field's value is read into.
fn local(field: &Field) -> syn::Ident {
    format_ident!("wire_{}", field.ident)
}

/// `WireModel`, `WireValue` and `Deserialize`.
fn reader(input: &DeriveInput, fields: &[Field]) -> TokenStream {
    let name = &input.ident;
    let name_text = name.to_string();
    let locals: Vec<_> = fields.iter().map(local).collect();
    let values = fields.iter().map(|field| &field.value);
    let repeating: Vec<_> = fields
        .iter()
        .filter(|field| field.repeats)
        .map(|field| &field.value)
        .collect();
    let memo = quote! { ( #( crate::wire::model::Repeat<'de, #repeating>, )* ) };
    let mut memo_index = 0..;
    let reads = fields.iter().zip(&locals).map(|(field, local)| {
        let wire = &field.wire;
        if field.repeats {
            let at = Index::from(memo_index.next().unwrap_or_default());
            quote! {
                map.next_value_seed(crate::wire::model::RepeatSlot {
                    name: #wire, value: &mut #local, unread: &mut unread, last: &mut memo.#at,
                })?
            }
        } else {
            quote! {
                map.next_value_seed(crate::wire::model::Slot {
                    name: #wire, value: &mut #local, unread: &mut unread,
                })?
            }
        }
    });
    let positions = 0..fields.len();
    let key_match = key_match(fields);
    let required: Vec<_> = fields
        .iter()
        .zip(&locals)
        .filter(|(field, _)| matches!(field.kind, Kind::Required))
        .collect();
    let required_wire: Vec<_> = required.iter().map(|(field, _)| &field.wire).collect();
    let required_local: Vec<_> = required.iter().map(|(_, local)| *local).collect();
    let wires = fields.iter().map(|field| &field.wire);
    let build = fields.iter().zip(&locals).map(|(field, local)| {
        let ident = &field.ident;
        let wire = &field.wire;
        match field.kind {
            Kind::Optional => quote! { #ident: #local },
            Kind::Default => quote! { #ident: #local.unwrap_or_default() },
            // Not reached: checked above.
            Kind::Required => quote! {
                #ident: match #local {
                    Some(value) => value,
                    None => return Ok(Err(crate::wire::model::Unreadable::new(
                        crate::wire::model::missing(#wire, &unread),
                        ::serde_json::Map::new(),
                        &unread,
                    ))),
                }
            },
        }
    });
    quote! {
        impl crate::wire::model::WireModel for #name {
            const NAME: &'static str = #name_text;
            type Memo<'de> = #memo;

            fn visit_fields<'de, A: ::serde::de::MapAccess<'de>>(
                mut map: A,
                memo: &mut Self::Memo<'de>,
            ) -> Result<Result<Self, crate::wire::model::Unreadable>, A::Error> {
                let _ = &memo;
                #( let mut #locals: Option<#values> = None; )*
                let mut unread = crate::RawFields::default();
                while let Some(key) = map.next_key::<crate::wire::model::Key<'de>>()? {
                    let position: usize = #key_match;
                    match position {
                        #( #positions => #reads, )*
                        _ => crate::wire::model::keep_unknown(&mut map, &key, &mut unread)?,
                    }
                }
                if false #( || #required_local.is_none() )* {
                    let mut read = ::serde_json::Map::new();
                    #( crate::wire::model::insert_read(&mut read, #wires, &#locals); )*
                    let reason = crate::wire::model::first_missing(
                        &[#( (#required_wire, #required_local.is_none()) ),*],
                        &unread,
                    );
                    return Ok(Err(crate::wire::model::Unreadable::new(reason, read, &unread)));
                }
                Ok(Ok(#name { #( #build, )* unread }))
            }
        }

        impl crate::wire::model::WireValue for #name {
            fn read<'de, D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<crate::wire::model::Read<'de, Self>, D::Error> {
                crate::wire::model::read_nested(deserializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(crate::wire::model::ModelVisitor::new())
            }
        }
    }
}

/// The position of the key in the model's fields (`usize::MAX` for an unknown key): keys are
/// told apart by their length first, then compared whole, so a key costs a jump and a compare or
/// two rather than one compare per field.
fn key_match(fields: &[Field]) -> TokenStream {
    let mut by_length: BTreeMap<usize, Vec<(&str, usize)>> = BTreeMap::new();
    for (position, field) in fields.iter().enumerate() {
        by_length
            .entry(field.wire.len())
            .or_default()
            .push((&field.wire, position));
    }
    let arms = by_length.iter().map(|(length, keys)| {
        let (wires, positions): (Vec<_>, Vec<_>) = keys.iter().copied().unzip();
        quote! { #length => match key.as_str() { #( #wires => #positions, )* _ => usize::MAX } }
    });
    quote! { match key.as_str().len() { #( #arms, )* _ => usize::MAX } }
}

/// `Serialize`: required fields, then the others in their order (an unexpected value written as
/// it came), then the unknown keys.
fn writer(input: &DeriveInput, fields: &[Field]) -> TokenStream {
    let name = &input.ident;
    let (required, others): (Vec<_>, Vec<_>) = fields
        .iter()
        .partition(|field| matches!(field.kind, Kind::Required));
    let required_wire = required.iter().map(|field| &field.wire);
    let required_ident = required.iter().map(|field| &field.ident);
    let other_wire = others.iter().map(|field| &field.wire);
    let other_ident = others.iter().map(|field| &field.ident);
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                #( map.serialize_entry(#required_wire, &self.#required_ident)?; )*
                #(
                    match self.unread.unexpected(#other_wire) {
                        Some(raw) => map.serialize_entry(#other_wire, raw)?,
                        None => map.serialize_entry(#other_wire, &self.#other_ident)?,
                    }
                )*
                self.unread.serialize_unknown(&mut map)?;
                map.end()
            }
        }
    }
}

/// `with_required(…)`, for a model with required fields: those, every other field absent.
fn constructor(input: &DeriveInput, fields: &[Field]) -> TokenStream {
    let name = &input.ident;
    let (required, others): (Vec<_>, Vec<_>) = fields
        .iter()
        .partition(|field| matches!(field.kind, Kind::Required));
    if required.is_empty() {
        return TokenStream::new();
    }
    let required_ident: Vec<_> = required.iter().map(|field| &field.ident).collect();
    let required_type = required.iter().map(|field| &field.value);
    let other_ident = others.iter().map(|field| &field.ident);
    quote! {
        impl #name {
            /// The model with its required fields and nothing else.
            #[allow(dead_code)]
            fn with_required(#( #required_ident: #required_type ),*) -> #name {
                #name {
                    #( #required_ident, )*
                    #( #other_ident: Default::default(), )*
                    unread: crate::RawFields::default(),
                }
            }
        }
    }
}
