//! The blocking client against the local server on 127.0.0.1 (run on a runtime thread of its
//! own): what the server holds comes back, unknown invoices and refused keys are errors, the key
//! never shows. The scenarios shared with the async client are in `cryptocloud-e2e`'s
//! `drivers.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use cryptocloud_blocking::Client;
use cryptocloud_mock::{MockConfig, MockServer};
use cryptocloud_types::{ApiKey, DateRange, PageSize};

/// A server on a runtime that lives as long as the test.
fn serve(invoices: usize) -> (tokio::runtime::Runtime, MockServer) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let config = MockConfig {
        invoices,
        ..MockConfig::default()
    };
    let server = runtime.block_on(MockServer::start(config)).unwrap();
    (runtime, server)
}

fn client(server: &MockServer, key: ApiKey) -> Client {
    Client::builder(key)
        .base_url(server.base_url())
        .allow_http_loopback(true)
        .page_size(PageSize::new(7).unwrap())
        .build()
        .unwrap()
}

#[test]
fn every_invoice_of_the_range_comes_once_page_after_page() {
    let (_runtime, server) = serve(40);
    let client = client(&server, server.api_key());
    let range = DateRange::new("01.01.2026".parse().unwrap(), "31.03.2026".parse().unwrap());
    let mut invoices = client.invoices(range.unwrap());
    let listed: Vec<_> = (&mut invoices).collect::<Result<_, _>>().unwrap();
    assert_eq!(listed.len(), 40);
    assert_eq!(
        invoices.pages_fetched(),
        6,
        "5 full pages of 7, then a short one"
    );
    let ids: std::collections::BTreeSet<_> = listed.iter().map(|i| i.uuid.clone()).collect();
    assert_eq!(ids.len(), 40);
    let again = client.invoice(listed[3].uuid.clone()).unwrap();
    assert_eq!(again.uuid, listed[3].uuid);
}

#[test]
fn an_unknown_invoice_and_a_refused_key_are_errors_that_say_so() {
    let (_runtime, server) = serve(1);
    let error = client(&server, server.api_key())
        .invoice("INV-ZZZZZZZZ".parse().unwrap())
        .unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
    let wrong = ApiKey::new("not-the-key").unwrap();
    let error = client(&server, wrong.clone()).balance().unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");
    assert_eq!(error.attempts(), 1, "a refused key is not retried");
    let shown = format!("{error:?} {error} {:?}", client(&server, wrong));
    assert!(!shown.contains("not-the-key"), "{shown}");
}

#[test]
fn a_closed_port_is_unreachable_and_nothing_was_sent() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder(ApiKey::new("key").unwrap())
        .base_url(format!("http://127.0.0.1:{port}"))
        .allow_http_loopback(true)
        .retry(cryptocloud_blocking::RetryPolicy {
            max_attempts: 2,
            base_delay: std::time::Duration::from_millis(1),
            ..Default::default()
        })
        .build()
        .unwrap();
    let error = client.balance().unwrap_err();
    assert!(
        matches!(error.kind(), cryptocloud_blocking::ErrorKind::Connect),
        "{error:?}"
    );
    assert!(!error.may_have_been_sent());
    assert_eq!(error.attempts(), 2, "tried again: nothing had left");
}

#[test]
fn a_body_announced_over_the_cap_is_refused_before_it_is_read() {
    use std::io::{Read, Write};

    // Announces 10 MiB, sends none of it, and holds the connection open: a client that read
    // before refusing would wait for its timeout instead.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = [0; 4096];
        let _ = stream.read(&mut request).unwrap();
        stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\n\r\n{")
            .unwrap();
        // Until the client hangs up.
        let _ = stream.read(&mut request);
    });
    let client = Client::builder(ApiKey::new("key").unwrap())
        .base_url(format!("http://127.0.0.1:{port}"))
        .allow_http_loopback(true)
        .max_body_size(1024)
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap();
    let error = client.balance().unwrap_err();
    assert!(
        matches!(
            error.kind(),
            cryptocloud_blocking::ErrorKind::BodyTooLarge { limit: 1024 }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.attempts(),
        1,
        "an answer too large is not asked for again"
    );
}
