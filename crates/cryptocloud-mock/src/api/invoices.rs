//! Create, cancel, info, list and statistics.

use rust_decimal::Decimal;
use serde_json::Value;
use time::Duration;

use super::{
    FieldErrors, Outcome, count, date_range, error, optional_text, text, validation_error,
};
use crate::catalog::{self, Coin, FIAT_RATES};
use crate::dataset::Order;
use crate::json::Json;
use crate::request::Fields;
use crate::state::State;
use crate::wire;

/// The most records one list request returns, and ids one info request takes.
const MAX_PER_REQUEST: u64 = 100;

/// The largest invoice the mock accepts, in USD. The reference names no maximum; a bound keeps
/// every sum the server makes far from the decimal type's limit.
const MAX_AMOUNT_USD: i64 = 1_000_000_000;

pub(super) fn create(state: &State, fields: &Fields) -> Outcome {
    let mut errors = FieldErrors::default();
    super::shop(state, fields, &mut errors);
    let amount = super::amount(fields, "amount", &mut errors);
    let fiat = catalog::fiat(optional_text(fields, "currency").unwrap_or("USD"));
    if fiat.is_none() {
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
    let add = AddFields::read(fields, &mut errors);
    errors.check()?;
    let (Some(amount), Some((fiat, rate))) = (amount, fiat) else {
        return Err(validation_error("Invoice is not created"));
    };
    let invalid_amount = || {
        error(Json::object([(
            "amount",
            Json::str("Invalid value amount."),
        )]))
    };
    let amount_usd = amount
        .checked_mul(rate)
        .map(|usd| usd.round_dp(2))
        .filter(|usd| *usd >= Decimal::new(1, 2) && *usd <= Decimal::from(MAX_AMOUNT_USD))
        .ok_or_else(invalid_amount)?;
    let order = Order {
        id: String::new(),
        created: crate::dataset::now(),
        fiat,
        amount_fiat: amount.round_dp(8).normalize(),
        amount_usd,
        chosen: add.cryptocurrency,
        offered: (!add.available.is_empty()).then_some(add.available.as_slice()),
        time_to_pay: add.time_to_pay,
        order_id: optional_text(fields, "order_id").map(str::to_owned),
    };
    let invoice = state.store().create(order).clone();
    let mut result = wire::created_invoice(&invoice, &state.project);
    state.dice.apply(&invoice.id, &mut result);
    Ok(wire::success(result))
}

/// The `add_fields` the mock honours.
struct AddFields {
    time_to_pay: Duration,
    cryptocurrency: Option<&'static Coin>,
    available: Vec<&'static Coin>,
}

impl AddFields {
    /// Reads `add_fields`: an object in JSON bodies; in forms, a JSON string if anything.
    fn read(fields: &Fields, errors: &mut FieldErrors) -> AddFields {
        let parsed = match fields.get("add_fields") {
            Some(Value::String(text)) => serde_json::from_str::<Value>(text).ok(),
            other => other.cloned(),
        };
        let add = parsed.as_ref().and_then(Value::as_object);
        let get = |name: &str| {
            add.and_then(|add| add.get(name))
                .filter(|value| !value.is_null())
        };
        let mut read = AddFields {
            time_to_pay: Duration::hours(24),
            cryptocurrency: None,
            available: Vec::new(),
        };
        if let Some(time) = get("time_to_pay") {
            let part = |name| match time.get(name) {
                None | Some(Value::Null) => Some(0),
                Some(value) => super::decimal(value).and_then(|value| i64::try_from(value).ok()),
            };
            match (part("hours"), part("minutes")) {
                (Some(hours), Some(minutes))
                    if (0..=10_000).contains(&hours)
                        && (0..=600_000).contains(&minutes)
                        && hours + minutes > 0 =>
                {
                    read.time_to_pay = Duration::hours(hours) + Duration::minutes(minutes);
                }
                _ => errors.add("time_to_pay", "Invalid value time_to_pay."),
            }
        }
        if let Some(code) = get("cryptocurrency") {
            match code.as_str().and_then(Coin::find) {
                Some(coin) => read.cryptocurrency = Some(coin),
                None => errors.add("cryptocurrency", "Invalid cryptocurrency."),
            }
        }
        if let Some(codes) = get("available_currencies") {
            let coins: Option<Vec<_>> = codes
                .as_array()
                .map(|codes| {
                    codes
                        .iter()
                        .map(|code| code.as_str().and_then(Coin::find))
                        .collect()
                })
                .unwrap_or(None);
            match coins {
                Some(coins) if !coins.is_empty() => read.available = coins,
                _ => errors.add(
                    "available_currencies",
                    "Invalid value available_currencies.",
                ),
            }
        }
        read
    }
}

pub(super) fn cancel(state: &State, fields: &Fields) -> Outcome {
    let mut errors = FieldErrors::default();
    let id = text(fields, "uuid", &mut errors);
    errors.check()?;
    let id = id.ok_or_else(|| validation_error("Invoice is not created"))?;
    state.store().cancel(id).map_err(validation_error)?;
    Ok(wire::success(Json::Array(vec![Json::str("ok")])))
}

pub(super) fn info(state: &State, fields: &Fields) -> Outcome {
    let Some(Value::Array(uuids)) = fields.get("uuids") else {
        return Err(error(Json::object([(
            "uuids",
            Json::str("uuids not passed."),
        )])));
    };
    if uuids.len() as u64 > MAX_PER_REQUEST {
        return Err(validation_error("The maximum number of uuids is 100"));
    }
    let store = state.store();
    let invoices = uuids
        .iter()
        .filter_map(Value::as_str)
        .filter_map(|id| store.get(id.trim()))
        .map(|invoice| state.invoice_json(invoice))
        .collect();
    Ok(wire::success(Json::Array(invoices)))
}

pub(super) fn list(state: &State, fields: &Fields) -> Outcome {
    let (start, end) = date_range(fields)?;
    let mut errors = FieldErrors::default();
    let offset = count(fields, "offset", 0, &mut errors);
    // Seed 002: "limit — the number of the last record you want to get; with limit=20 you get the
    // records up to the 20th inclusive, starting from the one offset says", and "by default the
    // answer has 10 records" with limit's example 10. So a missing limit is the end position 10,
    // not offset + 10: `{"offset":20}` alone asks for records 21 to 10, an empty page.
    let limit = count(fields, "limit", 10, &mut errors);
    errors.check()?;
    let take = limit.saturating_sub(offset).min(MAX_PER_REQUEST);
    let store = state.store();
    let page = store
        .in_range(start, end)
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(take).unwrap_or(0))
        .map(|invoice| state.invoice_json(invoice))
        .collect();
    let mut envelope = wire::success(Json::Array(page));
    let range = format!("{start}..{end}+{offset}");
    if state.dice.unconfirmed(&range, "all_count")
        && let Json::Object(fields) = &mut envelope
    {
        let all = store.in_range(start, end).count();
        fields.push((
            String::from("all_count"),
            Json::Int(i64::try_from(all).unwrap_or(i64::MAX)),
        ));
    }
    Ok(envelope)
}

pub(super) fn statistics(state: &State, fields: &Fields) -> Outcome {
    let (start, end) = date_range(fields)?;
    let mut result = wire::statistics(&state.store().tally(start, end));
    let range = format!("{start}..{end}");
    if state.dice.unconfirmed(&range, "refunded") {
        for (bucket, zero) in [("count", Json::Int(0)), ("amount", Json::Int(0))] {
            if let Some(Json::Object(fields)) = result.get_mut(bucket) {
                fields.push((String::from("refunded"), zero));
            }
        }
    }
    state.dice.apply(&range, &mut result);
    Ok(wire::success(result))
}
