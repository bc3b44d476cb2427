//! Postbacks from the control path reach a webhook handler, signed so that the types crate's
//! verifier accepts them, and only with the right secret.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use cryptocloud::postback::{Postback, PostbackSecret};
use cryptocloud::{CreateInvoice, PostbackError};
use cryptocloud_mock::MockConfig;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpListener;

/// A webhook receiver on 127.0.0.1 that keeps each (content type, body).
async fn receiver() -> (String, Arc<Mutex<Vec<(String, Vec<u8>)>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/webhook", listener.local_addr().unwrap());
    let received = Arc::new(Mutex::new(Vec::new()));
    let kept = Arc::clone(&received);
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let kept = Arc::clone(&kept);
            tokio::spawn(async move {
                let service = service_fn(move |request: http::Request<hyper::body::Incoming>| {
                    let kept = Arc::clone(&kept);
                    async move {
                        let content_type = request
                            .headers()
                            .get("content-type")
                            .and_then(|value| value.to_str().ok())
                            .unwrap_or_default()
                            .to_owned();
                        let body = request
                            .into_body()
                            .collect()
                            .await
                            .unwrap()
                            .to_bytes()
                            .to_vec();
                        kept.lock().unwrap().push((content_type, body));
                        Ok::<_, Infallible>(http::Response::new(Full::new(Bytes::from_static(
                            b"OK",
                        ))))
                    }
                });
                let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(tcp), service)
                    .await;
            });
        }
    });
    (url, received)
}

#[tokio::test]
async fn paid_invoices_send_verifiable_postbacks_in_both_formats() {
    let (url, received) = receiver().await;
    let server = crate::serve(
        5,
        MockConfig {
            postback_url: Some(url),
            ..MockConfig::default()
        },
    )
    .await;
    let client = crate::client_for(&server).build().unwrap();

    for (format, payment) in [("json", "paid"), ("form", "overpaid")] {
        let create = CreateInvoice::new(server.shop_id(), "12.30".parse().unwrap())
            .unwrap()
            .order_id("order-42".parse().unwrap());
        let invoice = client.create_invoice(create).await.unwrap();
        let path = format!("/_mock/invoices/{}/pay", invoice.uuid);
        let (status, report) = crate::raw_post(
            &server,
            &path,
            None,
            &format!(r#"{{"status":"{payment}","format":"{format}"}}"#),
        )
        .await;
        assert_eq!(status, 200, "{report}");
        let report: serde_json::Value = serde_json::from_str(&report).unwrap();
        assert_eq!(report["delivered"], 200);

        let (content_type, body) = received.lock().unwrap().last().cloned().unwrap();
        let expected_type = if format == "json" {
            "application/json"
        } else {
            "application/x-www-form-urlencoded"
        };
        assert_eq!(content_type, expected_type);
        let now = time::OffsetDateTime::now_utc();
        let verified = Postback::parse(&body)
            .unwrap()
            .verify(&server.postback_secret(), now)
            .unwrap();
        assert_eq!(verified.invoice_id(), Some(&invoice.uuid));
        let claims = verified.unverified_claims();
        assert_eq!(claims.order_id.as_deref(), Some("order-42"));
        assert_eq!(
            claims
                .invoice_info()
                .unwrap()
                .parsed()
                .unwrap()
                .status
                .as_str(),
            payment
        );
        assert!(claims.amount_crypto.is_some());

        let wrong = PostbackSecret::new("not-the-secret").unwrap();
        assert_eq!(
            Postback::parse(&body)
                .unwrap()
                .verify(&wrong, now)
                .unwrap_err(),
            PostbackError::BadSignature
        );
    }
    assert_eq!(received.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn paying_without_a_postback_url_still_returns_the_signed_body() {
    let server = crate::serve(50, MockConfig::default()).await;
    let unpaid = crate::invoices(&server)
        .into_iter()
        .find(|invoice| invoice.status.as_str() == "created")
        .unwrap();
    let report = server
        .pay(
            &unpaid.uuid,
            cryptocloud_mock::Payment::Partial,
            cryptocloud_mock::PostbackFormat::Form,
        )
        .await
        .unwrap();
    assert_eq!(report.delivered, None);
    let verified = Postback::parse(report.postback.as_bytes())
        .unwrap()
        .verify(&server.postback_secret(), time::OffsetDateTime::now_utc())
        .unwrap();
    assert_eq!(verified.invoice_id(), Some(&unpaid.uuid));
    let (status, _) = crate::raw_post(
        &server,
        &format!("/_mock/invoices/{}/pay", unpaid.uuid),
        None,
        r#"{"status":"refunded"}"#,
    )
    .await;
    assert_eq!(status, 400);
}
