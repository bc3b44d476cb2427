//! A shop on axum that takes CryptoCloud payments two ways: checkout creates an invoice and sends
//! the customer to CryptoCloud's payment page, or (host-to-host, `own_page.rs`) creates it with
//! the coin the customer picked and shows the payment on the shop's own page. The postback
//! webhook verifies the token (`CryptoCloudPostback`), confirms the payment through the API, and
//! an hourly reconcile catches postbacks that never came. Both paths ship an order once, on one
//! key, after checking the paid invoice against the shop's own order.
//!
//! With `CRYPTOCLOUD_API_KEY`, `CRYPTOCLOUD_SHOP_ID` and `CRYPTOCLOUD_SECRET` set it talks to
//! CryptoCloud (set the project's postback URL to `https://<your host>/cryptocloud/postback`);
//! without, it starts the bundled local server, which sends its postbacks here.
//!
//! `cargo run -p cryptocloud-axum --example shop`, then open <http://127.0.0.1:3000>.
#![allow(clippy::print_stdout)]

mod own_page;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::response::{Html, Redirect};
use axum::routing::{get, post};
use cryptocloud::postback::{PostbackSecret, PostbackVerifier};
use cryptocloud::{
    ApiKey, Client, CreateInvoice, Date, DateRange, ExpectedOrder, FiatCurrency, FulfilmentKey,
    Invoice, InvoiceId, OrderId, ShopId,
};
use cryptocloud_axum::{CryptoCloudPostback, PostbackReceiver};
use cryptocloud_mock::{MockConfig, MockServer};
use futures_util::TryStreamExt;

/// What the handlers share.
#[derive(Clone)]
pub(crate) struct Shop {
    client: Client,
    shop_id: ShopId,
    receiver: PostbackReceiver,
    orders: Arc<Mutex<Orders>>,
}

/// What a shop keeps in its database.
#[derive(Default)]
struct Orders {
    placed: u64,
    /// Orders waiting for their payment, as placed: what an invoice must pay.
    unpaid: HashMap<String, ExpectedOrder>,
    /// The invoice of each order paid on the shop's own page.
    invoices: HashMap<String, InvoiceId>,
    /// What orders shipped on (a unique column): postbacks repeat, reconcile finds them again.
    fulfilled: HashSet<FulfilmentKey>,
    shipped: Vec<String>,
}

impl Shop {
    pub(crate) fn new(client: Client, shop_id: ShopId, secret: PostbackSecret) -> Shop {
        // A replayed token is answered before the handler runs: no API call for it.
        let receiver =
            PostbackReceiver::new(PostbackVerifier::new(secret)).with_replay_cache(10_000);
        let orders = Arc::default();
        Shop {
            client,
            shop_id,
            receiver,
            orders,
        }
    }

    fn orders(&self) -> MutexGuard<'_, Orders> {
        self.orders.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

// The extractor finds its verifier here.
impl FromRef<Shop> for PostbackReceiver {
    fn from_ref(shop: &Shop) -> PostbackReceiver {
        shop.receiver.clone()
    }
}

const SUCCESS: &str = "Thank you! Your order ships as soon as the payment is confirmed.";
const FAIL: &str = r#"The payment did not go through. <a href="/">Try again</a>"#;

pub(crate) fn app(shop: Shop) -> Router {
    Router::new()
        .route("/", get(|| async { Html(own_page::home()) }))
        .route("/checkout", post(checkout))
        .route("/checkout/here", post(own_page::checkout_here))
        .route("/orders/{order}/pay", get(own_page::pay_page))
        .route("/orders/{order}/state", get(own_page::order_state))
        .route("/cryptocloud/postback", post(postback))
        .route("/success", get(|| async { Html(SUCCESS) }))
        .route("/fail", get(|| async { Html(FAIL) }))
        // What the warehouse sees: one shipped order a line.
        .route(
            "/shipped",
            get(|State(shop): State<Shop>| async move { shop.orders().shipped.join("\n") }),
        )
        .with_state(shop)
}

/// Places an order, creates its invoice and sends the customer to CryptoCloud's payment page.
async fn checkout(State(shop): State<Shop>) -> Result<Redirect, (StatusCode, String)> {
    let (_, create) = place_order(&shop)?;
    let invoice = shop
        .client
        .create_invoice(create)
        .await
        .map_err(bad_gateway)?;
    let link = invoice
        .link
        .ok_or_else(|| bad_gateway("the invoice has no payment link"))?;
    Ok(Redirect::to(&link))
}

/// Records a new order for the T-shirt, as placed (what its invoice must pay), before its
/// invoice exists; the invoice to create for it.
fn place_order(shop: &Shop) -> Result<(OrderId, CreateInvoice), (StatusCode, String)> {
    let price = "25".parse().map_err(bad_gateway)?;
    let mut orders = shop.orders();
    orders.placed += 1;
    let order_id: OrderId = format!("order-{}", orders.placed)
        .parse()
        .map_err(bad_gateway)?;
    let order = ExpectedOrder::new(order_id.clone(), price, FiatCurrency::Usd);
    orders.unpaid.insert(order_id.to_string(), order);
    let create = CreateInvoice::new(shop.shop_id.clone(), price)
        .map_err(bad_gateway)?
        .order_id(order_id.clone());
    Ok((order_id, create))
}

/// Refusals (400 malformed, 401 forged, 410 expired, 413 too large) and replays (200) never get
/// here.
async fn postback(
    State(shop): State<Shop>,
    CryptoCloudPostback(verified): CryptoCloudPostback,
) -> StatusCode {
    // Our own records first: an invoice whose order has shipped needs no API call.
    if shop
        .orders()
        .fulfilled
        .contains(verified.invoice_to_confirm())
    {
        return StatusCode::OK;
    }
    // The token signs only the invoice id: the API says what was paid.
    let confirmation = match shop.client.confirm_postback(&verified).await {
        Ok(confirmation) => confirmation,
        Err(error) => {
            println!("cannot confirm {}: {error}", verified.invoice_to_confirm());
            shop.receiver.forget(&verified); // so that CryptoCloud's retry is handled
            return StatusCode::SERVICE_UNAVAILABLE;
        }
    };
    match confirmation.fulfilment_key() {
        Some(key) => fulfil(&shop, key, confirmation.invoice()),
        None => println!(
            "{} is {}: {:?}, nothing to ship",
            confirmation.invoice().uuid,
            confirmation.invoice().status,
            confirmation.outcome()
        ),
    }
    StatusCode::OK
}

/// What an hourly job runs: the paid invoices of yesterday and today (the list goes by creation
/// day, and an invoice can be paid for 24 hours), fulfilled on the same key as postbacks.
pub(crate) async fn reconcile(shop: &Shop) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let today = Date::try_from(time::OffsetDateTime::now_utc().date())?;
    let mut paid = shop.client.paid_invoices(DateRange::last_days(today, 2));
    while let Some(invoice) = paid.try_next().await? {
        if let Some(key) = FulfilmentKey::for_paid(&invoice) {
            fulfil(shop, key, &invoice);
        }
    }
    Ok(())
}

