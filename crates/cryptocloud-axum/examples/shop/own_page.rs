//! The shop's own checkout page (CryptoCloud's host-to-host, "white label" integration): the
//! customer picks a coin here, the invoice is created with it (`add_fields.cryptocurrency`), and
//! the shop shows the exact amount, the address with a copy button, the wallet link as a QR code
//! and a countdown on its own page. The page turns to "paid" once the postback has been verified,
//! the payment confirmed through the API and the order shipped, all by `main.rs` as for the
//! hosted page.

use std::collections::HashMap;

use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, Redirect};
use cryptocloud::payment::{PaymentDetails, PaymentDetailsError};
use cryptocloud::{CryptoCurrency, Timestamp};
use time::OffsetDateTime;

use super::{Shop, bad_gateway, place_order};

/// The coins the shop takes on its own page: one of each kind of wallet link.
const COINS: [CryptoCurrency; 7] = [
    CryptoCurrency::Btc,
    CryptoCurrency::Ltc,
    CryptoCurrency::Eth,
    CryptoCurrency::UsdtErc20,
    CryptoCurrency::UsdtTrc20,
    CryptoCurrency::UsdcSol,
    CryptoCurrency::Ton,
];

const PAY: &str = include_str!("pay.html");

/// The shop's front page: CryptoCloud's payment page, or a coin and the shop's own page.
pub(crate) fn home() -> String {
    let options: String = COINS
        .iter()
        .map(|coin| format!(r#"<option value="{0}">{0}</option>"#, coin.as_str()))
        .collect();
    format!(
        r#"<h1>T-shirt, 25 USD</h1>
<form method="post" action="/checkout"><button id="buy">Buy a T-shirt, 25 USD</button></form>
<form method="post" action="/checkout/here"><label>or pay here in <select id="coin" name="coin">{options}</select></label> <button id="pay-here">Pay on this site</button></form>"#
    )
}

/// Places an order, creates its invoice in the coin picked and shows the shop's own page.
pub(crate) async fn checkout_here(
    State(shop): State<Shop>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Redirect, (StatusCode, String)> {
    let picked = form.get("coin").map(String::as_str);
    let Some(coin) = COINS.iter().find(|coin| Some(coin.as_str()) == picked) else {
        let refusal = String::from("Please pick one of the coins offered.");
        return Err((StatusCode::BAD_REQUEST, refusal));
    };
    let (order, create) = place_order(&shop)?;
    let create = create.cryptocurrency(coin.clone());
    let invoice = shop
        .client
        .create_invoice(create)
        .await
        .map_err(bad_gateway)?;
    shop.orders()
        .invoices
        .insert(order.to_string(), invoice.uuid);
    Ok(Redirect::to(&format!("/orders/{order}/pay")))
}

/// `shipped` once the order has shipped, `waiting` before (what the page polls).
pub(crate) async fn order_state(
    State(shop): State<Shop>,
    Path(order): Path<String>,
) -> Result<&'static str, StatusCode> {
    let orders = shop.orders();
    if orders.shipped.contains(&order) {
        Ok("shipped")
    } else if orders.invoices.contains_key(&order) {
        Ok("waiting")
    } else {
        Err(StatusCode::NOT_FOUND)
    }
}

/// The payment as the API has it now, or the order's state once nothing is left to send.
pub(crate) async fn pay_page(
    State(shop): State<Shop>,
    Path(order): Path<String>,
) -> Result<Html<String>, (StatusCode, String)> {
    let (invoice, shipped) = {
        let orders = shop.orders();
        let invoice = orders.invoices.get(&order).cloned();
        (invoice, orders.shipped.contains(&order))
    };
    let Some(invoice) = invoice else {
        return Err((StatusCode::NOT_FOUND, String::from("No such order.")));
    };
    if shipped {
        return Ok(note(
            &order,
            "paid",
            "Paid, thank you! Your T-shirt ships today.",
        ));
    }
    // Fetched, not the create answer kept: it names the amount due with the commission the
    // customer pays (`amount_to_pay`, which the create answer lacks), and its status moves.
    let invoice = shop.client.invoice(invoice).await.map_err(bad_gateway)?;
    let now = OffsetDateTime::now_utc();
    Ok(match invoice.payment_details(Timestamp::from(now)) {
        Ok(details) => payment(&order, &details, now),
        // Paid, but the postback is not confirmed yet: keep waiting.
        Err(PaymentDetailsError::AlreadyPaid { .. }) => {
            note(&order, "confirming", "Payment received, confirming it…")
        }
        Err(reason) => note(&order, "closed", &format!("{reason}. Please order again.")),
    })
}

/// The page with what to send: amount, address, wallet link and its QR code, countdown.
fn payment(order: &str, details: &PaymentDetails, now: OffsetDateTime) -> Html<String> {
    // The address is checked for its network's form before anyone is asked to send to it.
    let link = match details.wallet_link() {
        Ok(link) => link,
        Err(error) => return note(order, "closed", &format!("{error}: please contact us.")),
    };
    let Ok(qr) = cryptocloud::qr::svg(&link) else {
        return note(
            order,
            "closed",
            "The payment cannot be shown: please contact us.",
        );
    };
    let expires = details
        .expires_at
        .map_or(0, |at| OffsetDateTime::from(at).unix_timestamp());
    let left = expires.saturating_sub(now.unix_timestamp());
    let left = format!("{:02}:{:02}:{:02}", left / 3600, left / 60 % 60, left % 60);
    let qr = qr.split_once("?>").map_or(qr.as_str(), |(_, svg)| svg);
    Html(fill(
        PAY,
        &[
            ("order", escape(order)),
            ("expires", expires.to_string()),
            ("amount", details.amount.to_string()),
            ("coin", escape(&details.coin_code)),
            ("network", escape(&details.network_name)),
            ("address", escape(&details.address)),
            ("uri", escape(&link.uri)),
            ("qr", qr.to_owned()),
            ("left", left),
        ],
    ))
}

/// A page that says where the order stands (`id` names it for the browser test).
fn note(order: &str, id: &str, text: &str) -> Html<String> {
    let (order, text) = (escape(order), escape(text));
    let poll = if id == "confirming" {
        r#"<script>setTimeout(() => location.reload(), 1000);</script>"#
    } else {
        ""
    };
    Html(format!(
        r#"<h1>Order {order}</h1><p id="{id}" role="status">{text}</p><a href="/">Back to the shop</a>{poll}"#
    ))
}

/// The template with each `{{name}}` replaced by its value, in one pass.
fn fill(template: &str, fields: &[(&str, String)]) -> String {
    let mut page = String::with_capacity(template.len() + 16 * 1024);
    let mut rest = template;
    while let Some((before, after)) = rest.split_once("{{") {
        page.push_str(before);
        let (name, after) = after.split_once("}}").unwrap_or((after, ""));
        match fields.iter().find(|(field, _)| *field == name) {
            Some((_, value)) => page.push_str(value),
            None => page.push_str(name),
        }
        rest = after;
    }
    page.push_str(rest);
    page
}

/// Text from the API or the customer, safe inside HTML text and attribute values.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}
