//! One method per API operation, and the postback confirmation.

use cryptocloud_types::call::{Confirmation, InfoBatches, Lookup};
use cryptocloud_types::postback::VerifiedPostback;
use cryptocloud_types::{
    BalanceEntry, CancelInvoice, Cancelled, CreateInvoice, CreateStaticWallet, CreateWithdrawal,
    DateRange, GetBalance, GetInvoices, GetStatistics, Invoice, InvoiceId, InvoiceList,
    InvoicePage, ListInvoices, StaticWallet, Statistics, Window, Withdrawal,
};

use crate::{Client, Error};

impl Client {
    /// Creates an invoice. Not retried once the request may have reached the server; see
    /// [`Error::may_have_been_sent`].
    pub fn create_invoice(&self, invoice: CreateInvoice) -> Result<Invoice, Error> {
        self.send(&invoice)
    }

    /// Cancels an invoice that is still unpaid.
    pub fn cancel_invoice(&self, invoice: InvoiceId) -> Result<Cancelled, Error> {
        self.send(&CancelInvoice::new(invoice))
    }

    /// Fetches one invoice; an id the API does not know is an error for which
    /// [`Error::is_not_found`] holds.
    pub fn invoice(&self, id: InvoiceId) -> Result<Invoice, Error> {
        let found = self.send(&GetInvoices::new([id.clone()]).map_err(Error::invalid)?)?;
        match Lookup::in_answer(found, &id) {
            Lookup::Found(invoice) => Ok(*invoice),
            Lookup::Unreadable(entry) => Err(Error::unreadable(entry, "invoice_info")),
            _ => Err(Error::not_found(id)),
        }
    }

    /// Fetches invoices by id, in the order asked, each once, in batches of 100
    /// ([`InfoBatches`]), one after the other.
    pub fn invoice_info(
        &self,
        ids: impl IntoIterator<Item = InvoiceId>,
    ) -> Result<InvoiceList, Error> {
        let batches = InfoBatches::new(ids);
        let requests = batches.requests().map_err(Error::invalid)?;
        let answers = requests
            .iter()
            .map(|batch| self.send(batch))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(batches.merge(answers))
    }

    /// One page of the invoice list; for a whole range, [`invoices`](Self::invoices).
    pub fn list_invoices(&self, range: DateRange, window: Window) -> Result<InvoicePage, Error> {
        self.send(&ListInvoices::window(range, window))
    }

    /// Counts and USD sums per status for the invoices created in `range`.
    pub fn statistics(&self, range: DateRange) -> Result<Statistics, Error> {
        self.send(&GetStatistics::new(range))
    }

    /// The merchant's balance in every coin.
    pub fn balance(&self) -> Result<Vec<BalanceEntry>, Error> {
        self.send(&GetBalance::new())
    }

    /// Creates a static wallet. Not retried once the request may have reached the server.
    pub fn create_static_wallet(&self, wallet: CreateStaticWallet) -> Result<StaticWallet, Error> {
        self.send(&wallet)
    }

    /// Withdraws funds, with the withdrawal key: one at a time, at least the API's interval
    /// (12 s) apart across every clone and thread; never sent again once it may have been
    /// executed, and a `rate_limit` answer goes back to the caller.
    pub fn withdraw(&self, withdrawal: CreateWithdrawal) -> Result<Withdrawal, Error> {
        self.send(&withdrawal)
    }

    /// Re-fetches the invoice a verified postback is about and says what the API confirms
    /// ([`Confirmation::judge`] decides; only its invoice is authoritative).
    ///
    /// ```no_run
    /// # mod cryptocloud { pub mod blocking { pub use cryptocloud_blocking::*; } pub use cryptocloud_types::*; }
    /// # fn run(client: cryptocloud_blocking::Client, body: &[u8], secret: cryptocloud_types::PostbackSecret)
    /// # -> Result<(), Box<dyn std::error::Error>> {
    /// use cryptocloud::blocking::PostbackOutcome;
    /// use cryptocloud::Postback;
    ///
    /// let verified = Postback::parse(body)?.verify(&secret, time::OffsetDateTime::now_utc())?;
    /// if client.confirm_postback(&verified)?.outcome() == &PostbackOutcome::PaidInFull {
    ///     println!("fulfil once");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn confirm_postback(&self, postback: &VerifiedPostback) -> Result<Confirmation, Error> {
        let invoice = self.invoice(postback.invoice_to_confirm().clone())?;
        Ok(Confirmation::judge(invoice, postback.unverified_claims()))
    }
}
