//! Reading an answer's body without ever holding more than the cap: `Content-Length` is checked
//! before reading, and the stream is counted as it arrives.

use bytes::{Bytes, BytesMut};
use http::HeaderMap;
use http::header::CONTENT_LENGTH;
use http_body_util::BodyExt;
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
pub(crate) async fn read_capped(
    headers: &HeaderMap,
    mut body: Incoming,
    cap: usize,
) -> Result<Bytes, BodyError> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > cap as u64) {
        return Err(BodyError::TooLarge);
    }
    let initial = declared
        .map_or(0, |length| usize::try_from(length).unwrap_or(cap))
        .min(cap);
    let mut buffer = BytesMut::with_capacity(initial);
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(BodyError::Broken)?;
        let Ok(chunk) = frame.into_data() else {
            continue; // trailers
        };
        if buffer.len() + chunk.len() > cap {
            return Err(BodyError::TooLarge);
        }
        // Grow at most to the cap, never past it.
        if buffer.capacity() - buffer.len() < chunk.len() {
            let wanted = (buffer.len() * 2).max(buffer.len() + chunk.len()).min(cap);
            buffer.reserve(wanted - buffer.len());
        }
        buffer.extend_from_slice(&chunk);
    }
    Ok(buffer.freeze())
}
