//! The API's authentication scheme, in one place: which key an endpoint takes and how it travels
//! (`Authorization: Token <key>`). Transports write the header from here; a server or a proxy in
//! front of one reads it back with [`token_from_authorization`].

use alloc::string::String;

use super::{Credential, InvalidRequest};
use crate::ApiKey;

/// The header that carries the key.
pub const AUTHORIZATION_HEADER: &str = "authorization";

/// The scheme word before the key.
const SCHEME: &str = "Token";

/// The keys a caller holds: the project key, and the withdrawal key if withdrawals are made.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{ApiKey, Credential, Credentials};
///
/// let credentials = Credentials::new(ApiKey::new("project-key")?);
/// assert!(credentials.key_for(Credential::WithdrawalKey).is_err());
/// let credentials = credentials.with_withdrawal_key(ApiKey::new("withdrawal-key")?);
/// assert_eq!(credentials.key_for(Credential::WithdrawalKey)?.expose_secret(), "withdrawal-key");
/// assert!(!format!("{credentials:?}").contains("key\""));
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Credentials {
    api_key: ApiKey,
    withdrawal_key: Option<ApiKey>,
}

impl Credentials {
    /// The project's API key alone.
    pub fn new(api_key: ApiKey) -> Credentials {
        Credentials {
            api_key,
            withdrawal_key: None,
        }
    }

    /// Adds the withdrawal key (from the account's security settings, not the project key).
    pub fn with_withdrawal_key(mut self, key: ApiKey) -> Credentials {
        self.withdrawal_key = Some(key);
        self
    }

    /// The key an endpoint takes, or an error naming the key that is missing.
    pub fn key_for(&self, credential: Credential) -> Result<&ApiKey, InvalidRequest> {
        match credential {
            Credential::ApiKey => Ok(&self.api_key),
            Credential::WithdrawalKey => self
                .withdrawal_key
                .as_ref()
                .ok_or(InvalidRequest::MissingKey(credential)),
        }
    }

    /// The `Authorization` header's value for an endpoint: `Token <key>`. It holds the key: send
    /// it marked sensitive, never log it, and zeroize it when done (a [`Request`](super::Request)
    /// does).
    pub fn authorization(&self, credential: Credential) -> Result<String, InvalidRequest> {
        let key = self.key_for(credential)?.expose_secret();
        let mut value = String::with_capacity(SCHEME.len() + 1 + key.len());
        value.push_str(SCHEME);
        value.push(' ');
        value.push_str(key);
        Ok(value)
    }
}

/// The key in an `Authorization` header value written in the API's scheme (`Token <key>`; the
/// scheme word in any case, as HTTP schemes are), or `None` for any other scheme.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::token_from_authorization;
/// assert_eq!(token_from_authorization("Token abc.def"), Some("abc.def"));
/// assert_eq!(token_from_authorization("token  abc"), Some("abc"));
/// assert_eq!(token_from_authorization("Bearer abc"), None);
/// assert_eq!(token_from_authorization("Token "), None);
/// ```
pub fn token_from_authorization(value: &str) -> Option<&str> {
    let (scheme, key) = value.split_once(' ')?;
    let key = key.trim_start_matches(' ');
    (scheme.eq_ignore_ascii_case(SCHEME) && !key.is_empty()).then_some(key)
}
