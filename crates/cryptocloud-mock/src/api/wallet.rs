//! Balance, static wallets and withdrawals.

use std::time::Instant;

use super::{FieldErrors, Outcome, error, text, validation_error};
use crate::catalog::Coin;
use crate::json::Json;
use crate::request::Fields;
use crate::state::State;
use crate::wire;

pub(super) fn balance(state: &State) -> Outcome {
    let mut lines: Vec<Json> = state
        .store()
        .balances()
        .iter()
        .map(|line| {
            let mut json = wire::balance(line);
            state.dice.apply(line.coin.code, &mut json);
            json
        })
        .collect();
    if state.dice.documented("balance", "unknown coin") {
        // A coin the SDK has never heard of, as the API adds them without notice.
        if let Some(mut extra) = lines.first().cloned() {
            if let Some(Json::Object(currency)) = extra.get_mut("currency") {
                for (key, value) in currency.iter_mut() {
                    match key.as_str() {
                        "code" => *value = Json::str("NEWCOIN_CHAIN"),
                        "short_code" => *value = Json::str("NEWCOIN"),
                        "name" => *value = Json::str("Newcoin"),
                        _ => {}
                    }
                }
            }
            lines.push(extra);
        }
    }
    Ok(wire::success(Json::Array(lines)))
}

pub(super) fn static_wallet(state: &State, fields: &Fields) -> Outcome {
    let mut errors = FieldErrors::default();
    super::shop(state, fields, &mut errors);
    let coin = text(fields, "currency", &mut errors);
    let customer = text(fields, "identify", &mut errors);
    errors.check()?;
    let (Some(coin), Some(customer)) = (coin, customer) else {
        return Err(validation_error("Static wallet is not created"));
    };
    let coin = Coin::find(coin)
        .ok_or_else(|| error(Json::object([("currency", Json::str("Invalid currency."))])))?;
    let wallet = state.store().static_wallet(coin, customer);
    let mut result = wire::static_wallet(&wallet);
    state.dice.apply(&wallet.uuid, &mut result);
    Ok(wire::success(result))
}

pub(super) fn withdraw(state: &State, fields: &Fields) -> Outcome {
    let mut errors = FieldErrors::default();
    let coin = text(fields, "currency_code", &mut errors);
    let to_address = text(fields, "to_address", &mut errors);
    let amount = super::amount(fields, "amount", &mut errors);
    let coin = coin.map(|code| {
        Coin::find(code).ok_or_else(|| {
            error(Json::object([(
                "currency_code",
                Json::str("Currency is not supported"),
            )]))
        })
    });
    errors.check()?;
    let (Some(coin), Some(_), Some(amount)) = (coin, to_address, amount) else {
        return Err(validation_error("Withdrawal is not created"));
    };
    let coin = coin?;
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
        return Err(error(Json::object([("rate_limit", Json::Str(message))])));
    }
    store.last_withdrawal = Some(Instant::now());
    let id = store
        .withdraw(coin, amount)
        .map_err(|message| error(Json::object([("amount", Json::str(message))])))?;
    Ok(wire::success(wire::withdrawal(&id, coin, amount)))
}
