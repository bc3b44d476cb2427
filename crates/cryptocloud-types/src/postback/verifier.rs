//! The checks a postback must pass, with their settings: secrets (current and previous), clock
//! leeway and the longest token lifetime accepted.

use time::{Duration, OffsetDateTime};

use super::token::{self, IdClaim};
use super::{Binding, Postback, PostbackError, PostbackSecret, VerifiedPostback};
use crate::InvoiceId;
use crate::wire::shorten;

/// Verifies postbacks: keep one in your web handler's state.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::postback::{Postback, PostbackSecret, PostbackVerifier};
/// use time::Duration;
///
/// // While rotating the secret key, postbacks signed with either key verify.
/// let verifier = PostbackVerifier::new(PostbackSecret::new("new-secret-key")?)
///     .with_previous_secret(PostbackSecret::new("old-secret-key")?)
///     .with_leeway(Duration::seconds(10));
/// # let now = time::OffsetDateTime::from_unix_timestamp(1_790_000_000)?;
/// # let body = cryptocloud_types::postback::TestPostback::new("89UX09KA".parse()?)
/// #     .genuine(&PostbackSecret::new("old-secret-key")?, now, cryptocloud_types::postback::BodyFormat::Form);
/// let postback = Postback::parse(body.as_bytes())?;
/// let verified = verifier.verify(&postback, now)?;
/// assert_eq!(verified.invoice_id(), Some(&"89UX09KA".parse()?));
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct PostbackVerifier {
    secret: PostbackSecret,
    previous: Option<PostbackSecret>,
    leeway: Duration,
    max_lifetime: Duration,
}

impl PostbackVerifier {
    /// How far past its `exp` a token is still accepted, for clock skew.
    pub const DEFAULT_LEEWAY: Duration = Duration::seconds(30);

    /// How far ahead of the clock a token's `exp` may be. CryptoCloud issues tokens valid for five
    /// minutes; a token that lives longer was not issued by it.
    pub const DEFAULT_MAX_LIFETIME: Duration = Duration::hours(1);

    /// A verifier for postbacks signed with `secret`, with the default leeway and lifetime.
    pub fn new(secret: PostbackSecret) -> PostbackVerifier {
        PostbackVerifier {
            secret,
            previous: None,
            leeway: Self::DEFAULT_LEEWAY,
            max_lifetime: Self::DEFAULT_MAX_LIFETIME,
        }
    }

    /// Also accepts tokens signed with `previous`, so that postbacks in flight while the
    /// project's secret key is changed are not dropped. Remove it once the change is done.
    pub fn with_previous_secret(mut self, previous: PostbackSecret) -> PostbackVerifier {
        self.previous = Some(previous);
        self
    }

    /// How far past `exp` a token is still accepted (negative counts as zero).
    pub fn with_leeway(mut self, leeway: Duration) -> PostbackVerifier {
        self.leeway = leeway.max(Duration::ZERO);
        self
    }

    /// How far ahead of the clock `exp` may be (negative counts as zero).
    pub fn with_max_lifetime(mut self, max_lifetime: Duration) -> PostbackVerifier {
        self.max_lifetime = max_lifetime.max(Duration::ZERO);
        self
    }

    /// Checks `postback` at `now` (your clock, UTC):
    /// 1. the token is a compact JWT whose header names HS256 (`none` and every other algorithm are
    ///    refused) and whose HMAC-SHA256, compared in constant time, matches the secret or the
    ///    previous one;
    /// 2. its `exp` is not more than the leeway in the past, nor more than the maximum lifetime
    ///    ahead;
    /// 3. its `id`, if text, is the invoice the body names (an `INV-` prefix aside); if a number,
    ///    the postback is [`Binding::Unbound`];
    /// 4. `invoice_info`, where it is a JSON object with a readable `uuid`, names the same
    ///    invoice as the body (read without decoding the rest of the invoice).
    ///
    /// The postback is left as it was, so a refusal can still be logged with its claims.
    pub fn verify(
        &self,
        postback: &Postback,
        now: OffsetDateTime,
    ) -> Result<VerifiedPostback, PostbackError> {
        let secrets = [Some(&self.secret), self.previous.as_ref()];
        let claims = token::verify(&postback.token, secrets.into_iter().flatten())?;
        // In nanoseconds since 1970: the same comparisons as on `OffsetDateTime`, without its
        // calendar arithmetic (a few KiB on a microcontroller).
        let (now_ns, expires_ns) = (
            now.unix_timestamp_nanos(),
            claims.expires_at.unix_timestamp_nanos(),
        );
        if now_ns > expires_ns.saturating_add(self.leeway.whole_nanoseconds()) {
            return Err(PostbackError::Expired {
                expired_at: claims.expires_at,
                now,
            });
        }
        if expires_ns > now_ns.saturating_add(self.max_lifetime.whole_nanoseconds()) {
            return Err(PostbackError::LifetimeTooLong {
                expires_at: claims.expires_at,
                now,
                max_lifetime: self.max_lifetime,
            });
        }
        let claimed = &postback.claims.invoice_id;
        let binding = match claims.id {
            IdClaim::Number(number) => Binding::Unbound(number),
            IdClaim::Text(text) => match InvoiceId::parse(&text) {
                Ok(id) if id == *claimed => Binding::Invoice(id),
                _ => {
                    return Err(PostbackError::InvoiceMismatch {
                        token_id: shorten(&text),
                        invoice_id: claimed.clone(),
                    });
                }
            },
        };
        if let Some(info_id) = postback.claims.other_invoice_in_info() {
            return Err(PostbackError::InvoiceInfoMismatch {
                info_id,
                invoice_id: claimed.clone(),
            });
        }
        Ok(VerifiedPostback {
            binding,
            expires_at: claims.expires_at,
            claims: postback.claims.clone(),
        })
    }
}
