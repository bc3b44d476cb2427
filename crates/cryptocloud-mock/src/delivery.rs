//! The HTTP client postbacks are sent with.

use bytes::Bytes;
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

pub(crate) struct PostbackSender {
    pub(crate) http: Client<HttpConnector, Full<Bytes>>,
}

impl PostbackSender {
    pub(crate) fn new() -> PostbackSender {
        PostbackSender {
            http: Client::builder(TokioExecutor::new()).build_http(),
        }
    }
}
