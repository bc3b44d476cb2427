//! Payments into static wallets: the invoice each makes (paid, `order_id` the wallet's
//! `identify`), its postback, the control path's refusals, and the wallet's page.

use cryptocloud_mock::{DEFAULT_SHOP_ID as SHOP, MockConfig, MockServer};

use crate::support::{Node, api, control, get, serve};

async fn wallet(server: &MockServer, coin: &str, customer: &str) -> Node {
    let body = format!(r#"{{"shop_id":"{SHOP}","currency":"{coin}","identify":"{customer}"}}"#);
    api(server, "/v2/invoice/static/create", &body)
        .await
        .result()
}

async fn top_up(server: &MockServer, uuid: &str, body: &str) -> (u16, String) {
    control(server, &format!("/_mock/wallets/{uuid}/pay"), body).await
}

#[tokio::test]
async fn a_payment_into_a_static_wallet_makes_a_paid_invoice_for_its_customer() {
    let server = serve(3, MockConfig::default()).await;
    let created = wallet(&server, "LTC", "customer-17").await;
    let uuid = created.at("uuid").str();
    let (status, body) = top_up(&server, uuid, r#"{"amount":"0.5"}"#).await;
    assert_eq!(status, 200, "{body}");
    let report: serde_json::Value = serde_json::from_str(&body).unwrap();
    let invoice = &report["invoice"];
    assert_eq!(invoice["status"], "paid");
    assert_eq!(invoice["order_id"], "customer-17");
    assert_eq!(invoice["address"], created.at("address").str());
    assert_eq!(invoice["currency"]["fullcode"], "LTC");
    // 0.5 LTC at the catalog's 80 USD: 40 USD sent, the 1.9 % fee (0.76) comes out of it.
    assert_eq!(invoice["amount_paid"], 0.5);
    assert_eq!(invoice["amount_paid_usd"], 40.0);
    assert_eq!(invoice["received_usd"], 39.24);

    let postback: serde_json::Value =
        serde_json::from_str(report["postback"].as_str().unwrap()).unwrap();
    assert_eq!(postback["order_id"], "customer-17");
    assert_eq!(postback["status"], "success");
    assert_eq!(postback["amount_crypto"], 0.5);
    assert_eq!(postback["currency"], "LTC");
    let uuid_of_invoice = invoice["uuid"].as_str().unwrap();
    assert_eq!(postback["invoice_id"], &uuid_of_invoice[4..]);

    // The API knows the invoice, as it knows any other.
    let info = api(
        &server,
        "/v2/invoice/merchant/info",
        &format!(r#"{{"uuids":["{uuid_of_invoice}"]}}"#),
    )
    .await
    .result();
    assert_eq!(info.array()[0].at("order_id").str(), "customer-17");

    // Each payment makes its own invoice.
    let (status, body) = top_up(&server, uuid, r#"{"amount":0.25,"format":"form"}"#).await;
    assert_eq!(status, 200, "{body}");
    let again: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_ne!(again["invoice"]["uuid"], invoice["uuid"]);
    assert!(
        again["postback"]
            .as_str()
            .unwrap()
            .contains("order_id=customer-17&")
    );
}

#[tokio::test]
async fn what_cannot_be_paid_is_refused() {
    let server = serve(0, MockConfig::default()).await;
    let created = wallet(&server, "XAUT_ERC20", "c-1").await;
    let uuid = created.at("uuid").str();
    for (body, expected) in [
        (r#"{"amount":"0.0000001"}"#, 409), // 7 places: XAUT has 6
        (r#"{"amount":"0"}"#, 409),
        (r#"{"amount":"-1"}"#, 409),
        (r#"{"amount":"0.000001"}"#, 409), // less than a cent's worth
        (r#"{"amount":"ten"}"#, 400),
        (r#"{"amount":"1","tip":true}"#, 400),
        ("", 400),
    ] {
        assert_eq!(top_up(&server, uuid, body).await.0, expected, "{body}");
    }
    let (status, body) = top_up(&server, "NOSUCHWALLET", r#"{"amount":"1"}"#).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("static wallet not found"), "{body}");
    assert_eq!(top_up(&server, uuid, r#"{"amount":"0.001"}"#).await.0, 200);
}

#[tokio::test]
async fn the_wallets_page_shows_its_address_and_a_button_to_pay_into_it() {
    let server = serve(0, MockConfig::default()).await;
    let created = wallet(&server, "USDT_TRC20", "c<&>").await;
    let uuid = created.at("uuid").str();
    let page = get(&server, &format!("/wallet/{uuid}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let policy = page.headers["content-security-policy"].to_str().unwrap();
    assert!(policy.starts_with("default-src 'none'"), "{policy}");
    for shown in [
        created.at("address").str(),
        "<svg",
        r#"id="send""#,
        r#"id="amount""#,
        "/_mock/transfers",
        "customer c&lt;&amp;&gt;",
    ] {
        assert!(page.body.contains(shown), "{shown} missing: {}", page.body);
    }
    assert_eq!(get(&server, "/wallet/NOSUCHWALLET").await.status, 404);
}
