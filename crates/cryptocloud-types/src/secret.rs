//! Credentials. They never print: `Debug` is redacted, and there is no `Display` or `Serialize`.

use alloc::string::String;
use core::fmt;

/// Why a text cannot be a credential.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SecretError {
    /// The credential is empty.
    #[error("the {kind} is empty")]
    Empty {
        /// Which credential.
        kind: &'static str,
    },
    /// The credential holds a space, a control character or non-ASCII text, so it cannot go in an
    /// HTTP header (often a sign of a copy-paste accident). The value itself is not repeated here.
    #[error(
        "the {kind} holds a character that is not visible ASCII (at byte {position}); check for stray spaces or line breaks"
    )]
    InvalidCharacter {
        /// Which credential.
        kind: &'static str,
        /// Byte offset of the first bad character.
        position: usize,
    },
}

/// An API key: the project key for invoice calls, or the separate withdrawal key.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::ApiKey;
///
/// let key = ApiKey::new("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.secret")?;
/// assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
/// assert!(ApiKey::new("eyJ0eXAi\n").is_err());
/// # Ok::<(), cryptocloud_types::SecretError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Checks that the key can be sent in an `Authorization` header.
    pub fn new(key: impl Into<String>) -> Result<ApiKey, SecretError> {
        let key = key.into();
        check_visible_ascii(&key, "API key")?;
        Ok(ApiKey(key))
    }

    /// The key itself, for building the `Authorization: Token …` header. Keep it out of logs.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

/// The key's bytes are overwritten when it is dropped, so it does not linger in freed memory.
impl Drop for ApiKey {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// Fails unless `value` is non-empty visible ASCII; the error never repeats the value.
pub(crate) fn check_visible_ascii(value: &str, kind: &'static str) -> Result<(), SecretError> {
    if value.is_empty() {
        return Err(SecretError::Empty { kind });
    }
    match value.bytes().position(|b| !b.is_ascii_graphic()) {
        Some(position) => Err(SecretError::InvalidCharacter { kind, position }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_never_repeat_the_key() {
        let error = ApiKey::new("super-secret value").unwrap_err();
        assert_eq!(
            error,
            SecretError::InvalidCharacter {
                kind: "API key",
                position: 12
            }
        );
        assert!(!alloc::format!("{error} {error:?}").contains("super-secret"));
        assert_eq!(ApiKey::new(""), Err(SecretError::Empty { kind: "API key" }));
    }
}
