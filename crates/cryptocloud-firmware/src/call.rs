//! The call core on the device, with a fake clock: the decisions a modem driver would follow —
//! a safe read retried after a 502, a create whose answer was lost never sent again, a withdrawal
//! that waits for its pacing gate. Time is a value here, as the core wants it: no timer runs.

use alloc::format;
use alloc::string::String;
use core::time::Duration;

use cryptocloud_types::call::{Call, CallSettings, Failure, Gate, Moment, Step};
use cryptocloud_types::{
    ApiKey, CreateInvoice, CreateWithdrawal, Credentials, CryptoCurrency, GetBalance, Operation,
    Route,
};

use crate::Check;

/// The call core's checks.
pub const CHECKS: &[Check] = &[
    Check {
        name: "call-read-retried",
        run: read_retried,
    },
    Check {
        name: "call-create-sent-once",
        run: create_sent_once,
    },
    Check {
        name: "call-withdrawal-paced",
        run: withdrawal_paced,
    },
];

const BALANCE: &[u8] = br#"{"status":"success","result":[]}"#;

fn at(ms: u64) -> Moment {
    Moment::from_since_origin(Duration::from_millis(ms))
}

fn call<O: Operation>(operation: &O) -> Result<Call<O, &'static str>, String> {
    let key = |text| ApiKey::new(text).map_err(|error| format!("{error}"));
    let credentials = Credentials::new(key("device-key")?).with_withdrawal_key(key("device-w")?);
    Call::new(operation, &credentials, None, CallSettings::default(), 1)
        .map_err(|error| format!("{error}"))
}

fn unexpected<O: Operation>(step: &Step<O, &'static str>) -> String {
    let what = match step {
        Step::Send(_) => "a send",
        Step::Wait(_) => "a wait",
        Step::Done(Ok(_)) => "success",
        Step::Done(Err(_)) => "a failure",
    };
    format!("the core asked for {what}")
}

/// A balance read answered 502, then 200: one wait, two attempts, the answer.
fn read_retried() -> Result<String, String> {
    let step = call(&GetBalance::new())?.start(at(0));
    let Step::Send(first) = step else {
        return Err(unexpected(&step));
    };
    let step = first.answered(at(40), 502, None, b"<html>Bad Gateway</html>");
    let Step::Wait(pause) = step else {
        return Err(unexpected(&step));
    };
    let until = pause.until();
    let step = pause.resume(until);
    let Step::Send(second) = step else {
        return Err(unexpected(&step));
    };
    let attempt = second.attempt();
    match second.answered(until + Duration::from_millis(30), 200, None, BALANCE) {
        Step::Done(Ok(balances)) => Ok(format!(
            "attempt {attempt} after waiting {} ms: {} balances",
            (until - at(40)).as_millis(),
            balances.len()
        )),
        other => Err(unexpected(&other)),
    }
}

/// A create whose answer was lost: given up at once, and said to be possibly sent.
fn create_sent_once() -> Result<String, String> {
    let shop = "device-shop".parse().map_err(|error| format!("{error}"))?;
    let amount = "9.99".parse().map_err(|error| format!("{error}"))?;
    let create = CreateInvoice::new(shop, amount).map_err(|error| format!("{error}"))?;
    let step = call(&create)?.start(at(0));
    let Step::Send(attempt) = step else {
        return Err(unexpected(&step));
    };
    match attempt.failed(at(15_000), Failure::TimedOut, "no answer") {
        Step::Done(Err(error)) if error.may_have_been_sent && error.attempts == 1 => Ok(
            String::from("1 attempt, may have been sent: look before creating again"),
        ),
        other => Err(unexpected(&other)),
    }
}

/// A withdrawal 1 s after the previous one ended waits for the gate (12 s), not a moment less.
fn withdrawal_paced() -> Result<String, String> {
    let mut gate = Gate::for_route(Route::CreateWithdrawal)
        .ok_or_else(|| String::from("withdrawals are not paced"))?;
    gate.close(at(1_000));
    let amount = "5".parse().map_err(|error| format!("{error}"))?;
    let to = "TJ8bqh2xQ6GkbHiEY8n1t3BY1Fxd1Q2RJE";
    let withdrawal = CreateWithdrawal::new(CryptoCurrency::UsdtTrc20, to, amount)
        .map_err(|error| format!("{error}"))?;
    let step = call(&withdrawal)?
        .not_before(gate.opens_at())
        .start(at(2_000));
    let Step::Wait(pause) = step else {
        return Err(unexpected(&step));
    };
    let until = pause.until();
    let step = pause.resume(at(12_999));
    let Step::Wait(pause) = step else {
        return Err(unexpected(&step));
    };
    match pause.resume(until) {
        Step::Send(_attempt) => Ok(format!(
            "sent at {} ms, {} ms after the previous one ended",
            until.since_origin().as_millis(),
            (until - at(1_000)).as_millis(),
        )),
        other => Err(unexpected(&other)),
    }
}
