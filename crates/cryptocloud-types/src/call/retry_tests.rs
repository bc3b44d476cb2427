use alloc::string::String;

use super::*;
use crate::{ApiError, Route};

const MS: fn(u64) -> Duration = Duration::from_millis;

/// What an attempt can end with.
#[derive(Clone, Copy, Debug)]
enum Ended {
    Failed(Failure),
    Status(u16, Option<Duration>),
    RateLimitKey(Option<Duration>),
}

fn decide_for(
    policy: &RetryPolicy,
    route: Route,
    attempts: u32,
    ended: Ended,
    jitter: u32,
) -> Option<Duration> {
    let answer = |status, kind| ResponseError::Api(ApiError::new(status, kind, b""));
    let (outcome_error, wait) = match ended {
        Ended::Failed(failure) => {
            return decide(
                policy,
                &route.policy(),
                attempts,
                Outcome::Failed(failure),
                None,
                jitter,
            );
        }
        Ended::Status(status, wait) => (answer(status, crate::ApiErrorKind::NotJson), wait),
        Ended::RateLimitKey(wait) => (
            answer(
                400,
                crate::ApiErrorKind::RateLimited(String::from("Too many requests")),
            ),
            wait,
        ),
    };
    decide(
        policy,
        &route.policy(),
        attempts,
        Outcome::Answered(&outcome_error),
        wait,
        jitter,
    )
}

#[test]
fn the_decision_table() {
    use Ended::*;
    use Failure::*;
    const SAFE: Route = Route::ListInvoices;
    const CREATE: Route = Route::CreateInvoice;
    const WITHDRAW: Route = Route::CreateWithdrawal;
    let policy = RetryPolicy::default();
    let cases: &[(Route, u32, Ended, Option<Duration>)] = &[
        // (route, attempts so far, how the last ended, expected wait with no jitter)
        (SAFE, 1, Failed(Unreachable), Some(MS(100))),
        (CREATE, 1, Failed(Unreachable), Some(MS(100))),
        (WITHDRAW, 1, Failed(Unreachable), Some(MS(100))),
        (SAFE, 1, Failed(Refused), None),
        (CREATE, 1, Failed(Refused), None),
        (SAFE, 1, Failed(TooLarge), None),
        (SAFE, 1, Failed(TimedOut), Some(MS(100))),
        (CREATE, 1, Failed(TimedOut), None),
        (SAFE, 1, Failed(Broken), Some(MS(100))),
        (CREATE, 1, Failed(Broken), None),
        (WITHDRAW, 1, Failed(Broken), None),
        (SAFE, 1, Status(408, None), Some(MS(100))),
        (SAFE, 1, Status(429, None), Some(MS(100))),
        (SAFE, 1, Status(502, None), Some(MS(100))),
        (SAFE, 1, Status(503, None), Some(MS(100))),
        (SAFE, 2, Status(504, None), Some(MS(200))),
        (CREATE, 1, Status(503, None), None),
        (CREATE, 1, Status(502, None), None),
        (CREATE, 1, Status(429, None), None),
        (WITHDRAW, 1, Status(429, None), None),
        (WITHDRAW, 1, Status(524, None), None),
        (SAFE, 1, Status(400, None), None),
        (SAFE, 1, Status(401, None), None),
        (SAFE, 1, Status(403, None), None),
        (SAFE, 1, Status(404, None), None),
        (SAFE, 1, Status(500, None), None),
        (SAFE, 3, Status(503, None), None),
        (SAFE, 3, Failed(Unreachable), None),
        (SAFE, 1, Status(429, Some(MS(1500))), Some(MS(1500))),
        (SAFE, 1, Status(503, Some(Duration::from_secs(31))), None),
        (CREATE, 1, Status(429, Some(MS(10))), None),
        // A rate limit the client did not cause goes back to the caller, even where it means
        // "not executed": only the client's own pacing gate waits.
        (WITHDRAW, 1, RateLimitKey(None), None),
        (WITHDRAW, 1, RateLimitKey(Some(MS(3000))), None),
        (CREATE, 1, RateLimitKey(None), None),
        (SAFE, 1, RateLimitKey(None), None),
    ];
    for &(route, attempts, ended, expected) in cases {
        assert_eq!(
            decide_for(&policy, route, attempts, ended, 0),
            expected,
            "{route:?} {attempts} {ended:?}"
        );
    }
}

#[test]
fn backoff_doubles_jitters_and_caps() {
    let policy = RetryPolicy {
        max_attempts: 100,
        ..RetryPolicy::default()
    };
    let broken = Ended::Failed(Failure::Broken);
    let wait = |attempts, jitter| decide_for(&policy, Route::Balance, attempts, broken, jitter);
    assert_eq!(wait(1, 1000), Some(MS(200)));
    assert_eq!(wait(2, 1000), Some(MS(400)));
    assert_eq!(wait(3, 500), Some(MS(600)));
    assert_eq!(wait(10, 1000), Some(Duration::from_secs(5)));
    assert_eq!(wait(60, 0), Some(MS(2500)));
    let refused = Ended::Failed(Failure::Unreachable);
    assert_eq!(
        decide_for(&RetryPolicy::NONE, Route::Balance, 1, refused, 0),
        None
    );
}

fn any_ended() -> impl proptest::strategy::Strategy<Value = Ended> {
    use proptest::prelude::*;
    let wait = || proptest::option::of((0u64..100_000).prop_map(Duration::from_millis));
    let failure = proptest::sample::select(alloc::vec![
        Failure::Unreachable,
        Failure::Refused,
        Failure::TimedOut,
        Failure::Broken,
        Failure::TooLarge,
    ]);
    prop_oneof![
        failure.prop_map(Ended::Failed),
        (100u16..600, wait()).prop_map(|(status, wait)| Ended::Status(status, wait)),
        wait().prop_map(Ended::RateLimitKey),
    ]
}

fn any_route() -> impl proptest::strategy::Strategy<Value = Route> {
    proptest::sample::select(Route::ALL.to_vec())
}

proptest::proptest! {
    /// A call that is not safe to repeat is retried only when no byte of it was written.
    #[test]
    fn unsafe_calls_are_retried_only_when_nothing_was_sent(
        ended in any_ended(),
        route in any_route(),
        attempts in 1u32..20,
        max_attempts in 1u32..20,
        jitter in 0u32..=1000,
    ) {
        let policy = RetryPolicy { max_attempts, ..RetryPolicy::default() };
        let wait = decide_for(&policy, route, attempts, ended, jitter);
        let nothing_sent = matches!(ended, Ended::Failed(failure) if !failure.may_have_been_sent());
        proptest::prop_assert!(
            wait.is_none() || route.is_safe_to_retry() || nothing_sent,
            "{:?} retried", ended
        );
        proptest::prop_assert!(wait.is_none() || attempts < max_attempts);
    }

    /// Waits stay within the policy's bounds.
    #[test]
    fn waits_are_bounded(ended in any_ended(), route in any_route(), attempts in 1u32..100, jitter in 0u32..=1000) {
        let policy = RetryPolicy { max_attempts: 1_000, ..RetryPolicy::default() };
        if let Some(wait) = decide_for(&policy, route, attempts, ended, jitter) {
            proptest::prop_assert!(wait <= policy.max_delay.max(policy.max_retry_after));
        }
    }
}
