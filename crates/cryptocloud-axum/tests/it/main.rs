//! The extractor in an axum router, and the `shop` example end to end against the local server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod extractor;
mod own_page;
mod replays;
mod shop_e2e;

/// The example itself, so that the test drives the code merchants copy.
#[allow(dead_code, unreachable_pub)]
#[path = "../../examples/shop/main.rs"]
mod shop;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

/// Sends `request` through `app`; the status and the body as text.
pub(crate) async fn send(app: &Router, request: Request<Body>) -> (StatusCode, String) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

/// A POST of `body` to `path`, with the Content-Type CryptoCloud would send with it.
pub(crate) fn post_body(path: &str, body: impl Into<String>) -> Request<Body> {
    let body = body.into();
    let content_type = if body.starts_with('{') {
        "application/json"
    } else {
        "application/x-www-form-urlencoded"
    };
    Request::post(path)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap()
}
