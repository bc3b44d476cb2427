//! One postback from arrival to answer: verified here, then confirmed by the call core one step
//! per JavaScript call, its state kept between calls under an exchange number.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use cryptocloud_types::call::{Call, CallSettings, Failure, Moment, Sending, Step, Waiting};
use cryptocloud_types::postback::{Postback, PostbackSecret, VerifiedPostback};
use cryptocloud_types::{ApiKey, Credentials, GetInvoices};
use serde_json::json;
use time::OffsetDateTime;

use crate::answer::{self, Answer, FetchError};

/// A reading of `Date.now()`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Now {
    since_epoch: Duration,
}

impl Now {
    /// `Date.now()`; a value JavaScript cannot produce (negative, NaN) reads as the epoch.
    pub(crate) fn from_millis(ms: f64) -> Now {
        Now {
            since_epoch: Now::duration(ms),
        }
    }

    /// Whole milliseconds, as a duration (negative or NaN as zero).
    pub(crate) fn duration(ms: f64) -> Duration {
        // `as` saturates: NaN and negatives become 0, huge values u64::MAX.
        Duration::from_millis(ms as u64)
    }

    /// The call core's clock: the epoch as origin.
    fn moment(self) -> Moment {
        Moment::from_since_origin(self.since_epoch)
    }

    /// The wall clock, for the token's expiry.
    fn wall(self) -> OffsetDateTime {
        let seconds = i64::try_from(self.since_epoch.as_secs()).unwrap_or(i64::MAX);
        OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }
}

/// What JavaScript does next.
#[derive(Debug)]
pub(crate) enum Next {
    /// Send the request (its JSON description) and report back.
    Send(String),
    /// Wait (its JSON description) and resume.
    Wait(String),
    /// Answer the postback.
    Done(Answer),
}

impl Next {
    /// The code returned to JavaScript and the output text.
    pub(crate) fn into_code_and_text(self) -> (u32, String) {
        match self {
            Next::Send(text) => (crate::SEND, text),
            Next::Wait(text) => (crate::WAIT, text),
            Next::Done(answer) => (u32::from(answer.status), answer.body),
        }
    }
}

/// How JavaScript's attempt failed, as it reports it to [`failed`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FailureKind {
    /// 0: no whole answer within the attempt's timeout.
    TimedOut,
    /// 1: `fetch` rejected. Its errors do not tell a refused connection from one that broke
    /// after the request went out, so it counts as possibly sent (a safe read is retried all
    /// the same).
    FetchRejected,
    /// 2: the answer was larger than the glue reads.
    TooLarge,
}

impl FailureKind {
    fn from_code(code: u32) -> FailureKind {
        match code {
            0 => FailureKind::TimedOut,
            2 => FailureKind::TooLarge,
            _ => FailureKind::FetchRejected,
        }
    }

    fn failure(self) -> Failure {
        match self {
            FailureKind::TimedOut => Failure::TimedOut,
            FailureKind::FetchRejected => Failure::Broken,
            FailureKind::TooLarge => Failure::TooLarge,
        }
    }
}

/// The confirmation call of one postback, between two JavaScript calls.
struct Exchange {
    postback: VerifiedPostback,
    attempts: u32,
    state: State,
}

enum State {
    Sending(Sending<GetInvoices, FetchError>),
    Waiting(Waiting<GetInvoices, FetchError>),
}

/// The exchanges in flight, by number.
struct Exchanges {
    next: u32,
    open: BTreeMap<u32, Exchange>,
}

static EXCHANGES: Mutex<Exchanges> = Mutex::new(Exchanges {
    next: 1,
    open: BTreeMap::new(),
});

/// Retries within what a postback sender waits for: 3 attempts, 10 s each, 20 s in all.
fn settings() -> CallSettings {
    let defaults = CallSettings::default();
    CallSettings::new(
        defaults.retry,
        Duration::from_secs(10),
        Duration::from_secs(20),
    )
}

