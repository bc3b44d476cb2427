//! What the extractor checks a postback with: the verifier, the body cap and the clock.

use std::fmt;
use std::sync::Arc;

use cryptocloud_types::postback::{Postback, PostbackVerifier, VerifiedPostback};
use time::OffsetDateTime;

use crate::PostbackRejection;

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

    /// The verifier.
    pub fn verifier(&self) -> &PostbackVerifier {
        &self.verifier
    }

    /// The largest body read.
    pub fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }

    /// Reads and verifies a body as it arrived, JSON or form (the body tells which): what the
    /// extractor does once it has the bytes, for other frameworks.
    pub fn receive(&self, body: &[u8]) -> Result<VerifiedPostback, PostbackRejection> {
        if body.len() > self.max_body_bytes {
            return Err(PostbackRejection::TooLarge {
                max: self.max_body_bytes,
            });
        }
        let postback = Postback::parse(body).map_err(PostbackRejection::Refused)?;
        self.verifier
            .verify(&postback, (self.clock)())
            .map_err(PostbackRejection::Refused)
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
            .finish_non_exhaustive()
    }
}
