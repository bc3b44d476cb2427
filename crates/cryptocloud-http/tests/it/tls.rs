//! TLS: a self-signed certificate trusted through a custom root store negotiates HTTP/2; the same
//! server is refused, without retry, when its certificate is not trusted; a TLS failure after the
//! request went out says it may have been sent.

use std::sync::Arc;

use cryptocloud_http::*;
use cryptocloud_types::*;
use http::Version;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use crate::server::{API_KEY, Reply, Seen, TestServer, fast_retries};

pub(crate) fn self_signed() -> (CertificateDer<'static>, TlsAcceptor) {
    self_signed_for(&[b"h2", b"http/1.1"])
}

/// A self-signed certificate for 127.0.0.1 and a server config offering `alpn`.
fn self_signed_for(alpn: &[&[u8]]) -> (CertificateDer<'static>, TlsAcceptor) {
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
    config.alpn_protocols = alpn.iter().map(|protocol| protocol.to_vec()).collect();
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

#[tokio::test]
async fn a_tls_failure_after_the_request_was_written_may_have_been_sent() {
    // Completes the handshake, reads the whole HTTP/1.1 request, then answers with an
    // application-data record no key can open.
    let (cert, acceptor) = self_signed_for(&[b"http/1.1"]);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let mut tls = acceptor.accept(tcp).await.unwrap();
        let mut request = Vec::new();
        let mut buffer = [0; 4096];
        while !is_complete(&request) {
            let read = tls.read(&mut buffer).await.unwrap();
            assert!(
                read > 0,
                "the client closed before its request was complete"
            );
            request.extend_from_slice(&buffer[..read]);
        }
        let (tcp, _) = tls.get_mut();
        let mut corrupt = vec![0x17, 0x03, 0x03, 0x00, 0x20];
        corrupt.extend_from_slice(&[0xA5; 0x20]);
        tcp.write_all(&corrupt).await.unwrap();
        tcp.flush().await.unwrap();
        // Keeps the connection open: the record alone must fail the call.
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        String::from_utf8_lossy(&request).into_owned()
    });
    let client = Client::builder(ApiKey::new(API_KEY).unwrap())
        .withdrawal_key(ApiKey::new(crate::server::WITHDRAWAL_KEY).unwrap())
        .base_url(format!("https://{address}"))
        .root_certificates([Certificate::from_der(cert.to_vec())])
        .retry(fast_retries())
        .build()
        .unwrap();
    let withdrawal =
        CreateWithdrawal::new(CryptoCurrency::Eth, "0xabc", "1".parse().unwrap()).unwrap();
    let error = client.withdraw(withdrawal).await.unwrap_err();
    assert!(
        error.may_have_been_sent(),
        "the server had the whole request: {error:?}"
    );
    assert!(matches!(error.kind(), ErrorKind::Transport), "{error:?}");
    assert!(!error.is_tls(), "TLS itself was up: {error:?}");
    assert_eq!(error.attempts(), 1, "a withdrawal is never sent twice");
    let mut source = std::error::Error::source(&error);
    let mut chain = Vec::new();
    while let Some(cause) = source {
        chain.push(cause.to_string());
        source = cause.source();
    }
    assert!(!chain.is_empty(), "the TLS failure is kept as the cause");
    server.abort();
}

/// Whether `request` holds a whole HTTP/1.1 request: its head and `Content-Length` bytes of body.
fn is_complete(request: &[u8]) -> bool {
    let Some(end) = request.windows(4).position(|window| window == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .map_or(0, |value| value.trim().parse().unwrap());
    request.len() >= end + 4 + length
}
