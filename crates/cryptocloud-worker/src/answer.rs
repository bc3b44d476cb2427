//! What the worker answers a postback with: 200 only for a payment the API confirms in full.
//!
//! CryptoCloud reads any other status as "not received" and sends the postback again; each
//! status says why, and the JSON body says it in words.
//!
//! | status | when |
//! |---|---|
//! | 200 | the API says paid or overpaid and the body agrees (`PaidInFull`): fulfil, once per `fulfilment_key` |
//! | 402 | the API says paid in part (`Partial`): `to_surcharge` is still owed |
//! | 409 | the API says nothing is paid (`NotPaid`), whatever the body claims, or the invoice is a test invoice (`TestPayment`: no money moved) |
//! | 422 | the API says money arrived, but the body's claims disagree with it (`Mismatch`): rewritten or stale |
//! | 400 / 401 / 410 | the body is malformed / its token is forged / its token expired (never sent to the API) |
//! | 404 | the API does not know the invoice the token signs |
//! | 502 | the API answered, but in a way that confirms nothing (an error, an unreadable invoice) |
//! | 503 | the API could not be reached, or was busy, within the call's retries and deadline |
//! | 500 | the worker is misconfigured (a binding missing or unusable) |

use std::error::Error;

use cryptocloud_types::InvoiceList;
use cryptocloud_types::call::{
    CallError, Cause, ClaimField, Confirmation, Lookup, PostbackOutcome,
};
use cryptocloud_types::postback::{PostbackError, VerifiedPostback};
use serde_json::{Value, json};

/// The driver's error: what JavaScript's `fetch` said.
pub(crate) type FetchError = String;

/// An HTTP answer: status and JSON body.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: String,
}

fn answer(status: u16, body: &Value) -> Answer {
    Answer {
        status,
        body: body.to_string(),
    }
}

/// An error and its causes, one sentence each.
fn explain(error: &dyn Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}

/// A postback that is not genuine: 400, 401 or 410 by its kind.
pub(crate) fn refused(refusal: &PostbackError) -> Answer {
    let kind = refusal.kind();
    let body = json!({ "refused": kind.as_str(), "error": explain(refusal) });
    answer(kind.http_status(), &body)
}

/// A binding is missing or unusable (its value is never shown).
pub(crate) fn misconfigured(binding: &str) -> Answer {
    let error = format!("the worker's binding {binding} is missing or not usable");
    answer(500, &json!({ "error": error }))
}

/// The confirmation request could not be built.
pub(crate) fn internal(error: &dyn Error) -> Answer {
    let error = format!(
        "the confirmation request could not be built: {}",
        explain(error)
    );
    answer(500, &json!({ "error": error }))
}

/// JavaScript named an exchange that is not open.
pub(crate) fn unknown_exchange(number: u32) -> Answer {
    let error = format!("exchange {number} is not open (it ended, or was never started)");
    answer(500, &json!({ "error": error }))
}

/// JavaScript reported something the exchange was not waiting for.
pub(crate) fn out_of_turn(number: u32, reported: &str, state: &str) -> Answer {
    let error = format!("exchange {number} was {reported} while {state}: the glue is out of step");
    answer(500, &json!({ "error": error }))
}

/// The confirmation call is over: judge its answer.
pub(crate) fn confirmed(
    result: Result<InvoiceList, CallError<FetchError>>,
    postback: &VerifiedPostback,
    attempts: u32,
) -> Answer {
    let asked = postback.invoice_to_confirm();
    let list = match result {
        Ok(list) => list,
        Err(error) => return gave_up(&error),
    };
    let invoice = match Lookup::in_answer(list, asked) {
        Lookup::Found(invoice) => *invoice,
        Lookup::Unreadable(entry) => {
            let error = format!("the API's entry for {asked} cannot be read: {entry:?}");
            return answer(502, &json!({ "error": error, "attempts": attempts }));
        }
        _ => {
            let error = format!("the API does not know the invoice {asked}");
            return answer(404, &json!({ "error": error, "attempts": attempts }));
        }
    };
    let confirmation = Confirmation::judge(invoice, postback.unverified_claims());
    let (status, outcome) = match confirmation.outcome() {
        PostbackOutcome::PaidInFull => (200, "paid_in_full"),
        PostbackOutcome::Partial => (402, "partial"),
        PostbackOutcome::NotPaid => (409, "not_paid"),
        PostbackOutcome::TestPayment => (409, "test_payment"),
        PostbackOutcome::Mismatch { .. } => (422, "mismatch"),
        _ => (409, "unknown"),
    };
    let names = |fields: &[ClaimField]| -> Vec<&str> {
        fields.iter().map(|field| field.as_str()).collect()
    };
    let mismatched = match confirmation.outcome() {
        PostbackOutcome::Mismatch { fields } => names(fields),
        _ => Vec::new(),
    };
    let invoice = confirmation.invoice();
    let body = json!({
        "outcome": outcome,
        "invoice": invoice.uuid.to_string(),
        "status": invoice.status.to_string(),
        "order_id": invoice.order_id,
        "to_surcharge": invoice.to_surcharge.map(|owed| owed.to_string()),
        "mismatched": mismatched,
        // The body's claims the API's answer gave nothing to compare with: worth a log line.
        "unchecked": names(confirmation.unchecked()),
        // What the shop fulfils once on (the invoice, the same for paid and a later overpaid).
        "fulfilment_key": confirmation.fulfilment_key().map(|key| key.to_string()),
        "attempts": attempts,
    });
    answer(status, &body)
}

/// The call gave up: 503 when trying later can help (no answer, a server error, a rate limit),
/// 502 when the API's answer itself confirms nothing.
fn gave_up(error: &CallError<FetchError>) -> Answer {
    let (status, text) = match &error.cause {
        Cause::Failed(failure, message) => (
            503,
            format!("the API could not be reached ({failure:?}): {message}"),
        ),
        Cause::Answer(answer) => {
            let busy = answer.status() >= 500 || answer.status() == 429;
            let status = if busy { 503 } else { 502 };
            (status, format!("the API answered: {}", explain(answer)))
        }
    };
    answer(
        status,
        &json!({ "error": text, "attempts": error.attempts }),
    )
}
