//! Proxies: a CONNECT proxy written here, in front of the TLS test server, carries the calls when
//! the builder names it, sees the host and port and the proxy credentials but never the traffic,
//! and is bypassed by `no_proxy()`. A proxy that refuses the tunnel is a connect error, one that
//! asks for credentials its own error, neither showing the credentials. (Which proxy the environment selects is tested in `src/proxy.rs`,
//! since tests running in parallel must not change the process environment.)

use std::sync::{Arc, Mutex};

use cryptocloud_http::*;
use cryptocloud_types::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::server::{API_KEY, Reply, Seen, TestServer, fast_retries};
use crate::tls::self_signed;

/// How the proxy answers a CONNECT.
#[derive(Clone, Copy)]
enum Answer {
    /// 200, then bytes both ways.
    Tunnel,
    /// This status, then close.
    Refuse(u16),
}

/// A CONNECT proxy on 127.0.0.1 that records the head of every request it receives.
struct ConnectProxy {
    url: String,
    heads: Arc<Mutex<Vec<String>>>,
    task: JoinHandle<()>,
}

impl ConnectProxy {
    async fn start(answer: Answer) -> ConnectProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let heads = Arc::new(Mutex::new(Vec::new()));
        let task = tokio::spawn({
            let heads = Arc::clone(&heads);
            async move {
                while let Ok((client, _)) = listener.accept().await {
                    tokio::spawn(serve(client, answer, Arc::clone(&heads)));
                }
            }
        });
        ConnectProxy { url, heads, task }
    }

    fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}

impl Drop for ConnectProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut client: TcpStream, answer: Answer, heads: Arc<Mutex<Vec<String>>>) {
    let mut head = Vec::new();
    let mut buffer = [0; 1024];
    let end = loop {
        let read = client.read(&mut buffer).await.unwrap();
        assert!(
            read > 0,
            "the client closed before ending its CONNECT request"
        );
        head.extend_from_slice(&buffer[..read]);
        if let Some(at) = head.windows(4).position(|window| window == b"\r\n\r\n") {
            break at + 4;
        }
        assert!(head.len() < 8192, "a CONNECT head without an end");
    };
    let text = String::from_utf8(head[..end].to_vec()).unwrap();
    heads.lock().unwrap().push(text.clone());
    match answer {
        Answer::Refuse(status) => {
            let reply = format!("HTTP/1.1 {status} Refused\r\ncontent-length: 0\r\n\r\n");
            client.write_all(reply.as_bytes()).await.unwrap();
        }
        Answer::Tunnel => {
            let target = text.split(' ').nth(1).unwrap();
            assert!(
                target.starts_with("127.0.0.1:"),
                "tunnels only to loopback: {target}"
            );
            let mut server = TcpStream::connect(target).await.unwrap();
            client
                .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                .await
                .unwrap();
            // Bytes the client sent after its head belong to the server.
            server.write_all(&head[end..]).await.unwrap();
            let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
        }
    }
}

async fn tls_server() -> (TestServer, Certificate) {
    let (cert, acceptor) = self_signed();
    let server = TestServer::start_tls(acceptor, |_: &Seen| Reply::success("[]")).await;
    (server, Certificate::from_der(cert.to_vec()))
}

fn client_for(server: &TestServer, root: Certificate) -> ClientBuilder {
    Client::builder(ApiKey::new(API_KEY).unwrap())
        .base_url(&server.url)
        .root_certificates([root])
        .retry(fast_retries())
}

#[tokio::test]
async fn a_proxy_from_the_builder_carries_tls_calls_in_a_tunnel() {
    let (server, root) = tls_server().await;
    let proxy = ConnectProxy::start(Answer::Tunnel).await;
    let with_credentials = proxy.url.replace("http://", "http://shop:proxy-SECRET@");
    let client = client_for(&server, root)
        .proxy(with_credentials)
        .build()
        .unwrap();
    assert!(!format!("{client:?}").contains("proxy-SECRET"));

    for _ in 0..3 {
        assert!(client.balance().await.unwrap().is_empty());
    }

    let authority = server.url.trim_start_matches("https://");
    let heads = proxy.heads();
    assert_eq!(
        heads.len(),
        1,
        "one pooled connection through one tunnel: {heads:?}"
    );
    let lines: Vec<&str> = heads[0].lines().collect();
    assert_eq!(lines[0], format!("CONNECT {authority} HTTP/1.1"));
    // base64("shop:proxy-SECRET"): the credentials go to the proxy only.
    assert!(
        lines.contains(&"Proxy-Authorization: Basic c2hvcDpwcm94eS1TRUNSRVQ="),
        "{heads:?}"
    );
    // The proxy saw the head of the tunnel only; the API key travelled inside TLS.
    assert!(!heads[0].contains(API_KEY));
    assert_eq!(server.request_count(), 3);
    for seen in server.requests() {
        assert!(!seen.headers.contains_key("proxy-authorization"));
    }
}

