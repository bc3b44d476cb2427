//! Why a postback was refused. Each way a forgery or a malformed body can fail has its own
//! variant, so a handler can log precisely what was wrong.

use alloc::string::String;

use time::OffsetDateTime;

use crate::InvoiceId;

/// Why a postback body could not be read, or is not genuine.
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
    #[error("the postback body is not valid postback JSON: {reason}")]
    Json {
        /// What the JSON reader said, with line and column.
        reason: String,
    },
    /// The form body, or one of its fields once percent-decoded, is not UTF-8.
    #[error("the postback form is not UTF-8 text (field `{field}`)")]
    NotUtf8 {
        /// The field, or `body` for the body as a whole.
        field: String,
    },
    /// A form field appears more than once (a classic way to smuggle a second value).
    #[error("the postback form has the field `{field}` more than once")]
    DuplicateField {
        /// The repeated field.
        field: String,
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
    #[error("the token's header is not a JWT header: {reason}")]
    TokenHeader {
        /// What was wrong.
        reason: String,
    },
    /// The token claims to be unsigned (`alg: none`): always refused.
    #[error("the token is unsigned (alg `none`); only HS256 tokens are accepted")]
    UnsignedToken,
    /// The token is signed with another algorithm than HS256: refused, so that no other algorithm
    /// can be used to forge one.
    #[error("the token uses the algorithm `{alg}`; only HS256 is accepted")]
    UnsupportedAlgorithm {
        /// The algorithm named (shortened to 40 characters).
        alg: String,
    },
    /// The signature does not match: another key signed it, or the token was altered.
    #[error(
        "the token's signature does not match the project secret (forged, altered, or the wrong secret)"
    )]
    BadSignature,
    /// The signed claims are not the JSON expected (`id` and `exp`).
    #[error("the token's claims are not valid: {reason}")]
    TokenClaims {
        /// What was wrong.
        reason: String,
    },
    /// The token has expired.
    #[error("the token expired at {expired_at} (it is now {now})")]
    Expired {
        /// The token's `exp`.
        expired_at: OffsetDateTime,
        /// The time checked against.
        now: OffsetDateTime,
    },
    /// The token was issued for another invoice than the postback names.
    #[error("the token is for invoice `{token_id}`, but the postback is about {invoice_id}")]
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
