//! Catching up with the API from the invoice list: which invoices a missed postback should have
//! fulfilled, and which belong to an order.

use alloc::string::String;

use crate::{Invoice, InvoiceStatus, OrderId, UnreadableInvoice};

/// Whether the money asked for has arrived: `paid` or `overpaid` (not `partial`).
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::call::is_paid_in_full;
/// use cryptocloud::Invoice;
///
/// let invoice: Invoice = serde_json::from_str(r#"{"uuid":"INV-89UX09KA","status":"overpaid"}"#)?;
/// assert!(is_paid_in_full(&invoice));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn is_paid_in_full(invoice: &Invoice) -> bool {
    matches!(
        invoice.status,
        InvoiceStatus::Paid | InvoiceStatus::Overpaid
    )
}

/// The invoices of one order, looked for in the list (the API has no search).
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::call::OrderSearch;
/// use cryptocloud::{InvoiceList, Invoice};
///
/// let search = OrderSearch::new("order-7".parse()?);
/// let invoice: Invoice = serde_json::from_str(r#"{"uuid":"INV-89UX09KA","status":"paid","order_id":"order-7"}"#)?;
/// assert!(search.matches(&invoice));
/// let list: InvoiceList = serde_json::from_str(r#"[{"uuid":{},"status":"paid","order_id":"order-7"}]"#)?;
/// assert!(search.may_match(&list.unreadable[0]), "unreadable, but it may be one");
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct OrderSearch {
    order: OrderId,
    /// The order id as JSON writes it inside a string, to look for in raw text.
    escaped: String,
}

impl OrderSearch {
    /// A search for `order`.
    pub fn new(order: OrderId) -> OrderSearch {
        let quoted = serde_json::to_string(order.as_str()).unwrap_or_default();
        let escaped = String::from(quoted.trim_matches('"'));
        OrderSearch { order, escaped }
    }

    /// The order looked for.
    pub fn order(&self) -> &OrderId {
        &self.order
    }

    /// Whether `invoice` belongs to the order.
    pub fn matches(&self, invoice: &Invoice) -> bool {
        invoice.order_id.as_deref() == Some(self.order.as_str())
    }

    /// Sorts the matches newest first, by `created` (the API documents no order for its list);
    /// an invoice without a readable `created` goes last, the server's order kept among equals.
    pub fn newest_first(found: &mut [Invoice]) {
        found.sort_by_key(|invoice| core::cmp::Reverse(invoice.created));
    }

    /// Whether an entry that could not be read mentions the order (so also inside a longer order
    /// id): it may be a match, and "none found" would be a guess. A false alarm is an error; a
    /// miss could be a second invoice.
    pub fn may_match(&self, entry: &UnreadableInvoice) -> bool {
        !self.escaped.is_empty() && entry.raw.text().contains(self.escaped.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paid_and_overpaid_are_paid_in_full() {
        for (status, paid) in [
            ("paid", true),
            ("overpaid", true),
            ("partial", false),
            ("created", false),
            ("canceled", false),
            ("refunded", false),
        ] {
            let body = alloc::format!(r#"{{"uuid":"INV-89UX09KA","status":"{status}"}}"#);
            let invoice: Invoice = serde_json::from_str(&body).unwrap();
            assert_eq!(is_paid_in_full(&invoice), paid, "{status}");
        }
    }

    #[test]
    fn matches_come_newest_first_and_those_without_a_date_last() {
        let invoice = |id: &str, created: &str| -> Invoice {
            let created = match created {
                "" => alloc::string::String::new(),
                when => alloc::format!(r#","created":"{when}""#),
            };
            let body = alloc::format!(r#"{{"uuid":"INV-{id}","status":"paid"{created}}}"#);
            serde_json::from_str(&body).unwrap()
        };
        let mut found = alloc::vec![
            invoice("AAAAAAAA", "2026-01-01 10:00:00"),
            invoice("BBBBBBBB", ""),
            invoice("CCCCCCCC", "2026-01-02 09:00:00"),
            invoice("DDDDDDDD", "2026-01-01 10:00:00"),
        ];
        OrderSearch::newest_first(&mut found);
        let order: alloc::vec::Vec<_> = found.iter().map(|i| i.uuid.to_string()).collect();
        assert_eq!(
            order,
            [
                "INV-CCCCCCCC",
                "INV-AAAAAAAA",
                "INV-DDDDDDDD",
                "INV-BBBBBBBB"
            ]
        );
    }

    #[test]
    fn an_unreadable_entry_mentioning_the_order_may_be_a_match() {
        let unreadable = |raw: &str| {
            let list: crate::InvoiceList =
                serde_json::from_str(&alloc::format!("[{raw}]")).unwrap();
            list.unreadable.into_iter().next().unwrap()
        };
        let search = OrderSearch::new(r#"order "7""#.parse().unwrap());
        let entry = unreadable(r#"{"uuid":{},"status":"paid","order_id":"order \"7\""}"#);
        assert!(search.may_match(&entry));
        let other = unreadable(r#"{"uuid":{},"status":"paid","order_id":"order-8"}"#);
        assert!(!search.may_match(&other));
    }
}
