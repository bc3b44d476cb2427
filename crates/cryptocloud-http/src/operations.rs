//! One method per API operation.

use cryptocloud_types::call::{InfoBatches, Lookup};
use cryptocloud_types::{
    BalanceEntry, CancelInvoice, Cancelled, CreateInvoice, CreateStaticWallet, CreateWithdrawal,
    DateRange, GetBalance, GetInvoices, GetStatistics, Invoice, InvoiceId, InvoiceList,
    InvoicePage, ListInvoices, StaticWallet, Statistics, Window, Withdrawal,
};
use futures_util::future::try_join_all;

use crate::{Client, Error, InvoiceStream};

impl Client {
    /// Creates an invoice. Not retried once the request may have reached the server (a repeat
    /// would create a second invoice); see [`Error::may_have_been_sent`].
    ///
    /// ```no_run
    /// # mod cryptocloud { pub use cryptocloud_http::*; pub use cryptocloud_types::*; }
    /// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use cryptocloud::CreateInvoice;
    /// let create = CreateInvoice::new("your-shop-id".parse()?, "100.50".parse()?)?.order_id("order-1042".parse()?);
    /// let invoice = client.create_invoice(create).await?;
    /// println!("pay at {}", invoice.link.as_deref().unwrap_or_default());
    /// # Ok(()) }
    /// ```
    pub async fn create_invoice(&self, invoice: CreateInvoice) -> Result<Invoice, Error> {
        self.send(&invoice).await
    }

    /// Cancels an invoice that is still unpaid. Canceling twice answers with
    /// [`ApiErrorKind::Validation`](cryptocloud_types::ApiErrorKind::Validation).
    ///
    /// ```no_run
    /// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// client.cancel_invoice("INV-89UX09KA".parse()?).await?;
    /// # Ok(()) }
    /// ```
    pub async fn cancel_invoice(&self, invoice: InvoiceId) -> Result<Cancelled, Error> {
        self.send(&CancelInvoice::new(invoice)).await
    }

    /// Fetches one invoice; an id the API does not know is an error for which
    /// [`Error::is_not_found`] holds.
    ///
    /// ```no_run
    /// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let invoice = client.invoice("INV-89UX09KA".parse()?).await?;
    /// println!("{} is {}", invoice.uuid, invoice.status);
    /// # Ok(()) }
    /// ```
    pub async fn invoice(&self, id: InvoiceId) -> Result<Invoice, Error> {
        let found = self
            .send(&GetInvoices::new([id.clone()]).map_err(Error::invalid)?)
            .await?;
        match Lookup::in_answer(found, &id) {
            Lookup::Found(invoice) => Ok(*invoice),
            Lookup::Unreadable(entry) => Err(Error::unreadable(entry)),
            _ => Err(Error::not_found(id)),
        }
    }

