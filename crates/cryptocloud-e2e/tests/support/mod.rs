//! What the mock server's test binaries share: a seeded server, a client for it, raw HTTP.
#![allow(dead_code)]

pub(crate) mod front;

use cryptocloud::{Client, ClientBuilder, Invoice, RetryPolicy};
use cryptocloud_mock::{MockConfig, MockServer, Quirks};

/// How often a field comes in one of the real API's other documented shapes.
pub(crate) const QUIRKS_PERMILLE: u32 = 150;

/// A server with `invoices` invoices and otherwise `config`.
pub(crate) async fn serve(invoices: usize, config: MockConfig) -> MockServer {
    // The real API's documented quirks on, so the SDK's lenient paths run over HTTP, not only
    // in fixtures (unless a test chose its own).
    let quirks = if config.quirks == Quirks::OFF {
        Quirks::documented(QUIRKS_PERMILLE)
    } else {
        config.quirks
    };
    MockServer::start(MockConfig {
        invoices,
        quirks,
        ..config
    })
    .await
    .unwrap()
}

/// The server's invoices as the SDK decodes them from the server's own wire.
pub(crate) fn invoices(server: &MockServer) -> Vec<Invoice> {
    server
        .invoices()
        .into_iter()
        .map(|value| serde_json::from_value(value).unwrap())
        .collect()
}

/// A client for `server`, retrying quickly.
pub(crate) fn client_for(server: &MockServer) -> ClientBuilder {
    Client::builder(server.api_key())
        .withdrawal_key(server.withdrawal_key())
        .base_url(server.base_url())
        .allow_http_loopback(true)
        .retry(RetryPolicy {
            max_attempts: 5,
            base_delay: std::time::Duration::from_millis(5),
            max_delay: std::time::Duration::from_millis(20),
            max_retry_after: std::time::Duration::from_secs(2),
        })
}

/// POSTs `body` as JSON to `path` with `key` (if any); the status and body of the answer.
pub(crate) async fn raw_post(
    server: &MockServer,
    path: &str,
    key: Option<&str>,
    body: &str,
) -> (u16, String) {
    use http_body_util::BodyExt;
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http();
    let mut request = http::Request::new(http_body_util::Full::new(bytes::Bytes::from(
        body.to_owned(),
    )));
    *request.method_mut() = http::Method::POST;
    *request.uri_mut() = format!("{}{path}", server.base_url()).parse().unwrap();
    request
        .headers_mut()
        .insert("content-type", "application/json".parse().unwrap());
    if let Some(key) = key {
        request
            .headers_mut()
            .insert("authorization", format!("Token {key}").parse().unwrap());
    }
    let response = client.request(request).await.unwrap();
    let status = response.status().as_u16();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(body.to_vec()).unwrap())
}
