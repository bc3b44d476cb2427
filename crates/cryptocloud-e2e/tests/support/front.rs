//! A scripted network in front of the local server, on 127.0.0.1: it forwards every request, and
//! where a test scripted a fault for a path it answers 502 itself, or forwards the request and
//! then drops the connection without an answer (the answer lost on the way back), or rewrites the
//! `all_count` of list answers. It reads and writes JSON with serde_json's `Value`, never with the
//! SDK's types, and records when each request arrived.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::client::legacy::Client as Forwarder;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};

/// What the front does to the next request of a path.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Fault {
    /// Answers this status with an HTML page, without forwarding.
    Status(u16),
    /// Forwards, waits for the server's answer, then drops the connection.
    LoseAnswer,
}

#[derive(Default)]
struct Script {
    faults: HashMap<String, VecDeque<Fault>>,
    arrivals: HashMap<String, Vec<Instant>>,
    lying_all_count: Option<u64>,
}

/// The front; it stops with the test's runtime.
pub(crate) struct Front {
    address: SocketAddr,
    script: Arc<Mutex<Script>>,
}

impl Front {
    /// A front forwarding to `upstream` (a base URL such as `http://127.0.0.1:4000`).
    pub(crate) async fn start(upstream: String) -> Front {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let script = Arc::new(Mutex::new(Script::default()));
        let forwarder: Forwarder<HttpConnector, Full<Bytes>> =
            Forwarder::builder(TokioExecutor::new()).build_http();
        let shared = script.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (script, forwarder, upstream) =
                    (shared.clone(), forwarder.clone(), upstream.clone());
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        handle(request, script.clone(), forwarder.clone(), upstream.clone())
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Front { address, script }
    }

    /// The base URL to give a client.
    pub(crate) fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Does `fault` to the next request of `path`.
    pub(crate) fn next(&self, path: &str, fault: Fault) {
        let mut script = self.script.lock().unwrap();
        script
            .faults
            .entry(path.to_owned())
            .or_default()
            .push_back(fault);
    }

    /// Writes `all_count` as this into every list answer.
    pub(crate) fn lie_about_all_count(&self, all_count: u64) {
        self.script.lock().unwrap().lying_all_count = Some(all_count);
    }

    /// When each request of `path` arrived.
    pub(crate) fn arrivals(&self, path: &str) -> Vec<Instant> {
        let script = self.script.lock().unwrap();
        script.arrivals.get(path).cloned().unwrap_or_default()
    }
}

/// A failed exchange: hyper closes the connection without an answer.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the answer was lost")
    }
}

impl std::error::Error for Dropped {}

async fn handle(
    request: Request<Incoming>,
    script: Arc<Mutex<Script>>,
    forwarder: Forwarder<HttpConnector, Full<Bytes>>,
    upstream: String,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let path = request.uri().path().to_owned();
    let (fault, lie) = {
        let mut script = script.lock().unwrap();
        script
            .arrivals
            .entry(path.clone())
            .or_default()
            .push(Instant::now());
        let fault = script.faults.get_mut(&path).and_then(VecDeque::pop_front);
        (fault, script.lying_all_count)
    };
    if let Some(Fault::Status(status)) = fault {
        let page = Bytes::from_static(b"<html><body>502 Bad Gateway</body></html>");
        let mut answer = Response::new(Full::new(page));
        *answer.status_mut() = hyper::StatusCode::from_u16(status).unwrap();
        return Ok(answer);
    }
    let (parts, body) = request.into_parts();
    let body = body.collect().await.map_err(|_| Dropped)?.to_bytes();
    let mut forwarded = Request::new(Full::new(body));
    *forwarded.method_mut() = parts.method;
    *forwarded.headers_mut() = parts.headers;
    // As nginx's proxy_pass does: the upstream's own name, which the local server insists on.
    forwarded.headers_mut().remove(hyper::header::HOST);
    *forwarded.uri_mut() = format!("{upstream}{}", parts.uri).parse().unwrap();
    // The server serves only its own loopback host: the request goes on as a proxy sends it.
    let host = upstream.trim_start_matches("http://");
    forwarded
        .headers_mut()
        .insert(hyper::header::HOST, host.parse().unwrap());
    let answer = forwarder.request(forwarded).await.map_err(|_| Dropped)?;
    let (parts, body) = answer.into_parts();
    let mut body = body.collect().await.map_err(|_| Dropped)?.to_bytes();
    if let Some(Fault::LoseAnswer) = fault {
        return Err(Dropped);
    }
    if let (Some(all_count), true) = (lie, path.ends_with("/merchant/list")) {
        let mut json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        json["all_count"] = all_count.into();
        body = Bytes::from(serde_json::to_vec(&json).unwrap());
    }
    let mut answer = Response::new(Full::new(body));
    *answer.status_mut() = parts.status;
    let headers = answer.headers_mut();
    for (name, value) in &parts.headers {
        if name != hyper::header::CONTENT_LENGTH && name != hyper::header::TRANSFER_ENCODING {
            headers.insert(name, value.clone());
        }
    }
    Ok(answer)
}
