//! One field of a model, as its declaration and its `#[wire(…)]` attribute describe it.

use syn::spanned::Spanned;
use syn::{Attribute, Expr, ExprLit, GenericArgument, Ident, Lit, LitStr, PathArguments, Type};

/// How absence is handled.
pub(crate) enum Kind {
    /// `#[wire(required)] T`: absence fails the object.
    Required,
    /// `Option<T>`.
    Optional,
    /// `#[wire(default)] T`: `T::default()` when absent.
    Default,
}

/// One key of the model.
pub(crate) struct Field {
    pub(crate) ident: Ident,
    pub(crate) wire: String,
    pub(crate) kind: Kind,
    /// The type read (`T` of `Option<T>`).
    pub(crate) value: Type,
    pub(crate) repeats: bool,
}

impl Field {
    /// Reads a field's declaration; the field named `unread` is not a key and gives `None`.
    pub(crate) fn parse(field: &syn::Field) -> syn::Result<Option<Field>> {
        let ident = field
            .ident
            .clone()
            .ok_or_else(|| syn::Error::new(field.span(), "WireModel needs named fields"))?;
        if ident == "unread" {
            return Ok(None);
        }
        let mut wire = ident.to_string();
        let (mut required, mut default, mut repeats) = (false, false, false);
        for attr in field
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("wire"))
        {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    wire = meta.value()?.parse::<LitStr>()?.value();
                } else if meta.path.is_ident("required") {
                    required = true;
                } else if meta.path.is_ident("default") {
                    default = true;
                } else if meta.path.is_ident("repeats") {
                    repeats = true;
                } else {
                    return Err(
                        meta.error("expected `rename = \"…\"`, `required`, `default` or `repeats`")
                    );
                }
                Ok(())
            })?;
        }
        let option = option_inner(&field.ty);
        let (kind, value) = match (required, default, option) {
            (false, false, Some(inner)) => (Kind::Optional, inner.clone()),
            (true, false, None) => (Kind::Required, field.ty.clone()),
            (false, true, None) => (Kind::Default, field.ty.clone()),
            _ => {
                return Err(syn::Error::new(
                    field.ty.span(),
                    "a field is `Option<T>`, `#[wire(required)] T` or `#[wire(default)] T`",
                ));
            }
        };
        if repeats && !matches!(kind, Kind::Optional) {
            return Err(syn::Error::new(
                ident.span(),
                "`#[wire(repeats)]` is for `Option<T>` fields",
            ));
        }
        if !doc_text(&field.attrs).contains(&format!("`{wire}`")) {
            return Err(syn::Error::new(
                ident.span(),
                format!("the doc of `{ident}` must name its wire key: `{wire}`, in backticks"),
            ));
        }
        Ok(Some(Field {
            ident,
            wire,
            kind,
            value,
            repeats,
        }))
    }
}

/// `T` when the type is written `Option<T>`.
fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(arguments) = &last.arguments else {
        return None;
    };
    match arguments.args.first()? {
        GenericArgument::Type(inner) if arguments.args.len() == 1 => Some(inner),
        _ => None,
    }
}

/// The field's doc comment, its lines joined.
fn doc_text(attrs: &[Attribute]) -> String {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta.require_name_value().ok()?.value {
            Expr::Lit(ExprLit {
                lit: Lit::Str(text),
                ..
            }) => Some(text.value()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}
