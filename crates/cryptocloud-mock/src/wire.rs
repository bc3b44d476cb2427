//! The answers' shapes, written from the reference (`cryptocloud-api.md`, "What real answers look
//! like") and nothing else: key order, which keys each answer has, and how each value is written.

use std::net::SocketAddr;

use rust_decimal::Decimal;

use crate::catalog::Coin;
use crate::config::MockConfig;
use crate::json::Json;
use crate::record::Wallet;
use crate::record::{InvoiceRecord, timestamp};
use crate::store::{Balance, Tally};

const CDN: &str = "https://cdn.cryptocloud.plus";

/// Where the checkout pages are: `/pay/` and the bare invoice id, as the live links are.
pub(crate) const PAY_PATH: &str = "/pay/";

/// The project every invoice belongs to, and where its invoices' payment pages are.
#[derive(Clone, Debug)]
pub(crate) struct Project {
    pub(crate) name: String,
    /// `""`, a URL or `null`: all three are seen on the live API.
    pub(crate) logo: Json,
    pub(crate) success: String,
    pub(crate) fail: String,
    /// `http://127.0.0.1:<port>/pay/`: the live API's links are `https://pay.cryptocloud.plus/`
    /// and the bare id; the mock's point at the checkout page it serves itself.
    pay_page: String,
}

impl Project {
    /// The mock shop's project; the seed picks which of the three logo forms it has.
    pub(crate) fn new(config: &MockConfig, address: SocketAddr) -> Project {
        let logo = match config.seed % 3 {
            0 => Json::str("https://cdn.cryptocloud.plus/logo/mock-shop.png"),
            1 => Json::str(""),
            _ => Json::Null,
        };
        Project {
            name: format!("Shop {}", config.shop_id),
            logo,
            success: config.success_url.clone(),
            fail: config.fail_url.clone(),
            pay_page: format!("http://{address}{PAY_PATH}"),
        }
    }

    /// The invoice's payment link (`link` and `pay_url`): the bare id, as on the live API.
    pub(crate) fn link(&self, invoice: &InvoiceRecord) -> String {
        format!("{}{}", self.pay_page, invoice.id)
    }

    fn to_json(&self) -> Json {
        Json::object([
            ("id", Json::Int(1)),
            ("name", Json::str(self.name.as_str())),
            ("fail", Json::str(self.fail.as_str())),
            ("success", Json::str(self.success.as_str())),
            ("logo", self.logo.clone()),
        ])
    }
}

/// `{"status":"success","result":…}`.
pub(crate) fn success(result: Json) -> Json {
    Json::object([("status", Json::str("success")), ("result", result)])
}

/// `{"status":"error","result":…}`.
pub(crate) fn error(result: Json) -> Json {
    Json::object([("status", Json::str("error")), ("result", result)])
}

/// The create answer: exactly the captured keys in the captured order; `invoice_id` is `null`
/// and none of the list/info extras appear.
pub(crate) fn created_invoice(invoice: &InvoiceRecord, project: &Project) -> Json {
    let coin = invoice.coin;
    Json::object([
        ("uuid", Json::str(invoice.uuid())),
        ("created", Json::str(timestamp(invoice.created))),
        ("address", Json::str(invoice.address.as_str())),
        ("expiry_date", Json::str(timestamp(invoice.expiry))),
        ("side_commission", Json::str("client")),
        ("side_commission_service", Json::str("client")),
        ("type_payments", Json::str("crypto")),
        ("amount", Json::money(coin.usd_in_coin(invoice.amount_usd))),
        ("amount_usd", Json::money(invoice.amount_usd)),
        ("amount_in_fiat", Json::money(invoice.amount_fiat)),
        ("fee", Json::money(invoice.fee)),
        ("fee_usd", Json::money(coin.to_usd(invoice.fee))),
        (
            "service_fee",
            Json::money(coin.usd_in_coin(invoice.service_fee_usd)),
        ),
        ("service_fee_usd", Json::money(invoice.service_fee_usd)),
        ("fiat_currency", Json::str(invoice.fiat)),
        ("status", Json::str(invoice.status.as_str())),
        ("is_email_required", Json::Bool(false)),
        ("link", Json::str(project.link(invoice))),
        ("invoice_id", Json::Null),
        ("currency", invoice_currency(coin)),
        ("project", project.to_json()),
        ("test_mode", Json::Bool(false)),
    ])
}