#[tokio::test]
async fn a_plain_loopback_server_is_reached_through_an_explicit_proxy() {
    let server = TestServer::start(|_: &Seen| Reply::success("[]")).await;
    let proxy = ConnectProxy::start(Answer::Tunnel).await;
    let client = server.client().proxy(&proxy.url).build().unwrap();
    assert!(client.balance().await.unwrap().is_empty());
    let authority = server.url.trim_start_matches("http://");
    let heads = proxy.heads();
    assert_eq!(heads.len(), 1);
    assert!(
        heads[0].starts_with(&format!("CONNECT {authority} HTTP/1.1\r\n")),
        "{heads:?}"
    );
}

#[tokio::test]
async fn no_proxy_connects_directly() {
    let (server, root) = tls_server().await;
    let proxy = ConnectProxy::start(Answer::Tunnel).await;
    let client = client_for(&server, root)
        .proxy(&proxy.url)
        .no_proxy()
        .build()
        .unwrap();
    assert!(client.balance().await.unwrap().is_empty());
    assert_eq!(server.request_count(), 1);
    assert!(proxy.heads().is_empty(), "{:?}", proxy.heads());
}

#[tokio::test]
async fn a_refused_tunnel_is_a_connect_error_that_hides_the_credentials() {
    let (server, root) = tls_server().await;
    for status in [403, 502] {
        let proxy = ConnectProxy::start(Answer::Refuse(status)).await;
        let client = client_for(&server, root.clone())
            .proxy(proxy.url.replace("http://", "http://shop:proxy-SECRET@"))
            .build()
            .unwrap();
        let error = client.balance().await.unwrap_err();
        assert!(error.is_connect(), "{status}: {error:?}");
        assert!(!error.may_have_been_sent());
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("proxy-SECRET"), "{shown}");
        assert!(!shown.contains("c2hvcDpwcm94eS1TRUNSRVQ"), "{shown}");
    }
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn a_proxy_asking_for_credentials_is_named_and_not_retried() {
    let (server, root) = tls_server().await;
    let proxy = ConnectProxy::start(Answer::Refuse(407)).await;
    let client = client_for(&server, root)
        .proxy(proxy.url.replace("http://", "http://shop:proxy-SECRET@"))
        .build()
        .unwrap();
    let error = client.balance().await.unwrap_err();
    let address = proxy.url.trim_start_matches("http://");
    assert!(
        matches!(error.kind(), ErrorKind::ProxyAuthRequired { proxy } if proxy == address),
        "{error:?}"
    );
    assert!(!error.may_have_been_sent());
    assert_eq!(
        error.attempts(),
        1,
        "the same credentials would be refused again"
    );
    assert_eq!(proxy.heads().len(), 1);
    let shown = error.to_string();
    assert!(shown.contains(address), "names the proxy: {shown}");
    assert!(shown.contains("407"), "{shown}");
    assert!(
        !format!("{shown} {error:?}").contains("proxy-SECRET"),
        "{shown}"
    );
    assert_eq!(server.request_count(), 0);
}

#[test]
fn a_password_with_url_delimiters_never_shows() {
    for url in [
        "http://alice:pa#ss-SECRET@127.0.0.1:3128",
        "http://alice:pa/ss-SECRET@127.0.0.1:3128",
        "http://alice:pa?ss-SECRET@127.0.0.1:3128",
        "alice:pa#ss-SECRET@127.0.0.1:3128",
    ] {
        let builder = Client::builder(ApiKey::new(API_KEY).unwrap()).proxy(url);
        let shown = format!("{builder:?} {builder:#?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(!shown.contains("alice"), "{shown}");
        let error = builder.build().unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::InvalidRequest),
            "{url}: {error:?}"
        );
        let shown = format!("{error:?} {}", std::error::Error::source(&error).unwrap());
        assert!(shown.contains("percent-encode"), "{url}: {shown}");
        assert!(!shown.contains("SECRET"), "{url}: {shown}");
    }
}

#[tokio::test]
async fn a_percent_encoded_password_reaches_the_proxy_decoded() {
    let (server, root) = tls_server().await;
    let proxy = ConnectProxy::start(Answer::Tunnel).await;
    let client = client_for(&server, root)
        .proxy(proxy.url.replace("http://", "http://shop:pa%23ss%2F%3F@"))
        .build()
        .unwrap();
    assert!(client.balance().await.unwrap().is_empty());
    // base64("shop:pa#ss/?")
    assert!(
        proxy.heads()[0].contains("Proxy-Authorization: Basic c2hvcDpwYSNzcy8/"),
        "{:?}",
        proxy.heads()
    );
}

#[tokio::test]
async fn an_unusable_proxy_url_is_refused_by_build() {
    let error = Client::builder(ApiKey::new(API_KEY).unwrap())
        .proxy("socks5://shop:proxy-SECRET@127.0.0.1:1080")
        .build()
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::InvalidRequest),
        "{error:?}"
    );
    let shown = format!("{error:?}");
    assert!(shown.contains("socks5://***@127.0.0.1:1080"), "{shown}");
    assert!(!shown.contains("proxy-SECRET"), "{shown}");
}
