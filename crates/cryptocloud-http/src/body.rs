//! Reading an answer's body without ever holding more than the cap: `Content-Length` is checked
//! before reading, and the stream is counted as it arrives.

use bytes::Bytes;
use http::HeaderMap;
use http::header::CONTENT_LENGTH;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;

/// Why a body could not be read.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// Larger than the cap (said by `Content-Length` or found while reading).
    TooLarge,
    /// The connection broke mid-body (reset, or closed before `Content-Length` bytes arrived).
    Broken(hyper::Error),
}

/// The whole body, if it fits in `cap` bytes.
///
/// The pieces hyper hands over (slices of its read buffer) are kept as they are and joined once,
/// at the end, into one buffer of the body's length; a body that came in one piece, as a page
/// does when the whole answer is already waiting on the socket, is handed over without a copy.
pub(crate) async fn read_capped(
    headers: &HeaderMap,
    body: Incoming,
    cap: usize,
) -> Result<Bytes, BodyError> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > cap as u64) {
        return Err(BodyError::TooLarge);
    }
    match Limited::new(body, cap).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        // `Limited` fails with hyper's error, or with its own when the cap is passed.
        Err(error) => match error.downcast::<hyper::Error>() {
            Ok(broken) => Err(BodyError::Broken(*broken)),
            Err(_) => Err(BodyError::TooLarge),
        },
    }
}
