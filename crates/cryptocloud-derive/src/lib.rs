//! `#[derive(WireModel)]`: the lenient reader and the writer of a `cryptocloud-types` response
//! model, derived from its plain struct declaration. Internal to `cryptocloud-types`: the code it
//! writes names that crate's private `crate::wire::model` module.
//!
//! ```text
//! /// The shop an invoice belongs to.
//! #[derive(Clone, Debug, Default, PartialEq, Eq, WireModel)]
//! #[non_exhaustive]
//! pub struct Project {
//!     /// `id`: numeric id.
//!     pub id: Option<u64>,
//!     /// `type`: the kind of shop.
//!     #[wire(rename = "type")]
//!     pub kind: Option<ProjectType>,
//!     /// What the object held that this model did not read.
//!     pub unread: RawFields,
//! }
//! ```
//!
//! Each field but `unread` is one key of the JSON object, named as the field unless
//! `#[wire(rename = "…")]` says otherwise; its doc must name that key in backticks, so rustdoc
//! shows it. The field's type says how it is read:
//!
//! - `Option<T>`: absent when the key is missing, `null`, `""` or `"None"`, or when its value has
//!   a shape `T` does not read (that raw value is then kept in `unread`);
//! - `#[wire(required)] T`: as above, but a missing or unreadable value fails the object;
//! - `#[wire(default)] T`: as `Option<T>`, with `T::default()` for absent.
//!
//! `#[wire(repeats)]` on an `Option<T>` field marks a value that is usually the same in every
//! object of a list (an invoice's `currency`): its raw text is compared with the previous
//! object's, and an identical one is cloned instead of read again.
//!
//! The model must have a field `unread: RawFields`: values of an unexpected shape, unknown keys
//! and repeated keys, each as raw JSON. Unknown keys are written back by the derived `Serialize`,
//! and a field whose value was unexpected writes that raw value instead of its absence.
//!
//! The derive writes `WireModel`, `WireValue`, `Deserialize` and `Serialize`, and, for a model with
//! required fields, a private `with_required(…)` constructor (every other field absent).

#![deny(missing_docs)]

mod expand;
mod field;

use proc_macro::TokenStream;

/// Derives the lenient reader and the writer of a response model (see the crate's docs).
#[proc_macro_derive(WireModel, attributes(wire))]
pub fn derive_wire_model(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand::wire_model(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
