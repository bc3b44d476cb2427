//! The server's state: the invoices, created and canceled ones included, with the queries the
//! API answers from. Statistics and the list read the same invoices, so they always agree.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;

use cryptocloud_types::{
    BalanceCurrency, BalanceEntry, CryptoCurrency, Date, DateRange, Decimal, Invoice, InvoiceId,
    InvoiceStatus, Money, StaticWallet, StaticWalletId, Statistics, StatusAmounts, StatusCounts,
    Timestamp,
};

use crate::dataset::{self, COINS};

pub(crate) struct Store {
    /// Oldest first; new invoices are appended.
    invoices: Vec<Invoice>,
    index: HashMap<InvoiceId, usize>,
    ids: HashSet<InvoiceId>,
    wallets: BTreeMap<(CryptoCurrency, String), StaticWallet>,
    withdrawn: HashMap<CryptoCurrency, Decimal>,
    pub(crate) last_withdrawal: Option<Instant>,
    rng: fastrand::Rng,
}

impl Store {
    pub(crate) fn new(invoices: Vec<Invoice>, seed: u64) -> Store {
        let index = invoices
            .iter()
            .enumerate()
            .map(|(position, invoice)| (invoice.uuid.clone(), position))
            .collect();
        let ids = invoices
            .iter()
            .map(|invoice| invoice.uuid.clone())
            .collect();
        Store {
            invoices,
            index,
            ids,
            wallets: BTreeMap::new(),
            withdrawn: HashMap::new(),
            last_withdrawal: None,
            rng: fastrand::Rng::with_seed(seed ^ 0x5eed),
        }
    }

    pub(crate) fn all(&self) -> &[Invoice] {
        &self.invoices
    }

    pub(crate) fn get(&self, id: &InvoiceId) -> Option<&Invoice> {
        self.index
            .get(id)
            .and_then(|&position| self.invoices.get(position))
    }

    fn get_mut(&mut self, id: &InvoiceId) -> Option<&mut Invoice> {
        self.index
            .get(id)
            .and_then(|&position| self.invoices.get_mut(position))
    }

    /// The invoices created in `range`, in list order.
    pub(crate) fn in_range(&self, range: DateRange) -> impl Iterator<Item = &Invoice> {
        self.invoices.iter().filter(move |invoice| {
            invoice
                .created
                .and_then(|created| Date::try_from(created.primitive().date()).ok())
                .is_some_and(|day| range.contains(day))
        })
    }

    pub(crate) fn statistics(&self, range: DateRange) -> Statistics {
        let mut count = StatusCounts::zeros(0);
        let mut amount = StatusAmounts::zeros(Money::ZERO);
        for invoice in self.in_range(range) {
            let usd = invoice.amount_usd.unwrap_or_default();
            let (slot_count, slot_amount) = match invoice.status {
                InvoiceStatus::Created => (&mut count.created, &mut amount.created),
                InvoiceStatus::Paid => (&mut count.paid, &mut amount.paid),
                InvoiceStatus::Partial => (&mut count.partial, &mut amount.partial),
                InvoiceStatus::Overpaid => (&mut count.overpaid, &mut amount.overpaid),
                _ => (&mut count.canceled, &mut amount.canceled),
            };
            for slot in [slot_count, &mut count.all] {
                *slot = Some(slot.unwrap_or_default() + 1);
            }
            for slot in [slot_amount, &mut amount.all] {
                *slot = Some(add(slot.unwrap_or_default(), usd));
            }
        }
        Statistics::new(count, amount)
    }

    /// A new invoice, created now, for `usd_cents`.
    pub(crate) fn create(
        &mut self,
        usd_cents: i64,
        order_id: Option<String>,
        coin: Option<&CryptoCurrency>,
        shop: &str,
    ) -> Invoice {
        let id = dataset::unique_id(&mut self.rng, &mut self.ids);
        let coin = coin.and_then(dataset::coin).unwrap_or(&COINS[0]);
        let mut invoice = dataset::build_invoice(
            id,
            InvoiceStatus::Created,
            Timestamp::from(time::OffsetDateTime::now_utc()),
            coin,
            usd_cents,
            &mut self.rng,
            shop,
        );
        invoice.order_id = order_id;
        self.index.insert(invoice.uuid.clone(), self.invoices.len());
        self.invoices.push(invoice.clone());
        invoice
    }

