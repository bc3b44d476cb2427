//! One call, driven: the call core says send, wait or done; this sends on ureq and sleeps the
//! thread, and decides nothing itself.

use std::io::Read;
use std::time::{Duration, SystemTime};

use cryptocloud_types::call::{Call, CallError, Step};
use cryptocloud_types::{Operation, Request};
use ureq::http::{self, HeaderValue};

use crate::Error;
use crate::pacing::Clock;

/// What one attempt brought back.
struct Answer {
    status: u16,
    retry_after: Option<Duration>,
    body: Vec<u8>,
}

/// Runs `call` to its end, sending `outgoing` (its request, as [`outgoing`] built it) at each
/// attempt.
pub(crate) fn drive<O: Operation>(
    agent: &ureq::Agent,
    outgoing: &http::Request<Vec<u8>>,
    cap: usize,
    clock: Clock,
    call: Call<O, Error>,
) -> Result<O::Output, CallError<Error>> {
    let mut step = call.start(clock.now());
    loop {
        step = match step {
            Step::Send(attempt) => {
                let timeout = attempt.timeout(clock.now());
                match exchange(agent, outgoing.clone(), timeout, cap) {
                    Ok(answer) => attempt.answered(
                        clock.now(),
                        answer.status,
                        answer.retry_after,
                        &answer.body,
                    ),
                    Err((failure, error)) => attempt.failed(clock.now(), failure, error),
                }
            }
            Step::Wait(waiting) => {
                std::thread::sleep(waiting.until() - clock.now());
                waiting.resume(clock.now())
            }
            Step::Done(result) => return result,
        }
    }
}

/// One request and its whole answer, within `timeout`, the body read up to `cap` bytes.
fn exchange(
    agent: &ureq::Agent,
    outgoing: http::Request<Vec<u8>>,
    timeout: Duration,
    cap: usize,
) -> Result<Answer, (cryptocloud_types::call::Failure, Error)> {
    let outgoing = agent
        .configure_request(outgoing)
        .timeout_global(Some(timeout))
        .build();
    let mut response = agent.run(outgoing).map_err(Error::from_ureq)?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(http::header::RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(parse_retry_after);
    let announced = response
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    // A body announced over the cap is refused before a byte of it is read.
    if announced.is_some_and(|length| length > cap as u64) {
        return Err((
            cryptocloud_types::call::Failure::TooLarge,
            Error::too_large(cap),
        ));
    }
    // One byte more than the cap tells "over the cap" from "exactly the cap" when no length was
    // announced, or a longer body than announced comes. The buffer is sized once by the
    // announced length.
    let capacity = announced.map_or(0, |length| length.min(cap as u64 + 1));
    let mut body = Vec::with_capacity(usize::try_from(capacity).unwrap_or(cap));
    response
        .body_mut()
        .as_reader()
        .take(cap as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|error| {
            let error = ureq::Error::Io(error);
            Error::from_ureq(error)
        })?;
    if body.len() > cap {
        let failure = cryptocloud_types::call::Failure::TooLarge;
        return Err((failure, Error::too_large(cap)));
    }
    Ok(Answer {
        status,
        retry_after,
        body,
    })
}

/// The request as ureq sends it, the key marked sensitive; built once per call.
pub(crate) fn outgoing(
    url: &str,
    request: &Request,
) -> Result<http::Request<Vec<u8>>, http::Error> {
    let mut outgoing = http::Request::builder()
        .method(request.method())
        .uri(request.url(url));
    for header in request.headers() {
        let mut value = HeaderValue::from_str(header.value())?;
        value.set_sensitive(header.is_sensitive());
        outgoing = outgoing.header(header.name(), value);
    }
    outgoing.body(request.body().to_vec())
}

/// A `Retry-After` value: delay seconds, or an HTTP date (one in the past means now).
fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}
