//! The server's data: the invoices, created and canceled ones included, static wallets and
//! withdrawals, with the queries the API answers from. Statistics and the list read the same
//! invoices, so they always agree.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;

use rust_decimal::Decimal;
use time::{Date, PrimitiveDateTime};

use crate::address;
use crate::catalog::{COINS, Coin};
use crate::config::MockConfig;
use crate::dataset::{self, Order};
use crate::record::{InvoiceRecord, Status, Wallet};

/// Invoice counts and USD sums per status; `None` for a status with no invoice (Python's
/// `sum([])` is the integer `0`, which the API then prints).
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub(crate) count: BTreeMap<&'static str, u64>,
    pub(crate) amount: BTreeMap<&'static str, Decimal>,
}

/// One balance line.
#[derive(Debug)]
pub(crate) struct Balance {
    pub(crate) coin: &'static Coin,
    pub(crate) crypto: Decimal,
    pub(crate) usd: Decimal,
}

/// What a transfer to an address pays.
#[derive(Debug)]
pub(crate) enum Payee {
    /// An invoice open for payment, and the exact amount of its coin it waits for.
    Invoice {
        id: String,
        due: Decimal,
        coin: &'static Coin,
    },
    /// A static wallet, by uuid: any amount tops it up.
    Wallet(String),
}

pub(crate) struct Store {
    /// Oldest first; new invoices are appended.
    invoices: Vec<InvoiceRecord>,
    index: HashMap<String, usize>,
    ids: HashSet<String>,
    wallets: BTreeMap<(&'static str, String), Wallet>,
    withdrawn: HashMap<&'static str, Decimal>,
    pub(crate) last_withdrawal: Option<Instant>,
    rng: fastrand::Rng,
    /// Ids of what is created at run time: from the seed only when asked for.
    new_ids: fastrand::Rng,
}

impl Store {
    pub(crate) fn new(config: &MockConfig) -> Store {
        let mut ids = HashSet::new();
        let invoices = dataset::generate(config, &mut ids);
        let index = invoices
            .iter()
            .enumerate()
            .map(|(position, invoice)| (invoice.id.clone(), position))
            .collect();
        Store {
            invoices,
            index,
            ids,
            wallets: BTreeMap::new(),
            withdrawn: HashMap::new(),
            last_withdrawal: None,
            rng: fastrand::Rng::with_seed(config.seed ^ 0x5eed),
            new_ids: if config.repeatable_ids {
                fastrand::Rng::with_seed(config.seed ^ 0x1d5)
            } else {
                fastrand::Rng::with_seed(dataset::fresh_seed())
            },
        }
    }

    pub(crate) fn all(&self) -> &[InvoiceRecord] {
        &self.invoices
    }

    /// The invoice with this id, `INV-` or not.
    pub(crate) fn get(&self, id: &str) -> Option<&InvoiceRecord> {
        self.position(id)
            .and_then(|position| self.invoices.get(position))
    }

    fn position(&self, id: &str) -> Option<usize> {
        let bare = id
            .get(..4)
            .filter(|prefix| prefix.eq_ignore_ascii_case("INV-"))
            .map_or(id, |_| &id[4..]);
        self.index.get(bare).copied()
    }

    /// The invoices created from `start` to `end` (inclusive days), in list order.
    pub(crate) fn in_range(&self, start: Date, end: Date) -> impl Iterator<Item = &InvoiceRecord> {
        self.invoices.iter().filter(move |invoice| {
            let day = invoice.created.date();
            start <= day && day <= end
        })
    }

    pub(crate) fn tally(&self, start: Date, end: Date) -> Tally {
        let mut tally = Tally::default();
        for invoice in self.in_range(start, end) {
            for status in ["all", invoice.status.as_str()] {
                *tally.count.entry(status).or_default() += 1;
                *tally.amount.entry(status).or_default() += invoice.amount_usd;
            }
        }
        tally
    }

