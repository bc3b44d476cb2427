//! Sending a postback to the merchant's URL, with a deadline.

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, Method, Request};
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// Why a postback was not delivered.
pub(crate) type DeliveryError = Box<dyn std::error::Error + Send + Sync>;

pub(crate) struct PostbackSender {
    http: Client<HttpConnector, Full<Bytes>>,
    timeout: Duration,
}

impl PostbackSender {
    pub(crate) fn new(timeout: Duration) -> PostbackSender {
        PostbackSender {
            http: Client::builder(TokioExecutor::new()).build_http(),
            timeout,
        }
    }

    /// POSTs `body` to `url`; the status the receiver answered.
    pub(crate) async fn send(
        &self,
        url: &str,
        content_type: &'static str,
        body: Vec<u8>,
    ) -> Result<u16, DeliveryError> {
        let mut request = Request::new(Full::new(Bytes::from(body)));
        *request.method_mut() = Method::POST;
        *request.uri_mut() = url.parse()?;
        request.headers_mut().insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static(content_type),
        );
        let response = tokio::time::timeout(self.timeout, self.http.request(request))
            .await
            .map_err(|_| format!("no answer within {:?}", self.timeout))??;
        Ok(response.status().as_u16())
    }
}
