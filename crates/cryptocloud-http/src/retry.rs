//! When to try again: a pure decision over what happened, table-tested; the client only wires it
//! to I/O.

use std::time::{Duration, SystemTime};

use cryptocloud_types::Policy;

use crate::{Error, ErrorKind};

/// How retries are spaced and bounded.
///
/// ```
/// use std::time::Duration;
/// use cryptocloud_http::RetryPolicy;
///
/// let patient = RetryPolicy { max_attempts: 5, ..RetryPolicy::default() };
/// assert_eq!(patient.base_delay, Duration::from_millis(200));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 disables retries).
    pub max_attempts: u32,
    /// Delay before the first retry; doubled each time.
    pub base_delay: Duration,
    /// The longest delay between attempts.
    pub max_delay: Duration,
    /// The longest `Retry-After` honoured; a server asking for more gets the error instead of an
    /// early retry.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub const NONE: RetryPolicy = RetryPolicy {
        max_attempts: 1,
        base_delay: Duration::ZERO,
        max_delay: Duration::ZERO,
        max_retry_after: Duration::ZERO,
    };
}

/// How long to wait before attempt `attempts + 1` after `error`, or `None` to give up.
/// `jitter_permille` (0..=1000) spreads clients apart; a backoff is between half and all of its
/// doubling delay. The decision reads only the error and the route's policy: a call that is not
/// safe to repeat is retried only when the error says it was certainly not executed.
pub(crate) fn decide(
    policy: &RetryPolicy,
    route: &Policy,
    attempts: u32,
    error: &Error,
    jitter_permille: u32,
) -> Option<Duration> {
    if attempts >= policy.max_attempts {
        return None;
    }
    let backoff = || {
        let doubled = policy
            .base_delay
            .saturating_mul(1u32 << attempts.saturating_sub(1).min(16));
        let capped = doubled.min(policy.max_delay);
        capped / 2 + capped / 2 * jitter_permille.min(1000) / 1000
    };
    let asked = |wait: Option<Duration>| match wait {
        Some(wait) if wait > policy.max_retry_after => None,
        Some(wait) => Some(wait),
        None => Some(backoff()),
    };
    match error.kind() {
        // Certainly never sent: retrying cannot duplicate anything.
        ErrorKind::Connect => Some(backoff()),
        ErrorKind::Timeout | ErrorKind::Transport if route.safe_to_retry => Some(backoff()),
        ErrorKind::Api(api) if route.safe_to_retry && is_transient(api.status()) => {
            asked(error.retry_after())
        }
        // Refused before anything was done, by the route's own declaration: wait it out.
        ErrorKind::Api(_) if !error.may_have_been_sent() => {
            asked(error.retry_after().or(route.min_interval))
        }
        _ => None,
    }
}

/// Statuses that say "try again later".
fn is_transient(status: u16) -> bool {
    matches!(status, 408 | 429 | 502 | 503 | 504)
}

