//! The server itself: no panic on any request from a valid key, bounded bodies, DRF's request
//! handling, a deadline on postback delivery, and control paths a web page cannot reach.

use std::time::{Duration, Instant};

use cryptocloud_mock::{DEFAULT_API_KEY, MockConfig, Payment, PaymentError, PostbackFormat};

use crate::support::{api, create, post, serve};

#[tokio::test]
async fn hostile_numbers_get_field_errors_not_panics() {
    let server = serve(50, MockConfig::default()).await;
    for amount in [
        "1e30",
        "\"1e400\"",
        "99999999999999999999999999999",
        "1e-30",
        "-5",
        "0",
        "\"abc\"",
        "[]",
        "true",
    ] {
        let body = format!(r#"{{"shop_id":"MockShop0001","amount":{amount}}}"#);
        let reply = api(&server, "/v2/invoice/create", &body).await;
        assert_eq!(reply.status, 400, "{amount}: {}", reply.body);
        assert!(
            reply.body.contains(r#""amount":"Invalid value amount.""#),
            "{amount}: {}",
            reply.body
        );
    }
    for window in [
        format!(r#""offset":{},"limit":{}"#, u64::MAX, u64::MAX),
        format!(r#""offset":{},"limit":10"#, u64::MAX - 1),
        format!(r#""offset":0,"limit":{}"#, u64::MAX),
        String::from(r#""offset":-1"#),
        String::from(r#""offset":1e300"#),
    ] {
        let body = format!(r#"{{"start":"01.01.2026","end":"31.03.2026",{window}}}"#);
        let reply = api(&server, "/v2/invoice/merchant/list", &body).await;
        assert!(
            matches!(reply.status, 200 | 400),
            "{window}: {}",
            reply.body
        );
    }
    let withdrawal = post(
        &server,
        "/v2/invoice/api/out/create",
        Some(cryptocloud_mock::DEFAULT_WITHDRAWAL_KEY),
        Some("application/json"),
        br#"{"currency_code":"BTC","to_address":"bc1q","amount":1e28}"#.to_vec(),
    )
    .await;
    assert_eq!(withdrawal.status, 400, "{}", withdrawal.body);
    let reply = api(
        &server,
        "/v2/invoice/merchant/info",
        r#"{"uuids":[1,null,{},"INV-","INV-ÄÖÜ"]}"#,
    )
    .await;
    assert_eq!(reply.body, r#"{"status":"success","result":[]}"#);
}

#[tokio::test]
async fn bodies_over_the_cap_get_413() {
    let server = serve(
        5,
        MockConfig {
            max_body_bytes: 4096,
            ..MockConfig::default()
        },
    )
    .await;
    let huge = format!(
        r#"{{"shop_id":"MockShop0001","amount":1,"order_id":"{}"}}"#,
        "x".repeat(10_000)
    );
    let reply = post(
        &server,
        "/v2/invoice/create",
        Some(DEFAULT_API_KEY),
        Some("application/json"),
        huge.into_bytes(),
    )
    .await;
    assert_eq!(reply.status, 413);
    assert!(reply.body.contains("413 Request Entity Too Large"));
    assert_eq!(server.stats().calls("create_invoice"), 1);
    assert_eq!(server.invoices().len(), 5, "nothing was created");
}

#[tokio::test]
async fn bodies_are_read_as_drf_reads_them() {
    let server = serve(5, MockConfig::default()).await;
    let form = post(
        &server,
        "/v2/invoice/create",
        Some(DEFAULT_API_KEY),
        Some("application/x-www-form-urlencoded"),
        b"shop_id=MockShop0001&amount=12.5&currency=EUR&order_id=ORD+1".to_vec(),
    )
    .await;
    assert_eq!(
        form.result().at("amount_in_fiat"),
        &crate::support::Node::Float(12.5)
    );
    let statistics = post(
        &server,
        "/v2/invoice/merchant/statistics",
        Some(DEFAULT_API_KEY),
        Some("application/x-www-form-urlencoded; charset=utf-8"),
        b"start=01.01.2026&end=31.01.2026".to_vec(),
    )
    .await;
    assert_eq!(statistics.status, 200, "{}", statistics.body);

    let bare = post(
        &server,
        "/v2/invoice/create",
        Some(DEFAULT_API_KEY),
        None,
        b"{}".to_vec(),
    )
    .await;
    assert_eq!(
        (bare.status, bare.body.as_str()),
        (
            415,
            r#"{"detail":"Unsupported media type \"\" in request."}"#
        )
    );
    let broken = api(&server, "/v2/invoice/create", "{oops").await;
    assert_eq!(broken.status, 400);
    assert!(
        broken.body.starts_with(
            r#"{"detail":"JSON parse error - Expecting value: line 1 column 2 (char 1)"#
        ),
        "{}",
        broken.body
    );
    let list = api(&server, "/v2/invoice/create", "[1]").await;
    assert_eq!(
        list.body,
        r#"{"status":"error","result":{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}}"#
    );
    assert_eq!(list.content_type, "application/json");
}

#[tokio::test]
async fn postback_delivery_gives_up_at_its_deadline() {
    // A receiver that accepts and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let _held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((tcp, _)) = listener.accept().await {
            open.push(tcp);
        }
    });
    let server = serve(
        5,
        MockConfig {
            postback_url: Some(url),
            postback_timeout: Duration::from_millis(200),
            ..MockConfig::default()
        },
    )
    .await;
    let id = create(&server, r#"{"shop_id":"MockShop0001","amount":3}"#)
        .await
        .at("uuid")
        .str()
        .parse()
        .unwrap();
    let started = Instant::now();
    let error = server
        .pay(&id, Payment::Paid, PostbackFormat::Json)
        .await
        .unwrap_err();
    assert!(matches!(error, PaymentError::Delivery { .. }), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn control_paths_refuse_what_a_web_page_could_send() {
    let server = serve(50, MockConfig::default()).await;
    let unpaid = server
        .invoices()
        .into_iter()
        .find(|invoice| invoice["status"] == "created")
        .unwrap();
    let path = format!("/_mock/invoices/{}/pay", unpaid["uuid"].as_str().unwrap());
    let expire = format!(
        "/_mock/invoices/{}/expire",
        unpaid["uuid"].as_str().unwrap()
    );
    for content_type in [
        None,
        Some("application/x-www-form-urlencoded"),
        Some("text/plain"),
        Some("multipart/form-data; boundary=x"),
    ] {
        for (path, body) in [(&path, &br#"{"status":"paid"}"#[..]), (&expire, b"{}")] {
            let reply = post(&server, path, None, content_type, body.to_vec()).await;
            assert_eq!(reply.status, 415, "{path} {content_type:?}");
        }
    }
    let still: Vec<_> = server
        .invoices()
        .into_iter()
        .filter(|invoice| invoice["uuid"] == unpaid["uuid"])
        .collect();
    assert_eq!(still[0]["status"], "created", "nothing was paid or expired");
    let paid = post(
        &server,
        &path,
        None,
        Some("application/json"),
        br#"{"status":"paid"}"#.to_vec(),
    )
    .await;
    assert_eq!(paid.status, 200, "{}", paid.body);
}