    /// A new invoice from `order` (its id and time are set here).
    pub(crate) fn create(&mut self, order: Order<'_>) -> &InvoiceRecord {
        let order = Order {
            id: dataset::unique_id(&mut self.new_ids, &mut self.ids),
            created: dataset::now(),
            ..order
        };
        let invoice = dataset::open(order, &mut self.rng);
        self.index.insert(invoice.id.clone(), self.invoices.len());
        self.invoices.push(invoice);
        &self.invoices[self.invoices.len() - 1]
    }

    /// Cancels an invoice that is still `created`.
    pub(crate) fn cancel(&mut self, id: &str) -> Result<(), &'static str> {
        let position = self.position(id);
        match position.and_then(|position| self.invoices.get_mut(position)) {
            Some(invoice) if invoice.status == Status::Created => {
                invoice.status = Status::Canceled;
                Ok(())
            }
            _ => Err("Invoice is not created"),
        }
    }

    /// Lets an unpaid invoice run out at `at`: its expiry comes forward to then (if later) and
    /// its status becomes `canceled`, the only closed-unpaid status the reference lists.
    pub(crate) fn expire(
        &mut self,
        id: &str,
        at: PrimitiveDateTime,
    ) -> Result<&InvoiceRecord, &'static str> {
        let position = self.position(id).ok_or("invoice not found")?;
        let invoice = self.invoices.get_mut(position).ok_or("invoice not found")?;
        if invoice.status != Status::Created {
            return Err("only an unpaid invoice (status created) can expire");
        }
        invoice.status = Status::Canceled;
        invoice.expiry = invoice.expiry.min(at);
        Ok(invoice)
    }

    /// The coin shown becomes the one chosen: an invoice without a deposit address gets one,
    /// as on the live payment page when the customer picks a coin. The invoice afterwards.
    pub(crate) fn choose_coin(&mut self, id: &str) -> Option<&InvoiceRecord> {
        let position = self.position(id)?;
        let invoice = self.invoices.get_mut(position)?;
        if invoice.address.is_empty() && invoice.status == Status::Created {
            invoice.address = address::generate(invoice.coin.network(), &mut self.rng);
        }
        Some(invoice)
    }

    /// Pays an unpaid or partly paid invoice now, or overpays a paid one; the invoice afterwards.
    pub(crate) fn pay(
        &mut self,
        id: &str,
        status: Status,
        at: PrimitiveDateTime,
    ) -> Result<&InvoiceRecord, &'static str> {
        let position = self.position(id).ok_or("invoice not found")?;
        let invoice = self.invoices.get_mut(position).ok_or("invoice not found")?;
        // A paid invoice can still be overpaid: money sent late, or twice.
        let payable = matches!(invoice.status, Status::Created | Status::Partial)
            || (invoice.status, status) == (Status::Paid, Status::Overpaid);
        if !payable {
            return Err(
                "only a created or partly paid invoice can be paid, or a paid one overpaid",
            );
        }
        dataset::pay(invoice, status, at, &mut self.rng);
        Ok(invoice)
    }

    /// Balances from what paid invoices brought in, less withdrawals: one line per coin the data
    /// set is paid in, and one for any other coin that has received money.
    pub(crate) fn balances(&self) -> Vec<Balance> {
        let mut received: HashMap<&'static str, (Decimal, Decimal)> = HashMap::new();
        for invoice in self
            .invoices
            .iter()
            .filter(|invoice| invoice.status.is_paid())
        {
            let (crypto, usd) = received.entry(invoice.coin.code).or_default();
            *crypto += invoice.coin.usd_in_coin(invoice.received_usd);
            *usd += invoice.received_usd;
        }
        let popular = Coin::popular();
        COINS
            .iter()
            .filter(|coin| {
                popular.iter().any(|(known, _)| known.code == coin.code)
                    || received.contains_key(coin.code)
            })
            .map(|coin| {
                let (crypto, usd) = received.get(coin.code).copied().unwrap_or_default();
                let withdrawn = self.withdrawn.get(coin.code).copied().unwrap_or_default();
                let available = crypto - withdrawn;
                let available_usd = usd
                    .checked_mul(available)
                    .and_then(|value| value.checked_div(crypto))
                    .unwrap_or_default()
                    .round_dp(2);
                Balance {
                    coin,
                    crypto: available,
                    usd: available_usd,
                }
            })
            .collect()
    }

    /// The static wallet of `customer` in `coin`, made on first request.
    pub(crate) fn static_wallet(&mut self, coin: &'static Coin, customer: &str) -> Wallet {
        let key = (coin.code, customer.to_owned());
        if let Some(wallet) = self.wallets.get(&key) {
            return wallet.clone();
        }
        let wallet = Wallet {
            coin,
            address: address::generate(coin.network(), &mut self.rng),
            uuid: dataset::alphanumeric(&mut self.rng, 32),
            identify: customer.to_owned(),
        };
        self.wallets.insert(key, wallet.clone());
        wallet
    }

    /// The static wallet with this uuid.
    pub(crate) fn wallet(&self, uuid: &str) -> Option<Wallet> {
        self.wallets
            .values()
            .find(|wallet| wallet.uuid == uuid)
            .cloned()
    }

    /// Who a transfer to `address` pays: the open invoice or the static wallet with that
    /// deposit address. Addresses are compared exactly, as a chain does.
    pub(crate) fn payee(&self, address: &str) -> Option<Payee> {
        if address.is_empty() {
            return None;
        }
        let open = self.invoices.iter().find(|invoice| {
            invoice.address == address
                && matches!(invoice.status, Status::Created | Status::Partial)
        });
        if let Some(invoice) = open {
            return Some(Payee::Invoice {
                id: invoice.id.clone(),
                due: invoice.coin.usd_in_coin(invoice.due_usd()),
                coin: invoice.coin,
            });
        }
        self.wallets
            .values()
            .find(|wallet| wallet.address == address)
            .map(|wallet| Payee::Wallet(wallet.uuid.clone()))
    }

    /// A payment of `amount` (in the wallet's coin) into the static wallet `uuid`, arrived at
    /// `at`: a new invoice, paid, whose `order_id` is the wallet's `identify`. Any amount is
    /// taken (a top-up has no price), and the fees come out of it.
    pub(crate) fn top_up(
        &mut self,
        uuid: &str,
        amount: Decimal,
        at: PrimitiveDateTime,
    ) -> Result<&InvoiceRecord, &'static str> {
        let wallet = self.wallet(uuid).ok_or("static wallet not found")?;
        let coin = wallet.coin;
        if amount <= Decimal::ZERO || amount.scale() > coin.places() {
            return Err("the amount must be positive, in no more places than the coin has");
        }
        // The server keeps money in USD cents: a payment worth less than a cent is not seen.
        let sent_usd = coin.to_usd(amount);
        if sent_usd.is_zero() {
            return Err("the amount is worth less than a cent");
        }
        let id = dataset::unique_id(&mut self.new_ids, &mut self.ids);
        let invoice = dataset::top_up(id, &wallet, sent_usd, at, &mut self.rng);
        self.index.insert(invoice.id.clone(), self.invoices.len());
        self.invoices.push(invoice);
        Ok(&self.invoices[self.invoices.len() - 1])
    }

    /// Takes `amount` of `coin` out of the available balance; the withdrawal's id.
    pub(crate) fn withdraw(
        &mut self,
        coin: &'static Coin,
        amount: Decimal,
    ) -> Result<String, &'static str> {
        let available = self
            .balances()
            .into_iter()
            .find(|line| line.coin.code == coin.code)
            .map(|line| line.crypto)
            .ok_or("Currency is not supported")?;
        if amount > available {
            return Err("Insufficient funds");
        }
        *self.withdrawn.entry(coin.code).or_default() += amount;
        Ok(dataset::unique_id(&mut self.new_ids, &mut self.ids))
    }
}
