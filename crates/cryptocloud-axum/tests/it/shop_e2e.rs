//! The `shop` example against the local server: checkout → pay → postback → shipped once.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use cryptocloud::postback::{BodyFormat, TestPostback};
use cryptocloud::{CreateInvoice, InvoiceId, RetryPolicy};
use cryptocloud_mock::{MockConfig, MockServer, OneShotFault, Operation, Payment, PostbackFormat};
use time::OffsetDateTime;
use tower::ServiceExt;

use crate::shop::{Shop, app, reconcile};
use crate::{post_body, send};

/// The mock, and the shop served on 127.0.0.1 where the mock sends its postbacks.
pub(crate) async fn start() -> (MockServer, Router) {
    let (server, router, _) = start_shop().await;
    (server, router)
}

/// [`start`], and the shop's state, for what runs beside its routes (reconcile).
async fn start_shop() -> (MockServer, Router, Shop) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let webhook = format!(
        "http://{}/cryptocloud/postback",
        listener.local_addr().unwrap()
    );
    let config = MockConfig {
        invoices: 10,
        postback_url: Some(webhook),
        ..MockConfig::default()
    };
    let server = MockServer::start(config).await.unwrap();
    let client = server.client().unwrap();
    let merchant = Shop::new(client, server.shop_id(), server.postback_secret());
    let shop = app(merchant.clone());
    tokio::spawn(axum::serve(listener, shop.clone()).into_future());
    (server, shop, merchant)
}

/// Checks out through the shop; the invoice the server created for the order.
async fn checkout(server: &MockServer, shop: &Router, order: &str) -> InvoiceId {
    let request = Request::post("/checkout").body(Body::empty()).unwrap();
    let response = shop.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    // The server's own record of the invoice, not the client's reading of it.
    let invoice = server
        .invoices()
        .into_iter()
        .find(|invoice| invoice["order_id"] == order)
        .unwrap();
    assert_eq!(
        response.headers()[header::LOCATION],
        invoice["link"].as_str().unwrap()
    );
    invoice["uuid"].as_str().unwrap().parse().unwrap()
}

/// Waits for the next second: notices signed in one second for one invoice share a token, which
/// the shop's replay cache takes for a replay; CryptoCloud's come minutes apart.
async fn next_second() {
    let now = OffsetDateTime::now_utc();
    let left = 1_000_000_000 - u64::from(now.nanosecond());
    tokio::time::sleep(std::time::Duration::from_nanos(left + 1_000_000)).await;
}

async fn shipped(shop: &Router) -> String {
    let request = Request::get("/shipped").body(Body::empty()).unwrap();
    send(shop, request).await.1
}

#[tokio::test]
async fn a_paid_order_ships_once_however_often_its_postback_arrives() {
    let (server, shop) = start().await;
    let invoice = checkout(&server, &shop, "order-1").await;
    assert_eq!(shipped(&shop).await, "");

    let report = server
        .pay(&invoice, Payment::Paid, PostbackFormat::Json)
        .await
        .unwrap();
    assert_eq!(report.delivered, Some(200));
    assert_eq!(shipped(&shop).await, "order-1");

    // CryptoCloud sends postbacks again; none ships twice.
    let (status, _) = send(&shop, post_body("/cryptocloud/postback", report.postback)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shipped(&shop).await, "order-1");
    server.shutdown().await;
}

#[tokio::test]
async fn replays_of_genuine_postbacks_cost_no_api_calls() {
    let (server, shop) = start().await;
    let invoice = checkout(&server, &shop, "order-1").await;
    // Partly paid first: nothing ships, so only the receiver's memory stands between its
    // replays and the API.
    let partial = server
        .pay(&invoice, Payment::Partial, PostbackFormat::Json)
        .await
        .unwrap();
    next_second().await;
    let paid = server
        .pay(&invoice, Payment::Paid, PostbackFormat::Form)
        .await
        .unwrap();
    assert_eq!(shipped(&shop).await, "order-1");
    assert_eq!(server.stats().calls("invoice_info"), 2, "one per payment");

    for _ in 0..100 {
        for body in [&partial.postback, &paid.postback] {
            let (status, _) = send(&shop, post_body("/cryptocloud/postback", body.clone())).await;
            assert_eq!(status, StatusCode::OK);
        }
    }
    // A new genuine token for an order the shop has shipped: its own records answer.
    let later = OffsetDateTime::now_utc() + time::Duration::seconds(1);
    let fresh =
        TestPostback::new(invoice).genuine(&server.postback_secret(), later, BodyFormat::Json);
    let (status, _) = send(&shop, post_body("/cryptocloud/postback", fresh)).await;
    assert_eq!(status, StatusCode::OK);

    assert_eq!(
        server.stats().calls("invoice_info"),
        2,
        "200 replays, no call"
    );
    assert_eq!(shipped(&shop).await, "order-1");
    server.shutdown().await;
}

