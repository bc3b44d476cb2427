//! Opening the TCP connection under TLS: straight to the host, or through a proxy's CONNECT
//! tunnel. TLS runs inside the tunnel, so the proxy sees the host name and port, never the traffic.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::Uri;
use http::uri::Scheme;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::proxy::matcher::Intercept;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tower_service::Service;

/// Connects straight to the host, or through the proxy's tunnel.
#[derive(Clone, Debug)]
pub(crate) enum Connector {
    Direct(HttpConnector),
    Tunnel {
        tunnel: Tunnel<HttpConnector>,
        /// The proxy's `host:port`, for errors (never its credentials).
        proxy: Arc<str>,
    },
}

impl Connector {
    /// Connects with `tcp`, through `proxy` if there is one.
    pub(crate) fn new(tcp: HttpConnector, proxy: Option<&Intercept>) -> Connector {
        let Some(proxy) = proxy else {
            return Connector::Direct(tcp);
        };
        let tunnel = Tunnel::new(proxy.uri().clone(), tcp);
        let tunnel = match proxy.basic_auth() {
            Some(auth) => tunnel.with_auth(auth.clone()),
            None => tunnel,
        };
        let address = proxy
            .uri()
            .authority()
            .map_or_else(String::new, |authority| authority.as_str().to_owned());
        Connector::Tunnel {
            tunnel,
            proxy: Arc::from(address),
        }
    }
}

/// The proxy answered the tunnel's CONNECT with 407: it wants credentials, or refused the ones
/// given. Trying again with the same ones cannot help.
#[derive(Debug)]
pub(crate) struct ProxyAuthRequired {
    pub(crate) proxy: Arc<str>,
}

impl fmt::Display for ProxyAuthRequired {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the proxy {} answered 407 to CONNECT", self.proxy)
    }
}

impl StdError for ProxyAuthRequired {}

type BoxError = Box<dyn StdError + Send + Sync>;
type Connecting = Pin<Box<dyn Future<Output = Result<TokioIo<TcpStream>, BoxError>> + Send>>;

impl Service<Uri> for Connector {
    type Response = TokioIo<TcpStream>;
    type Error = BoxError;
    type Future = Connecting;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        match self {
            Connector::Direct(tcp) => tcp.poll_ready(cx).map_err(Into::into),
            Connector::Tunnel { tunnel, .. } => tunnel.poll_ready(cx).map_err(Into::into),
        }
    }

    fn call(&mut self, destination: Uri) -> Connecting {
        match self {
            Connector::Direct(tcp) => {
                let connecting = tcp.call(destination);
                Box::pin(async move { connecting.await.map_err(Into::into) })
            }
            Connector::Tunnel { tunnel, proxy } => {
                let connecting = tunnel.call(with_port(destination));
                let proxy = Arc::clone(proxy);
                Box::pin(async move {
                    connecting.await.map_err(|error| -> BoxError {
                        // hyper-util's `TunnelError` is not exported, so its 407 variant is
                        // recognised by name; the proxy tests pin this.
                        if format!("{error:?}") == "ProxyAuthRequired" {
                            Box::new(ProxyAuthRequired { proxy })
                        } else {
                            error.into()
                        }
                    })
                })
            }
        }
    }
}

/// The tunnel asks for port 443 when the URI names none, which is wrong for a plain http base URL.
fn with_port(destination: Uri) -> Uri {
    if destination.port().is_some() || destination.scheme() != Some(&Scheme::HTTP) {
        return destination;
    }
    let Some(host) = destination.host() else {
        return destination;
    };
    let authority = format!("{host}:80");
    Uri::builder()
        .scheme(Scheme::HTTP)
        .authority(authority)
        .path_and_query("/")
        .build()
        .unwrap_or(destination)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_destinations_tunnel_to_port_80() {
        let uri = |s: &str| s.parse::<Uri>().unwrap();
        assert_eq!(
            with_port(uri("http://localhost/")),
            uri("http://localhost:80/")
        );
        assert_eq!(with_port(uri("http://[::1]/")), uri("http://[::1]:80/"));
        assert_eq!(
            with_port(uri("https://localhost/")),
            uri("https://localhost/")
        );
        assert_eq!(
            with_port(uri("http://localhost:8080/")),
            uri("http://localhost:8080/")
        );
    }
}
