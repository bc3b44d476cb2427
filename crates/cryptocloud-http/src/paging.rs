//! Streaming the invoice list page by page: the pure [`PageWalk`] decides which windows to ask
//! for and when to stop; this wires it to the client, with optional prefetch.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};

use cryptocloud_types::{
    DateRange, Invoice, InvoicePage, PageSize, PageWalk, UnreadableInvoice, Window,
};
use futures_util::future::BoxFuture;
use futures_util::stream::{FuturesOrdered, Stream, StreamExt};

use crate::{Client, Error};

/// What a page's request brings back.
type Fetched = Result<(Window, InvoicePage), Error>;

/// Every invoice of a date range, in the server's order: a `Stream` of `Result<Invoice, Error>`
/// that ends after the last page (a short or empty one) or after the first error.
///
/// It never trusts the server's paging: `all_count` only informs [`total`](Self::total); a page
/// larger than asked for, a full page that adds no entry not seen before (the page before again,
/// or any earlier one), or more than [`PageWalk::MAX_UNREADABLE`] unreadable entries end the
/// stream with [`ErrorKind::Paging`](crate::ErrorKind::Paging); and each invoice is yielded once,
/// by `uuid`, even when invoices created during the walk shift the windows. What an export
/// guarantees: every invoice that existed in the range for the whole walk, exactly once.
///
/// Memory: the pages in flight, those answered ahead of their turn and the one being handed
/// out (at most page size × (2 × prefetch + 1) decoded invoices, about 3 KiB each), the set of ids already yielded (about 20 bytes per
/// invoice of the documented id form, 2 MB for 100,000; an id of another form is kept as its
/// text), and the unreadable entries (at most 1,000 of at most 4 KiB of text each).
///
/// ```no_run
/// # mod cryptocloud { pub use cryptocloud_http::*; pub use cryptocloud_types::*; }
/// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
/// use cryptocloud::{DateRange, PageSize};
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
    walk: PageWalk,
    size: PageSize,
    prefetch: usize,
    /// Total records, when the server says (never used to stop).
    total: Option<u64>,
    in_flight: FuturesOrdered<BoxFuture<'static, Fetched>>,
    /// Requests of `in_flight` still waiting for their answer (each task counts itself out).
    waiting: Arc<AtomicUsize>,
    /// The page being handed out: its own `Vec`, so an invoice moves once, to the caller.
    ready: std::vec::IntoIter<Invoice>,
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
            walk: PageWalk::new(size),
            size,
            prefetch,
            total: None,
            in_flight: FuturesOrdered::new(),
            waiting: Arc::new(AtomicUsize::new(0)),
            ready: Vec::new().into_iter(),
            pages_fetched: 0,
            finished: false,
        }
    }

    /// Invoices per request (default: the client's, 100 unless set).
    pub fn page_size(mut self, size: PageSize) -> Self {
        if self.pages_fetched == 0 && self.in_flight.is_empty() {
            self.size = size;
            self.walk = PageWalk::new(size);
        }
        self
    }

    /// How many pages may be requested at once (default: the client's, 1 unless set). Pages
    /// still arrive in order, and the client's cap on requests in flight bounds them all. With
    /// more than one, the requests run concurrently while the stream is polled, and the window
    /// refills as soon as a page is taken in (its new requests go out when the stream next waits
    /// for a page) and past a slow page (up to as many pages answered ahead of their turn);
    /// dropping the stream drops them. After the last page, the requests
    /// still out (at most 2 × pages − 1) are dropped.
    pub fn prefetch(mut self, pages: usize) -> Self {
        self.prefetch = pages.max(1);
        self
    }

    /// Pages received so far.
    pub fn pages_fetched(&self) -> u64 {
        self.pages_fetched
    }

    /// The entries the server sent that could not be read as invoices, so far: the stream goes
    /// on past them (one odd invoice never costs a page), and keeps them here with their raw
    /// text, so an export can say what it skipped. Each is kept once, at most
    /// [`PageWalk::MAX_UNREADABLE`]: one more ends the stream with an error.
    pub fn unreadable(&self) -> &[UnreadableInvoice] {
        self.walk.unreadable()
    }

    /// The number of invoices in the range, if the server said (for progress only).
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// Starts requests until the window is full or the end is known. The window is `prefetch`
    /// requests waiting for their answer, and at most as many pages answered ahead of their
    /// turn: a slow page holds back no more than that.
    fn fill(&mut self) {
        while self.has_room() {
            let Some(window) = self.walk.next_window() else {
                return;
            };
            let client = self.client.clone();
            let range = self.range;
            let fetch = async move {
                client
                    .list_invoices(range, window)
                    .await
                    .map(|page| (window, page))
            };
            if self.prefetch == 1 {
                self.in_flight.push_back(Box::pin(fetch));
                continue;
            }
            // Not a task of its own: a spawned task per page made the peak memory of a long
            // export grow with its length (about 150 bytes per invoice on a multi-thread
            // runtime; `cargo xtask bench`, row 4), so the pages' requests run on the stream's
            // task, concurrently.
            let waiting = Waiting::count(&self.waiting);
            self.in_flight.push_back(Box::pin(async move {
                let _waiting = waiting;
                fetch.await
            }));
        }
    }

    fn has_room(&self) -> bool {
        if self.prefetch == 1 {
            return self.in_flight.is_empty();
        }
        self.waiting.load(Ordering::Acquire) < self.prefetch
            && self.in_flight.len() < 2 * self.prefetch
    }

    /// Takes in a page, once the one before is handed out; after the last, pages asked for
    /// beyond it are dropped.
    fn accept(&mut self, window: Window, mut page: InvoicePage) -> Result<(), Error> {
        self.pages_fetched += 1;
        self.total = page.all_count.or(self.total);
        let last = self.walk.accept(window, &mut page).map_err(Error::paging)?;
        if last {
            self.in_flight = FuturesOrdered::new();
        }
        self.ready = page.invoices.into_iter();
        Ok(())
    }
}

impl Stream for InvoiceStream {
    type Item = Result<Invoice, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(invoice) = this.ready.next() {
                return Poll::Ready(Some(Ok(invoice)));
            }
            if this.finished {
                return Poll::Ready(None);
            }
            this.fill();
            let failed = match this.in_flight.poll_next_unpin(cx) {
                Poll::Pending => {
                    // A page answered ahead of its turn while polling frees a place: fill it.
                    let before = this.in_flight.len();
                    this.fill();
                    if this.in_flight.len() > before {
                        continue;
                    }
                    return Poll::Pending;
                }
                Poll::Ready(None) => {
                    this.finished = true;
                    continue;
                }
                Poll::Ready(Some(Ok((window, page)))) => match this.accept(window, page) {
                    // The window refills now, while this page is handed out.
                    Ok(()) => {
                        this.fill();
                        continue;
                    }
                    Err(error) => error,
                },
                Poll::Ready(Some(Err(error))) => error,
            };
            this.finished = true;
            this.in_flight = FuturesOrdered::new();
            return Poll::Ready(Some(Err(failed)));
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

/// One request of the window waiting for its answer, counted until dropped (answered or
/// aborted).
struct Waiting(Arc<AtomicUsize>);

impl Waiting {
    fn count(waiting: &Arc<AtomicUsize>) -> Waiting {
        waiting.fetch_add(1, Ordering::AcqRel);
        Waiting(Arc::clone(waiting))
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}
