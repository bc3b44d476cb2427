//! A real hyper server on 127.0.0.1 that records every request and answers from a handler.

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use cryptocloud_http::{Client, ClientBuilder, RetryPolicy};
use cryptocloud_types::ApiKey;
use futures_util::stream;
use http::{HeaderMap, Request, Response, StatusCode, Version};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

pub(crate) const API_KEY: &str = "test-api-key-0123456789-SECRET";
pub(crate) const WITHDRAWAL_KEY: &str = "test-withdrawal-key-9876543210-SECRET";

/// A request as the server saw it.
#[derive(Clone, Debug)]
pub(crate) struct Seen {
    pub(crate) path: String,
    pub(crate) method: http::Method,
    pub(crate) headers: HeaderMap,
    pub(crate) body: String,
    pub(crate) version: Version,
}

/// What the server answers.
pub(crate) enum Reply {
    /// A JSON (or any) body with a status.
    Body(u16, &'static str, String),
    /// A reply with extra headers.
    WithHeaders(u16, Vec<(&'static str, String)>, String),
    /// Waits before sending anything.
    Delayed(Duration, Box<Reply>),
    /// Sends headers and the first bytes, then stalls for the duration before the rest.
    StallBody(Duration),
}

impl Reply {
    pub(crate) fn json(status: u16, body: impl Into<String>) -> Reply {
        Reply::Body(status, "application/json", body.into())
    }

    pub(crate) fn success(result: &str) -> Reply {
        Reply::json(200, format!(r#"{{"status":"success","result":{result}}}"#))
    }
}

type Handler = Arc<dyn Fn(&Seen) -> Reply + Send + Sync>;

pub(crate) struct TestServer {
    pub(crate) url: String,
    requests: Arc<Mutex<Vec<Seen>>>,
    connections: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl TestServer {
    pub(crate) async fn start(
        handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static,
    ) -> TestServer {
        Self::start_inner(Arc::new(handler), None).await
    }

    pub(crate) async fn start_tls(
        acceptor: TlsAcceptor,
        handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static,
    ) -> TestServer {
        Self::start_inner(Arc::new(handler), Some(acceptor)).await
    }

    async fn start_inner(handler: Handler, tls: Option<TlsAcceptor>) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let scheme = if tls.is_some() { "https" } else { "http" };
        let requests = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let task = tokio::spawn({
            let requests = Arc::clone(&requests);
            let connections = Arc::clone(&connections);
            async move {
                loop {
                    let Ok((tcp, _)) = listener.accept().await else {
                        return;
                    };
                    connections.fetch_add(1, Ordering::SeqCst);
                    let handler = Arc::clone(&handler);
                    let requests = Arc::clone(&requests);
                    let tls = tls.clone();
                    tokio::spawn(async move {
                        let service = service_fn(move |request| {
                            let handler = Arc::clone(&handler);
                            let requests = Arc::clone(&requests);
                            async move {
                                Ok::<_, Infallible>(answer(request, &handler, &requests).await)
                            }
                        });
                        let builder = auto::Builder::new(TokioExecutor::new());
                        match tls {
                            Some(acceptor) => {
                                let Ok(stream) = acceptor.accept(tcp).await else {
                                    return;
                                };
                                let _ = builder
                                    .serve_connection(TokioIo::new(stream), service)
                                    .await;
                            }
                            None => {
                                let _ = builder.serve_connection(TokioIo::new(tcp), service).await;
                            }
                        }
                    });
                }
            }
        });
        TestServer {
            url: format!("{scheme}://127.0.0.1:{port}"),
            requests,
            connections,
            task,
        }
    }

    pub(crate) fn requests(&self) -> Vec<Seen> {
        self.requests.lock().unwrap().clone()
    }

    pub(crate) fn request_count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }

    pub(crate) fn connection_count(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// A client for this server: fast retries, short timeouts.
    pub(crate) fn client(&self) -> ClientBuilder {
        Client::builder(ApiKey::new(API_KEY).unwrap())
            .withdrawal_key(ApiKey::new(WITHDRAWAL_KEY).unwrap())
            .base_url(&self.url)
            .allow_http_loopback(true)
            .retry(fast_retries())
            .attempt_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(20))
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub(crate) fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        max_retry_after: Duration::from_secs(5),
    }
}

async fn answer(
    request: Request<Incoming>,
    handler: &Handler,
    requests: &Mutex<Vec<Seen>>,
) -> Response<BoxBody<Bytes, Infallible>> {
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map(|collected| collected.to_bytes())
        .unwrap_or_default();
    let seen = Seen {
        path: parts
            .uri
            .path_and_query()
            .map(ToString::to_string)
            .unwrap_or_default(),
        method: parts.method,
        headers: parts.headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        version: parts.version,
    };
    requests.lock().unwrap().push(seen.clone());
    let mut reply = handler(&seen);
    while let Reply::Delayed(wait, inner) = reply {
        tokio::time::sleep(wait).await;
        reply = *inner;
    }
    match reply {
        Reply::Body(status, content_type, body) => {
            build(status, &[("content-type", content_type.to_owned())], body)
        }
        Reply::WithHeaders(status, headers, body) => build(status, &headers, body),
        Reply::StallBody(stall) => {
            let chunks = stream::unfold(0, move |step| async move {
                match step {
                    0 => Some((
                        Ok::<_, Infallible>(Frame::data(Bytes::from_static(b"{\"status\":"))),
                        1,
                    )),
                    1 => {
                        tokio::time::sleep(stall).await;
                        Some((
                            Ok(Frame::data(Bytes::from_static(
                                b"\"success\",\"result\":[]}",
                            ))),
                            2,
                        ))
                    }
                    _ => None,
                }
            });
            Response::new(BoxBody::new(StreamBody::new(chunks)))
        }
        Reply::Delayed(..) => unreachable!("unwrapped above"),
    }
}

fn build(
    status: u16,
    headers: &[(&'static str, String)],
    body: String,
) -> Response<BoxBody<Bytes, Infallible>> {
    let mut response = Response::new(BoxBody::new(Full::new(Bytes::from(body))));
    *response.status_mut() = StatusCode::from_u16(status).unwrap();
    for (name, value) in headers {
        response.headers_mut().insert(*name, value.parse().unwrap());
    }
    response
}
