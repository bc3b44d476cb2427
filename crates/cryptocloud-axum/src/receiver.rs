//! What the extractor checks a postback with: the verifier, the body cap, the clock and the
//! replay cache.

use std::fmt;
use std::sync::Arc;

use cryptocloud_types::postback::{Postback, PostbackVerifier, VerifiedPostback};
use time::OffsetDateTime;

use crate::PostbackRejection;
use crate::replay::ReplayCache;

/// The settings of [`CryptoCloudPostback`](crate::CryptoCloudPostback): a [`PostbackVerifier`]
/// (the secret, and the previous one while you rotate it), the largest body read, and the clock.
/// Put one in your router's state, directly or as a field reachable through
/// [`FromRef`](axum_core::extract::FromRef).
///
/// ```
/// use cryptocloud::postback::{PostbackSecret, PostbackVerifier};
/// use cryptocloud_axum::PostbackReceiver;
///
/// let receiver = PostbackReceiver::new(
///     PostbackVerifier::new(PostbackSecret::new("new-secret-key")?)
///         .with_previous_secret(PostbackSecret::new("old-secret-key")?),
/// )
/// .with_max_body_bytes(16 * 1024);
/// assert_eq!(receiver.max_body_bytes(), 16 * 1024);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct PostbackReceiver {
    verifier: PostbackVerifier,
    max_body_bytes: usize,
    clock: Arc<dyn Fn() -> OffsetDateTime + Send + Sync>,
    replays: ReplayCache,
}

impl PostbackReceiver {
    /// The default cap on a body: a real postback, `invoice_info` included, is a few KiB.
    pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024;

    /// Receives with `verifier`, a body cap of [`DEFAULT_MAX_BODY_BYTES`](Self::DEFAULT_MAX_BODY_BYTES)
    /// and the system clock ([`OffsetDateTime::now_utc`]).
    pub fn new(verifier: PostbackVerifier) -> PostbackReceiver {
        PostbackReceiver {
            verifier,
            max_body_bytes: Self::DEFAULT_MAX_BODY_BYTES,
            clock: Arc::new(OffsetDateTime::now_utc),
            replays: ReplayCache::new(0),
        }
    }

    /// The largest body read; a longer one is refused with `413 Payload Too Large` before it is
    /// parsed.
    pub fn with_max_body_bytes(mut self, bytes: usize) -> PostbackReceiver {
        self.max_body_bytes = bytes;
        self
    }

    /// The clock tokens' `exp` is checked against (UTC). For tests; the default is the system
    /// clock.
    pub fn with_clock(
        mut self,
        clock: impl Fn() -> OffsetDateTime + Send + Sync + 'static,
    ) -> PostbackReceiver {
        self.clock = Arc::new(clock);
        self
    }

    /// Remembers up to `tokens` postback tokens it let through, and answers a replay of one,
    /// for as long as it is valid, with `200 OK` ([`PostbackRejection::Replayed`]) before your
    /// handler runs: a captured genuine body sent again, with its unsigned fields rewritten or
    /// not, costs no API call. A token is what it signs, the invoice id and the expiry (and, for
    /// a token whose `id` names no invoice, the invoice the body names); a new notice from
    /// CryptoCloud comes with a new token and passes. Tokens are signed to the second, so two
    /// notices for one invoice within one second would be one: the hourly reconcile catches such
    /// a payment. When the memory is full, the token expiring soonest is forgotten. Off (0) by
    /// default; 10,000 tokens take well under a megabyte. Clones of the receiver share the
    /// memory.
    ///
    /// A handler that could not do its work must [`forget`](Self::forget) the postback before
    /// it answers an error, or CryptoCloud's retry of the same token would be taken as a replay.
    pub fn with_replay_cache(mut self, tokens: usize) -> PostbackReceiver {
        self.replays = ReplayCache::new(tokens);
        self
    }

    /// Lets `postback`'s token through again: call it when handling failed (the API could not be
    /// reached, the database was down) so that CryptoCloud's retry is handled.
    pub fn forget(&self, postback: &VerifiedPostback) {
        self.replays.forget(postback);
    }

    /// How many tokens the replay cache keeps (0: none, every delivery reaches the handler).
    pub fn replay_cache_capacity(&self) -> usize {
        self.replays.capacity()
    }

    /// The verifier.
    pub fn verifier(&self) -> &PostbackVerifier {
        &self.verifier
    }

    /// The largest body read.
    pub fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }

    /// Reads and verifies a body as it arrived, JSON or form (the body tells which), and refuses
    /// a replay when the replay cache is on: what the extractor does once it has the bytes, for
    /// other frameworks.
    pub fn receive(&self, body: &[u8]) -> Result<VerifiedPostback, PostbackRejection> {
        if body.len() > self.max_body_bytes {
            return Err(PostbackRejection::TooLarge {
                max: self.max_body_bytes,
            });
        }
        let postback = Postback::parse(body).map_err(PostbackRejection::Refused)?;
        let verified = self
            .verifier
            .verify(&postback, (self.clock)())
            .map_err(PostbackRejection::Refused)?;
        if self.replays.take(&verified) {
            Ok(verified)
        } else {
            Err(PostbackRejection::Replayed)
        }
    }
}

impl From<PostbackVerifier> for PostbackReceiver {
    fn from(verifier: PostbackVerifier) -> PostbackReceiver {
        PostbackReceiver::new(verifier)
    }
}

impl fmt::Debug for PostbackReceiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostbackReceiver")
            .field("verifier", &self.verifier)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("replay_cache_capacity", &self.replays.capacity())
            .finish_non_exhaustive()
    }
}