/// An invoice as info, the list and postbacks show it: the wide shape, extras included.
pub(crate) fn invoice(invoice: &InvoiceRecord, project: &Project) -> Json {
    let coin = invoice.coin;
    let paid = invoice.status.is_paid();
    // Unpaid invoices carry integer zeros in their payment fields, as the live API does.
    let paid_money = |usd: Decimal, in_usd: bool| match (paid, in_usd) {
        (false, _) => Json::Int(0),
        (true, true) => Json::money(usd),
        (true, false) => Json::money(coin.usd_in_coin(usd)),
    };
    let surcharge = invoice.surcharge_usd();
    let amount = coin.usd_in_coin(invoice.amount_usd);
    Json::object([
        ("uuid", Json::str(invoice.uuid())),
        ("created", Json::str(timestamp(invoice.created))),
        ("address", Json::str(invoice.address.as_str())),
        ("expiry_date", Json::str(timestamp(invoice.expiry))),
        (
            "date_finished",
            invoice
                .finished
                .map_or(Json::Null, |at| Json::str(timestamp(at))),
        ),
        ("side_commission", Json::str("client")),
        ("side_commission_cc", Json::str("client")),
        ("amount", Json::money(amount)),
        ("amount_usd", Json::money(invoice.amount_usd)),
        // `null` even on the reference's paid postback; what would fill it is unknown.
        ("amount_in_crypto", Json::Null),
        ("amount_in_fiat", Json::money(invoice.amount_fiat)),
        (
            "amount_to_pay",
            Json::money(coin.usd_in_coin(invoice.to_pay_usd())),
        ),
        ("amount_to_pay_usd", Json::money(invoice.to_pay_usd())),
        ("amount_paid", paid_money(invoice.paid_usd, false)),
        ("amount_paid_usd", paid_money(invoice.paid_usd, true)),
        ("fee", Json::money(invoice.fee)),
        ("fee_usd", Json::money(coin.to_usd(invoice.fee))),
        (
            "service_fee",
            Json::money(coin.usd_in_coin(invoice.service_fee_usd)),
        ),
        ("service_fee_usd", Json::money(invoice.service_fee_usd)),
        ("received", paid_money(invoice.received_usd, false)),
        ("received_usd", paid_money(invoice.received_usd, true)),
        ("to_surcharge", paid_money(surcharge, false)),
        ("to_surcharge_usd", paid_money(surcharge, true)),
        ("total_rub", Json::Int(0)),
        ("step", Json::Int(if paid { 3 } else { 1 })),
        ("fiat_currency", Json::str(invoice.fiat)),
        ("status", Json::str(invoice.status.as_str())),
        (
            "invoice_status",
            Json::str(if paid { "success" } else { "start" }),
        ),
        ("type", Json::str("up")),
        ("type_payments", Json::str("crypto")),
        ("order_id", Json::opt_str(invoice.order_id.as_deref())),
        ("invoice_id", Json::Null),
        ("is_email_required", Json::Bool(false)),
        ("link", Json::str(project.link(invoice))),
        ("pay_url", Json::str(project.link(invoice))),
        (
            "tx_list",
            Json::Array(
                invoice
                    .tx_list
                    .iter()
                    .map(|tx| Json::str(tx.as_str()))
                    .collect(),
            ),
        ),
        ("test_mode", Json::Bool(false)),
        ("aml_enabled", Json::Bool(false)),
        ("aml_side", Json::str("merchant")),
        ("aml_checks", Json::Array(Vec::new())),
        ("links_invoice", Json::Null),
        ("currency", invoice_currency(coin)),
        ("project", project.to_json()),
    ])
}

