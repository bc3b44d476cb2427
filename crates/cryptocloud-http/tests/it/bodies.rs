//! An answer's body is read whole, in order, exactly to its announced length, and never past the
//! cap, whatever the length the server announces.

use std::time::{Duration, Instant};

use cryptocloud_http::*;
use cryptocloud_types::*;

use crate::raw::{Fault, RawServer};
use crate::server::{API_KEY, fast_retries};

/// Four balance entries: a body whose pieces, joined out of order or in part, would not decode.
const BALANCE: &str = include_str!("../../../../fixtures/balance/several_coins.json");

fn client(server: &RawServer, cap: usize) -> Client {
    Client::builder(ApiKey::new(API_KEY).unwrap())
        .base_url(&server.url)
        .allow_http_loopback(true)
        .retry(fast_retries())
        .max_body_size(cap)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_body_in_many_pieces_is_joined_in_order() {
    let server = RawServer::start(Fault::InPieces(BALANCE)).await;
    let balance = client(&server, 1024 * 1024).balance().await.unwrap();
    assert_eq!(balance.len(), 4);
    assert_eq!(
        client(&server, BALANCE.len())
            .balance()
            .await
            .unwrap()
            .len(),
        4,
        "a body of exactly the cap fits, in pieces too"
    );
}

#[tokio::test]
async fn only_the_announced_length_is_read() {
    // Read past its length, the body would end in a second JSON value and not decode.
    let server = RawServer::start(Fault::Overlong(BALANCE, r#"{"status":"error"}"#)).await;
    let balance = client(&server, 1024 * 1024).balance().await.unwrap();
    assert_eq!(balance.len(), 4);
}

#[tokio::test]
async fn a_length_beyond_the_cap_is_refused_before_reading() {
    for (announced, cap) in [(1_025, 1_024), (10_000_000_000, 1024 * 1024)] {
        let server = RawServer::start(Fault::Promise(announced)).await;
        let started = Instant::now();
        let error = client(&server, cap).balance().await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::BodyTooLarge { limit } if *limit == cap),
            "{announced} bytes announced: {error:?}"
        );
        assert_eq!(
            error.attempts(),
            1,
            "the same answer would be as large again"
        );
        // The server sends nothing after its headers for a second: a client that waited for
        // the body would have failed later, and as a broken connection.
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "refused at once, not read: {:?}",
            started.elapsed()
        );
    }
}
