//! The control paths under `/_mock/`, apart from the API: pay an invoice (and send its postback),
//! pay into a static wallet (an invoice made paid, and its postback), transfer to an address
//! (`transfer.rs`), let one expire (no postback; `payment.rs` does these), queue a one-shot
//! fault, read the counters. Changing requests must carry
//! `Content-Type: application/json`, which a plain HTML form cannot send and a cross-origin script
//! cannot send without a CORS preflight this server never grants: a web page the tester visits
//! cannot pay invoices behind their back.

use http::{HeaderMap, Method};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::answer::Answer;
use crate::fault::{FAULT_REQUEST, FaultRequest};
use crate::payment::{Payment, PaymentError, PaymentReport, expire, pay, top_up};
use crate::postback::PostbackFormat;
use crate::request::detail;
use crate::state::State;
use crate::transfer;

/// A pay request; without `format`, the configured postback format.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct PayRequest {
    status: Payment,
    format: Option<PostbackFormat>,
}

/// A payment into a static wallet: any amount of its coin, as a decimal string (`"0.0125"`) or
/// a number; without `format`, the configured postback format.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopUpRequest {
    amount: serde_json::Value,
    format: Option<PostbackFormat>,
}

impl TopUpRequest {
    /// The amount, exact: a string is read as written, a number as JSON wrote it.
    fn amount(&self) -> Option<Decimal> {
        let text = match &self.amount {
            serde_json::Value::String(text) => text.trim().to_owned(),
            serde_json::Value::Number(number) => number.to_string(),
            _ => return None,
        };
        text.parse()
            .or_else(|_| Decimal::from_scientific(&text))
            .ok()
    }
}

/// An expire request: nothing to say, but a JSON body if any, like every control request.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ExpireRequest {}

const ROUTES: &str = "control paths: POST /_mock/invoices/{id}/pay, POST /_mock/invoices/{id}/expire, POST /_mock/wallets/{uuid}/pay, POST /_mock/transfers, POST /_mock/faults, GET /_mock/stats";

const TOP_UP_REQUEST: &str = "{\"amount\": \"0.0125\", \"format\": \"json|form\"}";

pub(crate) async fn answer(
    state: &State,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Answer {
    if method == Method::GET && path == "/_mock/stats" {
        let stats = serde_json::to_string(&state.counters.snapshot()).unwrap_or_default();
        return Answer {
            status: 200,
            body: stats.into_bytes(),
            content_type: "application/json",
        };
    }
    if method != Method::POST {
        return detail(404, ROUTES);
    }
    let json_body = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .trim()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    if !json_body {
        return detail(415, "control requests need Content-Type: application/json");
    }
    if path == "/_mock/faults" {
        return queue_fault(state, body);
    }
    if path == transfer::PATH {
        return match transfer::read(body) {
            Ok(transfer) => respond(transfer.make(state).await),
            Err(refusal) => refusal,
        };
    }
    if let Some(wallet) = path
        .strip_prefix("/_mock/wallets/")
        .and_then(|rest| rest.strip_suffix("/pay"))
    {
        return answer_top_up(state, wallet, body).await;
    }
    let route = path
        .strip_prefix("/_mock/invoices/")
        .and_then(|rest| rest.split_once('/'));
    let Some((invoice, action @ ("pay" | "expire"))) = route else {
        return detail(404, ROUTES);
    };
    if action == "expire" {
        if let Err(refusal) = read::<ExpireRequest>(body, "{}") {
            return refusal;
        }
        return match expire(state, invoice) {
            Ok(invoice) => ok(&serde_json::json!({ "invoice": invoice })),
            Err(error) => detail(409, &error.to_string()),
        };
    }
    let request: PayRequest = match read(
        body,
        "{\"status\": \"paid|partial|overpaid\", \"format\": \"json|form\"}",
    ) {
        Ok(request) => request,
        Err(refusal) => return refusal,
    };
    let format = request.format.unwrap_or(state.config.postback_format);
    respond(pay(state, invoice, request.status, format).await)
}

/// Takes the payment into a static wallet a `POST /_mock/wallets/{uuid}/pay` asks for.
async fn answer_top_up(state: &State, wallet: &str, body: &[u8]) -> Answer {
    let request: TopUpRequest = match serde_json::from_slice(body) {
        Ok(request) => request,
        Err(error) => return detail(400, &format!("expected {TOP_UP_REQUEST}: {error}")),
    };
    let Some(amount) = request.amount() else {
        return detail(
            400,
            &format!("expected {TOP_UP_REQUEST}: the amount is not a decimal"),
        );
    };
    let format = request.format.unwrap_or(state.config.postback_format);
    respond(top_up(state, wallet, amount, format).await)
}

/// A payment's report, or why it failed: 409 for a refusal, 502 when the postback failed.
fn respond(paid: Result<PaymentReport, PaymentError>) -> Answer {
    match paid {
        Ok(report) => ok(&report),
        Err(error @ PaymentError::Refused { .. }) => detail(409, &error.to_string()),
        Err(error) => detail(502, &error.to_string()),
    }
}

/// Queues the one-shot fault a `POST /_mock/faults` asks for.
fn queue_fault(state: &State, body: &[u8]) -> Answer {
    let request: FaultRequest = match serde_json::from_slice(body) {
        Ok(request) => request,
        Err(error) => return detail(400, &format!("expected {FAULT_REQUEST}: {error}")),
    };
    let queued = request
        .fault()
        .map_err(str::to_owned)
        .and_then(|(operation, fault)| {
            state
                .one_shot
                .push(operation, fault)
                .map_err(|error| error.to_string())
        });
    match queued {
        Ok(()) => ok(&serde_json::json!({ "queued": true })),
        Err(message) => detail(400, &message),
    }
}

/// A control request's JSON body; an empty one is the default request.
fn read<T: serde::de::DeserializeOwned + Default>(
    body: &[u8],
    expected: &str,
) -> Result<T, Answer> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body)
        .map_err(|error| detail(400, &format!("expected {expected}: {error}")))
}

fn ok(report: &impl Serialize) -> Answer {
    Answer {
        status: 200,
        body: serde_json::to_vec(report).unwrap_or_default(),
        content_type: "application/json",
    }
}
