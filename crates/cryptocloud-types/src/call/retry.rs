//! When to try again: a pure decision over what the last attempt ended with and the route's
//! policy, table-tested here once for every driver.

use core::time::Duration;

use super::Failure;
use crate::{Policy, ResponseError};

/// How retries are spaced and bounded.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use core::time::Duration;
/// use cryptocloud::call::RetryPolicy;
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

    /// The backoff before attempt `attempts + 1`: the base delay doubled per attempt, capped,
    /// between half and all of it by `jitter_permille` (0..=1000), which spreads clients apart.
    fn backoff(&self, attempts: u32, jitter_permille: u32) -> Duration {
        let doubled = self
            .base_delay
            .saturating_mul(1u32 << attempts.saturating_sub(1).min(16));
        let capped = doubled.min(self.max_delay);
        capped / 2 + capped / 2 * jitter_permille.min(1000) / 1000
    }
}

/// What the last attempt ended with, for [`decide`].
#[derive(Clone, Copy, Debug)]
pub enum Outcome<'a> {
    /// No usable answer.
    Failed(Failure),
    /// An answer that is not the operation's output.
    Answered(&'a ResponseError),
}

/// How long to wait before attempt `attempts + 1`, or `None` to give up. `retry_after` is what
/// the server asked for.
///
/// Only what cannot repeat an execution is retried: a failure that wrote no request byte, on any
/// route; a timeout, a broken connection or a transient status (408, 429, 502, 503, 504), only on
/// a route that is [safe to retry](Policy::safe_to_retry). An API `rate_limit` answer on a route
/// that is not goes back to the caller: only a client's own pacing [`Gate`](super::Gate) waits,
/// never a limit it did not cause (someone else may be using the key).
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use core::time::Duration;
/// use cryptocloud::Route;
/// use cryptocloud::call::{Failure, Outcome, RetryPolicy, decide};
///
/// let policy = RetryPolicy::default();
/// let timed_out = Outcome::Failed(Failure::TimedOut);
/// assert_eq!(decide(&policy, &Route::ListInvoices.policy(), 1, timed_out, None, 1000), Some(Duration::from_millis(200)));
/// assert_eq!(decide(&policy, &Route::CreateInvoice.policy(), 1, timed_out, None, 1000), None, "may have created it");
/// ```
pub fn decide(
    policy: &RetryPolicy,
    route: &Policy,
    attempts: u32,
    outcome: Outcome<'_>,
    retry_after: Option<Duration>,
    jitter_permille: u32,
) -> Option<Duration> {
    if attempts >= policy.max_attempts {
        return None;
    }
    let backoff = policy.backoff(attempts, jitter_permille);
    match outcome {
        Outcome::Failed(Failure::Unreachable) => Some(backoff),
        Outcome::Failed(Failure::TimedOut | Failure::Broken) if route.safe_to_retry => {
            Some(backoff)
        }
        Outcome::Answered(ResponseError::Api(api))
            if route.safe_to_retry && is_transient(api.status()) =>
        {
            match retry_after {
                Some(wait) if wait > policy.max_retry_after => None,
                Some(wait) => Some(wait),
                None => Some(backoff),
            }
        }
        _ => None,
    }
}

/// Statuses that say "try again later".
fn is_transient(status: u16) -> bool {
    matches!(status, 408 | 429 | 502 | 503 | 504)
}

#[cfg(test)]
#[path = "retry_tests.rs"]
mod tests;
