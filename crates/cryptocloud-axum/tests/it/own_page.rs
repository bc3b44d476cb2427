//! The `shop` example's own checkout page against the local server, without a browser (the
//! browser test in cryptocloud-e2e clicks through it): the coin picked reaches the invoice, the
//! page shows what the server asks for, a transfer of exactly that ships the order once, and the
//! page then says paid; wrong coins and unknown orders are refused.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use cryptocloud_mock::PostbackFormat;

use crate::send;
use crate::shop_e2e::start;

fn pick(coin: &str) -> Request<Body> {
    Request::post("/checkout/here")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("coin={coin}")))
        .unwrap()
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

#[tokio::test]
async fn a_transfer_of_the_amount_shown_ships_the_order_once() {
    let (server, shop) = start().await;
    let response = tower::ServiceExt::oneshot(shop.clone(), pick("USDT_TRC20"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/orders/order-1/pay");

    let invoice = server
        .invoices()
        .into_iter()
        .find(|invoice| invoice["order_id"] == "order-1")
        .unwrap();
    assert_eq!(invoice["currency"]["fullcode"], "USDT_TRC20");
    let address = invoice["address"].as_str().unwrap();
    let due = invoice["amount_to_pay"].to_string();
    let (status, page) = send(&shop, get("/orders/order-1/pay")).await;
    assert_eq!(status, StatusCode::OK);
    for shown in [
        format!(r#"<span id="amount">{due}</span>"#),
        format!(r#"<code id="address">{address}</code>"#),
        // TRON has no payment URI standard: the wallet link is the bare address.
        format!(r#"href="{address}""#),
        String::from("<svg"),
    ] {
        assert!(page.contains(&shown), "{shown} missing from {page}");
    }
    assert_eq!(send(&shop, get("/orders/order-1/state")).await.1, "waiting");

    let amount = due.parse().unwrap();
    let paid = server
        .transfer(address, amount, PostbackFormat::Json)
        .await
        .unwrap();
    assert_eq!(paid.delivered, Some(200));
    assert_eq!(send(&shop, get("/orders/order-1/state")).await.1, "shipped");
    assert_eq!(send(&shop, get("/shipped")).await.1, "order-1");
    let (status, page) = send(&shop, get("/orders/order-1/pay")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"id="paid""#), "{page}");
    assert!(
        !page.contains(address),
        "a paid order's page shows no address"
    );
}

#[tokio::test]
async fn coins_not_offered_and_unknown_orders_are_refused() {
    let (server, shop) = start().await;
    for coin in ["DOGE", "", "BTC%26coin%3DETH"] {
        let response = tower::ServiceExt::oneshot(shop.clone(), pick(coin))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{coin}");
    }
    assert_eq!(server.stats().calls("create_invoice"), 0);
    for path in ["/orders/order-9/pay", "/orders/order-9/state"] {
        assert_eq!(
            send(&shop, get(path)).await.0,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}
