//! The invoice list page by page, as iterators: the core's [`PageWalk`] decides which window
//! comes next and when the walk ends; this fetches the pages one after the other.

use cryptocloud_types::call::{OrderSearch, is_paid_in_full};
use cryptocloud_types::{
    DateRange, Invoice, OrderId, PageSize, PageWalk, UnreadableInvoice, Window,
};

use crate::{Client, Error};

impl Client {
    /// Every invoice created in `range`, in the server's order: an iterator of
    /// `Result<Invoice, Error>` that ends after the last page or after the first error. Each
    /// invoice comes once, by `uuid`, even when new invoices shift the windows; a server whose
    /// paging cannot be right ends it with [`ErrorKind::Paging`](crate::ErrorKind::Paging).
    pub fn invoices(&self, range: DateRange) -> Invoices {
        Invoices::new(self.clone(), range, self.inner.settings.page_size)
    }

    /// The invoices created in `range` that are paid or overpaid ([`is_paid_in_full`]): what a
    /// reconciliation job fulfils when a postback was missed. Fulfil once per invoice id; look
    /// at [`PaidInvoices::unreadable`] afterwards (any of them may be a paid invoice).
    pub fn paid_invoices(&self, range: DateRange) -> PaidInvoices {
        PaidInvoices {
            invoices: self.invoices(range),
        }
    }

    /// Every invoice created in `range` with `order` as its order id, newest first (by
    /// `created`; the API has no search: this pages through the whole range). An unreadable entry that
    /// mentions `order` makes it an error: it may be a match.
    pub fn find_by_order_id(
        &self,
        order: &OrderId,
        range: DateRange,
    ) -> Result<Vec<Invoice>, Error> {
        let search = OrderSearch::new(order.clone());
        let mut invoices = self.invoices(range);
        let mut found = Vec::new();
        for invoice in &mut invoices {
            let invoice = invoice?;
            if search.matches(&invoice) {
                found.push(invoice);
            }
        }
        match invoices
            .unreadable()
            .iter()
            .find(|entry| search.may_match(entry))
        {
            Some(entry) => Err(Error::unreadable(entry.clone(), "list_invoices")),
            None => Ok(found),
        }
    }
}

/// Every invoice of a date range (see [`Client::invoices`]).
#[derive(Debug)]
#[must_use = "iterators do nothing unless iterated"]
pub struct Invoices {
    client: Client,
    range: DateRange,
    walk: PageWalk,
    /// The page being handed out: its own `Vec`, so an invoice moves once, to the caller.
    ready: std::vec::IntoIter<Invoice>,
    pages_fetched: u64,
    total: Option<u64>,
    finished: bool,
}

impl Invoices {
    fn new(client: Client, range: DateRange, size: PageSize) -> Invoices {
        Invoices {
            client,
            range,
            walk: PageWalk::new(size),
            ready: Vec::new().into_iter(),
            pages_fetched: 0,
            total: None,
            finished: false,
        }
    }

    /// Invoices per request, before the first page is fetched (default: the client's).
    pub fn page_size(mut self, size: PageSize) -> Self {
        if self.pages_fetched == 0 {
            self.walk = PageWalk::new(size);
        }
        self
    }

    /// Pages received so far.
    pub fn pages_fetched(&self) -> u64 {
        self.pages_fetched
    }

    /// The entries that could not be read as invoices, so far, with their raw text (each once,
    /// at most [`PageWalk::MAX_UNREADABLE`]: one more ends the walk with an error).
    pub fn unreadable(&self) -> &[UnreadableInvoice] {
        self.walk.unreadable()
    }

    /// The number of invoices in the range, if the server said (for progress only).
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// Fetches and takes in the page of `window`, once the one before is handed out.
    fn fetch(&mut self, window: Window) -> Result<(), Error> {
        let mut page = self.client.list_invoices(self.range, window)?;
        self.pages_fetched += 1;
        self.total = page.all_count.or(self.total);
        self.walk.accept(window, &mut page).map_err(Error::paging)?;
        self.ready = page.invoices.into_iter();
        Ok(())
    }
}

impl Iterator for Invoices {
    type Item = Result<Invoice, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(invoice) = self.ready.next() {
                return Some(Ok(invoice));
            }
            if self.finished {
                return None;
            }
            let Some(window) = self.walk.next_window() else {
                self.finished = true;
                return None;
            };
            if let Err(error) = self.fetch(window) {
                self.finished = true;
                return Some(Err(error));
            }
        }
    }
}

/// The paid and overpaid invoices of a range (see [`Client::paid_invoices`]).
#[derive(Debug)]
#[must_use = "iterators do nothing unless iterated"]
pub struct PaidInvoices {
    invoices: Invoices,
}

impl PaidInvoices {
    /// Pages received so far.
    pub fn pages_fetched(&self) -> u64 {
        self.invoices.pages_fetched()
    }

    /// The entries of the answers that could not be read, whatever their status.
    pub fn unreadable(&self) -> &[UnreadableInvoice] {
        self.invoices.unreadable()
    }
}

impl Iterator for PaidInvoices {
    type Item = Result<Invoice, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.invoices
            .find(|invoice| invoice.as_ref().map_or(true, is_paid_in_full))
    }
}
