//! The API paths: authentication, validation and answers, with the envelopes the real API uses.

mod invoices;
mod wallet;

use std::collections::BTreeMap;

use http::HeaderMap;
use rust_decimal::Decimal;
use serde_json::Value;

use crate::answer::Answer;
use crate::dates;
use crate::json::Json;
use crate::operation::Operation;
use crate::request::{self, Fields};
use crate::state::State;
use crate::wire;

/// Answers a call to an API route.
pub(crate) fn answer(
    state: &State,
    operation: Operation,
    headers: &HeaderMap,
    body: &[u8],
) -> Answer {
    let key = match operation {
        Operation::CreateWithdrawal => &state.config.withdrawal_key,
        _ => &state.config.api_key,
    };
    if let Some(refusal) = request::authenticate(headers, key) {
        return refusal;
    }
    let fields = match request::parse_body(headers, body) {
        Ok(fields) => fields,
        Err(refusal) => return refusal,
    };
    let outcome = match operation {
        Operation::CreateInvoice => invoices::create(state, &fields),
        Operation::CancelInvoice => invoices::cancel(state, &fields),
        Operation::InvoiceInfo => invoices::info(state, &fields),
        Operation::ListInvoices => invoices::list(state, &fields),
        Operation::Statistics => invoices::statistics(state, &fields),
        Operation::Balance => wallet::balance(state),
        Operation::CreateStaticWallet => wallet::static_wallet(state, &fields),
        Operation::CreateWithdrawal => wallet::withdraw(state, &fields),
    };
    match outcome {
        Ok(envelope) => Answer::json(200, &envelope),
        Err(refusal) => refusal,
    }
}

/// A whole success envelope, or a refusal.
type Outcome = Result<Json, Answer>;

/// `{"status":"error","result":…}` with HTTP 400.
fn error(result: Json) -> Answer {
    Answer::json(400, &wire::error(result))
}

fn validation_error(message: &str) -> Answer {
    error(Json::object([("validate_error", Json::str(message))]))
}

/// Field → message errors, answered together as the API does.
#[derive(Default)]
struct FieldErrors(BTreeMap<&'static str, String>);

impl FieldErrors {
    fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.entry(field).or_insert_with(|| message.into());
    }

    fn check(self) -> Result<(), Answer> {
        if self.0.is_empty() {
            return Ok(());
        }
        let fields = self
            .0
            .into_iter()
            .map(|(field, message)| (field.to_owned(), Json::Str(message)))
            .collect();
        Err(error(Json::Object(fields)))
    }
}

/// A required string field; records an error and gives `None` when absent, empty or not text.
fn text<'a>(fields: &'a Fields, name: &'static str, errors: &mut FieldErrors) -> Option<&'a str> {
    match fields.get(name) {
        Some(Value::String(value)) if !value.trim().is_empty() => Some(value.trim()),
        Some(Value::Null) | None => {
            errors.add(name, format!("{name} not passed."));
            None
        }
        Some(_) => {
            errors.add(name, format!("Invalid value {name}."));
            None
        }
    }
}

/// An optional string field (absent, `null` and `""` are all "not given").
fn optional_text<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields
        .get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|value| !value.is_empty())
}

/// An exact decimal from a JSON number or a numeric string (`"10"`, `10.5`, `1e-5`).
fn decimal(value: &Value) -> Option<Decimal> {
    let text = match value {
        Value::Number(number) => number.to_string(),
        Value::String(text) => text.trim().to_owned(),
        _ => return None,
    };
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(&text).ok()
    } else {
        text.parse().ok()
    }
}

/// A required positive amount.
fn amount(fields: &Fields, name: &'static str, errors: &mut FieldErrors) -> Option<Decimal> {
    match fields.get(name) {
        None | Some(Value::Null) => {
            errors.add(name, format!("{name} not passed."));
            None
        }
        Some(value) => match decimal(value) {
            Some(amount) if amount > Decimal::ZERO => Some(amount),
            _ => {
                errors.add(name, format!("Invalid value {name}."));
                None
            }
        },
    }
}

/// An optional count: a non-negative integer, as a number or (in forms) a string.
fn count(fields: &Fields, name: &'static str, default: u64, errors: &mut FieldErrors) -> u64 {
    let parsed = match fields.get(name) {
        None | Some(Value::Null) => return default,
        Some(Value::Number(number)) => number.as_u64(),
        Some(Value::String(text)) => text.trim().parse().ok(),
        Some(_) => None,
    };
    parsed.unwrap_or_else(|| {
        errors.add(name, format!("Invalid value {name}."));
        default
    })
}

/// A `dd.mm.yyyy` date field.
fn date(fields: &Fields, name: &'static str, errors: &mut FieldErrors) -> Option<time::Date> {
    let value = text(fields, name, errors)?;
    let date = dates::parse(value);
    if date.is_none() {
        errors.add(name, "Invalid date format. Use dd.mm.yyyy.");
    }
    date
}

/// `start` and `end`, both required, `end` not before `start`.
fn date_range(fields: &Fields) -> Result<(time::Date, time::Date), Answer> {
    let mut errors = FieldErrors::default();
    let start = date(fields, "start", &mut errors);
    let end = date(fields, "end", &mut errors);
    errors.check()?;
    match (start, end) {
        (Some(start), Some(end)) if start <= end => Ok((start, end)),
        (Some(_), Some(_)) => Err(validation_error(
            "The end date must be greater than or equal to the start date",
        )),
        _ => Err(validation_error("start and end are required")),
    }
}

/// The shop asked for must be the mock's.
fn shop(state: &State, fields: &Fields, errors: &mut FieldErrors) -> bool {
    let shop = text(fields, "shop_id", errors);
    if shop.is_some_and(|shop| shop != state.config.shop_id) {
        errors.add("shop_id", "Shop not found.");
    }
    shop.is_some()
}
