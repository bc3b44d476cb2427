//! `POST /v2/invoice/merchant/list`: invoices created in a date range, one window of records at
//! a time (see [`Window`]).

use alloc::vec::Vec;

use serde::{Deserializer, Serialize};

use super::{FromPayload, InvalidRequest, Operation, PageSize, ResponseMeta, Route, Window};
use crate::{Date, DateRange, Invoice, InvoiceList, UnreadableInvoice};

/// Lists the invoices created in a date range.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{DateRange, ListInvoices, Operation, PageSize};
///
/// let january = DateRange::new("01.01.2026".parse()?, "31.01.2026".parse()?)?;
/// let third_page = ListInvoices::page(january, PageSize::new(25)?, 3)?;
/// assert_eq!(
///     third_page.body()?,
///     br#"{"start":"01.01.2026","end":"31.01.2026","offset":50,"limit":75}"#
/// );
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct ListInvoices {
    start: Date,
    end: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<u64>,
}

impl ListInvoices {
    /// The server's default window: the first 10 records.
    pub const fn new(range: DateRange) -> ListInvoices {
        ListInvoices {
            start: range.start(),
            end: range.end(),
            offset: None,
            limit: None,
        }
    }

    /// The records in `window`.
    pub const fn window(range: DateRange, window: Window) -> ListInvoices {
        ListInvoices {
            start: range.start(),
            end: range.end(),
            offset: Some(window.offset()),
            limit: Some(window.limit()),
        }
    }

    /// Page `number` (counting from 1) of `size` records.
    pub fn page(
        range: DateRange,
        size: PageSize,
        number: u64,
    ) -> Result<ListInvoices, InvalidRequest> {
        Ok(ListInvoices::window(range, Window::page(size, number)?))
    }
}

/// One page of the invoice list. An entry whose `uuid` or `status` cannot be read does not cost
/// the page: it is in [`unreadable`](Self::unreadable) with its raw text, so an export can go on
/// and say what it skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct InvoicePage {
    /// The invoices, in the server's order.
    pub invoices: Vec<Invoice>,
    /// The entries that could not be read as invoices.
    pub unreadable: Vec<UnreadableInvoice>,
    /// Total number of invoices in the range, when the server says.
    pub all_count: Option<u64>,
}

impl InvoicePage {
    /// How many entries the server sent: invoices read plus entries that could not be.
    pub fn entries(&self) -> usize {
        self.invoices.len() + self.unreadable.len()
    }
}

impl Operation for ListInvoices {
    const ROUTE: Route = Route::ListInvoices;
    type Payload = InvoiceList;
    type Output = InvoicePage;

    fn read_payload<'de, D: Deserializer<'de>>(
        deserializer: D,
        body_len: usize,
    ) -> Result<InvoiceList, D::Error> {
        InvoiceList::read_sized(deserializer, body_len)
    }
}

impl FromPayload<InvoiceList> for InvoicePage {
    fn from_payload(list: InvoiceList, meta: ResponseMeta) -> InvoicePage {
        InvoicePage {
            invoices: list.invoices,
            unreadable: list.unreadable,
            all_count: meta.all_count,
        }
    }
}
