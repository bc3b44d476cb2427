//! The API paths: authentication, validation and answers with the envelopes the real API uses.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Instant;

use cryptocloud_types::{
    Credential, CryptoCurrency, Date, DateRange, Decimal, FiatCurrency, InvoiceId, Money, Route,
    Withdrawal, WithdrawalStatus,
};
use http::HeaderMap;
use http::header::AUTHORIZATION;
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::answer::Answer;
use crate::dataset;
use crate::state::State;

/// The most records one list request returns, and ids one info request takes.
const MAX_PER_REQUEST: u64 = 100;

/// Fiat currencies this mock account accepts, with their USD value in 1/10,000 of a dollar.
const FIAT_RATES: [(FiatCurrency, i64); 3] = [
    (FiatCurrency::Usd, 10_000),
    (FiatCurrency::Eur, 10_800),
    (FiatCurrency::Rub, 110),
];

/// Answers a call to an API route.
pub(crate) fn answer(state: &State, route: Route, headers: &HeaderMap, body: &[u8]) -> Answer {
    if let Some(refusal) = authenticate(state, route, headers) {
        return refusal;
    }
    let fields = match parse_body(body) {
        Ok(fields) => fields,
        Err(answer) => return answer,
    };
    let outcome = match route {
        Route::CreateInvoice => create_invoice(state, &fields),
        Route::CancelInvoice => cancel_invoice(state, &fields),
        Route::InvoiceInfo => invoice_info(state, &fields),
        Route::ListInvoices => list_invoices(state, &fields),
        Route::Statistics => statistics(state, &fields),
        Route::Balance => success(&state.store().balances()),
        Route::CreateStaticWallet => static_wallet(state, &fields),
        Route::CreateWithdrawal => withdraw(state, &fields),
        _ => Err(Answer::json(404, json!({"detail": "Not found."}))),
    };
    outcome.unwrap_or_else(|refusal| refusal)
}

/// The refusal for a missing, malformed or wrong key, if any.
fn authenticate(state: &State, route: Route, headers: &HeaderMap) -> Option<Answer> {
    let expected = match route.credential() {
        Credential::WithdrawalKey => &state.config.withdrawal_key,
        _ => &state.config.api_key,
    };
    let Some(header) = headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
    else {
        return Some(error(
            400,
            json!({"authorization": "Unauthorized request."}),
        ));
    };
    let token = header.strip_prefix("Token ").unwrap_or_default();
    if token.split('.').count() != 3 {
        return Some(Answer::json(
            401,
            json!({"detail": "Invalid header padding"}),
        ));
    }
    (token != expected)
        .then(|| Answer::json(403, json!({"detail": "Signature verification failed"})))
}

fn parse_body(body: &[u8]) -> Result<Map<String, Value>, Answer> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(fields)) => Ok(fields),
        Ok(_) => Err(Answer::json(
            400,
            json!({"detail": "JSON parse error - expected an object"}),
        )),
        Err(error) => Err(Answer::json(
            400,
            json!({"detail": format!("JSON parse error - {error}")}),
        )),
    }
}

type Outcome = Result<Answer, Answer>;

