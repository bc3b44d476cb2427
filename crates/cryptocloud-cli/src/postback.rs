//! `postback verify`: is this body genuinely from CryptoCloud?

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use cryptocloud::postback::{Postback, PostbackSecret};
use serde_json::json;
use time::OffsetDateTime;

use crate::args::{Format, Global};
use crate::failure::Failure;

/// The largest body read; real postbacks are a few KiB.
const MAX_BODY: u64 = 1024 * 1024;

pub(crate) fn verify(
    global: &Global,
    file: Option<&Path>,
    secret: Option<&str>,
    at: Option<i64>,
    format: Format,
) -> Result<ExitCode, Failure> {
    let secret = match (secret, global.mock) {
        (Some(secret), _) => PostbackSecret::new(secret)?,
        (None, true) => PostbackSecret::new(cryptocloud_mock::DEFAULT_POSTBACK_SECRET)?,
        (None, false) => {
            return Err(Failure::new("no postback secret").hint(
                "set CRYPTOCLOUD_POSTBACK_SECRET to the project's secret key (or pass --secret)",
            ));
        }
    };
    let now = match at {
        Some(seconds) => OffsetDateTime::from_unix_timestamp(seconds).map_err(|error| {
            Failure::new(format!("--at {seconds} is not a time")).caused_by(error)
        })?,
        None => OffsetDateTime::now_utc(),
    };
    let body = read_body(file)?;
    let verdict = Postback::parse(&body).and_then(|postback| postback.verify(&secret, now));
    let mut stdout = std::io::stdout().lock();
    match (&verdict, format) {
        (Ok(postback), Format::Json | Format::Ndjson) => writeln!(
            stdout,
            "{}",
            json!({"genuine": true, "invoice_id": postback.invoice_id, "amount_crypto": postback.amount_crypto,
                   "currency": postback.currency, "order_id": postback.order_id})
        )?,
        (Err(reason), Format::Json | Format::Ndjson) => writeln!(
            stdout,
            "{}",
            json!({"genuine": false, "reason": reason.to_string()})
        )?,
        (Ok(postback), _) => {
            let amount = postback
                .amount_crypto
                .map(|amount| amount.to_string())
                .unwrap_or_else(|| String::from("?"));
            let currency = postback
                .currency
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            let order = postback
                .order_id
                .as_deref()
                .map(|order| format!(", order {order}"))
                .unwrap_or_default();
            writeln!(
                stdout,
                "genuine: {} paid {amount} {currency}{order}",
                postback.invoice_id
            )?;
        }
        (Err(reason), _) => writeln!(stdout, "NOT genuine: {reason}")?,
    }
    Ok(if verdict.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn read_body(file: Option<&Path>) -> Result<Vec<u8>, Failure> {
    let mut body = Vec::new();
    let read = match file {
        None => std::io::stdin().take(MAX_BODY).read_to_end(&mut body),
        Some(path) if path == Path::new("-") => {
            std::io::stdin().take(MAX_BODY).read_to_end(&mut body)
        }
        Some(path) => std::fs::File::open(path)
            .and_then(|file| file.take(MAX_BODY).read_to_end(&mut body))
            .map_err(|error| {
                std::io::Error::new(error.kind(), format!("{}: {error}", path.display()))
            }),
    };
    read.map_err(|error| {
        Failure::new(format!("cannot read the postback body: {error}")).caused_by(error)
    })?;
    Ok(body)
}
