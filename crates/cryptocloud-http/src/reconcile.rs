//! Catching up with the API: the paid invoices whose postbacks never arrived, and the invoices
//! of an order, for "did my create go through?" after an answer that never came.

use std::pin::Pin;
use std::task::{Context, Poll};

use cryptocloud_types::call::{OrderSearch, is_paid_in_full};
use cryptocloud_types::{DateRange, Invoice, OrderId, PageSize, UnreadableInvoice};
use futures_util::stream::{Stream, StreamExt, TryStreamExt};

use crate::{Client, Error, InvoiceStream};

impl Client {
    /// The invoices created in `range` that are paid or overpaid ([`is_paid_in_full`]), as a stream: what a
    /// reconciliation job fulfils when a postback was missed (CryptoCloud gives up resending, or
    /// a retried postback arrives after its 5-minute token expired).
    ///
    /// **How far back.** The list filters by creation day (UTC), and an invoice can be paid
    /// until it expires: look back as many days as your longest `time_to_pay` covers, plus the
    /// day it started on. With the default of 24 hours, yesterday and today
    /// (`DateRange::last_days(today, 2)`). Run it as often as a late fulfilment may be, say
    /// hourly; each run pages through the whole range (one request per 100 invoices).
    ///
    /// **Idempotent fulfilment.** The same invoices come back on every run, and their postbacks
    /// may still arrive: fulfil once per invoice id ([`Invoice::uuid`]), recorded before or with
    /// the fulfilment, never per run. Partial payments (`partial`) are not listed.
    ///
    /// Entries of the answers that cannot be read are skipped and kept in
    /// [`PaidInvoices::unreadable`]: any of them may be a paid invoice, so look at them.
    ///
    /// ```no_run
    /// # mod cryptocloud { pub use cryptocloud_http::*; pub use cryptocloud_types::*; }
    /// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use cryptocloud::{Date, DateRange};
    /// use futures_util::TryStreamExt;
    ///
    /// let today = Date::try_from(time::OffsetDateTime::now_utc().date())?;
    /// let mut paid = client.paid_invoices(DateRange::last_days(today, 2));
    /// while let Some(invoice) = paid.try_next().await? {
    ///     // Fulfil once per invoice id: a no-op for the ones already done.
    ///     println!("{} paid for order {:?}", invoice.uuid, invoice.order_id);
    /// }
    /// assert!(paid.unreadable().is_empty(), "entries to look at by hand");
    /// # Ok(()) }
    /// ```
    pub fn paid_invoices(&self, range: DateRange) -> PaidInvoices {
        PaidInvoices {
            invoices: self.invoices(range),
        }
    }

    /// Every invoice created in `range` with `order` as its order id, **newest first** (by
    /// `created`; see [`OrderSearch::newest_first`]).
    ///
    /// CryptoCloud does not keep order ids unique, so this returns every match: one order may
    /// have several invoices (a retried create, a customer's second attempt). The API has no
    /// search: **this pages through every invoice of the range** (one request per 100
    /// invoices), so keep the range short. An entry of the answers that cannot be read but
    /// mentions `order` makes it an error ([`ErrorKind::Decode`](crate::ErrorKind::Decode)):
    /// it may be a match, and "none" would be a guess.
    ///
    /// **Did my create go through?** [`create_invoice`](Self::create_invoice) is never retried
    /// once the request may have reached the server, and the API has no idempotency key. After
    /// an error for which [`Error::may_have_been_sent`] holds:
    ///
    /// 1. wait the attempt timeout (15 s unless set with
    ///    [`ClientBuilder::attempt_timeout`](crate::ClientBuilder::attempt_timeout)) plus a
    ///    margin, so that a request the server is still working on has landed;
    /// 2. search today and yesterday (UTC): near midnight the invoice may carry either day;
    /// 3. create only if nothing was found; if something was, use it (the newest, or every
    ///    match for a person to look at).
    ///
    /// An error that does not hold `may_have_been_sent` created nothing: create again.
    ///
    /// ```no_run
    /// # mod cryptocloud { pub use cryptocloud_http::*; pub use cryptocloud_types::*; }
    /// # async fn run(client: cryptocloud_http::Client, create: cryptocloud_types::CreateInvoice)
    /// # -> Result<(), Box<dyn std::error::Error>> {
    /// use cryptocloud::{Date, DateRange, OrderId};
    ///
    /// let order: OrderId = "order-1042".parse()?;
    /// let invoice = match client.create_invoice(create.clone()).await {
    ///     Ok(invoice) => invoice,
    ///     Err(error) if error.may_have_been_sent() => {
    ///         tokio::time::sleep(std::time::Duration::from_secs(15 + 30)).await;
    ///         let today = Date::try_from(time::OffsetDateTime::now_utc().date())?;
    ///         let found = client.find_by_order_id(&order, DateRange::last_days(today, 2)).await?;
    ///         match found.into_iter().next() {
    ///             Some(newest) => newest,
    ///             None => client.create_invoice(create).await?,
    ///         }
    ///     }
    ///     Err(error) => return Err(error.into()),
    /// };
    /// println!("pay at {}", invoice.uuid.payment_link());
    /// # Ok(()) }
    /// ```
    pub async fn find_by_order_id(
        &self,
        order: &OrderId,
        range: DateRange,
    ) -> Result<Vec<Invoice>, Error> {
        let search = OrderSearch::new(order.clone());
        let mut invoices = self.invoices(range);
        let mut found: Vec<Invoice> = (&mut invoices)
            .try_filter(|invoice| std::future::ready(search.matches(invoice)))
            .try_collect()
            .await?;
        OrderSearch::newest_first(&mut found);
        match invoices
            .unreadable()
            .iter()
            .find(|entry| search.may_match(entry))
        {
            Some(entry) => Err(Error::unreadable(entry.clone()).during("list_invoices", 1)),
            None => Ok(found),
        }
    }
}

/// The paid and overpaid invoices of a range: a `Stream` of `Result<Invoice, Error>` over
/// [`InvoiceStream`] (see [`Client::paid_invoices`]).
#[must_use = "streams do nothing unless polled"]
#[derive(Debug)]
pub struct PaidInvoices {
    invoices: InvoiceStream,
}

impl PaidInvoices {
    /// Invoices per request (default: the client's, 100 unless set).
    pub fn page_size(self, size: PageSize) -> Self {
        PaidInvoices {
            invoices: self.invoices.page_size(size),
        }
    }

    /// How many pages may be requested at once (default: the client's, 1 unless set).
    pub fn prefetch(self, pages: usize) -> Self {
        PaidInvoices {
            invoices: self.invoices.prefetch(pages),
        }
    }

    /// Pages received so far.
    pub fn pages_fetched(&self) -> u64 {
        self.invoices.pages_fetched()
    }

    /// The entries of the answers that could not be read, so far, whatever their status: any
    /// of them may be a paid invoice.
    pub fn unreadable(&self) -> &[UnreadableInvoice] {
        self.invoices.unreadable()
    }
}

impl Stream for PaidInvoices {
    type Item = Result<Invoice, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            match self.invoices.poll_next_unpin(cx) {
                Poll::Ready(Some(Ok(invoice))) if !is_paid_in_full(&invoice) => continue,
                other => return other,
            }
        }
    }
}
