//! Receive [CryptoCloud](https://cryptocloud.plus) postbacks in an [axum](https://docs.rs/axum)
//! 0.8 app: the [`CryptoCloudPostback`] extractor reads the body (capped, 64 KiB by default),
//! parses it as it arrived (JSON or form), verifies its token with the [`PostbackReceiver`] in
//! your state, and answers anything else before your handler runs:
//!
//! | what arrived | answer |
//! |---|---|
//! | a body over the cap | `413 Payload Too Large` |
//! | not one readable postback (not JSON or form, a field repeated or missing, a token that is not a JWT) | `400 Bad Request` |
//! | not signed with your secret (or the previous one), another algorithm, a token for another invoice | `401 Unauthorized` |
//! | genuine but past its `exp`: a late retry; catch the payment by re-fetching the invoice | `410 Gone` |
//! | with [`PostbackReceiver::with_replay_cache`]: a token let through before (a replay) | `200 OK` |
//!
//! Each refusal's body is one line saying why, never the token or the secret.
//!
//! A token signs only the invoice id and its expiry, so a handler confirms the payment through
//! the API (`Client::confirm_postback` in the `cryptocloud` crate) and fulfils once per
//! confirmation's `fulfilment_key()`, the key reconcile shares: postbacks repeat. The `shop`
//! example is a whole merchant app.
//!
//! ```
//! use axum::{Router, body::Body, http::{Request, StatusCode}, routing::post};
//! use cryptocloud::postback::{BodyFormat, PostbackSecret, PostbackVerifier, TestPostback};
//! use cryptocloud_axum::{CryptoCloudPostback, PostbackReceiver};
//! use tower::ServiceExt;
//!
//! async fn postback(CryptoCloudPostback(verified): CryptoCloudPostback) -> String {
//!     // Signed: the invoice. Next: `client.confirm_postback(&verified)`, then fulfil once.
//!     format!("received {}", verified.invoice_to_confirm())
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let secret = PostbackSecret::new("project-secret-key")?;
//! let app = Router::new()
//!     .route("/cryptocloud/postback", post(postback))
//!     .with_state(PostbackReceiver::new(PostbackVerifier::new(secret.clone())));
//!
//! // What CryptoCloud sends, built by the `test-util` feature of `cryptocloud`.
//! let paid = TestPostback::new("89UX09KA".parse()?);
//! let now = time::OffsetDateTime::now_utc();
//! for (body, status) in [
//!     (paid.genuine(&secret, now, BodyFormat::Form), StatusCode::OK),
//!     (paid.forged(&secret, now, BodyFormat::Json), StatusCode::UNAUTHORIZED),
//! ] {
//!     let request = Request::post("/cryptocloud/postback").body(Body::from(body))?;
//!     assert_eq!(app.clone().oneshot(request).await?.status(), status);
//! }
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod extract;
mod receiver;
mod rejection;
mod replay;

pub use extract::CryptoCloudPostback;
pub use receiver::PostbackReceiver;
pub use rejection::PostbackRejection;
