//! Every operation sends its exact path, headers and body, and decodes the answer.

use std::time::{Duration, Instant};

use cryptocloud_http::*;
use cryptocloud_types::*;
use futures_util::TryStreamExt;

use crate::server::{API_KEY, Reply, Seen, TestServer, WITHDRAWAL_KEY};

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!("../../fixtures/{path}")).unwrap()
}

/// Answers every path with its documented example.
fn documented(seen: &Seen) -> Reply {
    let path = seen.path.split('?').next().unwrap_or_default();
    let body = match Route::from_path(path) {
        Some(Route::CreateInvoice) => fixture("create/docs_example.json"),
        Some(Route::CancelInvoice) => fixture("cancel/ok.json"),
        Some(Route::InvoiceInfo) => fixture("info/two_invoices.json"),
        Some(Route::ListInvoices) => fixture("list/seed_example.json"),
        Some(Route::Statistics) => fixture("statistics/seed_example.json"),
        Some(Route::Balance) => fixture("balance/several_coins.json"),
        Some(Route::CreateStaticWallet) => fixture("static_wallet/docs_example.json"),
        Some(Route::CreateWithdrawal) => fixture("withdrawal/docs_example.json"),
        _ => return Reply::Body(404, "text/html", String::from("<h1>Not Found</h1>")),
    };
    Reply::json(200, body)
}

fn january() -> DateRange {
    DateRange::new("01.01.2026".parse().unwrap(), "31.01.2026".parse().unwrap()).unwrap()
}

