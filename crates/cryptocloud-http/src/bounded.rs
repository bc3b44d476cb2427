//! The connect timeout over everything it takes to get a usable connection: TCP, a proxy's
//! CONNECT tunnel and the TLS handshake, not TCP alone. A server that accepts and then stalls the
//! handshake fails as a connection failure (nothing was sent), not as a slow attempt.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use http::Uri;
use tower_service::Service;

type BoxError = Box<dyn StdError + Send + Sync>;

/// A connector whose connections must be ready within `timeout`.
#[derive(Clone, Debug)]
pub(crate) struct Bounded<C> {
    inner: C,
    timeout: Duration,
}

impl<C> Bounded<C> {
    pub(crate) fn new(inner: C, timeout: Duration) -> Bounded<C> {
        Bounded { inner, timeout }
    }
}

/// The connection was not ready in time.
#[derive(Debug)]
pub(crate) struct ConnectTimedOut(Duration);

impl fmt::Display for ConnectTimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the connection (TCP, proxy and TLS) was not ready within {:?}",
            self.0
        )
    }
}

impl StdError for ConnectTimedOut {}

impl<C> Service<Uri> for Bounded<C>
where
    C: Service<Uri>,
    C::Error: Into<BoxError>,
    C::Future: Send + 'static,
{
    type Response = C::Response;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<C::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let timeout = self.timeout;
        let connecting = self.inner.call(uri);
        Box::pin(async move {
            match tokio::time::timeout(timeout, connecting).await {
                Ok(connected) => connected.map_err(Into::into),
                Err(_) => Err(ConnectTimedOut(timeout).into()),
            }
        })
    }
}
