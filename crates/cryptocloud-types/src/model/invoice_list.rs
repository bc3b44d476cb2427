//! The invoices of a list or info answer, read one at a time so that one unreadable invoice never
//! costs the others.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::Deserialize;
use serde::de::value::{
    BoolDeserializer, F64Deserializer, I64Deserializer, SeqAccessDeserializer, StrDeserializer,
    U64Deserializer, UnitDeserializer,
};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::wire::model::{Unreadable, WireModel};
use crate::wire::raw::RawText;
use crate::{Invoice, RawJson};

/// The most invoices one answer lists (the largest page size).
const LONGEST_PAGE: usize = 100;

/// Invoices as the API listed them. An entry whose `uuid` or `status` cannot be read (the only
/// fields every invoice has) is set aside in [`unreadable`](Self::unreadable) with its raw text;
/// the others are read as usual, in the same single pass.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{GetInvoices, decode_response};
///
/// let body = br#"{"status":"success","result":[
///     {"uuid":"INV-89UX09KA","status":"paid"},
///     {"uuid":null,"status":"paid"}]}"#;
/// let list = decode_response::<GetInvoices>(200, body)?;
/// assert_eq!(list.invoices.len(), 1);
/// assert_eq!(list.unreadable[0].position, 1);
/// assert_eq!(list.unreadable[0].reason, "missing field `uuid`");
/// assert_eq!(list.unreadable[0].raw.text(), r#"{"status":"paid"}"#);
/// # Ok::<(), cryptocloud_types::ResponseError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct InvoiceList {
    /// The invoices read, in the server's order.
    pub invoices: Vec<Invoice>,
    /// The entries that could not be read, in the server's order.
    pub unreadable: Vec<UnreadableInvoice>,
}

/// A list entry that is not an invoice this crate can read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnreadableInvoice {
    /// Where it stood in the answer's list, counting from 0.
    pub position: usize,
    /// The entry as JSON (cut to [`RawJson::MAX`] bytes): every value this crate could not read
    /// exactly as sent, the values it read as it writes them (so the entry costs the page
    /// nothing: it is read in the same single pass as the others).
    pub raw: RawJson,
    /// Why it could not be read.
    pub reason: String,
}

impl<'de> Deserialize<'de> for InvoiceList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ListVisitor { room: 0 })
    }
}

impl InvoiceList {
    /// Reads the list out of an answer of `body_len` bytes, with room reserved once: the body's
    /// length over an invoice's size in memory, at most a page. The room never takes more memory
    /// than the body already does, and a page of live invoices (about 1.6 KB of JSON each, under
    /// 1 KB in memory) has all its room at once; growing entry by entry instead moves the invoices
    /// read so far at every step (about 1.5 pages' worth for 100).
    pub(crate) fn read_sized<'de, D: Deserializer<'de>>(
        deserializer: D,
        body_len: usize,
    ) -> Result<Self, D::Error> {
        let room = (body_len / core::mem::size_of::<Invoice>()).min(LONGEST_PAGE);
        deserializer.deserialize_any(ListVisitor { room })
    }
}

/// Reads the list, with room for `room` invoices to begin with.
struct ListVisitor {
    room: usize,
}

impl<'de> Visitor<'de> for ListVisitor {
    type Value = InvoiceList;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of invoices")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<InvoiceList, A::Error> {
        // serde_json does not say how long the list is; a page's room reserved whatever the
        // answer's length would be most of a microcontroller's heap.
        let room = seq.size_hint().unwrap_or(self.room).min(LONGEST_PAGE);
        let mut list = InvoiceList {
            invoices: Vec::with_capacity(room),
            unreadable: Vec::new(),
        };
        // An invoice's currency and project repeat from one entry to the next: read once a page.
        let mut memo = <Invoice as WireModel>::Memo::default();
        let mut position = 0;
        while let Some(()) = seq.next_element_seed(EntryVisitor {
            list: &mut list,
            position,
            memo: &mut memo,
        })? {
            position += 1;
        }
        Ok(list)
    }

    fn visit_unit<E: de::Error>(self) -> Result<InvoiceList, E> {
        Ok(InvoiceList::default())
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<InvoiceList, E> {
        if crate::lenient::is_absent(value) {
            return Ok(InvoiceList::default());
        }
        Err(de::Error::invalid_type(de::Unexpected::Str(value), &self))
    }
}

/// Reads the entry at `position` into `list` (straight into its place, an invoice being large),
/// with what the entries before it left in `memo`.
struct EntryVisitor<'a, 'de: 'a> {
    list: &'a mut InvoiceList,
    position: usize,
    memo: &'a mut <Invoice as WireModel>::Memo<'de>,
}

impl<'de> DeserializeSeed<'de> for EntryVisitor<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl EntryVisitor<'_, '_> {
    fn set_aside(self, unreadable: Unreadable) {
        self.list.unreadable.push(UnreadableInvoice {
            position: self.position,
            raw: RawJson::new(&unreadable.json),
            reason: unreadable.reason,
        });
    }

    fn not_an_object(self, raw: RawText<'_>) {
        self.set_aside(Unreadable {
            reason: String::from("the entry is not an object"),
            json: String::from(raw.as_str()),
        });
    }
}

