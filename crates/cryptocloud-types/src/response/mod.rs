//! Turns an HTTP status and body into the typed result or a typed error, covering every envelope
//! the API is known to send. Success means HTTP 2xx **and** `"status": "success"`.

mod api_error;
mod drifted;
mod envelope;

use alloc::boxed::Box;

use core::marker::PhantomData;

use serde::de::{self, DeserializeSeed};

pub use api_error::{ApiError, ApiErrorKind, BodySnippet};
pub use drifted::DriftedAnswer;
use envelope::{Envelope, EnvelopeResult, PayloadSeed, classify};

use crate::operation::{FromPayload, Operation, ResponseMeta};

/// Decodes the answer to `O`.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{ApiErrorKind, CancelInvoice, ResponseError, decode_response};
///
/// let ok = decode_response::<CancelInvoice>(200, br#"{"status":"success","result":["ok"]}"#)?;
/// assert!(ok.is_ok());
///
/// let again = br#"{"status":"error","result":{"validate_error":"Invoice is not created"}}"#;
/// let Err(ResponseError::Api(error)) = decode_response::<CancelInvoice>(400, again) else { panic!() };
/// assert_eq!(error.status(), 400);
/// assert_eq!(error.kind(), &ApiErrorKind::Validation("Invoice is not created".into()));
/// # Ok::<(), ResponseError>(())
/// ```
pub fn decode_response<O: Operation>(status: u16, body: &[u8]) -> Result<O::Output, ResponseError> {
    let body = body.strip_prefix(BYTE_ORDER_MARK).unwrap_or(body);
    let is_success_status = (200..300).contains(&status);
    // A success answer to a call that cannot be repeated went through whatever its body says.
    let unreadable = |source: serde_json::Error| {
        if is_success_status && !O::ROUTE.is_safe_to_retry() {
            ResponseError::Drifted(Box::new(DriftedAnswer::new(status, body, source)))
        } else {
            ResponseError::Decode {
                status,
                source,
                body: BodySnippet::new(body),
            }
        }
    };
    // Checked once here, the body's strings and raw values need no check of their own.
    let payload = || PayloadSeed::<O> {
        body_len: body.len(),
        operation: PhantomData,
    };
    let parsed = core::str::from_utf8(body)
        .map_err(de::Error::custom)
        .and_then(|text| {
            let mut json = serde_json::Deserializer::from_str(text);
            let envelope = Envelope::read(&mut json, payload())?;
            json.end().map(|()| envelope)
        });
    let envelope = match parsed {
        Ok(envelope) => envelope,
        Err(source) if is_success_status => return Err(unreadable(source)),
        Err(_) => return Err(ApiError::new(status, ApiErrorKind::NotJson, body).into()),
    };
    let meta = ResponseMeta {
        all_count: envelope.all_count,
    };
    let said_success = envelope.status.as_deref() == Some("success");
    match envelope.result {
        EnvelopeResult::Success(payload) if is_success_status => {
            Ok(O::Output::from_payload(payload, meta))
        }
        EnvelopeResult::Undecided(raw) if is_success_status && said_success => {
            let mut json = serde_json::Deserializer::from_str(raw.as_str());
            payload()
                .deserialize(&mut json)
                .and_then(|payload| json.end().map(|()| payload))
                .map(|payload| O::Output::from_payload(payload, meta))
                .map_err(unreadable)
        }
        EnvelopeResult::Missing if is_success_status && said_success => {
            Err(unreadable(de::Error::missing_field("result")))
        }
        result => Err(ApiError::new(
            status,
            classify(result, envelope.detail, envelope.other),
            body,
        )
        .into()),
    }
}

/// A UTF-8 byte-order mark, which some proxies put before a JSON body.
const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// Why a call did not produce its result.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseError {
    /// The API answered with an error.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The API said success but the body is not the shape this crate expects.
    #[error("the HTTP {status} answer is not the expected JSON")]
    Decode {
        /// HTTP status.
        status: u16,
        /// What did not fit, with line and column.
        #[source]
        source: serde_json::Error,
        /// The start of the body.
        body: BodySnippet,
    },
    /// A success answer to a call that must not be repeated (creating an invoice or a static
    /// wallet, a withdrawal) whose body does not fit this crate's types. **The call went
    /// through**: never send it again; [`DriftedAnswer`] holds what could be read.
    #[error(transparent)]
    Drifted(Box<DriftedAnswer>),
}

impl ResponseError {
    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        match self {
            ResponseError::Api(error) => error.status(),
            ResponseError::Decode { status, .. } => *status,
            ResponseError::Drifted(answer) => answer.status(),
        }
    }

    /// The start of the answer's body.
    pub fn body(&self) -> &BodySnippet {
        match self {
            ResponseError::Api(error) => error.body(),
            ResponseError::Decode { body, .. } => body,
            ResponseError::Drifted(answer) => answer.body(),
        }
    }

    /// Whether the call certainly took effect although its answer could not be read
    /// ([`Drifted`](Self::Drifted)): repeating it would repeat the payment, wallet or withdrawal.
    pub fn went_through(&self) -> bool {
        matches!(self, ResponseError::Drifted(_))
    }
}
