//! One method per API operation.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use cryptocloud_types::{
    BalanceEntry, CancelInvoice, Cancelled, CreateInvoice, CreateStaticWallet, CreateWithdrawal,
    DateRange, GetBalance, GetInvoices, GetStatistics, Invoice, InvoiceId, InvoicePage,
    ListInvoices, StaticWallet, Statistics, Window, Withdrawal,
};
use futures_util::future::try_join_all;

use crate::{Client, Error, InvoiceStream};

impl Client {
    /// Creates an invoice. Not retried once the request may have reached the server (a repeat
    /// would create a second invoice); see [`Error::may_have_been_sent`].
    ///
    /// ```no_run
    /// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use cryptocloud_http::CreateInvoice;
    /// let create = CreateInvoice::new("your-shop-id".parse()?, "100.50".parse()?)?.order_id("order-1042")?;
    /// let invoice = client.create_invoice(create).await?;
    /// println!("pay at {}", invoice.uuid.payment_link());
    /// # Ok(()) }
    /// ```
    pub async fn create_invoice(&self, invoice: CreateInvoice) -> Result<Invoice, Error> {
        let invoice = match self.inner.settings.locale {
            Some(locale) => invoice.or_locale(locale),
            None => invoice,
        };
        self.send(&invoice).await
    }

    /// Cancels an invoice that is still unpaid. Canceling twice answers with
    /// [`ApiErrorKind::Validation`](crate::ApiErrorKind::Validation).
    ///
    /// ```no_run
    /// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// client.cancel_invoice("INV-89UX09KA".parse()?).await?;
    /// # Ok(()) }
    /// ```
    pub async fn cancel_invoice(&self, invoice: InvoiceId) -> Result<Cancelled, Error> {
        self.send(&CancelInvoice::new(invoice)).await
    }

    /// Fetches invoices by id, in the order asked, each once. More than 100 ids are sent as
    /// batches of 100, concurrently. Ids the API does not know are left out.
    ///
    /// ```no_run
    /// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let invoices = client.invoice_info(["INV-89UX09KA".parse()?, "INV-AAAAAAAA".parse()?]).await?;
    /// for invoice in invoices {
    ///     println!("{} is {}", invoice.uuid, invoice.status);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn invoice_info(
        &self,
        ids: impl IntoIterator<Item = InvoiceId>,
    ) -> Result<Vec<Invoice>, Error> {
        let mut seen = HashSet::new();
        let ids: Vec<InvoiceId> = ids
            .into_iter()
            .filter(|id| seen.insert(id.clone()))
            .collect();
        let batches = ids
            .chunks(GetInvoices::MAX_IDS)
            .map(|batch| GetInvoices::new(batch.iter().cloned()).map_err(Error::invalid))
            .collect::<Result<Vec<_>, Error>>()?;
        let answers = try_join_all(batches.iter().map(|batch| self.send(batch))).await?;
        let mut by_id: HashMap<InvoiceId, Invoice> = answers
            .into_iter()
            .flat_map(|list| list.invoices)
            .map(|invoice| (invoice.uuid.clone(), invoice))
            .collect();
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// One page of the invoice list: records `window.offset()+1 ..= window.limit()`. To read a
    /// whole range, use [`invoices`](Self::invoices).
    ///
    /// ```no_run
    /// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use cryptocloud_http::{DateRange, PageSize, Window};
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
    /// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use cryptocloud_http::DateRange;
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
    /// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use cryptocloud_http::DateRange;
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
    /// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use cryptocloud_http::{CreateStaticWallet, CryptoCurrency};
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
    /// once the request may have reached the server.
    ///
    /// ```no_run
    /// # async fn run(client: cryptocloud_http::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use cryptocloud_http::{CreateWithdrawal, CryptoCurrency};
    /// let to = "TJ8bqh2xQ6GkbHiEY8n1t3BY1Fxd3jvBYB";
    /// let withdrawal = client.withdraw(CreateWithdrawal::new(CryptoCurrency::UsdtTrc20, to, "25".parse()?)?).await?;
    /// println!("{} is {:?}", withdrawal.invoice_id, withdrawal.status);
    /// # Ok(()) }
    /// ```
    pub async fn withdraw(&self, withdrawal: CreateWithdrawal) -> Result<Withdrawal, Error> {
        let mut last = self.inner.last_withdrawal.lock().await;
        if let Some(previous) = *last {
            tokio::time::sleep_until((previous + self.inner.settings.withdrawal_interval).into())
                .await;
        }
        let result = self.send(&withdrawal).await;
        *last = Some(Instant::now());
        result
    }
}