/// An invoice's `currency`: `code` is the coin, `fullcode` the API's code, icons are URLs.
pub(crate) fn invoice_currency(coin: &Coin) -> Json {
    Json::object([
        ("id", Json::Int(coin.id)),
        ("code", Json::str(coin.short)),
        ("fullcode", Json::str(coin.code)),
        ("network", network(coin)),
        ("name", Json::str(coin.name)),
        ("is_email_required", Json::Bool(false)),
        ("stablecoin", Json::Bool(coin.stablecoin)),
        ("icon_base", Json::str(icon_base(coin))),
        ("icon_network", Json::str(icon_network(coin))),
        ("icon_qr", Json::str(icon_qr(coin))),
        ("order", Json::Int(coin.order)),
    ])
}

/// Balance and static-wallet `currency`: a different shape, `code` the API's code,
/// `obj_network` for `network`, and `icon_network` the string `"None"` for a native coin.
pub(crate) fn balance_currency(coin: &Coin) -> Json {
    let icon_network = if coin.is_native() {
        String::from("None")
    } else {
        icon_network(coin)
    };
    Json::object([
        ("id", Json::Int(coin.id)),
        ("code", Json::str(coin.code)),
        ("short_code", Json::str(coin.short)),
        ("name", Json::str(coin.name)),
        ("is_email_required", Json::Bool(false)),
        ("stablecoin", Json::Bool(coin.stablecoin)),
        ("icon_base", Json::str(icon_base(coin))),
        ("icon_network", Json::Str(icon_network)),
        ("icon_qr", Json::str(icon_qr(coin))),
        ("order", Json::Int(coin.order)),
        ("obj_network", network(coin)),
        ("enable", Json::Bool(true)),
    ])
}

fn network(coin: &Coin) -> Json {
    let network = coin.network();
    Json::object([
        ("code", Json::str(network.code)),
        ("id", Json::Int(network.id)),
        (
            "icon",
            Json::str(format!("{CDN}/currency/crypto/{}.svg", network.icon)),
        ),
        ("fullname", Json::str(network.fullname)),
    ])
}

fn icon_base(coin: &Coin) -> String {
    format!(
        "{CDN}/currency/icons/main/{}.svg",
        coin.short.to_lowercase()
    )
}

fn icon_network(coin: &Coin) -> String {
    format!("{CDN}/icons-currency/{}-{}.svg", coin.short, coin.network)
}

fn icon_qr(coin: &Coin) -> String {
    format!(
        "{CDN}/currency/icons/stroke/{}.svg",
        coin.short.to_lowercase()
    )
}

/// `{count:{…}, amount:{…}}` with the seed's keys in the seed's order; an empty bucket's amount
/// is the integer `0` (Python's `sum([])`), as in the seed's `"canceled": 0`.
pub(crate) fn statistics(tally: &Tally) -> Json {
    let keys = ["all", "created", "paid", "overpaid", "partial", "canceled"];
    let count = keys.map(|key| {
        (
            key,
            Json::Int(
                tally
                    .count
                    .get(key)
                    .map_or(0, |&n| i64::try_from(n).unwrap_or(i64::MAX)),
            ),
        )
    });
    let amount = keys.map(|key| {
        (
            key,
            tally
                .amount
                .get(key)
                .map_or(Json::Int(0), |&sum| Json::money(sum)),
        )
    });
    Json::object([
        ("count", Json::object(count)),
        ("amount", Json::object(amount)),
    ])
}

pub(crate) fn balance(line: &Balance) -> Json {
    Json::object([
        ("currency", balance_currency(line.coin)),
        ("balance_crypto", Json::money(line.crypto)),
        ("balance_usd", Json::money(line.usd)),
        ("available_balance", Json::money(line.crypto)),
        ("available_balance_usd", Json::money(line.usd)),
    ])
}

pub(crate) fn static_wallet(wallet: &Wallet) -> Json {
    Json::object([
        ("currency", balance_currency(wallet.coin)),
        ("address", Json::str(wallet.address.as_str())),
        ("uuid", Json::str(wallet.uuid.as_str())),
    ])
}

/// The newer docs' withdrawal answer.
pub(crate) fn withdrawal(id: &str, coin: &Coin, amount: Decimal) -> Json {
    Json::object([
        ("invoice_id", Json::str(format!("INV-{id}"))),
        ("status", Json::str("created")),
        ("currency", Json::str(coin.code)),
        ("amount", Json::money(amount)),
    ])
}