    /// Cancels an invoice that is still `created`.
    pub(crate) fn cancel(&mut self, id: &InvoiceId) -> Result<(), &'static str> {
        match self.get_mut(id) {
            Some(invoice) if invoice.status == InvoiceStatus::Created => {
                invoice.status = InvoiceStatus::Canceled;
                Ok(())
            }
            _ => Err("Invoice is not created"),
        }
    }

    /// Marks an unpaid invoice paid, partly paid or overpaid; the invoice afterwards.
    pub(crate) fn pay(
        &mut self,
        id: &InvoiceId,
        status: &InvoiceStatus,
    ) -> Result<Invoice, &'static str> {
        // The invoice and the generator are separate fields, borrowed separately.
        let invoice = self
            .index
            .get(id)
            .and_then(|&position| self.invoices.get_mut(position));
        match invoice {
            None => Err("invoice not found"),
            Some(invoice)
                if !matches!(
                    invoice.status,
                    InvoiceStatus::Created | InvoiceStatus::Partial
                ) =>
            {
                Err("only a created or partly paid invoice can be paid")
            }
            Some(invoice) => {
                let coin = invoice
                    .currency
                    .as_ref()
                    .and_then(|currency| currency.fullcode.as_ref())
                    .and_then(dataset::coin)
                    .unwrap_or(&COINS[0]);
                dataset::apply_payment(invoice, status, coin, &mut self.rng);
                Ok(invoice.clone())
            }
        }
    }

    /// Balances from what paid invoices brought in, less withdrawals: one line per coin.
    pub(crate) fn balances(&self) -> Vec<BalanceEntry> {
        COINS
            .iter()
            .map(|coin| {
                let (mut crypto, mut usd) = (Decimal::ZERO, Decimal::ZERO);
                for invoice in &self.invoices {
                    let same_coin = invoice
                        .currency
                        .as_ref()
                        .and_then(|currency| currency.fullcode.as_ref())
                        == Some(&coin.code);
                    if same_coin {
                        crypto += invoice.received.map(Money::decimal).unwrap_or_default();
                        usd += invoice.received_usd.map(Money::decimal).unwrap_or_default();
                    }
                }
                let withdrawn = self.withdrawn.get(&coin.code).copied().unwrap_or_default();
                let available = crypto - withdrawn;
                let available_usd = if crypto.is_zero() {
                    Decimal::ZERO
                } else {
                    (usd * available / crypto).round_dp(2)
                };
                BalanceEntry::new(
                    balance_currency(coin),
                    Money::new(available),
                    Money::new(available_usd),
                    Money::new(available),
                    Money::new(available_usd),
                )
            })
            .collect()
    }

    /// The static wallet of `customer` in `coin`, made on first request.
    pub(crate) fn static_wallet(
        &mut self,
        coin: &CryptoCurrency,
        customer: &str,
    ) -> Option<StaticWallet> {
        let known = dataset::coin(coin)?;
        let key = (coin.clone(), customer.to_owned());
        if let Some(wallet) = self.wallets.get(&key) {
            return Some(wallet.clone());
        }
        let uuid = StaticWalletId::parse(&dataset::alphanumeric(&mut self.rng, 32)).ok()?;
        let address = format!(
            "0x{}",
            dataset::alphanumeric(&mut self.rng, 40).to_lowercase()
        );
        let wallet = StaticWallet::new(balance_currency(known), address, uuid);
        self.wallets.insert(key, wallet.clone());
        Some(wallet)
    }

    /// Takes `amount` of `coin` out of the available balance.
    pub(crate) fn withdraw(
        &mut self,
        coin: &CryptoCurrency,
        amount: Decimal,
    ) -> Result<InvoiceId, &'static str> {
        let available = self
            .balances()
            .into_iter()
            .find(|entry| entry.currency.code.as_ref() == Some(coin))
            .map(|entry| entry.available_balance.unwrap_or_default().decimal())
            .ok_or("Currency is not supported")?;
        if amount > available {
            return Err("Insufficient funds");
        }
        *self.withdrawn.entry(coin.clone()).or_default() += amount;
        Ok(dataset::unique_id(&mut self.rng, &mut self.ids))
    }
}

fn add(sum: Money, amount: Money) -> Money {
    Money::new(sum.decimal() + amount.decimal())
}

fn balance_currency(coin: &dataset::Coin) -> BalanceCurrency {
    let invoice_currency = dataset::invoice_currency(coin);
    let mut currency = BalanceCurrency::default();
    currency.id = invoice_currency.id;
    currency.code = Some(coin.code.clone());
    currency.short_code = invoice_currency.code;
    currency.name = invoice_currency.name;
    currency.is_email_required = Some(false);
    currency.stablecoin = invoice_currency.stablecoin;
    currency.icon_base = invoice_currency.icon_base;
    currency.order = invoice_currency.order;
    currency.obj_network = Some(dataset::network(coin));
    currency.enable = Some(true);
    currency
}
