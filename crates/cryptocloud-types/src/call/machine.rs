//! One call as a small state machine: start → send → (wait → send)* → done. Each state is a type,
//! so a driver can only do what the state allows, and every transition returns the next [`Step`].

use core::fmt;
use core::marker::PhantomData;
use core::time::Duration;

use super::retry::{Outcome, decide};
use super::{CallError, Cause, Failure, Moment, RetryPolicy};
use crate::{
    ApiErrorKind, Credentials, InvalidRequest, Locale, Operation, Policy, Request, ResponseError,
    decode_response,
};

/// How long a call may take and how it retries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallSettings {
    /// How retries are spaced and bounded.
    pub retry: RetryPolicy,
    /// The most one attempt may take, answer body included.
    pub attempt_timeout: Duration,
    /// The most the whole call may take from its first attempt, waits between attempts included
    /// (a wait for a paced route's turn comes before and is not counted).
    pub timeout: Duration,
}

impl Default for CallSettings {
    /// 3 attempts, 15 s each, 40 s in all.
    fn default() -> Self {
        CallSettings {
            retry: RetryPolicy::default(),
            attempt_timeout: Duration::from_secs(15),
            timeout: Duration::from_secs(40),
        }
    }
}

impl CallSettings {
    /// Settings with this retry policy and these timeouts.
    pub const fn new(retry: RetryPolicy, attempt_timeout: Duration, timeout: Duration) -> Self {
        CallSettings {
            retry,
            attempt_timeout,
            timeout,
        }
    }
}

/// One call of operation `O`, before it starts. `E` is the driver's own transport error, handed
/// back untouched in [`CallError`] when the call gives up on it.
pub struct Call<O, E> {
    request: Request,
    policy: Policy,
    settings: CallSettings,
    not_before: Option<Moment>,
    attempts: u32,
    deadline: Option<Moment>,
    may_have_been_sent: bool,
    entropy: u64,
    operation: PhantomData<fn() -> (O, E)>,
}

/// What the driver does next.
pub enum Step<O: Operation, E> {
    /// Send [`Sending::request`] and report what came back within [`Sending::timeout`].
    Send(Sending<O, E>),
    /// Do nothing until [`Waiting::until`], then [`resume`](Waiting::resume).
    Wait(Waiting<O, E>),
    /// The call is over.
    Done(Result<O::Output, CallError<E>>),
}

/// An attempt to make: send the request, then report the answer or the failure.
#[must_use = "an attempt must be answered or failed"]
pub struct Sending<O, E> {
    call: Call<O, E>,
}

/// A pause before the next attempt (a backoff, `Retry-After`, or a paced route's turn).
#[must_use = "a wait must be resumed"]
pub struct Waiting<O, E> {
    call: Call<O, E>,
    until: Moment,
}

impl<O: Operation, E> Call<O, E> {
    /// The call of `operation` with the key its route takes from `credentials` and, on a
    /// localized route, `default_locale` unless the operation asks for a language. `entropy`
    /// (any value, random in production) spreads retries of different calls apart.
    pub fn new(
        operation: &O,
        credentials: &Credentials,
        default_locale: Option<Locale>,
        settings: CallSettings,
        entropy: u64,
    ) -> Result<Call<O, E>, InvalidRequest> {
        Ok(Call {
            request: operation.request(credentials, default_locale)?,
            policy: O::ROUTE.policy(),
            settings,
            not_before: None,
            attempts: 0,
            deadline: None,
            may_have_been_sent: false,
            entropy,
            operation: PhantomData,
        })
    }

    /// Starts no earlier than `moment`: when a paced route's [`Gate`](super::Gate) opens.
    pub fn not_before(mut self, moment: Option<Moment>) -> Self {
        self.not_before = moment;
        self
    }

    /// The request every attempt sends (the key in a [sensitive](crate::Header::is_sensitive)
    /// header).
    pub fn request(&self) -> &Request {
        &self.request
    }

    /// The first step at `now`: wait for the route's turn, or send.
    pub fn start(self, now: Moment) -> Step<O, E> {
        match self.not_before {
            Some(until) if until > now => Step::Wait(Waiting { call: self, until }),
            _ => self.attempt(now),
        }
    }

    fn attempt(mut self, now: Moment) -> Step<O, E> {
        self.attempts += 1;
        if self.deadline.is_none() {
            self.deadline = Some(now.checked_add(self.settings.timeout).unwrap_or(MAX));
        }
        Step::Send(Sending { call: self })
    }

    /// How long to wait before the next attempt after `outcome`, or `None` to give up.
    fn decide(&self, outcome: Outcome<'_>, retry_after: Option<Duration>) -> Option<Duration> {
        let jitter = jitter_permille(self.entropy, self.attempts);
        let retry = &self.settings.retry;
        decide(
            retry,
            &self.policy,
            self.attempts,
            outcome,
            retry_after,
            jitter,
        )
    }