impl<'de> Visitor<'de> for EntryVisitor<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an invoice")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        match Invoice::visit_fields(map, self.memo)? {
            Ok(invoice) => self.list.invoices.push(invoice),
            Err(unreadable) => self.set_aside(unreadable),
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        RawText::deserialize(SeqAccessDeserializer::new(seq)).map(|raw| self.not_an_object(raw))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        RawText::deserialize(StrDeserializer::<E>::new(value)).map(|raw| self.not_an_object(raw))
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        RawText::deserialize(UnitDeserializer::<E>::new()).map(|raw| self.not_an_object(raw))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<(), E> {
        RawText::deserialize(BoolDeserializer::<E>::new(value)).map(|raw| self.not_an_object(raw))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<(), E> {
        RawText::deserialize(U64Deserializer::<E>::new(value)).map(|raw| self.not_an_object(raw))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<(), E> {
        RawText::deserialize(I64Deserializer::<E>::new(value)).map(|raw| self.not_an_object(raw))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<(), E> {
        RawText::deserialize(F64Deserializer::<E>::new(value)).map(|raw| self.not_an_object(raw))
    }
}

#[cfg(test)]
mod tests {
    use alloc::format;
    use alloc::sync::Arc;

    use super::*;

    const BTC: &str =
        r#"{"id": 1, "code": "BTC", "network": {"code": "BTC", "x": [1]}, "icon_qr": "None"}"#;
    const USDT: &str = r#"{"id": 4, "code": "USDT", "fullcode": "USDT_TRC20", "order": "first"}"#;

    fn entry(number: usize, currency: &str) -> String {
        format!(
            r#"{{"uuid": "INV-{number:08}", "status": "paid", "currency": {currency}, "project": {{"id": 1, "name": "Shop"}}}}"#
        )
    }

    #[test]
    fn repeated_values_read_as_each_entry_alone_and_are_shared() {
        let currencies = [
            BTC,
            USDT,
            BTC,
            BTC,
            r#""None""#,
            r#""BTC""#,
            r#""BTC""#,
            USDT,
            "[1]",
        ];
        let entries: Vec<String> = currencies
            .iter()
            .enumerate()
            .map(|(number, currency)| entry(number, currency))
            .collect();
        let list: InvoiceList = serde_json::from_str(&format!("[{}]", entries.join(","))).unwrap();
        assert_eq!(list.invoices.len(), currencies.len());
        for (invoice, text) in list.invoices.iter().zip(&entries) {
            let alone: Invoice = serde_json::from_str(text).unwrap();
            assert_eq!(invoice, &alone, "{text}");
        }
        let currency = |at: usize| list.invoices[at].currency.as_ref().unwrap();
        assert!(Arc::ptr_eq(currency(0), currency(2)) && Arc::ptr_eq(currency(0), currency(3)));
        assert!(Arc::ptr_eq(currency(1), currency(7)));
        assert_eq!(currency(0).order, None);
        assert_eq!(
            currency(1).unread.unexpected("order").unwrap().text(),
            r#""first""#
        );
        assert!(list.invoices[4].currency.is_none() && list.invoices[4].unread.is_empty());
        for at in [5, 6] {
            let kept = list.invoices[at].unread.unexpected("currency").unwrap();
            assert_eq!(kept.text(), r#""BTC""#);
        }
        assert_eq!(
            list.invoices[8]
                .unread
                .unexpected("currency")
                .unwrap()
                .text(),
            "[1]"
        );
        let project = |at: usize| list.invoices[at].project.as_ref().unwrap();
        assert!((1..currencies.len()).all(|at| Arc::ptr_eq(project(0), project(at))));
    }

    #[test]
    fn a_repeated_key_is_kept_once_read() {
        let text = format!(
            r#"{{"uuid": "INV-1", "status": "paid", "currency": {BTC}, "currency": {USDT}}}"#
        );
        let list: InvoiceList = serde_json::from_str(&format!("[{text}, {text}]")).unwrap();
        for invoice in &list.invoices {
            assert_eq!(invoice.currency.as_ref().unwrap().id, Some(1));
            let repeated = invoice
                .unread
                .iter()
                .find(|field| field.kind() == crate::RawFieldKind::Repeated);
            assert_eq!(repeated.unwrap().raw().text(), USDT);
        }
    }

    #[test]
    fn a_list_answer_reserves_its_room_once_and_never_more_than_its_length() {
        use crate::{ListInvoices, decode_response};
        let size = core::mem::size_of::<Invoice>();
        // Entries padded to an invoice's size in memory: the answer's length covers them all.
        let padded = |number: usize| {
            let entry = format!(r#"{{"uuid": "INV-{number:08}", "status": "paid", "x": ""}}"#);
            entry.replace(r#""x": """#, &format!(r#""x": "{}""#, "-".repeat(size)))
        };
        for count in [1, 7, 100] {
            let entries: Vec<String> = (0..count).map(padded).collect();
            let body = format!(r#"{{"status":"success","result":[{}]}}"#, entries.join(","));
            let page = decode_response::<ListInvoices>(200, body.as_bytes()).unwrap();
            assert_eq!(page.invoices.len(), count);
            let room = (body.len() / size).min(LONGEST_PAGE);
            assert!(room >= count, "{count}");
            assert_eq!(
                page.invoices.capacity(),
                room,
                "{count}: reserved once, never grown"
            );
        }
        // Small entries: no more room than the answer's length pays for.
        let body = br#"{"status":"success","result":[{"uuid":"INV-1","status":"paid"}]}"#;
        let page = decode_response::<ListInvoices>(200, body).unwrap();
        assert!(page.invoices.capacity() * size <= body.len().max(4 * size));
    }
}
