//! When to try again: a pure decision over what happened, table-tested; the client only wires it
//! to I/O.

use std::time::{Duration, SystemTime};

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

/// How an attempt failed, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The connection was never opened: the request certainly did not leave.
    Connect,
    /// The certificate was refused or the handshake failed.
    Tls,
    /// The attempt ran out of time; the request may have been sent.
    Timeout,
    /// The connection broke; the request may have been sent.
    Transport,
    /// The answer was larger than the cap: it would be again.
    TooLarge,
    /// The server answered with this status.
    Status {
        status: u16,
        retry_after: Option<Duration>,
    },
}

impl Failure {
    /// A short name for logs.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Failure::Connect => "connect failed",
            Failure::Tls => "tls failed",
            Failure::Timeout => "timed out",
            Failure::Transport => "connection broke",
            Failure::TooLarge => "body too large",
            Failure::Status { .. } => "error status",
        }
    }
}

/// How long to wait before attempt `attempts + 1`, or `None` to give up. `jitter_permille`
/// (0..=1000) spreads clients apart; the delay is between half and all of the backoff.
pub(crate) fn decide(
    policy: &RetryPolicy,
    safe_to_retry: bool,
    attempts: u32,
    failure: Failure,
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
    match failure {
        // Certainly never sent: retrying cannot duplicate anything.
        Failure::Connect => Some(backoff()),
        Failure::Tls | Failure::TooLarge => None,
        Failure::Timeout | Failure::Transport if safe_to_retry => Some(backoff()),
        Failure::Timeout | Failure::Transport => None,
        Failure::Status {
            status,
            retry_after,
        } if safe_to_retry && is_transient(status) => match retry_after {
            Some(wait) if wait > policy.max_retry_after => None,
            Some(wait) => Some(wait),
            None => Some(backoff()),
        },
        Failure::Status { .. } => None,
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
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    fn status(status: u16) -> Failure {
        Failure::Status {
            status,
            retry_after: None,
        }
    }

    #[test]
    fn the_decision_table() {
        let policy = RetryPolicy::default();
        let cases: &[(bool, u32, Failure, Option<Duration>)] = &[
            // (safe to retry, attempts so far, failure, expected wait with no jitter)
            (true, 1, Failure::Connect, Some(MS(100))),
            (false, 1, Failure::Connect, Some(MS(100))),
            (true, 1, Failure::Tls, None),
            (true, 1, Failure::TooLarge, None),
            (false, 1, Failure::Tls, None),
            (true, 1, Failure::Timeout, Some(MS(100))),
            (false, 1, Failure::Timeout, None),
            (true, 1, Failure::Transport, Some(MS(100))),
            (false, 1, Failure::Transport, None),
            (true, 1, status(408), Some(MS(100))),
            (true, 1, status(429), Some(MS(100))),
            (true, 1, status(502), Some(MS(100))),
            (true, 1, status(503), Some(MS(100))),
            (true, 2, status(504), Some(MS(200))),
            (false, 1, status(503), None),
            (false, 1, status(429), None),
            (true, 1, status(400), None),
            (true, 1, status(401), None),
            (true, 1, status(403), None),
            (true, 1, status(404), None),
            (true, 1, status(500), None),
            (true, 3, status(503), None),
            (true, 3, Failure::Connect, None),
            (
                true,
                1,
                Failure::Status {
                    status: 429,
                    retry_after: Some(MS(1500)),
                },
                Some(MS(1500)),
            ),
            (
                true,
                1,
                Failure::Status {
                    status: 503,
                    retry_after: Some(Duration::from_secs(31)),
                },
                None,
            ),
            (
                false,
                1,
                Failure::Status {
                    status: 429,
                    retry_after: Some(MS(10)),
                },
                None,
            ),
        ];
        for &(safe, attempts, failure, expected) in cases {
            assert_eq!(
                decide(&policy, safe, attempts, failure, 0),
                expected,
                "{safe} {attempts} {failure:?}"
            );
        }
    }

    #[test]
    fn backoff_doubles_jitters_and_caps() {
        let policy = RetryPolicy {
            max_attempts: 100,
            ..RetryPolicy::default()
        };
        let wait = |attempts, jitter| decide(&policy, true, attempts, Failure::Transport, jitter);
        assert_eq!(wait(1, 1000), Some(MS(200)));
        assert_eq!(wait(2, 1000), Some(MS(400)));
        assert_eq!(wait(3, 500), Some(MS(600)));
        assert_eq!(wait(10, 1000), Some(Duration::from_secs(5)));
        assert_eq!(wait(60, 0), Some(MS(2500)));
        assert_eq!(
            decide(&RetryPolicy::NONE, true, 1, Failure::Connect, 0),
            None
        );
    }

    fn any_failure() -> impl proptest::strategy::Strategy<Value = Failure> {
        use proptest::prelude::*;
        prop_oneof![
            Just(Failure::Connect),
            Just(Failure::Tls),
            Just(Failure::Timeout),
            Just(Failure::Transport),
            Just(Failure::TooLarge),
            (100u16..600, proptest::option::of(0u64..100_000)).prop_map(|(status, wait)| {
                Failure::Status {
                    status,
                    retry_after: wait.map(Duration::from_millis),
                }
            }),
        ]
    }

    proptest::proptest! {
        /// A call that is not safe to repeat is retried only when it certainly never left.
        #[test]
        fn unsafe_calls_are_never_retried_once_they_may_have_been_sent(
            failure in any_failure(),
            attempts in 1u32..20,
            max_attempts in 1u32..20,
            jitter in 0u32..=1000,
        ) {
            let policy = RetryPolicy { max_attempts, ..RetryPolicy::default() };
            let wait = decide(&policy, false, attempts, failure, jitter);
            proptest::prop_assert!(wait.is_none() || failure == Failure::Connect, "{:?} retried", failure);
            proptest::prop_assert!(wait.is_none() || attempts < max_attempts);
        }

        /// Waits stay within the policy's bounds.
        #[test]
        fn waits_are_bounded(failure in any_failure(), attempts in 1u32..100, jitter in 0u32..=1000) {
            let policy = RetryPolicy { max_attempts: 1_000, ..RetryPolicy::default() };
            if let Some(wait) = decide(&policy, true, attempts, failure, jitter) {
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
