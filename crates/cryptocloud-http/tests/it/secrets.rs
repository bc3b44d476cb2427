//! The keys never show in any `Debug` or `Display` of the client, the builder or any error kind.

use std::time::Duration;

use cryptocloud_http::*;
use cryptocloud_types::*;

use crate::raw::{Fault, RawServer};
use crate::server::{API_KEY, Reply, Seen, TestServer, WITHDRAWAL_KEY, fast_retries};

/// Every rendering of `value` an application might log.
fn renderings(error: &Error) -> String {
    let mut text = format!("{error}\n{error:?}\n{error:#?}\n{:?}", error.kind());
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!("\n{cause}\n{cause:?}"));
        source = cause.source();
    }
    text
}

fn assert_no_secret(context: &str, text: &str) {
    for secret in [API_KEY, WITHDRAWAL_KEY, "SECRET"] {
        assert!(!text.contains(secret), "{context} shows a key: {text}");
    }
}

#[tokio::test]
async fn no_key_in_any_rendering_of_any_error_kind() {
    let key = || ApiKey::new(API_KEY).unwrap();
    let mut errors: Vec<(&str, Error)> = Vec::new();

    let unused = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let refused = format!("http://{}", unused.local_addr().unwrap());
    drop(unused);
    let client = Client::builder(key())
        .base_url(refused)
        .allow_http_loopback(true)
        .retry(fast_retries())
        .build()
        .unwrap();
    errors.push(("connect", client.balance().await.unwrap_err()));

    let server = TestServer::start(|seen: &Seen| match seen.path.as_str() {
        "/v2/merchant/wallet/balance/all" => {
            Reply::Delayed(Duration::from_secs(2), Box::new(Reply::success("[]")))
        }
        "/v2/invoice/merchant/statistics" => {
            Reply::json(401, r#"{"detail":"Invalid header padding"}"#)
        }
        "/v2/invoice/merchant/canceled" => Reply::json(
            400,
            r#"{"status":"error","result":{"validate_error":"Invoice is not created"}}"#,
        ),
        "/v2/invoice/merchant/info" => Reply::WithHeaders(
            429,
            vec![("retry-after", String::from("999"))],
            String::new(),
        ),
        "/v2/invoice/merchant/list" => Reply::json(200, "not json"),
        _ => Reply::success(&format!("\"{}\"", "x".repeat(4096))),
    })
    .await;
    let client = server
        .client()
        .attempt_timeout(Duration::from_millis(100))
        .max_body_size(1024)
        .retry(RetryPolicy::NONE)
        .build()
        .unwrap();
    let range = DateRange::day("01.01.2026".parse().unwrap());
    errors.push(("timeout", client.balance().await.unwrap_err()));
    errors.push(("unauthorized", client.statistics(range).await.unwrap_err()));
    errors.push((
        "api",
        client
            .cancel_invoice("AAAAAAAA".parse().unwrap())
            .await
            .unwrap_err(),
    ));
    errors.push((
        "rate limited",
        client
            .invoice_info(["AAAAAAAA".parse().unwrap()])
            .await
            .unwrap_err(),
    ));
    errors.push((
        "decode",
        client
            .list_invoices(range, Window::first(PageSize::MAX))
            .await
            .unwrap_err(),
    ));
    let wallet =
        CreateStaticWallet::new("shop".parse().unwrap(), CryptoCurrency::Btc, "c").unwrap();
    errors.push((
        "body too large",
        client.create_static_wallet(wallet).await.unwrap_err(),
    ));

    let reset = RawServer::start(Fault::ResetBeforeHeaders).await;
    let client = Client::builder(key())
        .base_url(&reset.url)
        .allow_http_loopback(true)
        .retry(RetryPolicy::NONE)
        .build()
        .unwrap();
    errors.push(("transport", client.balance().await.unwrap_err()));

    let (_, acceptor) = crate::tls::self_signed();
    let untrusted = TestServer::start_tls(acceptor, |_: &Seen| Reply::success("[]")).await;
    let tls = Client::builder(key())
        .base_url(&untrusted.url)
        .build()
        .unwrap();
    errors.push(("tls", tls.balance().await.unwrap_err()));

    let keyless = Client::builder(key())
        .base_url(&server.url)
        .allow_http_loopback(true)
        .build()
        .unwrap();
    let withdrawal =
        CreateWithdrawal::new(CryptoCurrency::Btc, "bc1q", "1".parse().unwrap()).unwrap();
    errors.push((
        "invalid request",
        keyless.withdraw(withdrawal).await.unwrap_err(),
    ));
    errors.push((
        "invalid config",
        Client::builder(key())
            .base_url("http://example.com")
            .build()
            .unwrap_err(),
    ));

    let kinds: Vec<String> = errors
        .iter()
        .map(|(_, error)| format!("{:?}", std::mem::discriminant(error.kind())))
        .collect();
    let distinct: std::collections::HashSet<&String> = kinds.iter().collect();
    // Eight kinds: refused keys and rate limits are API errors, told apart by predicates.
    assert_eq!(
        distinct.len(),
        8,
        "every error kind is covered: {errors:#?}"
    );
    assert!(errors.iter().any(|(_, error)| error.is_unauthorized()));
    assert!(errors.iter().any(|(_, error)| error.is_rate_limited()));
    for (context, error) in &errors {
        assert_no_secret(context, &renderings(error));
    }
}

#[test]
fn no_key_in_the_client_or_builder() {
    let builder = Client::builder(ApiKey::new(API_KEY).unwrap())
        .withdrawal_key(ApiKey::new(WITHDRAWAL_KEY).unwrap());
    assert_no_secret("builder", &format!("{builder:?} {builder:#?}"));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = runtime.block_on(async { builder.build() }).unwrap();
    assert_no_secret("client", &format!("{client:?} {client:#?}"));
}