#[tokio::test]
async fn every_operation_sends_its_exact_request() {
    let server = TestServer::start(documented).await;
    let client = server
        .client()
        .locale(Locale::Ru)
        .withdrawal_interval(Duration::ZERO)
        .build()
        .unwrap();
    let shop: ShopId = "7UvDDjkmPGSh2vcY".parse().unwrap();

    let invoice = client
        .create_invoice(
            CreateInvoice::new(shop.clone(), "100".parse().unwrap())
                .unwrap()
                .order_id("order-1".parse().unwrap()),
        )
        .await
        .unwrap();
    assert_eq!(invoice.uuid.bare(), "XXXXXXXX");
    assert!(
        client
            .cancel_invoice("INV-89UX09KA".parse().unwrap())
            .await
            .unwrap()
            .is_ok()
    );
    let ids = ["INV-K3D7QW2M", "INV-89UX09KA"].map(|id| id.parse::<InvoiceId>().unwrap());
    assert_eq!(client.invoice_info(ids).await.unwrap().invoices.len(), 2);
    let page = client
        .list_invoices(
            january(),
            Window::page(PageSize::new(25).unwrap(), 3).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(page.invoices.len(), 1);
    assert_eq!(
        client.statistics(january()).await.unwrap().count.all,
        Some(59)
    );
    assert_eq!(client.balance().await.unwrap().len(), 4);
    let wallet = CreateStaticWallet::new(shop, CryptoCurrency::Eth, "customer-17").unwrap();
    assert_eq!(
        client
            .create_static_wallet(wallet)
            .await
            .unwrap()
            .uuid
            .as_str(),
        "1K0NFXT9E1X3VOY07VY1LRV8XGMLQNQX"
    );
    let withdrawal = CreateWithdrawal::new(
        CryptoCurrency::Eth,
        "0xe3dE8434c928fe43012b0e8Fc6b1A928b0F1C492",
        "0.0029".parse().unwrap(),
    )
    .unwrap();
    assert_eq!(
        client
            .withdraw(withdrawal)
            .await
            .unwrap()
            .amount
            .map(|amount| amount.to_string()),
        Some("0.0029".to_owned())
    );

    let requests = server.requests();
    for seen in &requests {
        let key = if seen.path.starts_with("/v2/invoice/api/out/") {
            WITHDRAWAL_KEY
        } else {
            API_KEY
        };
        assert_eq!(seen.method, http::Method::POST);
        assert_eq!(
            seen.headers["authorization"],
            format!("Token {key}").as_str(),
            "{}",
            seen.path
        );
        assert_eq!(seen.headers["content-type"], "application/json");
        assert!(
            seen.headers["user-agent"]
                .to_str()
                .unwrap()
                .starts_with("cryptocloud-rust/")
        );
    }
    let log: Vec<String> = requests
        .iter()
        .map(|seen| format!("POST {}\n{}", seen.path, seen.body))
        .collect();
    insta::assert_snapshot!(log.join("\n\n"));
}

#[tokio::test]
async fn invoice_info_batches_by_hundred_concurrently_and_merges_in_request_order() {
    let server = TestServer::start(|seen| {
        // Answers with the asked invoices in reverse order, as the API does not keep order.
        let asked: serde_json::Value = serde_json::from_str(&seen.body).unwrap();
        let mut invoices: Vec<String> = asked["uuids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|id| format!(r#"{{"uuid":{id},"status":"paid"}}"#))
            .collect();
        invoices.reverse();
        Reply::Delayed(
            Duration::from_millis(200),
            Box::new(Reply::success(&format!("[{}]", invoices.join(",")))),
        )
    })
    .await;
    let client = server.client().build().unwrap();
    let ids: Vec<InvoiceId> = (0..250)
        .map(|n| format!("INV-{n:08}").parse().unwrap())
        .collect();
    let with_repeats = ids.iter().chain(ids.iter().take(10)).cloned();

    let started = Instant::now();
    let invoices = client.invoice_info(with_repeats).await.unwrap();
    let elapsed = started.elapsed();

    let got: Vec<&InvoiceId> = invoices
        .invoices
        .iter()
        .map(|invoice| &invoice.uuid)
        .collect();
    assert_eq!(got, ids.iter().collect::<Vec<_>>());
    let batch_sizes: Vec<usize> = server
        .requests()
        .iter()
        .map(|seen| {
            serde_json::from_str::<serde_json::Value>(&seen.body).unwrap()["uuids"]
                .as_array()
                .unwrap()
                .len()
        })
        .collect();
    assert_eq!(batch_sizes.iter().sum::<usize>(), 250);
    assert!(
        batch_sizes.iter().all(|&size| size <= 100),
        "{batch_sizes:?}"
    );
    assert_eq!(batch_sizes.len(), 3);
    assert!(
        elapsed < Duration::from_millis(550),
        "three 200 ms batches ran one after another: {elapsed:?}"
    );
    assert!(client.invoice_info([]).await.unwrap().invoices.is_empty());
    assert_eq!(server.request_count(), 3, "no request for no ids");
}

fn eth_withdrawal() -> CreateWithdrawal {
    CreateWithdrawal::new(CryptoCurrency::Eth, "0xabc", "1".parse().unwrap()).unwrap()
}

#[tokio::test]
async fn withdrawals_wait_their_interval_and_need_their_key() {
    let server = TestServer::start(documented).await;
    let interval = Duration::from_millis(300);
    let client = server
        .client()
        .withdrawal_interval(interval)
        .build()
        .unwrap();
    let withdrawal = eth_withdrawal;

    let started = Instant::now();
    let (first, second) =
        tokio::join!(client.withdraw(withdrawal()), client.withdraw(withdrawal()));
    first.unwrap();
    second.unwrap();
    assert!(
        started.elapsed() >= interval,
        "two withdrawals {:?} apart",
        started.elapsed()
    );
    assert_eq!(server.request_count(), 2);

    let keyless = Client::builder(ApiKey::new(API_KEY).unwrap())
        .base_url(&server.url)
        .allow_http_loopback(true)
        .build()
        .unwrap();
    let error = keyless.withdraw(withdrawal()).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::InvalidRequest),
        "{error:?}"
    );
    assert!(!error.may_have_been_sent());
    assert_eq!(
        server.request_count(),
        2,
        "nothing sent without the withdrawal key"
    );
}

#[tokio::test]
async fn send_applies_the_route_policy_pacing_and_default_locale() {
    let server = TestServer::start(documented).await;
    let interval = Duration::from_millis(300);
    let client = server
        .client()
        .locale(Locale::Ru)
        .withdrawal_interval(interval)
        .build()
        .unwrap();
    let withdrawal = eth_withdrawal();
    let started = Instant::now();
    let (first, second) = tokio::join!(client.send(&withdrawal), client.send(&withdrawal));
    first.unwrap();
    second.unwrap();
    assert!(started.elapsed() >= interval, "send is paced too");

    let create = CreateInvoice::new("shop".parse().unwrap(), "1".parse().unwrap()).unwrap();
    client.send(&create).await.unwrap();
    let paths: Vec<String> = server
        .requests()
        .iter()
        .map(|seen| seen.path.clone())
        .collect();
    assert_eq!(
        paths[2], "/v2/invoice/create?locale=ru",
        "send applies the default locale"
    );
}