/// A postback arrived: verify it, then start re-fetching its invoice.
pub(crate) fn receive(body: &[u8], secret: &[u8], key: &[u8], now: Now, entropy: u64) -> Next {
    let secret = match std::str::from_utf8(secret)
        .ok()
        .and_then(|text| PostbackSecret::new(text).ok())
    {
        Some(secret) => secret,
        None => return Next::Done(answer::misconfigured("CRYPTOCLOUD_POSTBACK_SECRET")),
    };
    let Some(key) = std::str::from_utf8(key)
        .ok()
        .and_then(|text| ApiKey::new(text).ok())
    else {
        return Next::Done(answer::misconfigured("CRYPTOCLOUD_API_KEY"));
    };
    let verified =
        match Postback::parse(body).and_then(|postback| postback.verify(&secret, now.wall())) {
            Ok(verified) => verified,
            Err(refusal) => return Next::Done(answer::refused(&refusal)),
        };
    let call = GetInvoices::new([verified.invoice_to_confirm().clone()])
        .and_then(|info| Call::new(&info, &Credentials::new(key), None, settings(), entropy));
    match call {
        Ok(call) => advance(verified, 0, now, call.start(now.moment())),
        Err(invalid) => Next::Done(answer::internal(&invalid)),
    }
}

/// The request of `number` was answered.
pub(crate) fn answered(
    number: u32,
    now: Now,
    status: u32,
    retry_after: Option<Duration>,
    body: &[u8],
) -> Next {
    let status = u16::try_from(status).unwrap_or(u16::MAX);
    sending(number, now, |sending| {
        sending.answered(now.moment(), status, retry_after, body)
    })
}

/// The request of `number` failed.
pub(crate) fn failed(number: u32, now: Now, kind: u32, message: FetchError) -> Next {
    let failure = FailureKind::from_code(kind).failure();
    sending(number, now, |sending| {
        sending.failed(now.moment(), failure, message)
    })
}

/// The wait of `number` is over.
pub(crate) fn resume(number: u32, now: Now) -> Next {
    let Some(exchange) = take(number) else {
        return Next::Done(answer::unknown_exchange(number));
    };
    match exchange.state {
        State::Waiting(waiting) => advance(
            exchange.postback,
            exchange.attempts,
            now,
            waiting.resume(now.moment()),
        ),
        State::Sending(_) => Next::Done(answer::out_of_turn(number, "resumed", "sending")),
    }
}

/// Forgets `number`.
pub(crate) fn forget(number: u32) {
    drop(take(number));
}

/// Feeds the attempt of `number` to `report`.
fn sending(
    number: u32,
    now: Now,
    report: impl FnOnce(Sending<GetInvoices, FetchError>) -> Step<GetInvoices, FetchError>,
) -> Next {
    let Some(exchange) = take(number) else {
        return Next::Done(answer::unknown_exchange(number));
    };
    match exchange.state {
        State::Sending(sending) => {
            advance(exchange.postback, exchange.attempts, now, report(sending))
        }
        State::Waiting(_) => Next::Done(answer::out_of_turn(number, "answered", "waiting")),
    }
}

/// Keeps the call for JavaScript's next move, or ends it with the postback's answer.
fn advance(
    postback: VerifiedPostback,
    attempts: u32,
    now: Now,
    step: Step<GetInvoices, FetchError>,
) -> Next {
    match step {
        Step::Send(sending) => {
            let timeout = sending.timeout(now.moment()).as_millis();
            let request = sending.request();
            let headers: Vec<[&str; 2]> = request
                .headers()
                .iter()
                .map(|header| [header.name(), header.value()])
                .collect();
            let mut description = json!({
                "method": request.method(),
                "path": request.path_and_query(),
                "headers": headers,
                "body": String::from_utf8_lossy(request.body()),
                "timeout_ms": timeout,
            });
            let attempts = sending.attempt();
            let number = keep(Exchange {
                postback,
                attempts,
                state: State::Sending(sending),
            });
            description["exchange"] = json!(number);
            Next::Send(description.to_string())
        }
        Step::Wait(waiting) => {
            let until = waiting.until().since_origin().as_millis();
            let number = keep(Exchange {
                postback,
                attempts,
                state: State::Waiting(waiting),
            });
            Next::Wait(json!({ "exchange": number, "until_ms": until }).to_string())
        }
        Step::Done(result) => Next::Done(answer::confirmed(result, &postback, attempts)),
    }
}

fn keep(exchange: Exchange) -> u32 {
    let Ok(mut exchanges) = EXCHANGES.lock() else {
        return 0;
    };
    let number = exchanges.next;
    exchanges.next = exchanges.next.wrapping_add(1).max(1);
    exchanges.open.insert(number, exchange);
    number
}

fn take(number: u32) -> Option<Exchange> {
    EXCHANGES.lock().ok()?.open.remove(&number)
}
