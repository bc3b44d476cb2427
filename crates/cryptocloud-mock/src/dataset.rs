//! A deterministic data set: the same seed gives the same invoices, with a realistic mix of
//! statuses, coins, fiat currencies and amounts, all exact decimals.

use std::collections::HashSet;

use rust_decimal::Decimal;
use time::{Duration, OffsetDateTime, PrimitiveDateTime, Time};

use crate::address;
use crate::catalog::{self, Coin};
use crate::config::MockConfig;
use crate::record::{InvoiceRecord, Status, Wallet};

/// Status mix, per mille.
const STATUSES: [(Status, u32); 5] = [
    (Status::Created, 300),
    (Status::Paid, 450),
    (Status::Partial, 50),
    (Status::Overpaid, 50),
    (Status::Canceled, 150),
];

/// Fiat mix, per mille: mostly USD.
const FIATS: [(&str, u32); 4] = [("USD", 800), ("EUR", 100), ("RUB", 70), ("KZT", 30)];

/// What an invoice is created with.
pub(crate) struct Order<'a> {
    pub(crate) id: String,
    pub(crate) created: PrimitiveDateTime,
    pub(crate) fiat: &'static str,
    pub(crate) amount_fiat: Decimal,
    pub(crate) amount_usd: Decimal,
    /// The coin pre-selected, if any: then the address is filled at once.
    pub(crate) chosen: Option<&'static Coin>,
    /// The coins offered (`available_currencies`); the first is shown while none is chosen.
    pub(crate) offered: Option<&'a [&'static Coin]>,
    pub(crate) time_to_pay: Duration,
    pub(crate) order_id: Option<String>,
}

/// The invoices for `config`, oldest first.
pub(crate) fn generate(config: &MockConfig, ids: &mut HashSet<String>) -> Vec<InvoiceRecord> {
    let mut rng = fastrand::Rng::with_seed(config.seed);
    let start = PrimitiveDateTime::new(config.start.to_time(), Time::MIDNIGHT);
    let span_seconds = i64::from(config.days.max(1)) * 86_400;
    let now = now();
    let mut invoices: Vec<InvoiceRecord> = (0..config.invoices)
        .map(|_| {
            let id = unique_id(&mut rng, ids);
            let created = start
                + Duration::seconds(rng.i64(0..span_seconds))
                + Duration::microseconds(rng.i64(0..1_000_000));
            let status = pick(&mut rng, &STATUSES);
            let coin = pick(&mut rng, &Coin::popular());
            let fiat = pick(&mut rng, &FIATS);
            let (fiat, rate) = catalog::fiat(fiat).unwrap_or(("USD", Decimal::ONE));
            // Round fiat amounts whose USD value is 5 to 500 dollars.
            let amount_fiat = (Decimal::new(rng.i64(500..=50_000), 2) / rate).round_dp(2);
            let amount_usd = (amount_fiat * rate).round_dp(2).max(Decimal::new(1, 2));
            let chosen = status != Status::Created || rng.bool();
            let order_id = rng
                .bool()
                .then(|| format!("ORD-{}", rng.u32(1000..100_000)));
            let order = Order {
                id,
                created,
                fiat,
                amount_fiat,
                amount_usd,
                chosen: chosen.then_some(coin),
                offered: None,
                time_to_pay: Duration::hours(24),
                order_id,
            };
            let mut invoice = open(order, &mut rng);
            match status {
                Status::Created => {}
                Status::Canceled => invoice.status = Status::Canceled,
                paid => {
                    // Paid 2 to 90 minutes after creation, never in the future.
                    let at = (created + Duration::minutes(rng.i64(2..=90))).min(now);
                    pay(&mut invoice, paid, at, &mut rng);
                }
            }
            invoice
        })
        .collect();
    invoices.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
    invoices
}

