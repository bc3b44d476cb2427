//! The replay cache: a token taken once is answered without the handler for its lifetime,
//! whatever the unsigned body says around it; a handler that failed lets its retry through; the
//! memory is bounded.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use cryptocloud::postback::{BodyFormat, PostbackSecret, PostbackVerifier, TestPostback};
use cryptocloud_axum::{CryptoCloudPostback, PostbackReceiver};
use time::{Duration, OffsetDateTime};

use crate::{post_body, send};

fn secret() -> PostbackSecret {
    PostbackSecret::new("project-secret-key").unwrap()
}

fn paid() -> TestPostback {
    TestPostback::new("89UX09KA".parse().unwrap()).order_id("order-42")
}

#[derive(Clone)]
struct Counted {
    receiver: PostbackReceiver,
    handled: Arc<AtomicUsize>,
    /// Whether the handler fails (and forgets the token, so its retry is handled).
    failing: bool,
}

impl axum::extract::FromRef<Counted> for PostbackReceiver {
    fn from_ref(state: &Counted) -> PostbackReceiver {
        state.receiver.clone()
    }
}

async fn handler(
    State(state): State<Counted>,
    CryptoCloudPostback(verified): CryptoCloudPostback,
) -> StatusCode {
    state.handled.fetch_add(1, Ordering::SeqCst);
    if state.failing {
        state.receiver.forget(&verified);
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    StatusCode::OK
}

fn app(receiver: PostbackReceiver, failing: bool) -> (Router, Arc<AtomicUsize>) {
    let handled = Arc::new(AtomicUsize::new(0));
    let state = Counted {
        receiver,
        handled: Arc::clone(&handled),
        failing,
    };
    let app = Router::new()
        .route("/postback", post(handler))
        .with_state(state);
    (app, handled)
}

fn cached(capacity: usize) -> PostbackReceiver {
    PostbackReceiver::new(PostbackVerifier::new(secret())).with_replay_cache(capacity)
}

#[tokio::test]
async fn a_replayed_token_is_answered_without_the_handler() {
    let (app, handled) = app(cached(1_000), false);
    let now = OffsetDateTime::now_utc();
    let body = paid().genuine(&secret(), now, BodyFormat::Json);
    for _ in 0..200 {
        let (status, _) = send(&app, post_body("/postback", body.clone())).await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(handled.load(Ordering::SeqCst), 1);

    // The same token with the unsigned body rewritten is the same postback.
    let rewritten = paid()
        .order_id("order-99")
        .genuine(&secret(), now, BodyFormat::Form);
    let (status, text) = send(&app, post_body("/postback", rewritten)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.contains("already received"), "{text}");
    assert_eq!(handled.load(Ordering::SeqCst), 1);

    // A new token for the same invoice (CryptoCloud's next notice) is handled.
    let next = paid().genuine(&secret(), now + Duration::seconds(1), BodyFormat::Json);
    send(&app, post_body("/postback", next)).await;
    assert_eq!(handled.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn without_a_cache_every_delivery_reaches_the_handler() {
    let receiver = PostbackReceiver::new(PostbackVerifier::new(secret()));
    let (app, handled) = app(receiver, false);
    let body = paid().genuine(&secret(), OffsetDateTime::now_utc(), BodyFormat::Json);
    for _ in 0..3 {
        send(&app, post_body("/postback", body.clone())).await;
    }
    assert_eq!(handled.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_handler_that_failed_forgets_the_token_so_the_retry_is_handled() {
    let (app, handled) = app(cached(1_000), true);
    let body = paid().genuine(&secret(), OffsetDateTime::now_utc(), BodyFormat::Json);
    for _ in 0..3 {
        let (status, _) = send(&app, post_body("/postback", body.clone())).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    }
    assert_eq!(handled.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn the_cache_is_bounded_and_lets_the_soonest_expiring_go_first() {
    let now = OffsetDateTime::now_utc();
    let (app, handled) = app(cached(2).with_clock(move || now), false);
    let at = |seconds| {
        paid().genuine(
            &secret(),
            now + Duration::seconds(seconds),
            BodyFormat::Json,
        )
    };
    for seconds in [0, 1, 2] {
        send(&app, post_body("/postback", at(seconds))).await;
    }
    assert_eq!(handled.load(Ordering::SeqCst), 3);
    send(&app, post_body("/postback", at(2))).await;
    assert_eq!(handled.load(Ordering::SeqCst), 3, "kept: a replay");
    send(&app, post_body("/postback", at(0))).await;
    assert_eq!(
        handled.load(Ordering::SeqCst),
        4,
        "made room for: handled again"
    );
}

#[tokio::test]
async fn tokens_that_name_no_invoice_are_told_apart_by_the_invoice_named() {
    // The documentation's sample token signs `"id": 13`, a number that may be the same for every
    // postback of a project: two invoices paid in one second are two postbacks.
    let (app, handled) = app(cached(1_000), false);
    let now = OffsetDateTime::now_utc();
    for invoice in ["89UX09KA", "77QW12ZZ", "89UX09KA"] {
        let body = TestPostback::new(invoice.parse().unwrap())
            .numeric_token_id(13)
            .genuine(&secret(), now, BodyFormat::Json);
        let (status, _) = send(&app, post_body("/postback", body)).await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(handled.load(Ordering::SeqCst), 2, "the third is a replay");
}
