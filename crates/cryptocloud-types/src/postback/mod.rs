//! Postbacks: the webhook CryptoCloud sends to the merchant's server after a payment.
//!
//! A postback is only genuine if its `token`, an HS256 JWT signed with the project's secret key,
//! verifies and names the same invoice. [`Postback::parse`] reads a body (JSON or form, whatever
//! its Content-Type claims); [`Postback::verify`] checks it and returns a [`VerifiedPostback`],
//! the only type a handler should act on. Postbacks can repeat: fulfil orders idempotently, and
//! for the strongest guarantee re-fetch the invoice with [`GetInvoices`](crate::GetInvoices).
//!
//! ```
//! use cryptocloud_types::postback::{Postback, PostbackSecret, sign_token};
//! use time::{Duration, OffsetDateTime};
//!
//! let secret = PostbackSecret::new("project-secret-key")?;
//! let now = OffsetDateTime::from_unix_timestamp(1_790_000_000)?;
//! // What CryptoCloud would send (here signed locally):
//! let token = sign_token(&"89UX09KA".parse()?, now + Duration::minutes(5), &secret);
//! let body = format!("status=success&invoice_id=89UX09KA&amount_crypto=103.3&currency=USDT_TRC20&token={token}");
//!
//! let postback = Postback::parse(body.as_bytes())?.verify(&secret, now)?;
//! assert_eq!(postback.invoice_id.bare(), "89UX09KA");
//!
//! let forged = Postback::parse(body.as_bytes())?.verify(&PostbackSecret::new("guess")?, now);
//! assert!(forged.is_err());
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

mod body;
mod error;
mod token;

use alloc::string::String;
use core::fmt;
use core::ops::Deref;

use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use crate::open_enum::open_enum;
use crate::secret::{SecretError, check_visible_ascii};
use crate::{CryptoCurrency, Invoice, InvoiceId, Money, lenient};

pub use error::PostbackError;
pub use token::{MAX_TOKEN_LEN, sign_token};

open_enum! {
    /// The postback's `status`.
    pub enum PostbackStatus {
        /// A payment arrived.
        Success = "success",
    }
}

/// A postback as received: parsed, **not yet verified**. Call [`verify`](Self::verify) before
/// trusting any of it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Postback {
    /// Always `success` so far.
    #[serde(
        default = "PostbackStatus::unknown",
        deserialize_with = "lenient_status"
    )]
    pub status: PostbackStatus,
    /// The invoice paid (sent bare, without `INV-`).
    pub invoice_id: InvoiceId,
    /// The amount paid, in `currency`.
    #[serde(default, deserialize_with = "lenient::option")]
    pub amount_crypto: Option<Money>,
    /// The coin paid in.
    #[serde(default, deserialize_with = "lenient::option")]
    pub currency: Option<CryptoCurrency>,
    /// Your order id (for static wallets: the customer id given as `identify`).
    #[serde(default, deserialize_with = "lenient::option")]
    pub order_id: Option<String>,
    /// The HS256 JWT that proves the postback came from CryptoCloud.
    pub token: String,
    /// The invoice as CryptoCloud saw it when sending.
    #[serde(default, deserialize_with = "lenient::json_or_json_string")]
    pub invoice_info: Option<Invoice>,
}

impl PostbackStatus {
    fn unknown() -> PostbackStatus {
        PostbackStatus::Other(String::new())
    }
}

fn lenient_status<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<PostbackStatus, D::Error> {
    lenient::option(deserializer).map(|status| status.unwrap_or_else(PostbackStatus::unknown))
}

impl Postback {
    /// How far past its `exp` a token is still accepted, for clock skew.
    pub const DEFAULT_LEEWAY: Duration = Duration::seconds(30);

    /// Reads a postback body: JSON or `application/x-www-form-urlencoded`, told apart by the body
    /// itself because the Content-Type has been seen wrong.
    pub fn parse(body: &[u8]) -> Result<Postback, PostbackError> {
        body::parse(body)
    }

    /// Checks that CryptoCloud sent this postback: the token is an HS256 JWT signed with `secret`,
    /// not expired at `now` (with [`DEFAULT_LEEWAY`](Self::DEFAULT_LEEWAY)), and names this
    /// invoice, as does `invoice_info` if present.
    pub fn verify(
        self,
        secret: &PostbackSecret,
        now: OffsetDateTime,
    ) -> Result<VerifiedPostback, PostbackError> {
        self.verify_with_leeway(secret, now, Self::DEFAULT_LEEWAY)
    }

    /// [`verify`](Self::verify) with a chosen leeway for clock skew (negative counts as zero).
    pub fn verify_with_leeway(
        self,
        secret: &PostbackSecret,
        now: OffsetDateTime,
        leeway: Duration,
    ) -> Result<VerifiedPostback, PostbackError> {
        let claims = token::verify(&self.token, secret, now, leeway)?;
        let token_invoice = InvoiceId::parse(&claims.id).ok();
        if token_invoice.as_ref() != Some(&self.invoice_id) {
            return Err(PostbackError::InvoiceMismatch {
                token_id: crate::wire::shorten(&claims.id),
                invoice_id: self.invoice_id,
            });
        }
        if let Some(info) = &self.invoice_info
            && info.uuid != self.invoice_id
        {
            return Err(PostbackError::InvoiceInfoMismatch {
                info_id: info.uuid.clone(),
                invoice_id: self.invoice_id,
            });
        }
        Ok(VerifiedPostback {
            postback: self,
            expires_at: claims.expires_at,
        })
    }
}

/// A postback whose token verified: it came from CryptoCloud and is about this invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedPostback {
    postback: Postback,
    expires_at: OffsetDateTime,
}

impl VerifiedPostback {
    /// When the token stops being valid.
    pub fn expires_at(&self) -> OffsetDateTime {
        self.expires_at
    }

    /// The postback.
    pub fn into_inner(self) -> Postback {
        self.postback
    }
}

impl Deref for VerifiedPostback {
    type Target = Postback;

    fn deref(&self) -> &Postback {
        &self.postback
    }
}

/// The project's secret key, which signs postback tokens. Never printed.
///
/// ```
/// use cryptocloud_types::PostbackSecret;
/// let secret = PostbackSecret::new("project-secret-key")?;
/// assert_eq!(format!("{secret:?}"), "PostbackSecret(<redacted>)");
/// # Ok::<(), cryptocloud_types::SecretError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct PostbackSecret(String);

impl PostbackSecret {
    /// The secret key from the project settings (visible ASCII; a stray space or line break is
    /// refused rather than silently failing every verification).
    pub fn new(secret: impl Into<String>) -> Result<PostbackSecret, SecretError> {
        let secret = secret.into();
        check_visible_ascii(&secret, "postback secret")?;
        Ok(PostbackSecret(secret))
    }

    fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for PostbackSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PostbackSecret(<redacted>)")
    }
}
