//! The extractor: read the body up to the cap, then verify it.

use axum_core::body::Body;
use axum_core::extract::{FromRef, FromRequest, Request};
use bytes::Bytes;
use cryptocloud_types::postback::VerifiedPostback;
use http::header;
use http_body_util::{BodyExt, LengthLimitError, Limited};

use crate::{PostbackReceiver, PostbackRejection};

/// A postback whose token verified, extracted from the request body (JSON or form, whichever
/// arrived) with the [`PostbackReceiver`] in the router's state. A request that does not carry one
/// is answered with a [`PostbackRejection`] before your handler runs.
///
/// The [`VerifiedPostback`] inside proves only what the token signs (the invoice id and the
/// expiry): confirm the payment through the API before fulfilling anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CryptoCloudPostback(pub VerifiedPostback);

impl CryptoCloudPostback {
    /// The verified postback.
    pub fn into_inner(self) -> VerifiedPostback {
        self.0
    }
}

impl<S> FromRequest<S> for CryptoCloudPostback
where
    PostbackReceiver: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = PostbackRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let receiver = PostbackReceiver::from_ref(state);
        let max = receiver.max_body_bytes();
        let declared = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
        // A declared length over the cap is refused before a byte of the body is read.
        if declared.is_some_and(|len| len > u64::try_from(max).unwrap_or(u64::MAX)) {
            return Err(PostbackRejection::TooLarge { max });
        }
        let body = read_capped(request.into_body(), max).await?;
        receiver.receive(&body).map(CryptoCloudPostback)
    }
}

/// The whole body, or `TooLarge` as soon as it passes `max` bytes.
async fn read_capped(body: Body, max: usize) -> Result<Bytes, PostbackRejection> {
    match Limited::new(body, max).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.is::<LengthLimitError>() => Err(PostbackRejection::TooLarge { max }),
        Err(error) => Err(PostbackRejection::Unreadable(axum_core::Error::new(error))),
    }
}