    /// After an attempt that did not succeed: wait and try again, or give up with `error`. A
    /// wait that would end past the deadline gives up now.
    fn retry_or_give_up(
        self,
        now: Moment,
        wait: Option<Duration>,
        error: CallError<E>,
    ) -> Step<O, E> {
        let deadline = self.deadline.unwrap_or(MAX);
        match wait.and_then(|wait| now.checked_add(wait)) {
            Some(until) if until < deadline => Step::Wait(Waiting { call: self, until }),
            _ => Step::Done(Err(error)),
        }
    }
}

/// The end of representable time: no deadline.
const MAX: Moment = Moment::from_since_origin(Duration::MAX);

impl<O: Operation, E> Sending<O, E> {
    /// The request to send.
    pub fn request(&self) -> &Request {
        &self.call.request
    }

    /// Which attempt this is, from 1.
    pub fn attempt(&self) -> u32 {
        self.call.attempts
    }

    /// The most this attempt may take if it starts at `now` (a driver may first wait for a
    /// connection slot): the attempt timeout, or less when the call's deadline is nearer. Past
    /// it, report [`Failure::TimedOut`].
    pub fn timeout(&self, now: Moment) -> Duration {
        let deadline = self.call.deadline.unwrap_or(MAX);
        self.call.settings.attempt_timeout.min(deadline - now)
    }

    /// A whole answer arrived at `now`: its status, the `Retry-After` it asked for (resolved to
    /// a duration by the driver, which has the wall clock) and its body.
    pub fn answered(
        self,
        now: Moment,
        status: u16,
        retry_after: Option<Duration>,
        body: &[u8],
    ) -> Step<O, E> {
        let mut call = self.call;
        let error = match decode_response::<O>(status, body) {
            Ok(output) => return Step::Done(Ok(output)),
            Err(error) => error,
        };
        call.may_have_been_sent |= !refused_unexecuted(&call.policy, &error);
        let wait = call.decide(Outcome::Answered(&error), retry_after);
        let error = CallError {
            cause: Cause::Answer(error),
            attempts: call.attempts,
            may_have_been_sent: call.may_have_been_sent,
            retry_after,
        };
        call.retry_or_give_up(now, wait, error)
    }

    /// The attempt failed at `now` without a usable answer: `failure` classifies `error`.
    pub fn failed(self, now: Moment, failure: Failure, error: E) -> Step<O, E> {
        let mut call = self.call;
        call.may_have_been_sent |= failure.may_have_been_sent();
        let wait = call.decide(Outcome::Failed(failure), None);
        let error = CallError {
            cause: Cause::Failed(failure, error),
            attempts: call.attempts,
            may_have_been_sent: call.may_have_been_sent,
            retry_after: None,
        };
        call.retry_or_give_up(now, wait, error)
    }
}

impl<O: Operation, E> Waiting<O, E> {
    /// When to resume.
    pub fn until(&self) -> Moment {
        self.until
    }

    /// The wait is over at `now` (woken early, it waits on).
    pub fn resume(self, now: Moment) -> Step<O, E> {
        if now < self.until {
            return Step::Wait(self);
        }
        self.call.attempt(now)
    }
}

/// Whether an error answer says the server did nothing: a `rate_limit` answer on a route whose
/// policy says so.
fn refused_unexecuted(policy: &Policy, error: &ResponseError) -> bool {
    policy.rate_limit_means_not_executed
        && matches!(error, ResponseError::Api(api) if matches!(api.kind(), ApiErrorKind::RateLimited(_)))
}

/// 0..=1000, different per call and per attempt (splitmix64 of the call's entropy).
fn jitter_permille(entropy: u64, attempts: u32) -> u32 {
    let mut z = entropy.wrapping_add(u64::from(attempts).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z % 1001) as u32
}

// By hand: neither the operation nor its output need be `Debug`, and the key never shows (the
// request's own `Debug` redacts it).
impl<O, E> fmt::Debug for Call<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("request", &self.request)
            .field("attempts", &self.attempts)
            .field("deadline", &self.deadline)
            .field("may_have_been_sent", &self.may_have_been_sent)
            .finish_non_exhaustive()
    }
}

impl<O, E> fmt::Debug for Sending<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sending")
            .field("attempt", &self.call.attempts)
            .field("deadline", &self.call.deadline)
            .finish_non_exhaustive()
    }
}

impl<O, E> fmt::Debug for Waiting<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Waiting")
            .field("attempts", &self.call.attempts)
            .field("until", &self.until)
            .finish_non_exhaustive()
    }
}

impl<O: Operation, E: fmt::Debug> fmt::Debug for Step<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Send(sending) => f.debug_tuple("Send").field(sending).finish(),
            Step::Wait(waiting) => f.debug_tuple("Wait").field(waiting).finish(),
            Step::Done(Ok(_)) => f.write_str("Done(Ok(..))"),
            Step::Done(Err(error)) => f.debug_tuple("Done").field(error).finish(),
        }
    }
}

#[cfg(test)]
#[path = "machine_tests.rs"]
mod tests;
