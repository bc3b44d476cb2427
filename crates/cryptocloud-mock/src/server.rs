//! The hyper server: accepts on 127.0.0.1, counts connections and requests, refuses other hosts
//! and origins, caps request bodies, injects faults, and routes API paths to `api`, `/_mock/…` paths to `control`, `/pay/…` to
//! the checkout page, `/wallet/…` to a static wallet's page and `/send` to the test wallet.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::stream;
use http::header::{CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderValue, Request, Response, StatusCode};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, Limited, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::answer::Answer;
use crate::fault::{self, OneShotFault};
use crate::operation::Operation;
use crate::request::detail;
use crate::state::State;
use crate::{api, checkout, control, origin, send_page, wallet_page};

/// The longest pause after a failed `accept` (out of file descriptors, say): the loop backs off
/// instead of spinning.
const MAX_ACCEPT_BACKOFF: Duration = Duration::from_secs(1);

/// Serves connections from `listener` until `stopped` changes, then lets open requests finish
/// (up to a second).
pub(crate) async fn accept(
    listener: TcpListener,
    state: Arc<State>,
    mut stopped: watch::Receiver<bool>,
) {
    let graceful = GracefulShutdown::new();
    let mut backoff = Duration::ZERO;
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let tcp = match accepted {
                    Ok((tcp, _)) => { backoff = Duration::ZERO; tcp }
                    Err(_) => {
                        backoff = (backoff * 2).clamp(Duration::from_millis(5), MAX_ACCEPT_BACKOFF);
                        tokio::select! {
                            () = tokio::time::sleep(backoff) => continue,
                            _ = stopped.changed() => break,
                        }
                    }
                };
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

const TOO_LARGE: &str = "<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

async fn serve(state: Arc<State>, request: Request<Incoming>) -> Result<Response<Body>, Dropped> {
    let (parts, incoming) = request.into_parts();
    let path = parts.uri.path();
    let operation = Operation::at(path);
    state.counters.request(operation.map(Operation::name));
    if let Some(refusal) = origin::refusal(&parts.headers, parts.uri.authority(), state.port) {
        return Ok(full(refusal));
    }
    let body = match Limited::new(incoming, state.config.max_body_bytes)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => {
            return Ok(full(Answer::html(413, TOO_LARGE)));
        }
        Err(_) => return Err(Dropped("the request body broke off")),
    };

    if path.starts_with("/_mock/") {
        let answer = control::answer(&state, &parts.method, path, &parts.headers, &body).await;
        return Ok(full(answer));
    }
    let page = if let Some(invoice) = path.strip_prefix(checkout::PATH) {
        Some(checkout::page(&state, &parts.method, invoice))
    } else if path == send_page::PATH {
        Some(send_page::page(&parts.method))
    } else {
        path.strip_prefix(wallet_page::PATH)
            .map(|wallet| wallet_page::page(&state, &parts.method, wallet))
    };
    if let Some(page) = page {
        let mut response = full(page);
        response.headers_mut().insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(checkout::POLICY),
        );
        return Ok(response);
    }
    let pending = operation.and_then(|operation| state.one_shot.take(operation));
    if let Some(fault) = pending.filter(|fault| !fault.is_served()) {
        return match fault {
            OneShotFault::Answer(status) => Ok(gateway(status)),
            _ => Err(Dropped("one-shot reset")),
        };
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
        return Ok(gateway(502));
    }

    let answer = match operation {
        Some(operation) if parts.method == http::Method::POST => {
            api::answer(&state, operation, &parts.headers, &body)
        }
        Some(_) => detail(405, &format!("Method \"{}\" not allowed.", parts.method)),
        None => Answer::html(
            404,
            "<!doctype html><title>Not Found</title><h1>Not Found</h1>",
        ),
    };
    // Served; what the caller hears is the fault's.
    match pending {
        Some(OneShotFault::AnswerAfterServing(status)) => return Ok(gateway(status)),
        Some(_) => return Err(Dropped("one-shot: the answer is lost")),
        None => {}
    }
    let length = answer.body.len();
    let content_type = answer.content_type;
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
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
        .headers_mut()
        .insert(CONTENT_LENGTH, HeaderValue::from(length));
    Ok(response)
}

/// A gateway's error page; a 429 says when to come back.
fn gateway(status: u16) -> Response<Body> {
    let mut response = full(fault::gateway_page(status));
    if status == 429 {
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from_static("1"));
    }
    response
}

/// A whole answer, its content type set.
fn full(answer: Answer) -> Response<Body> {
    let mut response = respond(
        answer.status,
        Full::new(Bytes::from(answer.body)).map_err(never).boxed(),
    );
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(answer.content_type));
    response
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
