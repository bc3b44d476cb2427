use alloc::string::String;

use super::*;
use crate::call::Gate;
use crate::{ApiKey, CreateInvoice, CreateWithdrawal, CryptoCurrency, GetBalance, ListInvoices};

const MS: fn(u64) -> Duration = Duration::from_millis;
const BALANCE: &[u8] = br#"{"status":"success","result":[]}"#;
const CREATED: &[u8] =
    br#"{"status":"success","result":{"uuid":"INV-89UX09KA","status":"created"}}"#;

fn at(ms: u64) -> Moment {
    Moment::from_since_origin(MS(ms))
}

fn credentials() -> Credentials {
    Credentials::new(ApiKey::new("project-key").unwrap())
        .with_withdrawal_key(ApiKey::new("withdrawal-key").unwrap())
}

fn call<O: Operation>(operation: &O) -> Call<O, String> {
    Call::new(operation, &credentials(), None, CallSettings::default(), 0).unwrap()
}

fn create() -> CreateInvoice {
    CreateInvoice::new("shop-1".parse().unwrap(), "10".parse().unwrap()).unwrap()
}

fn sending<O: Operation>(step: Step<O, String>) -> Sending<O, String> {
    match step {
        Step::Send(sending) => sending,
        other => panic!("expected a send, got {other:?}"),
    }
}

fn waiting<O: Operation>(step: Step<O, String>) -> Waiting<O, String> {
    match step {
        Step::Wait(waiting) => waiting,
        other => panic!("expected a wait, got {other:?}"),
    }
}

fn failed<O: Operation>(step: Step<O, String>) -> CallError<String> {
    match step {
        Step::Done(Err(error)) => error,
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn a_safe_read_answered_502_then_200_succeeds_after_one_retry() {
    let first = sending(call(&GetBalance::new()).start(at(0)));
    assert_eq!(
        (first.attempt(), first.timeout(at(0))),
        (1, Duration::from_secs(15))
    );
    let pause = waiting(first.answered(at(30), 502, None, b"<html>Bad Gateway</html>"));
    assert!(
        pause.until() > at(30) && pause.until() <= at(230),
        "{pause:?}"
    );
    let second = sending(pause.resume_at_its_end());
    assert_eq!(second.attempt(), 2);
    match second.answered(at(300), 200, None, BALANCE) {
        Step::Done(Ok(balances)) => assert!(balances.is_empty()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_create_whose_answer_is_lost_is_sent_once_and_reported_as_possibly_sent() {
    for failure in [Failure::TimedOut, Failure::Broken, Failure::TooLarge] {
        let attempt = sending(call(&create()).start(at(0)));
        let error = failed(attempt.failed(at(10), failure, String::from("lost")));
        assert_eq!(error.attempts, 1, "{failure:?}");
        assert!(error.may_have_been_sent, "{failure:?}");
        assert!(matches!(error.cause, Cause::Failed(f, _) if f == failure));
    }
    let attempt = sending(call(&create()).start(at(0)));
    let error = failed(attempt.answered(at(10), 502, None, b"Bad Gateway"));
    assert!(
        error.may_have_been_sent,
        "a gateway answered: it may have gone through"
    );
}

#[test]
fn a_create_that_never_left_is_tried_again_and_then_succeeds() {
    let attempt = sending(call(&create()).start(at(0)));
    let pause = waiting(attempt.failed(at(1), Failure::Unreachable, String::from("refused")));
    let attempt = sending(pause.resume_at_its_end());
    match attempt.answered(at(500), 200, None, CREATED) {
        Step::Done(Ok(invoice)) => assert_eq!(invoice.uuid.to_string(), "INV-89UX09KA"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_refusal_and_a_broken_certificate_are_final_and_unsent() {
    let attempt = sending(call(&GetBalance::new()).start(at(0)));
    let error = failed(attempt.failed(at(1), Failure::Refused, String::from("bad certificate")));
    assert!(!error.may_have_been_sent);
    assert_eq!(error.attempts, 1);
}

#[test]
fn the_deadline_bounds_attempts_and_waits() {
    let settings = CallSettings::new(
        RetryPolicy {
            max_attempts: 10,
            ..RetryPolicy::default()
        },
        Duration::from_secs(15),
        Duration::from_secs(20),
    );
    let call =
        Call::<GetBalance, String>::new(&GetBalance::new(), &credentials(), None, settings, 0);
    let first = sending(call.unwrap().start(at(1_000)));
    assert_eq!(first.timeout(at(1_000)), Duration::from_secs(15));
    assert_eq!(
        first.timeout(at(10_000)),
        Duration::from_secs(11),
        "a late start keeps to the deadline"
    );
    let pause = waiting(first.failed(at(16_000), Failure::TimedOut, String::from("slow")));
    let second = sending(pause.resume_at_its_end());
    assert!(
        second.timeout(at(16_300)) < Duration::from_secs(5),
        "what is left of the 20 s"
    );
    // A server asking to wait past the deadline gets the error now.
    let error = failed(second.answered(at(18_000), 503, Some(Duration::from_secs(5)), b""));
    assert_eq!(
        (error.attempts, error.retry_after),
        (2, Some(Duration::from_secs(5)))
    );
}

#[test]
fn retry_after_is_honoured_up_to_its_bound() {
    let attempt = sending(
        call(
            &ListInvoices::page(
                crate::DateRange::day("01.01.2026".parse().unwrap()),
                crate::PageSize::new(10).unwrap(),
                1,
            )
            .unwrap(),
        )
        .start(at(0)),
    );
    let pause = waiting(attempt.answered(at(5), 429, Some(MS(1_500)), b""));
    assert_eq!(pause.until(), at(1_505));
}

#[test]
fn a_paced_call_waits_for_its_gate_and_an_early_wake_waits_on() {
    let mut gate = Gate::for_route(crate::Route::CreateWithdrawal).unwrap();
    gate.close(at(1_000));
    let withdrawal = CreateWithdrawal::new(
        CryptoCurrency::UsdtTrc20,
        "TJ8bqh2xQ6GkbHiEY8n1t3BY1Fxd1Q2RJE",
        "25".parse().unwrap(),
    )
    .unwrap();
    let pause = waiting(
        call(&withdrawal)
            .not_before(gate.opens_at())
            .start(at(2_000)),
    );
    assert_eq!(pause.until(), at(13_000));
    let pause = waiting(pause.resume(at(12_999)));
    let attempt = sending(pause.resume(at(13_000)));
    assert_eq!(attempt.attempt(), 1);
    // The API's own rate limit is not waited out: it goes back to the caller, as not executed.
    let limited = br#"{"status":"error","result":{"rate_limit":"Too many requests"}}"#;
    let error = failed(attempt.answered(at(13_100), 400, None, limited));
    assert!(
        !error.may_have_been_sent,
        "a rate_limit answer means not executed"
    );
    gate.close(at(13_100));
    assert_eq!(gate.opens_at(), Some(at(25_100)));
}

#[test]
fn jitter_differs_per_call_and_attempt_and_stays_in_range() {
    let values: alloc::vec::Vec<u32> = (0..50u64)
        .flat_map(|entropy| (1..4).map(move |attempt| jitter_permille(entropy, attempt)))
        .collect();
    assert!(values.iter().all(|&value| value <= 1000));
    let distinct: alloc::collections::BTreeSet<u32> = values.iter().copied().collect();
    assert!(distinct.len() > 100, "{distinct:?}");
}

impl<O: Operation, E> Waiting<O, E> {
    fn resume_at_its_end(self) -> Step<O, E> {
        let until = self.until();
        self.resume(until)
    }
}
