//! `Client::confirm_postback` against the local server: the re-fetched invoice decides, and a
//! body rewritten beside a genuine token is named as a mismatch.

use cryptocloud::postback::{BodyFormat, Postback, TestPostback};
use cryptocloud::{ClaimField, CreateInvoice, Invoice, PostbackOutcome, VerifiedPostback};
use cryptocloud_mock::{MockConfig, MockServer, Payment, PostbackFormat};

async fn server_and_invoice() -> (MockServer, cryptocloud::Client, Invoice) {
    let server = crate::serve(0, MockConfig::default()).await;
    let client = crate::client_for(&server).build().unwrap();
    let create = CreateInvoice::new(server.shop_id(), "12.30".parse().unwrap())
        .unwrap()
        .order_id("order-42".parse().unwrap());
    let invoice = client.create_invoice(create).await.unwrap();
    (server, client, invoice)
}

fn verify(server: &MockServer, body: &str) -> VerifiedPostback {
    Postback::parse(body.as_bytes())
        .unwrap()
        .verify(&server.postback_secret(), time::OffsetDateTime::now_utc())
        .unwrap()
}

#[tokio::test]
async fn paid_and_overpaid_confirm_in_full_and_partial_as_partial() {
    for (payment, format, expected) in [
        (
            Payment::Paid,
            PostbackFormat::Json,
            PostbackOutcome::PaidInFull,
        ),
        (
            Payment::Overpaid,
            PostbackFormat::Form,
            PostbackOutcome::PaidInFull,
        ),
        (
            Payment::Partial,
            PostbackFormat::Form,
            PostbackOutcome::Partial,
        ),
    ] {
        let (server, client, invoice) = server_and_invoice().await;
        let report = server.pay(&invoice.uuid, payment, format).await.unwrap();
        let confirmation = client
            .confirm_postback(&verify(&server, &report.postback))
            .await
            .unwrap();
        assert_eq!(confirmation.outcome(), &expected, "{payment:?}");
        // The server's record, without the quirks of its wire: the same invoice and facts.
        let authoritative: Invoice = serde_json::from_value(report.invoice).unwrap();
        let facts = |invoice: &Invoice| {
            (
                invoice.uuid.clone(),
                invoice.status.clone(),
                invoice.amount_paid,
                invoice.order_id.clone(),
            )
        };
        assert_eq!(facts(confirmation.invoice()), facts(&authoritative));
        assert_eq!(confirmation.dedup_key().0, &invoice.uuid);
    }
}

#[tokio::test]
async fn a_genuine_token_for_an_unpaid_invoice_is_not_paid() {
    let (server, client, invoice) = server_and_invoice().await;
    let body = TestPostback::new(invoice.uuid.clone())
        .order_id("order-42")
        .genuine(
            &server.postback_secret(),
            time::OffsetDateTime::now_utc(),
            BodyFormat::Json,
        );
    let confirmation = client
        .confirm_postback(&verify(&server, &body))
        .await
        .unwrap();
    assert_eq!(confirmation.outcome(), &PostbackOutcome::NotPaid);
    assert_eq!(confirmation.invoice().status.as_str(), "created");
}

#[tokio::test]
async fn each_rewritten_claim_beside_a_genuine_token_is_a_mismatch_naming_it() {
    let (server, client, invoice) = server_and_invoice().await;
    let report = server
        .pay(&invoice.uuid, Payment::Paid, PostbackFormat::Form)
        .await
        .unwrap();
    let genuine = Postback::parse(report.postback.as_bytes()).unwrap();
    let claims = genuine.unverified_claims();
    let field = |name: &str, value: &str| {
        let old = format!("{name}={}", form_value(&report.postback, name));
        assert!(
            report.postback.contains(&old),
            "{name} in {}",
            report.postback
        );
        report.postback.replace(&old, &format!("{name}={value}"))
    };
    assert!(claims.amount_crypto.is_some() && claims.currency.is_some());
    let other_coin = if claims.currency.as_ref().unwrap().as_str() == "BTC" {
        "ETH"
    } else {
        "BTC"
    };
    for (body, expected) in [
        (field("status", "paid"), ClaimField::Status),
        (field("amount_crypto", "1000000"), ClaimField::AmountCrypto),
        (field("currency", other_coin), ClaimField::Currency),
        (field("order_id", "order-9999"), ClaimField::OrderId),
    ] {
        let confirmation = client
            .confirm_postback(&verify(&server, &body))
            .await
            .unwrap();
        let fields = vec![expected];
        assert_eq!(
            confirmation.outcome(),
            &PostbackOutcome::Mismatch { fields },
            "{body}"
        );
        assert!(!confirmation.is_paid_in_full());
    }
}

#[tokio::test]
async fn a_genuine_token_for_an_unknown_invoice_is_not_found() {
    let (server, client, _) = server_and_invoice().await;
    let body = TestPostback::new("ZZZZ9999".parse().unwrap()).genuine(
        &server.postback_secret(),
        time::OffsetDateTime::now_utc(),
        BodyFormat::Form,
    );
    let error = client
        .confirm_postback(&verify(&server, &body))
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error}");
}

/// The raw (still encoded) value of `name` in a form body.
fn form_value<'a>(body: &'a str, name: &str) -> &'a str {
    body.split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
        .unwrap()
}