/// A `Retry-After` value: delay seconds, or an HTTP date (a date in the past means now).
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use cryptocloud_types::{ApiError, ApiErrorKind, ResponseError, Route};

    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    /// What an attempt can end with, as the client classifies it.
    #[derive(Clone, Copy, Debug)]
    enum Failure {
        Connect,
        Tls,
        Timeout,
        Transport,
        TooLarge,
        Status(u16, Option<Duration>),
        RateLimitKey(Option<Duration>),
    }

    fn error(failure: Failure, route: Route) -> Error {
        let answer = |status, kind, wait| {
            Error::from_answer(
                ResponseError::Api(ApiError::new(status, kind, b"")),
                wait,
                route.policy().rate_limit_means_not_executed,
            )
        };
        match failure {
            Failure::Connect => Error::new(ErrorKind::Connect).sent(false),
            Failure::Tls => Error::new(ErrorKind::Tls).sent(false),
            Failure::Timeout => Error::new(ErrorKind::Timeout).sent(true),
            Failure::Transport => Error::new(ErrorKind::Transport).sent(true),
            Failure::TooLarge => Error::new(ErrorKind::BodyTooLarge { limit: 1 }).sent(true),
            Failure::Status(status, wait) => answer(status, ApiErrorKind::NotJson, wait),
            Failure::RateLimitKey(wait) => answer(
                400,
                ApiErrorKind::RateLimited("Too many requests".into()),
                wait,
            ),
        }
    }

    fn decide_for(
        policy: &RetryPolicy,
        route: Route,
        attempts: u32,
        failure: Failure,
        jitter: u32,
    ) -> Option<Duration> {
        decide(
            policy,
            &route.policy(),
            attempts,
            &error(failure, route),
            jitter,
        )
    }

    #[test]
    fn the_decision_table() {
        use Failure::*;
        const SAFE: Route = Route::ListInvoices;
        const CREATE: Route = Route::CreateInvoice;
        const WITHDRAW: Route = Route::CreateWithdrawal;
        let policy = RetryPolicy::default();
        let cases: &[(Route, u32, Failure, Option<Duration>)] = &[
            // (route, attempts so far, failure, expected wait with no jitter)
            (SAFE, 1, Connect, Some(MS(100))),
            (CREATE, 1, Connect, Some(MS(100))),
            (SAFE, 1, Tls, None),
            (SAFE, 1, TooLarge, None),
            (CREATE, 1, Tls, None),
            (SAFE, 1, Timeout, Some(MS(100))),
            (CREATE, 1, Timeout, None),
            (SAFE, 1, Transport, Some(MS(100))),
            (CREATE, 1, Transport, None),
            (WITHDRAW, 1, Transport, None),
            (SAFE, 1, Status(408, None), Some(MS(100))),
            (SAFE, 1, Status(429, None), Some(MS(100))),
            (SAFE, 1, Status(502, None), Some(MS(100))),
            (SAFE, 1, Status(503, None), Some(MS(100))),
            (SAFE, 2, Status(504, None), Some(MS(200))),
            (CREATE, 1, Status(503, None), None),
            (CREATE, 1, Status(429, None), None),
            (WITHDRAW, 1, Status(429, None), None),
            (SAFE, 1, Status(400, None), None),
            (SAFE, 1, Status(401, None), None),
            (SAFE, 1, Status(403, None), None),
            (SAFE, 1, Status(404, None), None),
            (SAFE, 1, Status(500, None), None),
            (SAFE, 3, Status(503, None), None),
            (SAFE, 3, Connect, None),
            (SAFE, 1, Status(429, Some(MS(1500))), Some(MS(1500))),
            (SAFE, 1, Status(503, Some(Duration::from_secs(31))), None),
            (CREATE, 1, Status(429, Some(MS(10))), None),
            // The one retry of a call that is not safe to repeat: a withdrawal refused by its
            // rate limit was not executed, so it waits out the interval (or what it was told).
            (
                WITHDRAW,
                1,
                RateLimitKey(None),
                Some(Duration::from_secs(12)),
            ),
            (WITHDRAW, 1, RateLimitKey(Some(MS(3000))), Some(MS(3000))),
            (WITHDRAW, 3, RateLimitKey(None), None),
            (CREATE, 1, RateLimitKey(None), None),
            (SAFE, 1, RateLimitKey(None), None),
        ];
        for &(route, attempts, failure, expected) in cases {
            assert_eq!(
                decide_for(&policy, route, attempts, failure, 0),
                expected,
                "{route:?} {attempts} {failure:?}"
            );
        }
    }

    #[test]
    fn backoff_doubles_jitters_and_caps() {
        let policy = RetryPolicy {
            max_attempts: 100,
            ..RetryPolicy::default()
        };
        let wait = |attempts, jitter| {
            decide_for(
                &policy,
                Route::Balance,
                attempts,
                Failure::Transport,
                jitter,
            )
        };
        assert_eq!(wait(1, 1000), Some(MS(200)));
        assert_eq!(wait(2, 1000), Some(MS(400)));
        assert_eq!(wait(3, 500), Some(MS(600)));
        assert_eq!(wait(10, 1000), Some(Duration::from_secs(5)));
        assert_eq!(wait(60, 0), Some(MS(2500)));
        assert_eq!(
            decide_for(&RetryPolicy::NONE, Route::Balance, 1, Failure::Connect, 0),
            None
        );
    }

    fn any_failure() -> impl proptest::strategy::Strategy<Value = Failure> {
        use proptest::prelude::*;
        let wait = || proptest::option::of((0u64..100_000).prop_map(Duration::from_millis));
        prop_oneof![
            Just(Failure::Connect),
            Just(Failure::Tls),
            Just(Failure::Timeout),
            Just(Failure::Transport),
            Just(Failure::TooLarge),
            (100u16..600, wait()).prop_map(|(status, wait)| Failure::Status(status, wait)),
            wait().prop_map(Failure::RateLimitKey),
        ]
    }

    fn any_route() -> impl proptest::strategy::Strategy<Value = Route> {
        proptest::sample::select(Route::ALL.to_vec())
    }

    proptest::proptest! {
        /// A call that is not safe to repeat is retried only when it certainly never left or was
        /// certainly not executed.
        #[test]
        fn unsafe_calls_are_never_retried_once_they_may_have_been_executed(
            failure in any_failure(),
            route in any_route(),
            attempts in 1u32..20,
            max_attempts in 1u32..20,
            jitter in 0u32..=1000,
        ) {
            let policy = RetryPolicy { max_attempts, ..RetryPolicy::default() };
            let error = error(failure, route);
            let wait = decide(&policy, &route.policy(), attempts, &error, jitter);
            proptest::prop_assert!(
                wait.is_none() || route.is_safe_to_retry() || !error.may_have_been_sent(),
                "{:?} retried", failure
            );
            proptest::prop_assert!(wait.is_none() || attempts < max_attempts);
        }

        /// Waits stay within the policy's bounds.
        #[test]
        fn waits_are_bounded(failure in any_failure(), route in any_route(), attempts in 1u32..100, jitter in 0u32..=1000) {
            let policy = RetryPolicy { max_attempts: 1_000, ..RetryPolicy::default() };
            if let Some(wait) = decide_for(&policy, route, attempts, failure, jitter) {
                proptest::prop_assert!(wait <= policy.max_delay.max(policy.max_retry_after));
            }
        }
    }

    #[test]
    fn retry_after_in_both_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
    }
}
