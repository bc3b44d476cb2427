//! TLS: a self-signed certificate trusted through a custom root store negotiates HTTP/2; the same
//! server is refused, without retry, when its certificate is not trusted.

use std::sync::Arc;

use cryptocloud_http::*;
use cryptocloud_types::*;
use http::Version;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::TlsAcceptor;

use crate::server::{API_KEY, Reply, Seen, TestServer, fast_retries};

pub(crate) fn self_signed() -> (CertificateDer<'static>, TlsAcceptor) {
    let certified = rcgen::generate_simple_self_signed(vec![
        String::from("127.0.0.1"),
        String::from("localhost"),
    ])
    .unwrap();
    let cert = certified.cert.der().clone();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.clone()], key)
        .unwrap();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    (cert, TlsAcceptor::from(Arc::new(config)))
}

#[tokio::test]
async fn a_trusted_certificate_negotiates_http2() {
    let (cert, acceptor) = self_signed();
    let server = TestServer::start_tls(acceptor, |_: &Seen| Reply::success("[]")).await;
    let client = Client::builder(ApiKey::new(API_KEY).unwrap())
        .base_url(&server.url)
        .root_certificates([Certificate::from_der(cert.to_vec())])
        .build()
        .unwrap();
    for _ in 0..5 {
        assert!(client.balance().await.unwrap().is_empty());
    }
    let versions: Vec<Version> = server.requests().iter().map(|seen| seen.version).collect();
    assert_eq!(versions, [Version::HTTP_2; 5]);
    assert_eq!(
        server.connection_count(),
        1,
        "one HTTP/2 connection served every call"
    );
}

#[tokio::test]
async fn an_untrusted_certificate_fails_without_retry() {
    let (_, acceptor) = self_signed();
    let server = TestServer::start_tls(acceptor, |_: &Seen| Reply::success("[]")).await;
    let client = Client::builder(ApiKey::new(API_KEY).unwrap())
        .base_url(&server.url)
        .retry(fast_retries())
        .build()
        .unwrap();
    let error = client.balance().await.unwrap_err();
    assert!(error.is_tls(), "{error:?}");
    assert_eq!(error.attempts(), 1);
    assert!(!error.may_have_been_sent());
    assert_eq!(server.request_count(), 0);
    assert_eq!(server.connection_count(), 1);
}

#[tokio::test]
async fn connect_timeout_covers_a_stalled_tls_handshake() {
    // Accepts TCP, then never answers the ClientHello.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket);
        }
    });
    let (cert, _) = self_signed();
    let client = Client::builder(ApiKey::new(API_KEY).unwrap())
        .base_url(format!("https://{address}"))
        .root_certificates([Certificate::from_der(cert.to_vec())])
        .connect_timeout(std::time::Duration::from_millis(300))
        .attempt_timeout(std::time::Duration::from_secs(20))
        .timeout(std::time::Duration::from_secs(20))
        .retry(RetryPolicy::NONE)
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let error = client.balance().await.unwrap_err();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "bounded by the connect timeout, not the attempt's: {:?}",
        started.elapsed()
    );
    assert!(error.is_connect(), "{error:?}");
    assert!(
        !error.may_have_been_sent(),
        "TLS never finished: nothing was sent"
    );
    held.abort();
}
