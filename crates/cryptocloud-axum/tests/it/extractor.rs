//! What the extractor lets through, and what it answers to everything else.

use axum::Router;
use axum::http::StatusCode;
use axum::routing::post;
use cryptocloud::postback::{
    BodyFormat, PostbackError, PostbackSecret, PostbackVerifier, TestPostback,
};
use cryptocloud_axum::{CryptoCloudPostback, PostbackReceiver, PostbackRejection};
use time::{Duration, OffsetDateTime};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::{post_body, send};

fn secret() -> PostbackSecret {
    PostbackSecret::new("project-secret-key").unwrap()
}

fn paid() -> TestPostback {
    TestPostback::new("89UX09KA".parse().unwrap())
        .order_id("order-42")
        .amount_crypto("103.3".parse().unwrap())
}

/// A router whose handler answers with what it was handed, so a 200 proves it ran.
fn app(receiver: PostbackReceiver) -> Router {
    async fn handler(CryptoCloudPostback(verified): CryptoCloudPostback) -> String {
        format!("handled {}", verified.invoice_to_confirm())
    }
    Router::new()
        .route("/postback", post(handler))
        .with_state(receiver)
}

fn receiver() -> PostbackReceiver {
    PostbackReceiver::new(PostbackVerifier::new(secret()))
}

#[tokio::test]
async fn genuine_postbacks_reach_the_handler_as_json_and_as_form() {
    let now = OffsetDateTime::now_utc();
    for format in [BodyFormat::Json, BodyFormat::Form] {
        let body = paid().genuine(&secret(), now, format);
        let answer = send(&app(receiver()), post_body("/postback", body)).await;
        assert_eq!(
            answer,
            (StatusCode::OK, "handled INV-89UX09KA".into()),
            "{format:?}"
        );
    }
}

#[tokio::test]
async fn a_postback_signed_with_the_previous_secret_passes_while_rotating() {
    let rotating = PostbackReceiver::new(
        PostbackVerifier::new(PostbackSecret::new("new-secret-key").unwrap())
            .with_previous_secret(secret()),
    );
    let body = paid().genuine(&secret(), OffsetDateTime::now_utc(), BodyFormat::Json);
    let (status, _) = send(&app(rotating), post_body("/postback", body)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_forged_postback_is_401_and_the_answer_never_repeats_its_token() {
    let body = paid().forged(&secret(), OffsetDateTime::now_utc(), BodyFormat::Json);
    let (status, text) = send(&app(receiver()), post_body("/postback", body.clone())).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        text.starts_with("postback refused (forged): the token's signature does not match"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 1, "{text}");
    let token: serde_json::Value = serde_json::from_str(&body).unwrap();
    let token = token["token"].as_str().unwrap();
    for part in token.split('.') {
        assert!(!text.contains(part), "{text} repeats the token");
    }
    assert!(!text.contains("project-secret-key"));
}

#[tokio::test]
async fn a_genuine_postback_past_its_expiry_is_410() {
    let late = OffsetDateTime::now_utc() - Duration::minutes(10);
    let body = paid().genuine(&secret(), late, BodyFormat::Form);
    let (status, text) = send(&app(receiver()), post_body("/postback", body)).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(
        text.starts_with("postback refused (expired): the token expired at"),
        "{text}"
    );
}

#[tokio::test]
async fn the_clock_is_the_receivers_own() {
    // Signed for a day in 2030: far ahead of the system clock, on time for the receiver's.
    let then = OffsetDateTime::from_unix_timestamp(1_900_000_000).unwrap();
    let body = paid().genuine(&secret(), then, BodyFormat::Json);
    let (status, _) = send(&app(receiver()), post_body("/postback", body.clone())).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "an exp years ahead is no CryptoCloud token"
    );

    let at = |now: OffsetDateTime| receiver().with_clock(move || now);
    let (status, _) = send(&app(at(then)), post_body("/postback", body.clone())).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(
        &app(at(then + Duration::minutes(6))),
        post_body("/postback", body),
    )
    .await;
    assert_eq!(status, StatusCode::GONE);
}

#[tokio::test]
async fn malformed_bodies_are_400_with_the_reason() {
    let genuine = paid().genuine(&secret(), OffsetDateTime::now_utc(), BodyFormat::Json);
    // A second `invoice_id` before the genuine one: which one a reader keeps differs.
    let duplicate = genuine.replacen('{', r#"{"invoice_id":"ZZZZZZZZ","#, 1);
    let cases = [
        ("", "the postback body is empty"),
        ("{\"token\": ", "not valid postback JSON"),
        ("token=abc&invoice_id=89UX09KA", "not a JWT"),
        (
            "invoice_id=89UX09KA&invoice_id=ZZZZZZZZ&token=a.b.c",
            "`invoice_id` more than once",
        ),
        (duplicate.as_str(), "`invoice_id` more than once"),
        ("invoice_id=89UX09KA", "has no `token`"),
    ];
    for (body, reason) in cases {
        let (status, text) = send(&app(receiver()), post_body("/postback", body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {text}");
        assert!(text.starts_with("postback refused (malformed): "), "{text}");
        assert!(text.contains(reason), "{body}: {text}");
    }
}

#[tokio::test]
async fn a_body_over_the_cap_is_413_and_the_cap_is_configurable() {
    let genuine = paid().genuine(&secret(), OffsetDateTime::now_utc(), BodyFormat::Form);
    let padded = format!(
        "{genuine}&pad={}",
        "x".repeat(PostbackReceiver::DEFAULT_MAX_BODY_BYTES)
    );
    let (status, text) = send(&app(receiver()), post_body("/postback", padded)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        text,
        "postback refused (too large): the body is longer than the 65536 bytes accepted\n"
    );

    let tight = receiver().with_max_body_bytes(genuine.len() - 1);
    let (status, _) = send(&app(tight), post_body("/postback", genuine.clone())).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let exact = receiver().with_max_body_bytes(genuine.len());
    let (status, _) = send(&app(exact), post_body("/postback", genuine)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_declared_length_over_the_cap_is_refused_before_the_body_is_sent() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(axum::serve(listener, app(receiver().with_max_body_bytes(1024))).into_future());

    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = "POST /postback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\
                Content-Type: application/json\r\nConnection: close\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    // No body follows: an answer now means the extractor did not wait for one.
    let mut answer = String::new();
    tokio::time::timeout(
        std::time::Duration::from_secs(5),
        stream.read_to_string(&mut answer),
    )
    .await
    .expect("answered without the body")
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 413 "), "{answer}");
    assert!(answer.ends_with("the 1024 bytes accepted\n"), "{answer}");
}

#[tokio::test]
async fn a_handler_can_take_the_rejection_to_log_it() {
    async fn logging(postback: Result<CryptoCloudPostback, PostbackRejection>) -> String {
        match postback {
            Ok(_) => String::from("ok"),
            Err(rejection) => format!("{} {:?}", rejection.status(), rejection.postback_error()),
        }
    }
    let app = Router::new()
        .route("/postback", post(logging))
        .with_state(receiver());
    let body = paid().forged(&secret(), OffsetDateTime::now_utc(), BodyFormat::Form);
    let answer = send(&app, post_body("/postback", body)).await;
    let expected = format!("401 Unauthorized {:?}", Some(PostbackError::BadSignature));
    assert_eq!(answer, (StatusCode::OK, expected));
}