    /// Fetches invoices by id, in the order asked, each once. More than 100 ids are sent as
    /// batches of 100 ([`InfoBatches`]), concurrently (within the client's cap on requests in
    /// flight). Ids the API does not know are left out; entries it sent that cannot be read are
    /// in `unreadable` (their positions count within their batch of 100), so nothing is dropped
    /// silently.
    ///
    /// ```no_run
    /// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let invoices = client.invoice_info(["INV-89UX09KA".parse()?, "INV-AAAAAAAA".parse()?]).await?;
    /// for invoice in invoices.invoices {
    ///     println!("{} is {}", invoice.uuid, invoice.status);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn invoice_info(
        &self,
        ids: impl IntoIterator<Item = InvoiceId>,
    ) -> Result<InvoiceList, Error> {
        let batches = InfoBatches::new(ids);
        let requests = batches.requests().map_err(Error::invalid)?;
        let answers = try_join_all(requests.iter().map(|batch| self.send(batch))).await?;
        Ok(batches.merge(answers))
    }

    /// One page of the invoice list: records `window.offset()+1 ..= window.limit()`. To read a
    /// whole range, use [`invoices`](Self::invoices).
    ///
    /// ```no_run
    /// # mod cryptocloud { pub use cryptocloud_http::*; pub use cryptocloud_types::*; }
    /// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use cryptocloud::{DateRange, PageSize, Window};
    /// let range = DateRange::new("01.01.2026".parse()?, "31.01.2026".parse()?)?;
    /// let second = client.list_invoices(range, Window::page(PageSize::new(50)?, 2)?).await?;
    /// println!("{} invoices on page 2", second.invoices.len());
    /// # Ok(()) }
    /// ```
    pub async fn list_invoices(
        &self,
        range: DateRange,
        window: Window,
    ) -> Result<InvoicePage, Error> {
        self.send(&ListInvoices::window(range, window)).await
    }

    /// Every invoice created in `range`, as a stream that fetches page after page (see
    /// [`InvoiceStream`] for page size and prefetching).
    ///
    /// ```no_run
    /// # mod cryptocloud { pub use cryptocloud_http::*; pub use cryptocloud_types::*; }
    /// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use cryptocloud::DateRange;
    /// use futures_util::TryStreamExt;
    /// let range = DateRange::new("01.01.2026".parse()?, "31.01.2026".parse()?)?;
    /// let paid: Vec<_> = client.invoices(range).prefetch(4).try_filter(|i| std::future::ready(i.status.as_str() == "paid")).try_collect().await?;
    /// # Ok(()) }
    /// ```
    pub fn invoices(&self, range: DateRange) -> InvoiceStream {
        InvoiceStream::new(self.clone(), range)
    }

    /// Counts and USD sums per status for the invoices created in `range`.
    ///
    /// ```no_run
    /// # mod cryptocloud { pub use cryptocloud_http::*; pub use cryptocloud_types::*; }
    /// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use cryptocloud::DateRange;
    /// let range = DateRange::new("01.01.2026".parse()?, "31.01.2026".parse()?)?;
    /// let statistics = client.statistics(range).await?;
    /// println!("{:?} paid, {:?} USD", statistics.count.paid, statistics.amount.paid);
    /// # Ok(()) }
    /// ```
    pub async fn statistics(&self, range: DateRange) -> Result<Statistics, Error> {
        self.send(&GetStatistics::new(range)).await
    }

    /// The merchant's balance in every coin.
    ///
    /// ```no_run
    /// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// for entry in client.balance().await? {
    ///     println!("{:?} {:?}", entry.currency.code, entry.available_balance);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn balance(&self) -> Result<Vec<BalanceEntry>, Error> {
        self.send(&GetBalance::new()).await
    }

    /// Creates a static wallet: a permanent address for one customer. Not retried once the
    /// request may have reached the server.
    ///
    /// ```no_run
    /// # mod cryptocloud { pub use cryptocloud_http::*; pub use cryptocloud_types::*; }
    /// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use cryptocloud::{CreateStaticWallet, CryptoCurrency};
    /// let wallet = client
    ///     .create_static_wallet(CreateStaticWallet::new("your-shop-id".parse()?, CryptoCurrency::UsdtTrc20, "customer-17")?)
    ///     .await?;
    /// println!("customer 17 pays to {:?}", wallet.address);
    /// # Ok(()) }
    /// ```
    pub async fn create_static_wallet(
        &self,
        wallet: CreateStaticWallet,
    ) -> Result<StaticWallet, Error> {
        self.send(&wallet).await
    }

    /// Withdraws funds, with the withdrawal key. Withdrawals go one at a time, at least the
    /// withdrawal interval (12 s) apart, as the API requires; a call waits its turn. Not retried
    /// once the request may have been executed; a `rate_limit` answer, which says it was not,
    /// is waited out and sent again within the deadline.
    ///
    /// ```no_run
    /// # mod cryptocloud { pub use cryptocloud_http::*; pub use cryptocloud_types::*; }
    /// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use cryptocloud::{CreateWithdrawal, CryptoCurrency};
    /// let to = "TJ8bqh2xQ6GkbHiEY8n1t3BY1Fxd1Q2RJE";
    /// let withdrawal = client.withdraw(CreateWithdrawal::new(CryptoCurrency::UsdtTrc20, to, "25".parse()?)?).await?;
    /// println!("{} is {:?}", withdrawal.invoice_id, withdrawal.status);
    /// # Ok(()) }
    /// ```
    pub async fn withdraw(&self, withdrawal: CreateWithdrawal) -> Result<Withdrawal, Error> {
        self.send(&withdrawal).await
    }
}
