//! Transfers to an address, as a customer's wallet makes them for a checkout page of the shop's
//! own: the exact amount due pays the invoice the address belongs to, anything else is refused
//! with what is due, and a static wallet's address takes any amount.

use cryptocloud_mock::{DEFAULT_SHOP_ID as SHOP, MockConfig, MockServer};

use crate::support::{api, control, create, get, serve};

async fn transfer(server: &MockServer, to: &str, amount: &str) -> (u16, serde_json::Value) {
    let body = serde_json::json!({ "to": to, "amount": amount }).to_string();
    let (status, body) = control(server, "/_mock/transfers", &body).await;
    (status, serde_json::from_str(&body).unwrap())
}

/// The invoice as `merchant/info` sends it now.
async fn info(server: &MockServer, uuid: &str) -> serde_json::Value {
    let body = format!(r#"{{"uuids":["{uuid}"]}}"#);
    let reply = api(server, "/v2/invoice/merchant/info", &body).await;
    let answer: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    answer["result"][0].clone()
}

#[tokio::test]
async fn the_exact_amount_due_pays_the_invoice_the_address_belongs_to() {
    let server = serve(3, MockConfig::default()).await;
    let created = create(
        &server,
        &format!(r#"{{"shop_id":"{SHOP}","amount":25,"add_fields":{{"cryptocurrency":"BTC"}}}}"#),
    )
    .await;
    let uuid = created.at("uuid").str().to_owned();
    let address = created.at("address").str().to_owned();
    assert!(address.starts_with("bc1") || address.starts_with('1') || address.starts_with('3'));
    // What is due, as the API says it: the amount plus the commission the client side pays.
    let due = info(&server, &uuid).await["amount_to_pay"].to_string();

    let (status, answer) = transfer(&server, &address, "0.00000001").await;
    assert_eq!(status, 409, "{answer}");
    let refusal = answer["detail"].as_str().unwrap();
    assert!(
        refusal.contains(&format!("0.00000001 BTC ({due} due)")),
        "{refusal}"
    );
    assert_eq!(info(&server, &uuid).await["status"], "created");

    let (status, answer) = transfer(&server, &format!(" {address} "), &due).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["invoice"]["uuid"], uuid.as_str());
    assert_eq!(answer["invoice"]["status"], "paid");
    assert_eq!(answer["invoice"]["amount_paid"].to_string(), due);
    let postback: serde_json::Value =
        serde_json::from_str(answer["postback"].as_str().unwrap()).unwrap();
    assert_eq!(postback["invoice_id"], &uuid[4..]);
    assert_eq!(
        server.stats().calls("invoice_info"),
        2,
        "only this test's own info calls"
    );

    // Paid: the address is no longer open for payment.
    let (status, answer) = transfer(&server, &address, &due).await;
    assert_eq!(status, 409, "{answer}");
}

#[tokio::test]
async fn a_static_wallets_address_takes_any_amount() {
    let server = serve(0, MockConfig::default()).await;
    let body = format!(r#"{{"shop_id":"{SHOP}","currency":"LTC","identify":"customer-9"}}"#);
    let wallet = api(&server, "/v2/invoice/static/create", &body)
        .await
        .result();
    let (status, answer) = transfer(&server, wallet.at("address").str(), "0.5").await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["invoice"]["order_id"], "customer-9");
    assert_eq!(answer["invoice"]["amount_paid"], 0.5);
}

#[tokio::test]
async fn what_cannot_be_sent_is_refused() {
    let server = serve(3, MockConfig::default()).await;
    let (status, answer) = transfer(&server, "bc1qnotanaddressofthisserver", "1").await;
    assert_eq!(status, 409, "{answer}");
    assert!(
        answer["detail"]
            .as_str()
            .unwrap()
            .contains("no open invoice or static wallet"),
        "{answer}"
    );
    for body in [
        r#"{"to":"x","amount":"one"}"#,
        r#"{"to":"x","amount":1.5}"#,
        r#"{"to":"x"}"#,
    ] {
        let (status, answer) = control(&server, "/_mock/transfers", body).await;
        assert_eq!(status, 400, "{body}: {answer}");
    }
}

#[tokio::test]
async fn the_test_wallet_page_sends_through_the_transfer_path() {
    let server = serve(0, MockConfig::default()).await;
    let page = get(&server, "/send").await;
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html"));
    for part in [
        r#"id="to""#,
        r#"id="amount""#,
        r#"id="send""#,
        "\"/_mock/transfers\"",
    ] {
        assert!(page.body.contains(part), "{part} missing");
    }
    assert!(page.headers.contains_key("content-security-policy"));
}
