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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(field: syn::Field) -> Result<Option<Field>, String> {
        Field::parse(&field).map_err(|error| error.to_string())
    }

    #[test]
    fn the_type_and_attributes_say_how_a_field_is_read() {
        let field = parse(syn::parse_quote! {
            /// `type`: the kind.
            #[wire(rename = "type")]
            pub kind: Option<Kind>
        });
        let field = field.unwrap().unwrap();
        assert_eq!(
            (field.ident.to_string(), field.wire),
            ("kind".into(), "type".into())
        );
        assert!(matches!(field.kind, Kind::Optional) && !field.repeats);
        let required = parse(syn::parse_quote! {
            /// `uuid`: the id.
            #[wire(required)]
            pub uuid: InvoiceId
        });
        assert!(matches!(required.unwrap().unwrap().kind, Kind::Required));
        let unread = parse(syn::parse_quote! { pub unread: RawFields });
        assert!(unread.unwrap().is_none());
    }

    #[test]
    fn a_field_that_does_not_say_what_it_reads_is_refused() {
        for (field, error) in [
            (
                syn::parse_quote! { /// The id.
                pub uuid: Option<String> },
                "must name its wire key: `uuid`",
            ),
            (
                syn::parse_quote! { /// `uuid`.
                #[wire(required)] pub uuid: Option<String> },
                "a field is `Option<T>`",
            ),
            (
                syn::parse_quote! { /// `list`.
                pub list: Vec<String> },
                "a field is `Option<T>`",
            ),
            (
                syn::parse_quote! { /// `coin`.
                #[wire(default, repeats)] pub coin: Coin },
                "`#[wire(repeats)]` is for `Option<T>` fields",
            ),
            (
                syn::parse_quote! { /// `coin`.
                #[wire(skip)] pub coin: Option<Coin> },
                "expected `rename",
            ),
        ] {
            let message = parse(field).err().unwrap_or_default();
            assert!(message.contains(error), "{message}");
        }
    }
}
