//! A deterministic data set: the same seed gives the same invoices, with a realistic mix of
//! statuses, coins and amounts, all exact decimals.

use std::collections::HashSet;

use cryptocloud_types::{
    CommissionSide, CryptoCurrency, Decimal, FiatCurrency, Invoice, InvoiceCurrency, InvoiceId,
    InvoiceStage, InvoiceStatus, InvoiceType, Money, Network, PaymentType, Project, Timestamp,
};
use time::{Duration, PrimitiveDateTime, Time};

use crate::config::MockConfig;

/// A coin the data set uses: its code, its coin and network names, and a fixed USD rate.
pub(crate) struct Coin {
    pub(crate) code: CryptoCurrency,
    short: &'static str,
    network: &'static str,
    name: &'static str,
    /// USD per coin, in cents.
    rate_cents: i64,
    /// Per mille of invoices paid in this coin.
    weight: u32,
}

pub(crate) const COINS: [Coin; 6] = [
    Coin {
        code: CryptoCurrency::UsdtTrc20,
        short: "USDT",
        network: "TRC20",
        name: "Tether",
        rate_cents: 100,
        weight: 400,
    },
    Coin {
        code: CryptoCurrency::Btc,
        short: "BTC",
        network: "BTC",
        name: "Bitcoin",
        rate_cents: 6_000_000,
        weight: 200,
    },
    Coin {
        code: CryptoCurrency::Eth,
        short: "ETH",
        network: "ERC20",
        name: "Ethereum",
        rate_cents: 300_000,
        weight: 150,
    },
    Coin {
        code: CryptoCurrency::Ltc,
        short: "LTC",
        network: "LTC",
        name: "Litecoin",
        rate_cents: 8_000,
        weight: 100,
    },
    Coin {
        code: CryptoCurrency::Ton,
        short: "TON",
        network: "TON",
        name: "Toncoin",
        rate_cents: 500,
        weight: 100,
    },
    Coin {
        code: CryptoCurrency::UsdtErc20,
        short: "USDT",
        network: "ERC20",
        name: "Tether",
        rate_cents: 100,
        weight: 50,
    },
];

/// Status mix, per mille.
const STATUSES: [(InvoiceStatus, u32); 5] = [
    (InvoiceStatus::Created, 300),
    (InvoiceStatus::Paid, 450),
    (InvoiceStatus::Partial, 50),
    (InvoiceStatus::Overpaid, 50),
    (InvoiceStatus::Canceled, 150),
];

/// The invoices for `config`, oldest first.
pub(crate) fn generate(config: &MockConfig) -> Vec<Invoice> {
    let mut rng = fastrand::Rng::with_seed(config.seed);
    let start = PrimitiveDateTime::new(config.start.to_time(), Time::MIDNIGHT);
    let span_seconds = i64::from(config.days.max(1)) * 86_400;
    let mut ids = HashSet::new();
    let mut invoices: Vec<Invoice> = (0..config.invoices)
        .map(|_| {
            let id = unique_id(&mut rng, &mut ids);
            let created = start
                + Duration::seconds(rng.i64(0..span_seconds))
                + Duration::microseconds(rng.i64(0..1_000_000));
            let status = pick(&mut rng, &STATUSES);
            let coin = pick_coin(&mut rng);
            let usd_cents = rng.i64(500..=50_000);
            build_invoice(
                id,
                status,
                Timestamp::from_utc(created),
                coin,
                usd_cents,
                &mut rng,
                &config.shop_id,
            )
        })
        .collect();
    invoices.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.uuid.cmp(&b.uuid)));
    invoices
}

/// An invoice as the API shows it, its amounts derived exactly from `usd_cents`.
pub(crate) fn build_invoice(
    id: InvoiceId,
    status: InvoiceStatus,
    created: Timestamp,
    coin: &Coin,
    usd_cents: i64,
    rng: &mut fastrand::Rng,
    shop: &str,
) -> Invoice {
    let usd = Decimal::new(usd_cents, 2);
    let mut invoice = Invoice::new(id.clone(), status.clone());
    invoice.created = Some(created);
    invoice.expiry_date = Some(Timestamp::from_utc(
        created.primitive() + Duration::hours(24),
    ));
    invoice.address = Some(address(rng, coin));
    invoice.side_commission = Some(CommissionSide::Client);
    invoice.side_commission_cc = Some(CommissionSide::Client);
    invoice.amount = Some(Money::new(to_coin(usd, coin)));
    invoice.amount_usd = Some(Money::new(usd));
    invoice.amount_in_fiat = Some(Money::new(usd));
    let service_fee_usd = (usd * Decimal::new(19, 3)).round_dp(2);
    invoice.service_fee_usd = Some(Money::new(service_fee_usd));
    invoice.service_fee = Some(Money::new(to_coin(service_fee_usd, coin)));
    invoice.fee_usd = Some(Money::new(Decimal::new(1, 2)));
    invoice.fee = Some(Money::new(to_coin(Decimal::new(1, 2), coin)));
    invoice.fiat_currency = Some(FiatCurrency::Usd);
    invoice.kind = Some(InvoiceType::Up);
    invoice.type_payments = Some(PaymentType::Crypto);
    invoice.is_email_required = Some(false);
    invoice.link = Some(id.payment_link());
    invoice.test_mode = Some(false);
    invoice.currency = Some(invoice_currency(coin));
    invoice.project = Some(project(shop));
    invoice.invoice_status = Some(InvoiceStage::Start);
    apply_payment(&mut invoice, &status, coin, rng);
    invoice
}

