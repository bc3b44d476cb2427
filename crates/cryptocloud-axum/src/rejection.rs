//! Why a postback was not let through, and the answer CryptoCloud gets.

use std::error::Error as StdError;
use std::fmt;

use axum_core::response::{IntoResponse, Response};
use cryptocloud_types::postback::{PostbackError, PostbackErrorKind};
use http::{HeaderValue, StatusCode, header};

/// Why [`CryptoCloudPostback`](crate::CryptoCloudPostback) refused a request. As a response it is
/// the status below and one line of `text/plain` saying why; it never repeats the token (nor,
/// having never seen it, the secret).
///
/// | refusal | status |
/// |---|---|
/// | [`TooLarge`](Self::TooLarge) | `413 Payload Too Large` |
/// | [`Unreadable`](Self::Unreadable), or [`Refused`](Self::Refused) as [`PostbackErrorKind::Malformed`] | `400 Bad Request` |
/// | [`Refused`](Self::Refused) as [`PostbackErrorKind::Forged`] | `401 Unauthorized` |
/// | [`Refused`](Self::Refused) as [`PostbackErrorKind::Expired`] | `410 Gone` |
/// | [`Replayed`](Self::Replayed) (with the replay cache on) | `200 OK`: it was taken before |
///
/// To log refusals, take `Result<CryptoCloudPostback, PostbackRejection>` in your handler.
#[derive(Debug)]
#[non_exhaustive]
pub enum PostbackRejection {
    /// The body is longer than the receiver's cap.
    TooLarge {
        /// The cap, in bytes.
        max: usize,
    },
    /// The body could not be read to its end (the connection failed mid-body).
    Unreadable(axum_core::Error),
    /// The body was read but is not a genuine, fresh postback.
    Refused(PostbackError),
    /// Genuine, but its token was let through before
    /// ([`PostbackReceiver::with_replay_cache`](crate::PostbackReceiver::with_replay_cache)):
    /// answered `200 OK`, since the first delivery is (or was) handled, and CryptoCloud need not
    /// send it again.
    Replayed,
}

impl PostbackRejection {
    /// The HTTP status answered: 413, 400, 401 or 410, or 200 for a replay.
    pub fn status(&self) -> StatusCode {
        match self {
            PostbackRejection::Replayed => StatusCode::OK,
            PostbackRejection::TooLarge { .. }
            | PostbackRejection::Refused(PostbackError::BodyTooLarge { .. }) => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            PostbackRejection::Unreadable(_) => StatusCode::BAD_REQUEST,
            PostbackRejection::Refused(error) => match error.kind() {
                PostbackErrorKind::Malformed => StatusCode::BAD_REQUEST,
                PostbackErrorKind::Forged => StatusCode::UNAUTHORIZED,
                PostbackErrorKind::Expired => StatusCode::GONE,
            },
        }
    }

    /// The verifier's refusal, if the body got that far.
    pub fn postback_error(&self) -> Option<&PostbackError> {
        match self {
            PostbackRejection::Refused(error) => Some(error),
            _ => None,
        }
    }
}

impl fmt::Display for PostbackRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PostbackRejection::TooLarge { max } => write!(
                f,
                "postback refused (too large): the body is longer than the {max} bytes accepted"
            ),
            PostbackRejection::Unreadable(_) => {
                f.write_str("postback refused (malformed): the body could not be read")
            }
            PostbackRejection::Replayed => f.write_str(
                "postback already received (replayed): its token was taken before, nothing done",
            ),
            PostbackRejection::Refused(error) => {
                // One line, whatever a JSON reader's message quoted from the body.
                let reason = error.to_string().replace(['\r', '\n'], " ");
                write!(f, "postback refused ({}): {reason}", error.kind().as_str())
            }
        }
    }
}

impl StdError for PostbackRejection {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            PostbackRejection::TooLarge { .. } | PostbackRejection::Replayed => None,
            PostbackRejection::Unreadable(error) => Some(error),
            PostbackRejection::Refused(error) => Some(error),
        }
    }
}

impl IntoResponse for PostbackRejection {
    fn into_response(self) -> Response {
        let mut response = format!("{self}\n").into_response();
        *response.status_mut() = self.status();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        response
    }
}
