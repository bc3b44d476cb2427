//! A customer's balance top-up through a static wallet, end to end: the shop creates the wallet
//! through the client, money arrives on the local server (its library call and its control path,
//! the one the wallet page's button calls), the server sends the postback to the shop's webhook,
//! and the webhook verifies it, confirms it through the API and credits the customer the API's
//! `order_id` names, once per payment.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use bytes::Bytes;
use cryptocloud::postback::{Postback, PostbackSecret};
use cryptocloud::{Client, CreateStaticWallet, Decimal, FulfilmentKey, Money, PostbackOutcome};
use cryptocloud_mock::{MockConfig, PostbackFormat};
use time::OffsetDateTime;
use tokio::net::TcpListener;

/// The shop's side: what its webhook needs, and the top-ups it has credited.
struct Shop {
    client: Client,
    secret: PostbackSecret,
    credited: Mutex<Credits>,
}

#[derive(Default)]
struct Credits {
    /// One credit per paid invoice, whatever repeats.
    seen: HashSet<FulfilmentKey>,
    /// (customer, amount sent in the wallet's coin).
    top_ups: Vec<(String, Money)>,
}

/// The webhook: verify, confirm through the API, credit the customer the API names, once.
async fn webhook(State(shop): State<Arc<Shop>>, body: Bytes) -> StatusCode {
    let verified = match Postback::parse(&body)
        .and_then(|postback| postback.verify(&shop.secret, OffsetDateTime::now_utc()))
    {
        Ok(verified) => verified,
        Err(refusal) => {
            return StatusCode::from_u16(refusal.kind().http_status())
                .unwrap_or(StatusCode::BAD_REQUEST);
        }
    };
    let Ok(confirmation) = shop.client.confirm_postback(&verified).await else {
        return StatusCode::SERVICE_UNAVAILABLE;
    };
    let invoice = confirmation.invoice();
    if let (Some(key), Some(customer), Some(amount)) = (
        confirmation.fulfilment_key(),
        invoice.order_id.clone(),
        invoice.amount_paid,
    ) {
        let mut credited = shop.credited.lock().unwrap();
        if credited.seen.insert(key) {
            credited.top_ups.push((customer, amount));
        }
    }
    StatusCode::OK
}

#[tokio::test]
async fn a_top_up_into_a_static_wallet_is_confirmed_and_credited_to_its_customer_once() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let webhook_url = format!("http://{}/postback", listener.local_addr().unwrap());
    let server = crate::serve(
        5,
        MockConfig {
            postback_url: Some(webhook_url.clone()),
            ..MockConfig::default()
        },
    )
    .await;
    let shop = Arc::new(Shop {
        client: crate::client_for(&server).build().unwrap(),
        secret: server.postback_secret(),
        credited: Mutex::default(),
    });
    let app = axum::Router::new()
        .route("/postback", post(webhook))
        .with_state(Arc::clone(&shop));
    tokio::spawn(axum::serve(listener, app).into_future());

    // The shop gives customer-17 a permanent LTC address.
    let request =
        CreateStaticWallet::new(server.shop_id(), "LTC".parse().unwrap(), "customer-17").unwrap();
    let wallet = shop.client.create_static_wallet(request).await.unwrap();
    let address = wallet.address.clone().unwrap();

    // The customer sends 0.5 LTC to it, then 0.25 LTC (through the wallet page's control path).
    let sent = Decimal::new(5, 1);
    let report = server
        .pay_static_wallet(&wallet.uuid, sent, PostbackFormat::Json)
        .await
        .unwrap();
    assert_eq!(report.delivered, Some(200), "the webhook took it");
    let path = format!("/_mock/wallets/{}/pay", wallet.uuid.as_str());
    let body = r#"{"amount": "0.25", "format": "form"}"#;
    let (status, answer) = crate::raw_post(&server, &path, None, body).await;
    assert_eq!(status, 200, "{answer}");

    // Each payment is an invoice of its own, at the wallet's address, for the wallet's customer.
    let first: cryptocloud::Invoice = serde_json::from_value(report.invoice).unwrap();
    assert_eq!(first.order_id.as_deref(), Some("customer-17"));
    assert_eq!(first.address.as_deref(), Some(address.as_str()));

    // The postback, verified and confirmed by the SDK as the webhook does: the API's invoice
    // names the customer.
    let verified = Postback::parse(report.postback.as_bytes())
        .unwrap()
        .verify(&server.postback_secret(), OffsetDateTime::now_utc())
        .unwrap();
    assert_eq!(
        verified.unverified_claims().order_id.as_deref(),
        Some("customer-17")
    );
    let confirmation = shop.client.confirm_postback(&verified).await.unwrap();
    assert_eq!(confirmation.outcome(), &PostbackOutcome::PaidInFull);
    assert_eq!(
        confirmation.invoice().order_id.as_deref(),
        Some("customer-17")
    );

    // A repeat of the first postback (CryptoCloud resends) credits nothing more.
    let repeat = reqwest::Client::new()
        .post(&webhook_url)
        .header("content-type", "application/json")
        .body(report.postback.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(repeat.status().as_u16(), 200);

    let credited = shop.credited.lock().unwrap();
    let amounts: Vec<(&str, String)> = credited
        .top_ups
        .iter()
        .map(|(customer, amount)| (customer.as_str(), amount.to_string()))
        .collect();
    assert_eq!(
        amounts,
        [
            ("customer-17", String::from("0.5")),
            ("customer-17", String::from("0.25"))
        ]
    );
}
