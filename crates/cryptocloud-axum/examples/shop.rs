//! A shop on axum that takes CryptoCloud payments: checkout creates an invoice and sends the
//! customer to pay; the postback webhook verifies the token (`CryptoCloudPostback`), confirms the
//! payment through the API, and ships each order once.
//!
//! With `CRYPTOCLOUD_API_KEY`, `CRYPTOCLOUD_SHOP_ID` and `CRYPTOCLOUD_SECRET` set it talks to
//! CryptoCloud (set the project's postback URL to `https://<your host>/cryptocloud/postback`);
//! without, it starts the bundled local server, which sends its postbacks here.
//!
//! `cargo run -p cryptocloud-axum --example shop`, then open <http://127.0.0.1:3000>.
#![allow(clippy::print_stdout)]

use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::response::{Html, Redirect};
use axum::routing::{get, post};
use cryptocloud::ShopId;
use cryptocloud::postback::{PostbackSecret, PostbackVerifier};
use cryptocloud::{ApiKey, Client, CreateInvoice, InvoiceId, PostbackOutcome};
use cryptocloud_axum::{CryptoCloudPostback, PostbackReceiver};
use cryptocloud_mock::{MockConfig, MockServer};

/// What the handlers share.
#[derive(Clone)]
pub(crate) struct Shop {
    client: Client,
    shop_id: ShopId,
    receiver: PostbackReceiver,
    orders: Arc<Mutex<Orders>>,
}

#[derive(Default)]
struct Orders {
    placed: u64,
    unpaid: HashSet<String>,
    /// Invoices whose order has shipped: postbacks repeat.
    fulfilled: HashSet<InvoiceId>,
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

const HOME: &str =
    r#"<form method="post" action="/checkout"><button>Buy a T-shirt, 25 USD</button></form>"#;
const SUCCESS: &str = "Thank you! Your order ships as soon as the payment is confirmed.";
const FAIL: &str = r#"The payment did not go through. <a href="/">Try again</a>"#;

pub(crate) fn app(shop: Shop) -> Router {
    Router::new()
        .route("/", get(|| async { Html(HOME) }))
        .route("/checkout", post(checkout))
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

/// Places an order, creates its invoice and sends the customer to the payment page.
async fn checkout(State(shop): State<Shop>) -> Result<Redirect, (StatusCode, String)> {
    let order = {
        let mut orders = shop.orders();
        orders.placed += 1;
        let order = format!("order-{}", orders.placed);
        orders.unpaid.insert(order.clone());
        order
    };
    let order_id = order.parse().map_err(bad_gateway)?;
    let create = CreateInvoice::new(shop.shop_id.clone(), "25".parse().map_err(bad_gateway)?)
        .map_err(bad_gateway)?
        .order_id(order_id);
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

/// Refusals (400 malformed, 401 forged, 410 expired, 413 too large) never get here.
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
    let (invoice, status) = confirmation.dedup_key();
    let PostbackOutcome::PaidInFull = confirmation.outcome() else {
        println!(
            "{invoice} is {status}: {:?}, nothing to ship",
            confirmation.outcome()
        );
        return StatusCode::OK;
    };
    let mut orders = shop.orders();
    if orders.fulfilled.contains(invoice) {
        return StatusCode::OK; // a repeat
    }
    // The API's order id, not the body's claim; `unpaid` makes an overpayment ship nothing more.
    match &confirmation.invoice().order_id {
        Some(order) if orders.unpaid.remove(order) => {
            println!("shipping {order}: {invoice} is {status}");
            orders.fulfilled.insert(invoice.clone());
            orders.shipped.push(order.clone());
        }
        order => println!("{invoice} is {status} for {order:?}, not an unpaid order of ours"),
    }
    StatusCode::OK
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
            let client = Client::builder(server.api_key())
                .base_url(server.base_url())
                .allow_http_loopback(true)
                .build()?;
            println!(
                "no CRYPTOCLOUD_API_KEY: the local server on {} takes the payments (its checkout page has the buttons)",
                server.base_url()
            );
            (
                Shop::new(client, server.shop_id(), server.postback_secret()),
                Some(server),
            )
        }
    };
    println!("shop on http://{address}");
    axum::serve(listener, app(shop)).await?;
    Ok(())
}
