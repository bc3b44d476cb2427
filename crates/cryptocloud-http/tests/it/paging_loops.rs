//! A server whose pages never end: it alternates two full pages, or answers full pages of entries
//! that cannot be read. Every walk over it stops, after a bounded number of requests, with a
//! paging error.

use cryptocloud_http::*;
use cryptocloud_types::*;
use futures_util::TryStreamExt;

use crate::server::{Reply, Seen, TestServer};

fn january() -> DateRange {
    DateRange::new("01.01.2026".parse().unwrap(), "31.01.2026".parse().unwrap()).unwrap()
}

/// The `offset` a list request asked for.
fn offset(seen: &Seen) -> u64 {
    let body: serde_json::Value = serde_json::from_str(&seen.body).unwrap();
    body["offset"].as_u64().unwrap_or(0)
}

/// A full page of 100 entries numbered from `first`: invoices, or entries without a `uuid`.
fn full_page(first: u64, readable: bool) -> Reply {
    let entries: Vec<String> = (first..first + 100)
        .map(|n| match readable {
            true => format!(r#"{{"uuid":"INV-{n:08}","status":"paid"}}"#),
            false => format!(r#"{{"status":"paid","number":{n}}}"#),
        })
        .collect();
    Reply::success(&format!("[{}]", entries.join(",")))
}

/// Pages A (entries 0..100) and B (100..200), alternating with every window asked for.
fn alternating(readable: bool) -> impl Fn(&Seen) -> Reply + Send + Sync {
    move |seen| full_page(offset(seen) / 100 % 2 * 100, readable)
}

/// Reads `stream` to its error; the invoices yielded before it.
async fn read_to_error(stream: &mut InvoiceStream) -> (usize, Error) {
    let mut yielded = 0;
    loop {
        match stream.try_next().await {
            Ok(Some(_)) => yielded += 1,
            Ok(None) => panic!("the stream ended as if the loop were data"),
            Err(error) => return (yielded, error),
        }
    }
}

#[tokio::test]
async fn alternating_full_pages_end_the_stream() {
    for prefetch in [1, 4] {
        let server = TestServer::start(alternating(true)).await;
        let client = server.client().build().unwrap();
        let mut stream = client.invoices(january()).prefetch(prefetch);
        let (yielded, error) = read_to_error(&mut stream).await;
        assert_eq!(yielded, 200, "A and B, once each");
        assert!(
            matches!(
                error.kind(),
                ErrorKind::Paging(PagingError::Repeated { records: 100, .. })
            ),
            "{error:?}"
        );
        // A, B, A again; prefetch may have asked for a few windows more.
        assert!(
            (3..=3 + prefetch - 1).contains(&server.request_count()),
            "prefetch {prefetch}: {} requests",
            server.request_count()
        );
        assert!(stream.try_next().await.unwrap().is_none(), "and it ends");
    }
}

#[tokio::test]
async fn alternating_full_pages_of_unreadable_entries_end_the_stream() {
    let server = TestServer::start(alternating(false)).await;
    let client = server.client().build().unwrap();
    let mut stream = client.invoices(january());
    let (yielded, error) = read_to_error(&mut stream).await;
    assert_eq!(yielded, 0);
    assert!(
        matches!(
            error.kind(),
            ErrorKind::Paging(PagingError::Repeated { .. })
        ),
        "{error:?}"
    );
    assert_eq!(server.request_count(), 3);
    assert_eq!(stream.unreadable().len(), 200, "each entry kept once");
}

#[tokio::test]
async fn endless_unreadable_entries_are_kept_up_to_the_cap() {
    // Every window answered with 100 new entries that cannot be read.
    let server = TestServer::start(|seen: &Seen| full_page(offset(seen), false)).await;
    let client = server.client().build().unwrap();
    let mut stream = client.invoices(january());
    let (_, error) = read_to_error(&mut stream).await;
    assert!(
        matches!(
            error.kind(),
            ErrorKind::Paging(PagingError::TooManyUnreadable { kept: 1000 })
        ),
        "{error:?}"
    );
    assert_eq!(stream.unreadable().len(), PageWalk::MAX_UNREADABLE);
    assert_eq!(server.request_count(), PageWalk::MAX_UNREADABLE / 100 + 1);
}

#[tokio::test]
async fn find_by_order_id_stops_on_alternating_pages() {
    let server = TestServer::start(alternating(true)).await;
    let client = server.client().build().unwrap();
    let order = OrderId::new("order-1").unwrap();
    let error = client
        .find_by_order_id(&order, january())
        .await
        .unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Paging(_)), "{error:?}");
    assert_eq!(server.request_count(), 3);
}