/// A rate limit the client did not cause (another process using the key, say) goes back to the
/// caller: only the client's own pacing waits, and a withdrawal is never sent again on its own.
#[tokio::test]
async fn a_rate_limited_withdrawal_was_not_executed_and_goes_back_to_the_caller() {
    let server = TestServer::start(|_: &Seen| {
        Reply::json(
            400,
            r#"{"status":"error","result":{"rate_limit":"Wait 12 seconds between requests"}}"#,
        )
    })
    .await;
    let client = server
        .client()
        .withdrawal_interval(Duration::from_millis(1))
        .build()
        .unwrap();
    let error = client.withdraw(eth_withdrawal()).await.unwrap_err();
    assert!(error.is_rate_limited(), "{error:?}");
    assert!(
        !error.may_have_been_sent(),
        "a rate-limit answer means not executed"
    );
    assert_eq!(error.attempts(), 1);
    assert_eq!(server.request_count(), 1, "sent once");
}

#[tokio::test]
async fn a_created_invoice_keeps_an_explicit_locale() {
    let server = TestServer::start(documented).await;
    let client = server.client().locale(Locale::Ru).build().unwrap();
    let shop: ShopId = "shop".parse().unwrap();
    client
        .create_invoice(
            CreateInvoice::new(shop.clone(), "1".parse().unwrap())
                .unwrap()
                .locale(Locale::En),
        )
        .await
        .unwrap();
    let plain = server.client().build().unwrap();
    plain
        .create_invoice(CreateInvoice::new(shop, "1".parse().unwrap()).unwrap())
        .await
        .unwrap();
    let paths: Vec<String> = server
        .requests()
        .into_iter()
        .map(|seen| seen.path)
        .collect();
    assert_eq!(
        paths,
        ["/v2/invoice/create?locale=en", "/v2/invoice/create"]
    );
}

#[tokio::test]
async fn one_connection_serves_many_sequential_calls() {
    let server = TestServer::start(documented).await;
    let client = server.client().build().unwrap();
    for _ in 0..200 {
        client.balance().await.unwrap();
    }
    assert_eq!(server.request_count(), 200);
    assert_eq!(
        server.connection_count(),
        1,
        "every call after the first reused the pooled connection"
    );
}

#[test]
fn the_client_is_cheap_to_share() {
    fn shareable<T: Send + Sync + Clone + 'static>() {}
    fn sendable<T: Send + Sync + std::error::Error + 'static>() {}
    shareable::<Client>();
    sendable::<Error>();
}

#[tokio::test]
async fn one_client_wide_cap_bounds_requests_in_flight() {
    // Every answer takes 50 ms, so requests overlap unless the cap holds them back; the pool
    // opens a connection per concurrent request, so the connection count shows the concurrency.
    let server = TestServer::start(|seen: &Seen| {
        Reply::Delayed(Duration::from_millis(50), Box::new(documented(seen)))
    })
    .await;
    let client = server.client().max_in_flight(3).build().unwrap();
    let ids: Vec<InvoiceId> = (0..1000)
        .map(|n| format!("INV-{n:08}").parse().unwrap())
        .collect();
    let (info, pages) = tokio::join!(
        client.invoice_info(ids),
        client
            .invoices(january())
            .page_size(PageSize::new(10).unwrap())
            .prefetch(50)
            .try_collect::<Vec<_>>()
    );
    info.unwrap();
    pages.unwrap();
    assert!(server.request_count() >= 11, "10 batches and the list");
    assert!(
        server.connection_count() <= 3,
        "{} connections for a cap of 3",
        server.connection_count()
    );
}

#[tokio::test]
async fn one_invoice_or_a_typed_not_found() {
    let server = TestServer::start(|seen: &Seen| {
        if seen.body.contains("INV-89UX09KA") {
            documented(seen)
        } else {
            Reply::success("[]")
        }
    })
    .await;
    let client = server.client().build().unwrap();
    let found = client.invoice("89UX09KA".parse().unwrap()).await.unwrap();
    assert_eq!(found.uuid.to_string(), "INV-89UX09KA");
    let missing = client
        .invoice("INV-AAAAAAAA".parse().unwrap())
        .await
        .unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");
    assert_eq!(
        missing.to_string(),
        "invoice_info: CryptoCloud knows no invoice INV-AAAAAAAA"
    );
}