#[tokio::test]
async fn a_partial_payment_ships_nothing_and_the_rest_ships_the_order() {
    let (server, shop) = start().await;
    let invoice = checkout(&server, &shop, "order-1").await;
    let partial = server
        .pay(&invoice, Payment::Partial, PostbackFormat::Form)
        .await
        .unwrap();
    assert_eq!(partial.delivered, Some(200));
    assert_eq!(shipped(&shop).await, "");

    next_second().await;
    let rest = server
        .pay(&invoice, Payment::Paid, PostbackFormat::Form)
        .await
        .unwrap();
    assert_eq!(rest.delivered, Some(200));
    assert_eq!(shipped(&shop).await, "order-1");
    server.shutdown().await;
}

#[tokio::test]
async fn a_forged_postback_is_refused_before_the_shop_asks_the_api() {
    let (server, shop) = start().await;
    let invoice = checkout(&server, &shop, "order-1").await;
    let forged = TestPostback::new(invoice).order_id("order-1").forged(
        &server.postback_secret(),
        OffsetDateTime::now_utc(),
        BodyFormat::Json,
    );
    let (status, _) = send(&shop, post_body("/cryptocloud/postback", forged)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(shipped(&shop).await, "");
    assert!(!server.stats().by_route.contains_key("invoice_info"));
    server.shutdown().await;
}

#[tokio::test]
async fn postback_reconcile_and_a_late_overpayment_ship_one_order_once() {
    let (server, shop, merchant) = start_shop().await;
    let invoice = checkout(&server, &shop, "order-1").await;
    let paid = server
        .pay(&invoice, Payment::Paid, PostbackFormat::Json)
        .await
        .unwrap();
    assert_eq!(paid.delivered, Some(200));
    assert_eq!(shipped(&shop).await, "order-1");

    // The hourly job finds the same payment in the list: the same key, nothing more ships.
    reconcile(&merchant).await.unwrap();
    assert_eq!(shipped(&shop).await, "order-1");

    // More money arrives: the invoice becomes overpaid, and is noticed by postback and list.
    next_second().await;
    let overpaid = server
        .pay(&invoice, Payment::Overpaid, PostbackFormat::Form)
        .await
        .unwrap();
    assert_eq!(overpaid.delivered, Some(200));
    assert_eq!(overpaid.invoice["status"], "overpaid");
    reconcile(&merchant).await.unwrap();
    assert_eq!(shipped(&shop).await, "order-1", "shipped once");
    server.shutdown().await;
}

#[tokio::test]
async fn reconcile_ships_what_a_postback_could_not() {
    let (server, shop, merchant) = start_shop().await;
    let invoice = checkout(&server, &shop, "order-1").await;
    // The API is down when the postback comes (every attempt of the shop's client is refused):
    // the shop answers 503 and records nothing.
    for _ in 0..RetryPolicy::default().max_attempts {
        server
            .fail_next(Operation::InvoiceInfo, OneShotFault::Answer(503))
            .unwrap();
    }
    let paid = server
        .pay(&invoice, Payment::Paid, PostbackFormat::Json)
        .await
        .unwrap();
    assert_eq!(paid.delivered, Some(503));
    assert_eq!(shipped(&shop).await, "");

    reconcile(&merchant).await.unwrap();
    assert_eq!(shipped(&shop).await, "order-1");
    // CryptoCloud's retry of the same postback changes nothing.
    let (status, _) = send(&shop, post_body("/cryptocloud/postback", paid.postback)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shipped(&shop).await, "order-1");
    server.shutdown().await;
}

#[tokio::test]
async fn a_paid_invoice_that_does_not_pay_the_order_as_recorded_ships_nothing() {
    let (server, shop) = start().await;
    let invoice = checkout(&server, &shop, "order-1").await;
    // An invoice for the same order id at a tenth of the price, made outside the shop.
    let client = server.client().unwrap();
    let cheap = CreateInvoice::new(server.shop_id(), "2.5".parse().unwrap())
        .unwrap()
        .order_id("order-1".parse().unwrap());
    let cheap = client.create_invoice(cheap).await.unwrap().uuid;
    let report = server
        .pay(&cheap, Payment::Paid, PostbackFormat::Json)
        .await
        .unwrap();
    assert_eq!(report.delivered, Some(200));
    assert_eq!(shipped(&shop).await, "", "the amount is not the order's");

    let report = server
        .pay(&invoice, Payment::Paid, PostbackFormat::Json)
        .await
        .unwrap();
    assert_eq!(report.delivered, Some(200));
    assert_eq!(
        shipped(&shop).await,
        "order-1",
        "nothing was recorded for it before"
    );
    server.shutdown().await;
}
