//! The HTTP stack: hyper-util's pooled client over hyper-rustls (HTTP/2 and HTTP/1.1 by ALPN),
//! rustls with the ring provider passed explicitly, a connect timeout over the whole setup, and a
//! proxy's CONNECT tunnel when there is one.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client as PooledClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::proxy::matcher::Intercept;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use rustls::{ClientConfig, RootCertStore};

use crate::bounded::Bounded;
use crate::error::Error;
use crate::tls::Certificate;
use crate::tunnel::Connector;

/// The longest an idle connection is kept: longer would overflow the pool's timer (an
/// `Instant` plus `Duration::MAX` panics), and any server closes one long before.
const MAX_POOL_IDLE: Duration = Duration::from_secs(24 * 60 * 60);

/// The pooled HTTP client every call goes through.
pub(crate) type Http = PooledClient<Bounded<HttpsConnector<Connector>>, Full<Bytes>>;

/// What the transport needs of the builder's settings.
#[derive(Clone, Debug)]
pub(crate) struct Connections {
    /// Bounds the whole setup: TCP, a proxy's tunnel, TLS.
    pub(crate) connect_timeout: Duration,
    pub(crate) pool_idle_timeout: Duration,
    pub(crate) pool_max_idle_per_host: usize,
}

pub(crate) fn build(
    settings: &Connections,
    roots: RootCertStore,
    proxy: Option<&Intercept>,
) -> Result<Http, Error> {
    // The provider is given to this config alone: nothing process-wide is installed, so this
    // crate cannot clash with another crate's choice of crypto provider.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| Error::invalid_because("the TLS configuration was refused", error))?
        .with_root_certificates(Arc::new(roots))
        .with_no_client_auth();

    let mut tcp = HttpConnector::new();
    tcp.enforce_http(false);
    tcp.set_nodelay(true);
    // Bounds TCP alone; `Bounded` below bounds the whole setup (proxy tunnel and TLS too).
    tcp.set_connect_timeout(Some(settings.connect_timeout));

    // `https_or_http` only lets the connector speak plain http at all; the builder has already
    // refused any http:// base URL that is not loopback.
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(tls)
        .https_or_http()
        .enable_http1()
        .enable_http2()
        .wrap_connector(Connector::new(tcp, proxy));

    Ok(PooledClient::builder(TokioExecutor::new())
        .pool_idle_timeout(settings.pool_idle_timeout.min(MAX_POOL_IDLE))
        .pool_max_idle_per_host(settings.pool_max_idle_per_host)
        .pool_timer(TokioTimer::new())
        .timer(TokioTimer::new())
        .build(Bounded::new(https, settings.connect_timeout)))
}

/// A store of exactly `certificates`; an error names the first that is refused.
pub(crate) fn root_store(certificates: &[Certificate]) -> Result<RootCertStore, Error> {
    let mut roots = RootCertStore::empty();
    for (index, certificate) in certificates.iter().enumerate() {
        roots.add(certificate.der().clone()).map_err(|error| {
            Error::invalid_because(
                format!("root certificate {} is not usable", index + 1),
                error,
            )
        })?;
    }
    if roots.is_empty() {
        return Err(Error::invalid(
            "root_certificates was given no certificate: nothing could be trusted",
        ));
    }
    Ok(roots)
}

/// The root certificates trusted when none are given.
#[cfg(not(feature = "native-roots"))]
pub(crate) fn default_roots() -> Result<RootCertStore, Error> {
    Ok(RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    })
}

/// The root certificates trusted when none are given: the operating system's.
#[cfg(feature = "native-roots")]
pub(crate) fn default_roots() -> Result<RootCertStore, Error> {
    let found = rustls_native_certs::load_native_certs();
    let mut roots = RootCertStore::empty();
    let (added, _ignored) = roots.add_parsable_certificates(found.certs);
    if added == 0 {
        let detail = found
            .errors
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        return Err(Error::invalid(format!(
            "no usable root certificates found on this system {detail}"
        )));
    }
    Ok(roots)
}
