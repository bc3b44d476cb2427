//! A complete HTTP request, as data: what any transport (hyper, a blocking client, a WASM
//! `fetch`) sends for an operation, the key included.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// One header of a [`Request`].
#[derive(Clone, PartialEq, Eq)]
pub struct Header {
    name: &'static str,
    value: String,
    sensitive: bool,
}

impl Header {
    /// The header's name, lower case.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The header's value. For a [sensitive](Self::is_sensitive) header it holds a secret.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// Whether the value holds a secret (the key): mark it so in your HTTP library and keep it
    /// out of logs.
    pub fn is_sensitive(&self) -> bool {
        self.sensitive
    }
}

/// A sensitive value (the key) is overwritten when the request is dropped.
impl Drop for Header {
    fn drop(&mut self) {
        if self.sensitive {
            zeroize::Zeroize::zeroize(&mut self.value);
        }
    }
}

impl fmt::Debug for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value: &dyn fmt::Debug = if self.sensitive {
            &"<redacted>"
        } else {
            &self.value
        };
        write!(f, "{}: {:?}", self.name, value)
    }
}

/// The request for one call of an operation: method, path and query, headers and body, built by
/// [`Operation::request`](crate::Operation::request). Every call of the API is a `POST` with a
/// JSON body.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{ApiKey, Credentials, GetBalance, Operation};
///
/// let credentials = Credentials::new(ApiKey::new("project-key")?);
/// let request = GetBalance::new().request(&credentials, None)?;
/// assert_eq!(request.method(), "POST");
/// assert_eq!(request.url("https://api.cryptocloud.plus"), "https://api.cryptocloud.plus/v2/merchant/wallet/balance/all");
/// let authorization = request.headers().iter().find(|header| header.is_sensitive()).unwrap();
/// assert_eq!((authorization.name(), authorization.value()), ("authorization", "Token project-key"));
/// assert!(!format!("{request:?}").contains("project-key"));
/// assert_eq!(request.body(), b"{}");
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    path_and_query: Cow<'static, str>,
    headers: Vec<Header>,
    body: Vec<u8>,
}

impl Request {
    pub(super) fn post(
        path_and_query: Cow<'static, str>,
        authorization: String,
        body: Vec<u8>,
    ) -> Request {
        Request {
            path_and_query,
            headers: alloc::vec![
                Header {
                    name: super::auth::AUTHORIZATION_HEADER,
                    value: authorization,
                    sensitive: true,
                },
                Header {
                    name: "content-type",
                    value: String::from("application/json"),
                    sensitive: false,
                },
                Header {
                    name: "accept",
                    value: String::from("application/json"),
                    sensitive: false,
                },
            ],
            body,
        }
    }

    /// The HTTP method: always `POST`, even for reads.
    pub fn method(&self) -> &'static str {
        "POST"
    }

    /// Path and query, relative to the base URL.
    pub fn path_and_query(&self) -> &str {
        &self.path_and_query
    }

    /// The full URL under `base_url` (scheme and host, such as `https://api.cryptocloud.plus`).
    pub fn url(&self, base_url: &str) -> String {
        let mut url = String::from(base_url.trim_end_matches('/'));
        url.push_str(&self.path_and_query);
        url
    }

    /// The headers: the key (sensitive), the content type and what is accepted.
    pub fn headers(&self) -> &[Header] {
        &self.headers
    }

    /// The exact JSON body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body, taken out.
    pub fn into_body(self) -> Vec<u8> {
        self.body
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method())
            .field("path_and_query", &self.path_and_query)
            .field("headers", &self.headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}
