//! The project's secret key, which signs postback tokens.

use alloc::string::String;
use core::fmt;

use crate::secret::{SecretError, check_visible_ascii};

/// The project's secret key, which signs postback tokens. Never printed.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::PostbackSecret;
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

    pub(super) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// The key's bytes are overwritten when it is dropped, so it does not linger in freed memory.
impl Drop for PostbackSecret {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl fmt::Debug for PostbackSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PostbackSecret(<redacted>)")
    }
}
