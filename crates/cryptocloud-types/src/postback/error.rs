//! Why a postback was refused. Each way a forgery or a malformed body can fail has its own
//! variant, so a handler can log precisely what was wrong, and each falls in one of three kinds,
//! so a handler can answer with the right HTTP status.
//!
//! Text that came from the body (a key, an algorithm, a token's `id`, a reason quoting them) is
//! kept at most 40 characters long and shown escaped by `Display`, so a refusal written to a
//! 400/401 answer, a log or a terminal carries no raw attacker text: no terminal escape, no line
//! break or separator to start a fake log line, no bidirectional override to reorder what is read.

use alloc::string::String;
use core::fmt;

use time::{Duration, OffsetDateTime};

use crate::InvoiceId;
use crate::escaped::Escaped;

/// Why a postback body could not be read, or is not genuine. [`kind`](Self::kind) groups the
/// variants for a web handler's answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PostbackError {
    /// The body is empty.
    #[error("the postback body is empty")]
    EmptyBody,
    /// The body is larger than any postback.
    #[error("the postback body has {len} bytes, more than the {max} a postback can have")]
    BodyTooLarge {
        /// Body length.
        len: usize,
        /// Largest accepted.
        max: usize,
    },
    /// The body looks like JSON but is not valid, or a field has the wrong type.
    #[error("the postback body is not valid postback JSON: {}", Escaped(.reason))]
    Json {
        /// What the JSON reader said, with line and column.
        reason: String,
    },
    /// The form body, or one of its fields once percent-decoded, is not UTF-8.
    #[error("the postback form is not UTF-8 text (field `{}`)", Escaped(.field))]
    NotUtf8 {
        /// The field (shortened to 40 characters), or `body` for the body as a whole.
        field: String,
    },
    /// A field appears more than once, in a form or at the top of a JSON object (a classic way
    /// to smuggle a second value past a reader that keeps the other one).
    #[error("the postback body has the field `{}` more than once", Escaped(.field))]
    DuplicateField {
        /// The repeated field (shortened to 40 characters).
        field: String,
    },
    /// The body has more top-level fields than any postback (a real one has seven).
    #[error("the postback body has more than {max} fields")]
    TooManyFields {
        /// The most accepted.
        max: usize,
    },
    /// A required field is absent.
    #[error("the postback has no `{field}`")]
    MissingField {
        /// The field.
        field: &'static str,
    },
    /// The token is longer than any real token.
    #[error("the token has {len} bytes, more than the {max} a postback token can have")]
    TokenTooLong {
        /// Token length.
        len: usize,
        /// Largest accepted.
        max: usize,
    },
    /// The token is not three dot-separated parts.
    #[error("the token is not a JWT: it has {segments} dot-separated parts, not 3")]
    TokenMalformed {
        /// How many parts it has.
        segments: usize,
    },
    /// A part of the token is not base64url.
    #[error("the token's {segment} is not base64url: {reason}")]
    TokenEncoding {
        /// `header`, `payload` or `signature`.
        segment: &'static str,
        /// What the decoder said.
        reason: base64::DecodeError,
    },
    /// The token's header is not the JSON of a JWT header.
    #[error("the token's header is not a JWT header: {}", Escaped(.reason))]
    TokenHeader {
        /// What was wrong.
        reason: String,
    },
    /// The token claims to be unsigned (`alg: none`): always refused.
    #[error("the token is unsigned (alg `none`); only HS256 tokens are accepted")]
    UnsignedToken,
    /// The token is signed with another algorithm than HS256: refused, so that no other algorithm
    /// can be used to forge one.
    #[error("the token uses the algorithm `{}`; only HS256 is accepted", Escaped(.alg))]
    UnsupportedAlgorithm {
        /// The algorithm named (shortened to 40 characters).
        alg: String,
    },
    /// The signature does not match: another key signed it, or the token was altered. (With a
    /// previous secret configured, it matches neither.)
    #[error(
        "the token's signature does not match the project secret (forged, altered, or the wrong secret)"
    )]
    BadSignature,
    /// The signed claims are not the JSON expected (`id` and `exp`).
    #[error("the token's claims are not valid: {}", Escaped(.reason))]
    TokenClaims {
        /// What was wrong.
        reason: String,
    },
    /// The token has expired.
    #[error("the token expired at {} (it is now {})", Utc(*.expired_at), Utc(*.now))]
    Expired {
        /// The token's `exp`.
        expired_at: OffsetDateTime,
        /// The time checked against.
        now: OffsetDateTime,
    },
    /// The token's `exp` is further ahead than any token CryptoCloud issues (five minutes): it
    /// was signed by someone else holding the key, or by a clock far off.
    #[error(
        "the token expires at {}, more than {} seconds after now ({}); CryptoCloud's tokens live five minutes",
        Utc(*.expires_at),
        .max_lifetime.whole_seconds(),
        Utc(*.now)
    )]
    LifetimeTooLong {
        /// The token's `exp`.
        expires_at: OffsetDateTime,
        /// The time checked against.
        now: OffsetDateTime,
        /// The longest lifetime accepted.
        max_lifetime: Duration,
    },
    /// The token was issued for another invoice than the postback names.
    #[error(
        "the token is for invoice `{}`, but the postback is about {invoice_id}",
        Escaped(.token_id)
    )]
    InvoiceMismatch {
        /// The token's `id` claim (shortened to 40 characters).
        token_id: String,
        /// The postback's `invoice_id`.
        invoice_id: InvoiceId,
    },
    /// `invoice_info` describes another invoice than `invoice_id`.
    #[error("invoice_info describes {info_id}, but the postback is about {invoice_id}")]
    InvoiceInfoMismatch {
        /// `invoice_info.uuid`.
        info_id: InvoiceId,
        /// The postback's `invoice_id`.
        invoice_id: InvoiceId,
    },
}

