//! What the benchmarks share: a mock server and the raw bytes of list pages.
#![allow(dead_code, unreachable_pub)]

pub mod server;

use bytes::Bytes;
use cryptocloud::{Invoice, ListInvoices, decode_response};
use cryptocloud_mock::{MockConfig, MockServer};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as Pooled;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// The range every benchmark reads: the whole data set.
pub const RANGE: (&str, &str) = ("01.01.2026", "31.03.2026");

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
}

pub async fn mock(invoices: usize, config: MockConfig) -> MockServer {
    MockServer::start(MockConfig {
        invoices,
        days: 90,
        ..config
    })
    .await
    .expect("the mock server starts")
}

/// The plain pooled hyper client the floor uses.
pub fn plain_client() -> Pooled<HttpConnector, Full<Bytes>> {
    Pooled::builder(TokioExecutor::new()).build_http()
}

/// POSTs a list request for records `offset+1..=limit` and returns the raw body.
pub async fn list_page(
    http: &Pooled<HttpConnector, Full<Bytes>>,
    base_url: &str,
    key: &str,
    offset: u64,
    limit: u64,
) -> Bytes {
    let body = format!(
        r#"{{"start":"{}","end":"{}","offset":{offset},"limit":{limit}}}"#,
        RANGE.0, RANGE.1
    );
    let mut request = http::Request::new(Full::new(Bytes::from(body)));
    *request.method_mut() = http::Method::POST;
    *request.uri_mut() = format!("{base_url}/v2/invoice/merchant/list")
        .parse()
        .expect("a URI");
    let headers = request.headers_mut();
    headers.insert(
        "authorization",
        format!("Token {key}").parse().expect("a header"),
    );
    headers.insert(
        "content-type",
        http::HeaderValue::from_static("application/json"),
    );
    let response = http.request(request).await.expect("an answer");
    response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes()
}

/// The page `benches/decode.rs` decodes (and `benches/instructions.rs` counts): records 1 to 100
/// of a 1,000-invoice data set, as the local server writes them.
pub fn decode_page() -> Bytes {
    runtime().block_on(async {
        let server = mock(1_000, MockConfig::default()).await;
        let key = server.api_key();
        let base_url = server.base_url();
        let page = list_page(&plain_client(), &base_url, key.expose_secret(), 0, 100).await;
        // The invoices' links name the server's port, which changes from run to run: written
        // with the port's digits as zeros, so every run reads (and fingerprints) the same bytes.
        let port = base_url.rsplit(':').next().expect("a port");
        let fixed = base_url.replace(port, &"0".repeat(port.len()));
        let text = std::str::from_utf8(&page).expect("a UTF-8 page");
        Bytes::from(text.replace(&base_url, &fixed))
    })
}

/// The export's floor: the requests of `Client::invoices` (page size 100, one at a time) and the
/// same typed decode, over a plain pooled hyper client, nothing else. Returns the invoices read.
/// The client is the caller's, so a run can reuse its connection as `Client::invoices` does.
pub async fn hyper_floor(
    http: &Pooled<HttpConnector, Full<Bytes>>,
    base_url: &str,
    key: &str,
) -> usize {
    let (mut offset, mut count) = (0, 0);
    loop {
        let body = list_page(http, base_url, key, offset, offset + 100).await;
        let page = decode_response::<ListInvoices>(200, &body).expect("a page");
        count += page.invoices.len();
        if page.invoices.len() < 100 {
            return count;
        }
        offset += 100;
    }
}

/// The envelope a reqwest + serde user derives: the same invoice model, no error handling.
#[derive(serde::Deserialize)]
pub struct Envelope {
    pub status: String,
    pub result: Vec<Invoice>,
}

/// The same export as a user would write it with reqwest and serde. Returns the invoices read.
pub async fn reqwest_serde(http: &reqwest::Client, base_url: &str, key: &str) -> usize {
    let url = format!("{base_url}/v2/invoice/merchant/list");
    let (mut offset, mut count) = (0, 0);
    loop {
        let body = serde_json::json!({"start": RANGE.0, "end": RANGE.1, "offset": offset, "limit": offset + 100});
        let page: Envelope = http
            .post(&url)
            .header("Authorization", format!("Token {key}"))
            .json(&body)
            .send()
            .await
            .expect("an answer")
            .json()
            .await
            .expect("a page");
        count += page.result.len();
        if page.result.len() < 100 {
            return count;
        }
        offset += 100;
    }
}
