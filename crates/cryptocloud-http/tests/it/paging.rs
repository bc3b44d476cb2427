//! Streaming the list across pages: end-position `limit`, page size, prefetch, `all_count`.

use std::time::{Duration, Instant};

use cryptocloud_http::*;
use cryptocloud_types::*;
use futures_util::TryStreamExt;

use crate::server::{Reply, Seen, TestServer};

/// A list endpoint over `total` invoices, honouring `offset` and end-position `limit`, saying
/// `all_count` at the top level if given.
fn list_of(
    total: u64,
    all_count: Option<u64>,
    delay: Duration,
) -> impl Fn(&Seen) -> Reply + Send + Sync {
    move |seen| {
        let body: serde_json::Value = serde_json::from_str(&seen.body).unwrap();
        let offset = body["offset"].as_u64().unwrap_or(0);
        let limit = body["limit"]
            .as_u64()
            .unwrap_or(offset + 10)
            .min(offset + 100);
        let invoices: Vec<String> = (offset..limit.min(total))
            .map(|n| format!(r#"{{"uuid":"INV-{n:08}","status":"paid","amount_usd":{n}.5}}"#))
            .collect();
        let all_count = all_count
            .map(|count| format!(r#","all_count":{count}"#))
            .unwrap_or_default();
        let page = format!(
            r#"{{"status":"success","result":[{}]{all_count}}}"#,
            invoices.join(",")
        );
        Reply::Delayed(delay, Box::new(Reply::json(200, page)))
    }
}

fn january() -> DateRange {
    DateRange::new("01.01.2026".parse().unwrap(), "31.01.2026".parse().unwrap()).unwrap()
}

fn windows(server: &TestServer) -> Vec<(u64, u64)> {
    server
        .requests()
        .iter()
        .map(|seen| {
            let body: serde_json::Value = serde_json::from_str(&seen.body).unwrap();
            (
                body["offset"].as_u64().unwrap(),
                body["limit"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn expected_ids(total: u64) -> Vec<String> {
    (0..total).map(|n| format!("INV-{n:08}")).collect()
}

#[tokio::test]
async fn pages_use_offset_and_end_position_limit_and_stop_on_a_short_page() {
    let server = TestServer::start(list_of(237, None, Duration::ZERO)).await;
    let client = server.client().build().unwrap();
    let invoices: Vec<Invoice> = client.invoices(january()).try_collect().await.unwrap();
    let ids: Vec<String> = invoices
        .iter()
        .map(|invoice| invoice.uuid.to_string())
        .collect();
    assert_eq!(ids, expected_ids(237));
    assert_eq!(windows(&server), [(0, 100), (100, 200), (200, 300)]);
    let body = &server.requests()[1].body;
    assert_eq!(
        body,
        r#"{"start":"01.01.2026","end":"31.01.2026","offset":100,"limit":200}"#
    );
}

/// Streams 50 invoices in pages of 25; the invoices read and the windows asked for.
async fn fifty_in_pages_of_25(with_all_count: bool) -> (usize, Vec<(u64, u64)>) {
    let all_count = with_all_count.then_some(50);
    let server = TestServer::start(list_of(50, all_count, Duration::ZERO)).await;
    let client = server
        .client()
        .page_size(PageSize::new(25).unwrap())
        .build()
        .unwrap();
    let invoices: Vec<Invoice> = client.invoices(january()).try_collect().await.unwrap();
    (invoices.len(), windows(&server))
}

#[tokio::test]
async fn an_exact_multiple_ends_on_an_empty_page_whatever_all_count_says() {
    assert_eq!(
        fifty_in_pages_of_25(false).await,
        (50, vec![(0, 25), (25, 50), (50, 75)])
    );
    assert_eq!(
        fifty_in_pages_of_25(true).await,
        (50, vec![(0, 25), (25, 50), (50, 75)]),
        "all_count only informs progress"
    );
}

#[tokio::test]
async fn a_lying_all_count_never_truncates_an_export() {
    // The page's own count where the range's total belongs: 100 of 250.
    let server = TestServer::start(list_of(250, Some(100), Duration::ZERO)).await;
    let client = server.client().build().unwrap();
    let mut stream = client.invoices(january());
    let mut count = 0;
    while stream.try_next().await.unwrap().is_some() {
        count += 1;
    }
    assert_eq!(count, 250);
    assert_eq!(stream.total(), Some(100), "reported, not obeyed");
}

#[tokio::test]
async fn a_repeated_page_is_an_error_not_an_endless_stream() {
    // Every window answered with the first page.
    let server = TestServer::start(|_: &Seen| {
        let page: Vec<String> = (0..100)
            .map(|n| format!(r#"{{"uuid":"INV-{n:08}","status":"paid"}}"#))
            .collect();
        Reply::success(&format!("[{}]", page.join(",")))
    })
    .await;
    let client = server.client().build().unwrap();
    let mut stream = client.invoices(january());
    let mut yielded = 0;
    let error = loop {
        match stream.try_next().await {
            Ok(Some(_)) => yielded += 1,
            Ok(None) => panic!("the stream ended as if the repeat were data"),
            Err(error) => break error,
        }
    };
    assert_eq!(yielded, 100, "the first page, once");
    assert!(
        matches!(
            error.kind(),
            ErrorKind::Paging(PagingError::Repeated { .. })
        ),
        "{error:?}"
    );
    assert_eq!(server.request_count(), 2);
    assert!(stream.try_next().await.unwrap().is_none(), "and it ends");
}

#[tokio::test]
async fn a_page_larger_than_asked_is_an_error_not_an_over_read() {
    let server = TestServer::start(|_: &Seen| {
        let page: Vec<String> = (0..30)
            .map(|n| format!(r#"{{"uuid":"INV-{n:08}","status":"paid"}}"#))
            .collect();
        Reply::success(&format!("[{}]", page.join(",")))
    })
    .await;
    let client = server
        .client()
        .page_size(PageSize::new(25).unwrap())
        .build()
        .unwrap();
    let result: Result<Vec<Invoice>, Error> = client.invoices(january()).try_collect().await;
    let error = result.unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::Paging(PagingError::Oversized { received: 30, .. })
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("30 records"), "{error}");
}

#[tokio::test]
async fn an_empty_range_is_one_request() {
    let server = TestServer::start(list_of(0, None, Duration::ZERO)).await;
    let client = server.client().build().unwrap();
    assert!(
        client
            .invoices(january())
            .try_collect::<Vec<_>>()
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn prefetching_keeps_order_and_overlaps_requests() {
    let delay = Duration::from_millis(100);
    let server = TestServer::start(list_of(1000, None, delay)).await;
    let client = server.client().build().unwrap();

    let started = Instant::now();
    let stream = client
        .invoices(january())
        .page_size(PageSize::new(100).unwrap())
        .prefetch(8);
    let invoices: Vec<Invoice> = stream.try_collect().await.unwrap();
    let elapsed = started.elapsed();

    let ids: Vec<String> = invoices
        .iter()
        .map(|invoice| invoice.uuid.to_string())
        .collect();
    assert_eq!(ids, expected_ids(1000));
    // 11 pages (the 11th empty) at 100 ms each would take 1.1 s one after another.
    assert!(
        elapsed < Duration::from_millis(700),
        "prefetch did not overlap: {elapsed:?}"
    );
    let mut asked = windows(&server);
    asked.sort_unstable();
    assert_eq!(
        &asked[..11],
        (0..11)
            .map(|k| (k * 100, k * 100 + 100))
            .collect::<Vec<_>>()
            .as_slice()
    );
    assert!(
        asked.len() <= 11 + 15,
        "at most 2 × prefetch - 1 requests past the end: {}",
        asked.len()
    );
}

#[tokio::test]
async fn an_error_ends_the_stream_after_what_was_read() {
    let server = TestServer::start(|seen: &Seen| {
        if seen.body.contains(r#""offset":100"#) {
            Reply::json(
                400,
                r#"{"status":"error","result":{"validate_error":"Boom"}}"#,
            )
        } else {
            list_of(1000, None, Duration::ZERO)(seen)
        }
    })
    .await;
    let client = server.client().build().unwrap();
    let mut stream = client.invoices(january());
    let mut read = 0;
    let error = loop {
        match stream.try_next().await {
            Ok(Some(_)) => read += 1,
            Ok(None) => panic!("the stream ended without the error"),
            Err(error) => break error,
        }
    };
    assert_eq!(read, 100);
    assert!(matches!(error.kind(), ErrorKind::Api(_)), "{error:?}");
    assert!(
        stream.try_next().await.unwrap().is_none(),
        "nothing after the error"
    );
}

#[tokio::test]
async fn prefetch_requests_go_out_while_the_stream_is_read() {
    let server = TestServer::start(list_of(1000, None, Duration::ZERO)).await;
    let client = server.client().build().unwrap();
    let mut stream = client
        .invoices(january())
        .page_size(PageSize::new(10).unwrap())
        .prefetch(2);
    let first = stream.try_next().await.unwrap().unwrap();
    assert_eq!(first.uuid.to_string(), "INV-00000000");
    // The requests run on the stream's task (not a task per page, which made a long export's
    // memory grow): while the consumer sits on a page, only the window asked for so far is out.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(windows(&server).len(), 2);
    // Read on: every invoice once, in order, the windows asked for one after another.
    let mut read = 1;
    while let Some(invoice) = stream.try_next().await.unwrap() {
        assert_eq!(invoice.uuid.to_string(), format!("INV-{read:08}"));
        read += 1;
    }
    assert_eq!(read, 1000);
    let mut asked = windows(&server);
    asked.sort_unstable();
    asked.dedup();
    let consecutive: Vec<(u64, u64)> = (0..asked.len() as u64)
        .map(|k| (k * 10, k * 10 + 10))
        .collect();
    assert_eq!(asked, consecutive);
    assert!(asked.len() >= 101, "{} windows", asked.len());
}

#[tokio::test]
async fn a_dropped_prefetching_stream_leaves_no_request_holding_a_slot() {
    let list = list_of(1000, None, Duration::from_millis(600));
    let server = TestServer::start(move |seen: &Seen| {
        if seen.path.contains("list") {
            list(seen)
        } else {
            Reply::success("[]")
        }
    })
    .await;
    let client = server.client().max_in_flight(2).build().unwrap();
    let mut stream = client.invoices(january()).prefetch(2);
    let waited = tokio::time::timeout(Duration::from_millis(100), stream.try_next()).await;
    assert!(waited.is_err(), "the pages take 600 ms");
    drop(stream);
    let started = Instant::now();
    client.balance().await.unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(300),
        "both slots were free at once: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_slow_page_does_not_hold_back_the_requests_behind_it() {
    let pages = list_of(50, None, Duration::ZERO);
    let server = TestServer::start(move |seen: &Seen| {
        if seen.body.contains(r#""offset":0"#) {
            Reply::Delayed(Duration::from_millis(400), Box::new(pages(seen)))
        } else {
            pages(seen)
        }
    })
    .await;
    let client = server.client().build().unwrap();
    let mut stream = client
        .invoices(january())
        .page_size(PageSize::new(10).unwrap())
        .prefetch(2);
    let waited = tokio::time::timeout(Duration::from_millis(150), stream.try_next()).await;
    assert!(waited.is_err(), "the first page takes 400 ms");
    // Page 2 answered at once, so pages 3 and 4 went out while page 1 was still awaited: 2
    // requests waiting at most, and at most 2 pages answered ahead of their turn.
    let mut asked = windows(&server);
    asked.sort_unstable();
    assert_eq!(asked, [(0, 10), (10, 20), (20, 30), (30, 40)]);
    let invoices: Vec<Invoice> = stream.try_collect().await.unwrap();
    let ids: Vec<String> = invoices
        .iter()
        .map(|invoice| invoice.uuid.to_string())
        .collect();
    assert_eq!(ids, expected_ids(50), "still every invoice, in order");
}
