//! The hyper server: accepts on 127.0.0.1, counts connections and requests, injects faults, and
//! routes API paths to `api` and `/_mock/…` paths to `control`.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use cryptocloud_types::Route;
use futures_util::stream;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderValue, Request, Response, StatusCode};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::answer::Answer;
use crate::state::State;
use crate::{api, control};

/// Serves connections from `listener` until `stopped` changes, then lets open requests finish
/// (up to a second).
pub(crate) async fn accept(
    listener: TcpListener,
    state: Arc<State>,
    mut stopped: watch::Receiver<bool>,
) {
    let graceful = GracefulShutdown::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((tcp, _)) = accepted else { continue };
                state.counters.opened();
                let counted = Arc::clone(&state);
                let state = Arc::clone(&state);
                let service = service_fn(move |request| serve(Arc::clone(&state), request));
                let connection = auto::Builder::new(TokioExecutor::new()).serve_connection_with_upgrades(TokioIo::new(tcp), service).into_owned();
                let watched = graceful.watch(connection);
                tokio::spawn(async move {
                    let _ = watched.await;
                    counted.counters.closed();
                });
            }
            _ = stopped.changed() => break,
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(Duration::from_secs(1), graceful.shutdown()).await;
}

/// A connection the server decided to drop (an injected fault).
#[derive(Debug, thiserror::Error)]
#[error("injected fault: {0}")]
pub(crate) struct Dropped(&'static str);

type Body = BoxBody<Bytes, Dropped>;

async fn serve(state: Arc<State>, request: Request<Incoming>) -> Result<Response<Body>, Dropped> {
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
