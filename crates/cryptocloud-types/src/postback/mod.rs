//! Postbacks: the webhook CryptoCloud sends to the merchant's server after a payment.
//!
//! **What is signed.** A postback's `token` is an HS256 JWT signed with the project's secret key,
//! valid five minutes, whose claims are `id` and `exp`. That is all it signs. The body's `status`,
//! `amount_crypto`, `currency`, `order_id` and `invoice_info` are not signed: anyone who has seen
//! one genuine postback can resend its token within those five minutes beside rewritten values.
//!
//! So this module calls verified only what the token signs: a [`VerifiedPostback`] offers the
//! expiry and the [`Binding`] (the invoice id, where the token's `id` names one), and everything
//! else only as [`UnverifiedClaims`]. A token whose `id` is a number (as in the documentation's
//! sample) is genuine but binds no invoice: [`Binding::Unbound`].
//!
//! **The flow.** [`Postback::parse`] reads a body (JSON or form, whatever the Content-Type
//! claims); [`Postback::verify`], or a [`PostbackVerifier`] kept in your handler's state (it also
//! accepts the previous secret while you rotate it), checks the token. Then re-fetch the invoice
//! through the API ([`GetInvoices`](crate::GetInvoices)) and act on what the API answers, once per
//! invoice and confirmed status: postbacks repeat. A refusal's [`PostbackError::kind`] tells the
//! HTTP answer: 400 malformed, 401 forged, 410 expired.
//!
//! ```
//! # use cryptocloud_types as cryptocloud;
//! use cryptocloud::postback::{Binding, BodyFormat, Postback, PostbackSecret, TestPostback};
//! use time::OffsetDateTime;
//!
//! let secret = PostbackSecret::new("project-secret-key")?;
//! let now = OffsetDateTime::from_unix_timestamp(1_790_000_000)?;
//! // What CryptoCloud would send (built here by the `test-util` feature):
//! let body = TestPostback::new("89UX09KA".parse()?)
//!     .amount_crypto("103.3".parse()?)
//!     .genuine(&secret, now, BodyFormat::Form);
//!
//! let postback = Postback::parse(body.as_bytes())?;
//! let verified = postback.verify(&secret, now)?;
//! assert_eq!(verified.binding(), &Binding::Invoice("89UX09KA".parse()?));
//! // Not signed: a claim to check against the API's own answer.
//! assert_eq!(verified.unverified_claims().amount_crypto, Some("103.3".parse()?));
//!
//! let forged = postback.verify(&PostbackSecret::new("guess")?, now).unwrap_err();
//! assert_eq!(forged.kind().http_status(), 401);
//! // The postback is still here to log.
//! assert_eq!(postback.unverified_claims().invoice_id.bare(), "89UX09KA");
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

mod body;
mod claims;
mod error;
mod json;
mod secret;
#[cfg(feature = "test-util")]
mod test_util;
mod token;
mod verified;
mod verifier;

use alloc::string::String;

use time::OffsetDateTime;

pub use claims::{InvoiceInfo, PostbackStatus, UnreadClaim, UnverifiedClaims};
pub use error::{PostbackError, PostbackErrorKind};
pub use secret::PostbackSecret;
#[cfg(feature = "test-util")]
pub use test_util::{BodyFormat, TestPostback, sign_token};
pub use token::MAX_TOKEN_LEN;
pub use verified::{Binding, VerifiedPostback};
pub use verifier::PostbackVerifier;

/// A postback as received: parsed, **not verified**. Call [`verify`](Self::verify) before trusting
/// any of it, and even then only what the token signs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Postback {
    token: String,
    claims: UnverifiedClaims,
}

impl Postback {
    /// Reads a postback body: JSON or `application/x-www-form-urlencoded`, told apart by the body
    /// itself because the Content-Type has been seen wrong, in one pass without building a tree.
    /// A field given twice is refused in either form, and so is a body without a readable `token`
    /// and `invoice_id`. No other claim fails the body: one its field cannot read is kept as
    /// [`UnverifiedClaims::unread`], and `invoice_info` is kept as text until asked for.
    pub fn parse(body: &[u8]) -> Result<Postback, PostbackError> {
        body::parse(body)
    }

    /// Verifies the postback with `secret` at `now` (your clock, UTC), with the defaults of
    /// [`PostbackVerifier`]: 30 s leeway past `exp`, `exp` at most an hour ahead. See
    /// [`PostbackVerifier::verify`] for every check.
    pub fn verify(
        &self,
        secret: &PostbackSecret,
        now: OffsetDateTime,
    ) -> Result<VerifiedPostback, PostbackError> {
        PostbackVerifier::new(secret.clone()).verify(self, now)
    }

    /// The body's `token`, as sent.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Everything else the body says: **not signed**.
    pub fn unverified_claims(&self) -> &UnverifiedClaims {
        &self.claims
    }
}
