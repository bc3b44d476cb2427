//! The result of canceling an invoice.

use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

/// The API's answer to a cancel: `["ok"]` on success.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::Cancelled;
/// let answer: Cancelled = serde_json::from_str(r#"["ok"]"#)?;
/// assert!(answer.is_ok());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Cancelled {
    /// The messages, as sent.
    pub messages: Vec<String>,
}

impl Cancelled {
    /// Whether the API answered `["ok"]`.
    pub fn is_ok(&self) -> bool {
        self.messages.iter().any(|message| message == "ok")
    }
}
