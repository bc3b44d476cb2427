//! Streaming the invoice list page by page, with `limit` as the end position, optional prefetch,
//! and memory bounded by page size × pages in flight.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use cryptocloud_types::{DateRange, Invoice, InvoicePage, PageSize, Window};
use futures_util::future::BoxFuture;
use futures_util::stream::{FuturesOrdered, Stream, StreamExt};

use crate::{Client, Error};

/// Every invoice of a date range, in the server's order: a `Stream` of `Result<Invoice, Error>`
/// that ends after the last page (a short or empty page, or `all_count` reached) or after the
/// first error.
///
/// ```no_run
/// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
/// use cryptocloud_types::{DateRange, PageSize};
/// use futures_util::TryStreamExt;
///
/// let range = DateRange::new("01.01.2026".parse()?, "31.01.2026".parse()?)?;
/// let mut invoices = client.invoices(range).page_size(PageSize::new(100)?).prefetch(4);
/// while let Some(invoice) = invoices.try_next().await? {
///     println!("{} {:?}", invoice.uuid, invoice.amount_usd);
/// }
/// # Ok(()) }
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct InvoiceStream {
    client: Client,
    range: DateRange,
    size: PageSize,
    prefetch: usize,
    /// The next window to ask for, `None` once no more pages should be asked for.
    next: Option<Window>,
    /// Total records, when the server says.
    total: Option<u64>,
    in_flight: FuturesOrdered<BoxFuture<'static, Result<(Window, InvoicePage), Error>>>,
    ready: VecDeque<Invoice>,
    pages_fetched: u64,
    finished: bool,
}

impl InvoiceStream {
    pub(crate) fn new(client: Client, range: DateRange) -> InvoiceStream {
        let size = client.inner.settings.page_size;
        let prefetch = client.inner.settings.prefetch_pages;
        InvoiceStream {
            client,
            range,
            size,
            prefetch,
            next: Some(Window::first(size)),
            total: None,
            in_flight: FuturesOrdered::new(),
            ready: VecDeque::new(),
            pages_fetched: 0,
            finished: false,
        }
    }

    /// Invoices per request (default: the client's, 100 unless set).
    pub fn page_size(mut self, size: PageSize) -> Self {
        if self.pages_fetched == 0 && self.in_flight.is_empty() {
            self.size = size;
            self.next = Some(Window::first(size));
        }
        self
    }

    /// How many pages may be in flight at once (default: the client's, 1 unless set). Pages
    /// still arrive in order.
    pub fn prefetch(mut self, pages: usize) -> Self {
        self.prefetch = pages.max(1);
        self
    }

    /// Pages received so far.
    pub fn pages_fetched(&self) -> u64 {
        self.pages_fetched
    }

    /// Starts requests until `prefetch` are in flight or the end is known.
    fn fill(&mut self) {
        while self.in_flight.len() < self.prefetch {
            let Some(window) = self.next else {
                return;
            };
            if self.total.is_some_and(|total| window.offset() >= total) {
                self.next = None;
                return;
            }
            self.next = window.next(self.size);
            let client = self.client.clone();
            let range = self.range;
            self.in_flight.push_back(Box::pin(async move {
                client
                    .list_invoices(range, window)
                    .await
                    .map(|page| (window, page))
            }));
        }
    }

    /// Takes in a page; a short page is the last, and pages asked for after it are dropped.
    fn accept(&mut self, window: Window, page: InvoicePage) {
        self.pages_fetched += 1;
        if let Some(total) = page.all_count {
            self.total = Some(total);
        }
        let received = page.invoices.len() as u64;
        if received < window.len() || self.total.is_some_and(|total| window.limit() >= total) {
            self.next = None;
            self.in_flight = FuturesOrdered::new();
        }
        self.ready.extend(page.invoices);
    }
}

impl Stream for InvoiceStream {
    type Item = Result<Invoice, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(invoice) = this.ready.pop_front() {
                return Poll::Ready(Some(Ok(invoice)));
            }
            if this.finished {
                return Poll::Ready(None);
            }
            this.fill();
            match this.in_flight.poll_next_unpin(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => {
                    this.finished = true;
                }
                Poll::Ready(Some(Ok((window, page)))) => this.accept(window, page),
                Poll::Ready(Some(Err(error))) => {
                    this.finished = true;
                    this.in_flight = FuturesOrdered::new();
                    return Poll::Ready(Some(Err(error)));
                }
            }
        }
    }
}

impl std::fmt::Debug for InvoiceStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InvoiceStream")
            .field("range", &self.range)
            .field("page_size", &self.size)
            .field("prefetch", &self.prefetch)
            .field("pages_fetched", &self.pages_fetched)
            .field("in_flight", &self.in_flight.len())
            .finish_non_exhaustive()
    }
}