/// Sets the paid amounts for a status: partial pays 50–90 %, overpaid 105–120 %.
pub(crate) fn apply_payment(
    invoice: &mut Invoice,
    status: &InvoiceStatus,
    coin: &Coin,
    rng: &mut fastrand::Rng,
) {
    let usd = invoice.amount_usd.map(Money::decimal).unwrap_or_default();
    let paid_percent = match status {
        InvoiceStatus::Paid => 100,
        InvoiceStatus::Partial => rng.i64(50..=90),
        InvoiceStatus::Overpaid => rng.i64(105..=120),
        _ => return,
    };
    let paid_usd = (usd * Decimal::new(paid_percent, 2)).round_dp(2);
    let fee_usd = invoice
        .service_fee_usd
        .map(Money::decimal)
        .unwrap_or_default();
    let received_usd = (paid_usd - fee_usd).max(Decimal::ZERO);
    let surcharge_usd = (usd - paid_usd).max(Decimal::ZERO);
    invoice.status = status.clone();
    invoice.invoice_status = Some(InvoiceStage::Success);
    invoice.amount_paid_usd = Some(Money::new(paid_usd));
    invoice.amount_paid = Some(Money::new(to_coin(paid_usd, coin)));
    invoice.received_usd = Some(Money::new(received_usd));
    invoice.received = Some(Money::new(to_coin(received_usd, coin)));
    invoice.to_surcharge_usd = Some(Money::new(surcharge_usd));
    invoice.to_surcharge = Some(Money::new(to_coin(surcharge_usd, coin)));
    invoice.date_finished = invoice.created.map(|created| {
        Timestamp::from_utc(created.primitive() + Duration::minutes(rng.i64(2..=90)))
    });
    invoice.tx_list = vec![tx_hash(rng)];
}

/// `usd` in `coin`, to 8 decimal places.
pub(crate) fn to_coin(usd: Decimal, coin: &Coin) -> Decimal {
    (usd * Decimal::new(100, 0) / Decimal::new(coin.rate_cents, 0))
        .round_dp(8)
        .normalize()
}

pub(crate) fn coin(code: &CryptoCurrency) -> Option<&'static Coin> {
    COINS.iter().find(|coin| &coin.code == code)
}

pub(crate) fn invoice_currency(coin: &Coin) -> InvoiceCurrency {
    let mut currency = InvoiceCurrency::default();
    currency.id = Some(u64::from(coin_id(coin)));
    currency.code = Some(String::from(coin.short));
    currency.fullcode = Some(coin.code.clone());
    currency.network = Some(network(coin));
    currency.name = Some(String::from(coin.name));
    currency.is_email_required = Some(false);
    currency.stablecoin = Some(coin.short == "USDT");
    currency.icon_base = Some(format!(
        "https://cdn.cryptocloud.plus/currency/icons/main/{}.svg",
        coin.short.to_lowercase()
    ));
    currency.order = Some(i64::from(coin_id(coin)));
    currency
}

pub(crate) fn network(coin: &Coin) -> Network {
    let mut network = Network::default();
    network.code = Some(String::from(coin.network));
    network.id = Some(u64::from(coin_id(coin)));
    network.fullname = Some(String::from(coin.name));
    network
}

fn coin_id(coin: &Coin) -> u32 {
    COINS
        .iter()
        .position(|known| known.code == coin.code)
        .map_or(0, |index| index as u32 + 1)
}

fn project(shop: &str) -> Project {
    let mut project = Project::default();
    project.id = Some(1);
    project.name = Some(format!("Shop {shop}"));
    project.fail = Some(String::from("https://shop.example/fail"));
    project.success = Some(String::from("https://shop.example/success"));
    project
}

/// A fresh invoice id: 8 upper-case letters and digits.
pub(crate) fn unique_id(rng: &mut fastrand::Rng, taken: &mut HashSet<InvoiceId>) -> InvoiceId {
    loop {
        let bare = alphanumeric(rng, 8);
        if let Ok(id) = InvoiceId::parse(&bare)
            && taken.insert(id.clone())
        {
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

fn address(rng: &mut fastrand::Rng, coin: &Coin) -> String {
    const HEX: &[u8] = b"0123456789abcdef";
    match coin.network {
        "TRC20" => format!("T{}", alphanumeric(rng, 33)),
        _ => format!(
            "0x{}",
            (0..40)
                .map(|_| char::from(HEX[rng.usize(..16)]))
                .collect::<String>()
        ),
    }
}

fn tx_hash(rng: &mut fastrand::Rng) -> String {
    const HEX: &[u8] = b"0123456789abcdef";
    (0..64).map(|_| char::from(HEX[rng.usize(..16)])).collect()
}

fn pick<T: Clone>(rng: &mut fastrand::Rng, weighted: &[(T, u32)]) -> T {
    let total: u32 = weighted.iter().map(|(_, weight)| weight).sum();
    let mut roll = rng.u32(0..total.max(1));
    for (value, weight) in weighted {
        if roll < *weight {
            return value.clone();
        }
        roll -= weight;
    }
    weighted[0].0.clone()
}

pub(crate) fn pick_coin(rng: &mut fastrand::Rng) -> &'static Coin {
    let total: u32 = COINS.iter().map(|coin| coin.weight).sum();
    let mut roll = rng.u32(0..total);
    for coin in &COINS {
        if roll < coin.weight {
            return coin;
        }
        roll -= coin.weight;
    }
    &COINS[0]
}