/// `{"status":"success","result":…}`, `status` first as the API writes it (clients that read
/// the status first can decode the result in one pass).
fn success(result: &impl Serialize) -> Outcome {
    serde_json::to_string(result)
        .map(|result| Answer::raw(200, format!(r#"{{"status":"success","result":{result}}}"#)))
        .map_err(|error| {
            Answer::json(
                500,
                json!({"detail": format!("could not encode the answer: {error}")}),
            )
        })
}

/// `{"status":"error","result":…}`, `status` first.
fn error(status: u16, result: Value) -> Answer {
    Answer::raw(status, format!(r#"{{"status":"error","result":{result}}}"#))
}

/// Field → message errors, answered together as the API does.
#[derive(Default)]
struct FieldErrors(BTreeMap<&'static str, String>);

impl FieldErrors {
    fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.entry(field).or_insert_with(|| message.into());
    }

    fn into_result(self) -> Result<(), Answer> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(error(400, json!(self.0)))
        }
    }
}

fn validation_error(message: &str) -> Answer {
    error(400, json!({"validate_error": message}))
}

/// A required string field; records an error and gives `None` when absent or empty.
fn text<'a>(
    fields: &'a Map<String, Value>,
    name: &'static str,
    errors: &mut FieldErrors,
) -> Option<&'a str> {
    match fields.get(name) {
        Some(Value::String(value)) if !value.trim().is_empty() => Some(value),
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

/// A required positive amount (number or numeric string).
fn amount(
    fields: &Map<String, Value>,
    name: &'static str,
    errors: &mut FieldErrors,
) -> Option<Decimal> {
    let parsed = match fields.get(name) {
        None | Some(Value::Null) => {
            errors.add(name, format!("{name} not passed."));
            return None;
        }
        Some(Value::Number(number)) => Money::from_str(&number.to_string()).ok(),
        Some(Value::String(text)) => Money::from_str(text).ok(),
        Some(_) => None,
    };
    match parsed.map(Money::decimal) {
        Some(value) if value > Decimal::ZERO => Some(value),
        _ => {
            errors.add(name, format!("Invalid value {name}."));
            None
        }
    }
}

fn date(fields: &Map<String, Value>, name: &'static str, errors: &mut FieldErrors) -> Option<Date> {
    let value = text(fields, name, errors)?;
    match Date::parse(value) {
        Ok(date) => Some(date),
        Err(_) => {
            errors.add(name, "Invalid date format. Use dd.mm.yyyy.");
            None
        }
    }
}

fn date_range(fields: &Map<String, Value>) -> Result<DateRange, Answer> {
    let mut errors = FieldErrors::default();
    let start = date(fields, "start", &mut errors);
    let end = date(fields, "end", &mut errors);
    errors.into_result()?;
    match (start, end) {
        (Some(start), Some(end)) => DateRange::new(start, end).map_err(|_| {
            validation_error("The end date must be greater than or equal to the start date")
        }),
        _ => Err(validation_error("start and end are required")),
    }
}

fn count(
    fields: &Map<String, Value>,
    name: &'static str,
    default: u64,
    errors: &mut FieldErrors,
) -> u64 {
    match fields.get(name) {
        None | Some(Value::Null) => default,
        Some(value) => value.as_u64().unwrap_or_else(|| {
            errors.add(name, format!("Invalid value {name}."));
            default
        }),
    }
}

fn create_invoice(state: &State, fields: &Map<String, Value>) -> Outcome {
    let mut errors = FieldErrors::default();
    let shop = text(fields, "shop_id", &mut errors);
    if shop.is_some_and(|shop| shop != state.config.shop_id) {
        errors.add("shop_id", "Shop not found.");
    }
    let amount = amount(fields, "amount", &mut errors);
    let fiat = match fields.get("currency").and_then(Value::as_str) {
        None => Some(FiatCurrency::Usd),
        Some(code) => Some(FiatCurrency::from_wire(code)),
    };
    let rate = fiat
        .as_ref()
        .and_then(|fiat| FIAT_RATES.iter().find(|(known, _)| known == fiat))
        .map(|(_, rate)| *rate);
    if rate.is_none() {
        let available: Vec<String> = FIAT_RATES
            .iter()
            .map(|(code, _)| format!("'{code}'"))
            .collect();
        errors.add(
            "currency",
            format!(
                "Invalid account currency specified. Available currencies {}",
                available.join(", ")
            ),
        );
    }
    let add_fields = fields.get("add_fields").and_then(Value::as_object);
    let preselected = add_fields
        .and_then(|add| add.get("cryptocurrency"))
        .and_then(Value::as_str)
        .map(CryptoCurrency::from_wire);
    if preselected
        .as_ref()
        .is_some_and(|coin| dataset::coin(coin).is_none())
    {
        errors.add("cryptocurrency", "Invalid cryptocurrency.");
    }
    errors.into_result()?;
    let (Some(shop), Some(amount), Some(rate)) = (shop, amount, rate) else {
        return Err(validation_error("invalid request"));
    };
    let usd_cents = (amount * Decimal::new(rate, 2)).round_dp(0);
    let usd_cents = i64::try_from(usd_cents.mantissa())
        .ok()
        .filter(|cents| *cents >= 1)
        .ok_or_else(|| error(400, json!({"amount": "Invalid value amount."})))?;
    let order_id = fields
        .get("order_id")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let invoice = state
        .store()
        .create(usd_cents, order_id, preselected.as_ref(), shop);
    success(&invoice)
}

fn invoice_id(
    fields: &Map<String, Value>,
    name: &'static str,
    errors: &mut FieldErrors,
) -> Option<InvoiceId> {
    let value = text(fields, name, errors)?;
    InvoiceId::parse(value)
        .map_err(|_| errors.add(name, format!("Invalid value {name}.")))
        .ok()
}

fn cancel_invoice(state: &State, fields: &Map<String, Value>) -> Outcome {
    let mut errors = FieldErrors::default();
    let id = invoice_id(fields, "uuid", &mut errors);
    errors.into_result()?;
    let id = id.ok_or_else(|| validation_error("Invoice is not created"))?;
    state.store().cancel(&id).map_err(validation_error)?;
    success(&["ok"])
}

fn invoice_info(state: &State, fields: &Map<String, Value>) -> Outcome {
    let Some(Value::Array(uuids)) = fields.get("uuids") else {
        return Err(error(400, json!({"uuids": "uuids not passed."})));
    };
    if uuids.len() as u64 > MAX_PER_REQUEST {
        return Err(validation_error("The maximum number of uuids is 100"));
    }
    let store = state.store();
    let invoices: Vec<_> = uuids
        .iter()
        .filter_map(Value::as_str)
        .filter_map(|id| InvoiceId::parse(id).ok())
        .filter_map(|id| store.get(&id).cloned())
        .collect();
    success(&invoices)
}

fn list_invoices(state: &State, fields: &Map<String, Value>) -> Outcome {
    let range = date_range(fields)?;
    let mut errors = FieldErrors::default();
    let offset = count(fields, "offset", 0, &mut errors);
    let limit = count(fields, "limit", offset + 10, &mut errors);
    errors.into_result()?;
    // `limit` is the number of the last record wanted; one request returns at most 100.
    let take = limit.saturating_sub(offset).min(MAX_PER_REQUEST);
    let store = state.store();
    let page: Vec<_> = store
        .in_range(range)
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(take).unwrap_or(0))
        .collect();
    success(&page)
}

fn statistics(state: &State, fields: &Map<String, Value>) -> Outcome {
    let range = date_range(fields)?;
    success(&state.store().statistics(range))
}

fn static_wallet(state: &State, fields: &Map<String, Value>) -> Outcome {
    let mut errors = FieldErrors::default();
    let shop = text(fields, "shop_id", &mut errors);
    if shop.is_some_and(|shop| shop != state.config.shop_id) {
        errors.add("shop_id", "Shop not found.");
    }
    let coin = text(fields, "currency", &mut errors).map(CryptoCurrency::from_wire);
    let customer = text(fields, "identify", &mut errors);
    errors.into_result()?;
    let (Some(coin), Some(customer)) = (coin, customer) else {
        return Err(validation_error("invalid request"));
    };
    let wallet = state.store().static_wallet(&coin, customer);
    match wallet {
        Some(wallet) => success(&wallet),
        None => Err(error(400, json!({"currency": "Invalid currency."}))),
    }
}

fn withdraw(state: &State, fields: &Map<String, Value>) -> Outcome {
    let mut errors = FieldErrors::default();
    let coin = text(fields, "currency_code", &mut errors).map(CryptoCurrency::from_wire);
    let to_address = text(fields, "to_address", &mut errors);
    let amount = amount(fields, "amount", &mut errors);
    errors.into_result()?;
    let (Some(coin), Some(_), Some(amount)) = (coin, to_address, amount) else {
        return Err(validation_error("invalid request"));
    };
    let mut store = state.store();
    let interval = state.config.withdrawal_interval;
    if let Some(wait) = store
        .last_withdrawal
        .map(|last| interval.saturating_sub(last.elapsed()))
        .filter(|wait| !wait.is_zero())
    {
        let message = format!(
            "Too many requests. Try again in {} seconds.",
            wait.as_secs().max(1)
        );
        return Err(error(400, json!({"rate_limit": message})));
    }
    store.last_withdrawal = Some(Instant::now());
    let id = store
        .withdraw(&coin, amount)
        .map_err(|message| error(400, json!({"amount": message})))?;
    success(&Withdrawal::new(
        id,
        WithdrawalStatus::Created,
        coin,
        Money::new(amount),
    ))
}
