//! A success answer to a call that must not be repeated, whose body did not fit: kept with what
//! could be read of it, since it may be the only record of a payment.

use core::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::BodySnippet;
use crate::wire::model::{Key as FieldKey, keep_unknown, read_text};
use crate::wire::raw::RawText;
use crate::{InvoiceId, RawFields, StaticWalletId};

/// A success answer to a call that must not be repeated, whose body did not fit: what could be
/// read, the body and why it did not fit.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{CreateInvoice, ResponseError, decode_response};
///
/// // The invoice was created, but its id came back in a shape this version does not read.
/// let body = br#"{"status":"success","result":{"uuid":{"id":"INV-89UX09KA"},"status":"created"}}"#;
/// let Err(ResponseError::Drifted(answer)) = decode_response::<CreateInvoice>(200, body) else {
///     panic!("a drifted success answer to a create is never a plain decode error")
/// };
/// assert_eq!(answer.fields().get("status").unwrap().text(), r#""created""#);
/// assert_eq!(answer.fields().get("uuid").unwrap().text(), r#"{"id":"INV-89UX09KA"}"#);
/// assert_eq!(answer.body().total_len(), body.len());
/// # Ok::<(), ResponseError>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[error("the HTTP {status} success answer went through but does not fit the expected type")]
pub struct DriftedAnswer {
    status: u16,
    fields: RawFields,
    body: BodySnippet,
    #[source]
    source: serde_json::Error,
}

impl DriftedAnswer {
    /// How much of the body is kept: far more than an error body, as it may be the only record
    /// of a payment.
    pub const MAX_BODY: usize = 64 * 1024;

    pub(super) fn new(status: u16, body: &[u8], source: serde_json::Error) -> DriftedAnswer {
        DriftedAnswer {
            status,
            fields: result_fields(body),
            body: BodySnippet::with_limit(body, Self::MAX_BODY),
            source,
        }
    }

    /// The HTTP status (2xx).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The top-level fields of the answer's `result` (or `data`), each as raw JSON; empty when
    /// the body is not a JSON envelope holding an object.
    pub fn fields(&self) -> &RawFields {
        &self.fields
    }

    /// The invoice or withdrawal id, when `uuid` (create invoice) or `invoice_id` (withdrawal)
    /// holds one: what to look the call up by.
    pub fn invoice_id(&self) -> Option<InvoiceId> {
        ["uuid", "invoice_id"]
            .into_iter()
            .filter_map(|name| self.fields.get(name))
            .find_map(|raw| read_text(raw.text()))
    }

    /// The static wallet's id, when `uuid` holds one.
    pub fn static_wallet_id(&self) -> Option<StaticWalletId> {
        read_text(self.fields.get("uuid")?.text())
    }

    /// The body, up to [`MAX_BODY`](Self::MAX_BODY) bytes.
    pub fn body(&self) -> &BodySnippet {
        &self.body
    }
}

/// The raw top-level fields of a body's `result` (or `data`) object, read as loosely as JSON
/// allows.
fn result_fields(body: &[u8]) -> RawFields {
    #[derive(Deserialize)]
    struct Loose<'a> {
        #[serde(borrow, alias = "data")]
        result: Option<RawText<'a>>,
    }
    serde_json::from_slice::<Loose<'_>>(body)
        .ok()
        .and_then(|loose| loose.result)
        .and_then(|result| serde_json::from_str::<FieldsOnly>(result.as_str()).ok())
        .map(|fields| fields.0)
        .unwrap_or_default()
}

/// Every entry of an object, kept raw.
struct FieldsOnly(RawFields);

impl<'de> Deserialize<'de> for FieldsOnly {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldsVisitor;

        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = FieldsOnly;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FieldsOnly, A::Error> {
                let mut fields = RawFields::default();
                while let Some(key) = map.next_key::<FieldKey<'de>>()? {
                    keep_unknown(&mut map, &key, &mut fields)?;
                }
                Ok(FieldsOnly(fields))
            }
        }

        deserializer.deserialize_map(FieldsVisitor)
    }
}