/// Ships the order `invoice` pays, once per `key`, and only if the invoice pays the order as the
/// shop recorded it. Nothing is recorded before that check: a refused payment can still ship
/// its order once a right one arrives.
fn fulfil(shop: &Shop, key: FulfilmentKey, invoice: &Invoice) {
    let mut orders = shop.orders();
    if orders.fulfilled.contains(&key) {
        return; // a repeat, or found by the other path
    }
    // The API's order id, never a postback body's claim.
    let order = invoice.order_id.as_ref();
    let Some(expected) = order.and_then(|order| orders.unpaid.get(order)) else {
        println!("{key} pays {order:?}, not an unpaid order of ours: refund or look by hand");
        return;
    };
    if let Err(mismatch) = expected.check(invoice) {
        println!("not shipping: {mismatch}");
        return;
    }
    let order = expected.order_id().to_string();
    println!("shipping {order}: {key} is {}", invoice.status);
    orders.unpaid.remove(&order);
    orders.fulfilled.insert(key);
    orders.shipped.push(order);
}

fn bad_gateway(error: impl std::fmt::Display) -> (StatusCode, String) {
    println!("checkout failed: {error}");
    (
        StatusCode::BAD_GATEWAY,
        String::from("Payments are unavailable, please try again."),
    )
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    let address = listener.local_addr()?;
    // Without a key: the bundled local server, kept alive while the shop runs.
    let (shop, _local) = match std::env::var("CRYPTOCLOUD_API_KEY") {
        Ok(key) => {
            let client = Client::builder(ApiKey::new(key)?).build()?;
            let shop_id = std::env::var("CRYPTOCLOUD_SHOP_ID")?.parse()?;
            let secret = PostbackSecret::new(std::env::var("CRYPTOCLOUD_SECRET")?)?;
            (Shop::new(client, shop_id, secret), None)
        }
        Err(_) => {
            // The local server's checkout page pays and sends the customer back here.
            let config = MockConfig {
                postback_url: Some(format!("http://{address}/cryptocloud/postback")),
                success_url: format!("http://{address}/success"),
                fail_url: format!("http://{address}/fail"),
                ..MockConfig::default()
            };
            let server = MockServer::start(config).await?;
            let client = server.client()?;
            println!(
                "no CRYPTOCLOUD_API_KEY: the local server on {0} takes the payments (its checkout \
                 page has the buttons; pay the shop's own page from its test wallet, {0}/send)",
                server.base_url()
            );
            (
                Shop::new(client, server.shop_id(), server.postback_secret()),
                Some(server),
            )
        }
    };
    println!("shop on http://{address}");
    let hourly = shop.clone();
    tokio::spawn(async move {
        loop {
            if let Err(error) = reconcile(&hourly).await {
                println!("reconcile failed: {error}");
            }
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    });
    axum::serve(listener, app(shop)).await?;
    Ok(())
}
