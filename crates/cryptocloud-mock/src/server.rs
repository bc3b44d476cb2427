//! The hyper server: accepts on 127.0.0.1, counts connections and requests, injects faults, and
//! routes API paths to `api` and `/_mock/…` paths to `control`.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use cryptocloud_types::Route;
use futures_util::stream;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderValue, Request, Response, StatusCode};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use serde::Serialize;

use crate::store::Store;
use crate::{MockConfig, api, control};

/// Everything a request handler needs.
pub(crate) struct State {
    pub(crate) config: MockConfig,
    store: Mutex<Store>,
    pub(crate) counters: Counters,
    faults: Mutex<fastrand::Rng>,
    pub(crate) postbacks: control::PostbackSender,
}

impl State {
    pub(crate) fn new(config: MockConfig, store: Store) -> State {
        let seed = config.seed;
        State {
            config,
            store: Mutex::new(store),
            counters: Counters::default(),
            faults: Mutex::new(fastrand::Rng::with_seed(seed ^ 0xfa17)),
            postbacks: control::PostbackSender::new(),
        }
    }

    /// The data, locked. A handler that panicked cannot leave it half-changed in a way that
    /// matters to a test server, so a poisoned lock is taken over.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn roll(&self, permille: u32) -> bool {
        permille > 0
            && self
                .faults
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .u32(0..1000)
                < permille
    }
}

/// Counts of what the server saw.
#[derive(Default)]
pub(crate) struct Counters {
    pub(crate) connections: AtomicU64,
    open: AtomicU64,
    max_open: AtomicU64,
    requests: AtomicU64,
    by_route: Mutex<BTreeMap<&'static str, u64>>,
}

impl Counters {
    /// A connection was accepted.
    pub(crate) fn opened(&self) {
        self.connections.fetch_add(1, Ordering::SeqCst);
        let open = self.open.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_open.fetch_max(open, Ordering::SeqCst);
    }

    /// A connection ended.
    pub(crate) fn closed(&self) {
        self.open.fetch_sub(1, Ordering::SeqCst);
    }

    fn request(&self, route: Option<Route>) {
        self.requests.fetch_add(1, Ordering::SeqCst);
        if let Some(route) = route {
            *self
                .by_route
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .entry(route.name())
                .or_default() += 1;
        }
    }

    pub(crate) fn snapshot(&self) -> MockStats {
        MockStats {
            connections: self.connections.load(Ordering::SeqCst),
            open_connections: self.open.load(Ordering::SeqCst),
            max_open_connections: self.max_open.load(Ordering::SeqCst),
            requests: self.requests.load(Ordering::SeqCst),
            by_route: self
                .by_route
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .clone(),
        }
    }
}

/// What a mock server has seen so far.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct MockStats {
    /// TCP connections accepted.
    pub connections: u64,
    /// TCP connections open now.
    pub open_connections: u64,
    /// The most TCP connections open at once.
    pub max_open_connections: u64,
    /// HTTP requests received, control requests included.
    pub requests: u64,
    /// Requests per API operation (`create_invoice`, `list_invoices`, …).
    pub by_route: BTreeMap<&'static str, u64>,
}

impl MockStats {
    /// Requests received for `route`.
    pub fn calls(&self, route: Route) -> u64 {
        self.by_route.get(route.name()).copied().unwrap_or(0)
    }
}

/// An answer before faults are applied.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    pub(crate) fn raw(status: u16, body: String) -> Answer {
        Answer {
            status,
            body: body.into_bytes(),
        }
    }

    pub(crate) fn json(status: u16, body: serde_json::Value) -> Answer {
        Answer {
            status,
            body: body.to_string().into_bytes(),
        }
    }
}

/// A connection the server decided to drop (an injected fault).
#[derive(Debug, thiserror::Error)]
#[error("injected fault: {0}")]
pub(crate) struct Dropped(&'static str);

type Body = BoxBody<Bytes, Dropped>;

pub(crate) async fn serve(
    state: Arc<State>,
    request: Request<Incoming>,
) -> Result<Response<Body>, Dropped> {
    let (parts, incoming) = request.into_parts();
    let body = incoming
        .collect()
        .await
        .map(|collected| collected.to_bytes())
        .unwrap_or_default();
    let path = parts.uri.path();
    let route = Route::from_path(path);
    state.counters.request(route);

    if path.starts_with("/_mock/") {
        let answer = control::answer(&state, &parts.method, path, &body).await;
        return Ok(respond(
            answer.status,
            Full::new(Bytes::from(answer.body)).map_err(never).boxed(),
        ));
    }
    let faults = &state.config.faults;
    if !faults.latency.is_zero() {
        tokio::time::sleep(faults.latency).await;
    }
    if state.roll(faults.reset_permille) {
        return Err(Dropped("connection reset"));
    }
    if state.roll(faults.too_many_requests_permille) {
        let mut response = respond(
            429,
            Full::new(Bytes::from_static(b"Too Many Requests"))
                .map_err(never)
                .boxed(),
        );
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from_static("1"));
        return Ok(response);
    }
    if state.roll(faults.server_error_permille) {
        let page = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>";
        let mut response = respond(
            502,
            Full::new(Bytes::from_static(page.as_bytes()))
                .map_err(never)
                .boxed(),
        );
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
        return Ok(response);
    }

    let answer = match route {
        Some(route) if parts.method == http::Method::POST => {
            api::answer(&state, route, &parts.headers, &body)
        }
        Some(_) => Answer::json(
            405,
            serde_json::json!({"detail": format!("Method \"{}\" not allowed.", parts.method)}),
        ),
        None => Answer {
            status: 404,
            body: b"<!doctype html><title>Not Found</title><h1>Not Found</h1>".to_vec(),
        },
    };
    let length = answer.body.len();
    let body = if state.roll(faults.truncate_permille) {
        let half = Bytes::from(answer.body).slice(..length / 2);
        let frames = stream::iter([Ok(Frame::data(half)), Err(Dropped("truncated body"))]);
        StreamBody::new(frames).boxed()
    } else if let Some(pause) = faults.slow_body {
        slow(Bytes::from(answer.body), pause)
    } else {
        Full::new(Bytes::from(answer.body)).map_err(never).boxed()
    };
    let mut response = respond(answer.status, body);
    let content_type = if route.is_some() {
        "application/json"
    } else {
        "text/html"
    };
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
        .headers_mut()
        .insert(CONTENT_LENGTH, HeaderValue::from(length));
    Ok(response)
}

/// The body in 64-byte pieces, `pause` apart.
fn slow(body: Bytes, pause: Duration) -> Body {
    let pieces: Vec<Bytes> = (0..body.len())
        .step_by(64)
        .map(|start| body.slice(start..(start + 64).min(body.len())))
        .collect();
    let frames = stream::unfold(pieces.into_iter(), move |mut pieces| async move {
        let piece = pieces.next()?;
        tokio::time::sleep(pause).await;
        Some((Ok(Frame::data(piece)), pieces))
    });
    StreamBody::new(frames).boxed()
}

fn respond(status: u16, body: Body) -> Response<Body> {
    let mut response = Response::new(body);
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response
}

fn never(never: Infallible) -> Dropped {
    match never {}
}