/// The three ways a postback is refused, for a web handler's answer.
///
/// | kind | meaning | HTTP answer |
/// |---|---|---|
/// | [`Malformed`](Self::Malformed) | the body or its token cannot be read as one postback (empty, too large, not JSON or form, a field repeated, too many fields, a field missing or of the wrong type, a token that is not a JWT) | `400 Bad Request` |
/// | [`Forged`](Self::Forged) | readable, but not signed as CryptoCloud signs: another algorithm, a wrong signature, an `exp` too far ahead, a token for another invoice, an `invoice_info` about another invoice | `401 Unauthorized` |
/// | [`Expired`](Self::Expired) | signed with the secret, but its `exp` has passed (a late retry): catch the payment by re-fetching the invoice | `410 Gone` |
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::postback::{PostbackError, PostbackErrorKind};
/// assert_eq!(PostbackError::BadSignature.kind(), PostbackErrorKind::Forged);
/// assert_eq!(PostbackErrorKind::Forged.http_status(), 401);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PostbackErrorKind {
    /// The body or its token cannot be read: answer 400.
    Malformed,
    /// Not signed as CryptoCloud signs, or signed for something else: answer 401.
    Forged,
    /// Genuine but past its `exp`: answer 410.
    Expired,
}

impl PostbackErrorKind {
    /// The HTTP status a webhook handler answers with: 400, 401 or 410.
    pub fn http_status(self) -> u16 {
        match self {
            PostbackErrorKind::Malformed => 400,
            PostbackErrorKind::Forged => 401,
            PostbackErrorKind::Expired => 410,
        }
    }

    /// `malformed`, `forged` or `expired`.
    pub fn as_str(self) -> &'static str {
        match self {
            PostbackErrorKind::Malformed => "malformed",
            PostbackErrorKind::Forged => "forged",
            PostbackErrorKind::Expired => "expired",
        }
    }
}

impl PostbackError {
    /// Which of the three kinds of refusal this is (see [`PostbackErrorKind`] for the HTTP
    /// mapping).
    pub fn kind(&self) -> PostbackErrorKind {
        match self {
            PostbackError::EmptyBody
            | PostbackError::BodyTooLarge { .. }
            | PostbackError::Json { .. }
            | PostbackError::NotUtf8 { .. }
            | PostbackError::DuplicateField { .. }
            | PostbackError::TooManyFields { .. }
            | PostbackError::MissingField { .. }
            | PostbackError::TokenTooLong { .. }
            | PostbackError::TokenMalformed { .. }
            | PostbackError::TokenEncoding { .. }
            | PostbackError::TokenHeader { .. }
            | PostbackError::TokenClaims { .. } => PostbackErrorKind::Malformed,
            PostbackError::UnsignedToken
            | PostbackError::UnsupportedAlgorithm { .. }
            | PostbackError::BadSignature
            | PostbackError::LifetimeTooLong { .. }
            | PostbackError::InvoiceMismatch { .. }
            | PostbackError::InvoiceInfoMismatch { .. } => PostbackErrorKind::Forged,
            PostbackError::Expired { .. } => PostbackErrorKind::Expired,
        }
    }

    /// The body or its token cannot be read (answer 400).
    pub fn is_malformed(&self) -> bool {
        self.kind() == PostbackErrorKind::Malformed
    }

    /// Not signed as CryptoCloud signs, or signed for another invoice (answer 401).
    pub fn is_forged(&self) -> bool {
        self.kind() == PostbackErrorKind::Forged
    }

    /// Genuine but expired (answer 410).
    pub fn is_expired(&self) -> bool {
        self.kind() == PostbackErrorKind::Expired
    }
}

/// A time as `2026-09-21 14:18:20 UTC`, to the second: read from its fields, since `time`'s own
/// `Display` costs a microcontroller more than the rest of a refusal's text.
struct Utc(OffsetDateTime);

impl fmt::Display for Utc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let utc = self.0.to_offset(time::UtcOffset::UTC);
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
            utc.year(),
            u8::from(utc.month()),
            utc.day(),
            utc.hour(),
            utc.minute(),
            utc.second()
        )
    }
}

#[cfg(test)]
mod tests {
    use alloc::string::ToString;

    use super::*;

    #[test]
    fn times_are_shown_in_utc_to_the_second() {
        let at = OffsetDateTime::from_unix_timestamp(1_790_000_300).unwrap();
        let elsewhere = at.to_offset(time::UtcOffset::from_hms(3, 0, 0).unwrap());
        assert_eq!(Utc(elsewhere).to_string(), "2026-09-21 14:18:20 UTC");
        let error = PostbackError::Expired {
            expired_at: at,
            now: at + Duration::seconds(3601) + Duration::milliseconds(500),
        };
        assert_eq!(
            error.to_string(),
            "the token expired at 2026-09-21 14:18:20 UTC (it is now 2026-09-21 15:18:21 UTC)"
        );
    }
}