/// A new unpaid invoice, as create makes it.
pub(crate) fn open(order: Order<'_>, rng: &mut fastrand::Rng) -> InvoiceRecord {
    let shown = order
        .chosen
        .or_else(|| order.offered.and_then(|offered| offered.first().copied()))
        .unwrap_or(&catalog::COINS[0]);
    let address = order
        .chosen
        .map(|coin| address::generate(coin.network(), rng))
        .unwrap_or_default();
    // A network fee worth a fraction of a cent, in the coin (tiny, so often an exponent float);
    // a third of invoices carry none.
    let fee = if rng.u32(0..3) == 0 {
        Decimal::ZERO
    } else {
        shown.usd_in_coin(Decimal::new(rng.i64(1..=9), 3))
    };
    InvoiceRecord {
        id: order.id,
        created: order.created,
        expiry: order.created + order.time_to_pay,
        finished: None,
        status: Status::Created,
        coin: shown,
        address,
        fiat: order.fiat,
        amount_fiat: order.amount_fiat,
        amount_usd: order.amount_usd,
        fee,
        service_fee_usd: service_fee(order.amount_usd),
        paid_usd: Decimal::ZERO,
        received_usd: Decimal::ZERO,
        order_id: order.order_id,
        tx_list: Vec::new(),
    }
}

/// Pays an invoice at `at`: in full, in part (50–90 %) or more than asked (105–120 %).
pub(crate) fn pay(
    invoice: &mut InvoiceRecord,
    status: Status,
    at: PrimitiveDateTime,
    rng: &mut fastrand::Rng,
) {
    let percent = match status {
        Status::Partial => rng.i64(50..=90),
        Status::Overpaid => rng.i64(105..=120),
        _ => 100,
    };
    let address = address::generate(invoice.coin.network(), rng);
    invoice.pay(status, percent, at, address, tx_hash(rng));
}

/// The invoice a payment of `sent_usd` into `wallet` makes: paid at once, at `at`, to the
/// wallet's address, for the customer the wallet is for. The service fee comes out of what was
/// sent, so `amount` is what is credited and `amount_paid` what was sent.
pub(crate) fn top_up(
    id: String,
    wallet: &Wallet,
    sent_usd: Decimal,
    at: PrimitiveDateTime,
    rng: &mut fastrand::Rng,
) -> InvoiceRecord {
    let service_fee_usd = service_fee(sent_usd);
    let credited_usd = sent_usd - service_fee_usd;
    let order = Order {
        id,
        created: at,
        fiat: "USD",
        amount_fiat: credited_usd,
        amount_usd: credited_usd,
        chosen: Some(wallet.coin),
        offered: None,
        time_to_pay: Duration::hours(24),
        order_id: Some(wallet.identify.clone()),
    };
    let mut invoice = open(order, rng);
    invoice.address.clone_from(&wallet.address);
    invoice.service_fee_usd = service_fee_usd;
    invoice.pay(Status::Paid, 100, at, wallet.address.clone(), tx_hash(rng));
    invoice
}

/// CryptoCloud's service fee on `usd`: 1.9 %, to the cent.
fn service_fee(usd: Decimal) -> Decimal {
    (usd * Decimal::new(19, 3)).round_dp(2)
}

/// Now, in UTC, as the API's timestamps are.
pub(crate) fn now() -> PrimitiveDateTime {
    let now = OffsetDateTime::now_utc();
    PrimitiveDateTime::new(now.date(), now.time())
}

/// A seed that differs on every start: `RandomState`'s keys come from the system's randomness.
pub(crate) fn fresh_seed() -> u64 {
    use std::hash::BuildHasher;
    std::collections::hash_map::RandomState::new().hash_one(std::time::SystemTime::now())
}

/// A fresh invoice id: 8 upper-case letters and digits.
pub(crate) fn unique_id(rng: &mut fastrand::Rng, taken: &mut HashSet<String>) -> String {
    loop {
        let id = alphanumeric(rng, 8);
        if taken.insert(id.clone()) {
            return id;
        }
    }
}

pub(crate) fn alphanumeric(rng: &mut fastrand::Rng, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    (0..len)
        .map(|_| char::from(ALPHABET[rng.usize(..ALPHABET.len())]))
        .collect()
}

fn tx_hash(rng: &mut fastrand::Rng) -> String {
    const HEX: &[u8] = b"0123456789abcdef";
    (0..64).map(|_| char::from(HEX[rng.usize(..16)])).collect()
}

fn pick<T: Copy>(rng: &mut fastrand::Rng, weighted: &[(T, u32)]) -> T {
    let total: u32 = weighted.iter().map(|(_, weight)| weight).sum();
    let mut roll = rng.u32(0..total.max(1));
    for (value, weight) in weighted {
        if roll < *weight {
            return *value;
        }
        roll -= weight;
    }
    weighted[0].0
}
