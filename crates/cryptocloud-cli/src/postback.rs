//! `postback verify`: does this body's token verify, and what does the body say that nothing
//! signs? Fails closed: a refused postback exits non-zero whatever happens to stdout.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use cryptocloud::postback::{
    Binding, InvoiceInfo, Postback, PostbackError, PostbackSecret, UnverifiedClaims,
    VerifiedPostback,
};
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::args::{Format, Global};
use crate::failure::Failure;

/// The largest body read; real postbacks are a few KiB.
const MAX_BODY: u64 = 1024 * 1024;

/// The line under "signature valid" that says why the rest is not to be trusted.
const NOT_SIGNED: &str =
    "not signed (unverified claims; confirm the invoice through the API before fulfilling):";

pub(crate) fn verify(
    global: &Global,
    file: Option<&Path>,
    secret: Option<&str>,
    at: Option<i64>,
    format: Format,
) -> Result<ExitCode, Failure> {
    let secret = postback_secret(global, secret)?;
    let now = clock(at)?;
    let postback = Postback::parse(&read_body(file)?);
    let verdict = postback.and_then(|postback| postback.verify(&secret, now));
    report(&verdict, format)
}

/// Writes the verdict and picks the exit status. A refusal exits 1 even when stdout cannot be
/// written (a closed pipe included): the reason then goes to stderr.
fn report(
    verdict: &Result<VerifiedPostback, PostbackError>,
    format: Format,
) -> Result<ExitCode, Failure> {
    let mut stdout = std::io::stdout().lock();
    match verdict {
        Ok(verified) => {
            write_verified(&mut stdout, verified, format)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(refusal) => {
            if write_refusal(&mut stdout, refusal, format).is_err() {
                eprintln!("NOT genuine ({}): {refusal}", refusal.kind().as_str());
            }
            Ok(ExitCode::FAILURE)
        }
    }
}

fn write_verified(
    out: &mut impl Write,
    verified: &VerifiedPostback,
    format: Format,
) -> std::io::Result<()> {
    let claims = verified.unverified_claims();
    let expires_at = verified.expires_at();
    if matches!(format, Format::Json | Format::Ndjson) {
        let signed = match verified.binding() {
            Binding::Invoice(id) => {
                json!({"invoice_id": id, "expires_at": expires_at.unix_timestamp()})
            }
            Binding::Unbound(number) => {
                json!({"invoice_id": null, "token_id": number, "expires_at": expires_at.unix_timestamp()})
            }
        };
        let verdict =
            json!({"verified": true, "signed": signed, "unverified_claims": claims_json(claims)});
        return writeln!(out, "{verdict}");
    }
    let expiry = utc(expires_at);
    match verified.binding() {
        Binding::Invoice(id) => writeln!(
            out,
            "signature valid: the token signs invoice {id}, valid until {expiry}"
        )?,
        Binding::Unbound(number) => writeln!(
            out,
            "signature valid: the token's id is {number}, which names no invoice; valid until {expiry}"
        )?,
    }
    writeln!(out, "{NOT_SIGNED}")?;
    let mut rows = Vec::new();
    if verified.invoice_id().is_none() {
        rows.push(("invoice_id", claims.invoice_id.to_string()));
    }
    let or_absent = |value: Option<String>| value.unwrap_or_else(|| String::from("(absent)"));
    rows.extend([
        (
            "status",
            or_absent(claims.status.as_ref().map(|s| s.as_str().to_owned())),
        ),
        (
            "amount_crypto",
            or_absent(claims.amount_crypto.map(|a| a.to_string())),
        ),
        (
            "currency",
            or_absent(claims.currency.as_ref().map(|c| c.as_str().to_owned())),
        ),
        ("order_id", or_absent(claims.order_id.clone())),
        (
            "invoice_info",
            or_absent(claims.invoice_info.as_ref().map(describe_info)),
        ),
    ]);
    for (name, value) in rows {
        writeln!(out, "  {name:<14} {value}")?;
    }
    Ok(())
}

fn write_refusal(
    out: &mut impl Write,
    refusal: &PostbackError,
    format: Format,
) -> std::io::Result<()> {
    let kind = refusal.kind().as_str();
    match format {
        Format::Json | Format::Ndjson => writeln!(
            out,
            "{}",
            json!({"verified": false, "refused": kind, "reason": refusal.to_string()})
        ),
        _ => writeln!(out, "NOT genuine ({kind}): {refusal}"),
    }
}

fn claims_json(claims: &UnverifiedClaims) -> Value {
    let invoice_info = match &claims.invoice_info {
        None => Value::Null,
        Some(InvoiceInfo::Parsed(invoice)) => json!(invoice),
        Some(InvoiceInfo::Unparsed { text, reason }) => {
            json!({"unparsed": text, "reason": reason})
        }
    };
    json!({
        "invoice_id": claims.invoice_id,
        "status": claims.status.as_ref().map(|status| status.as_str()),
        "amount_crypto": claims.amount_crypto,
        "currency": claims.currency.as_ref().map(|currency| currency.as_str()),
        "order_id": claims.order_id,
        "invoice_info": invoice_info,
    })
}

fn describe_info(info: &InvoiceInfo) -> String {
    match info {
        InvoiceInfo::Parsed(invoice) => {
            let paid = invoice
                .amount_paid
                .map(|amount| format!(", amount_paid {amount}"))
                .unwrap_or_default();
            format!("{} {}{paid}", invoice.uuid, invoice.status.as_str())
        }
        InvoiceInfo::Unparsed { reason, .. } => format!("unreadable ({reason})"),
    }
}

/// `2026-09-21 14:18:20 UTC`.
fn utc(at: OffsetDateTime) -> String {
    let (date, time) = (at.date(), at.time());
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        date.year(),
        u8::from(date.month()),
        date.day(),
        time.hour(),
        time.minute(),
        time.second()
    )
}

fn postback_secret(global: &Global, secret: Option<&str>) -> Result<PostbackSecret, Failure> {
    match (secret, global.mock) {
        (Some(secret), _) => Ok(PostbackSecret::new(secret)?),
        (None, true) => Ok(PostbackSecret::new(
            cryptocloud_mock::DEFAULT_POSTBACK_SECRET,
        )?),
        (None, false) => Err(Failure::new("no postback secret").hint(
            "set CRYPTOCLOUD_POSTBACK_SECRET to the project's secret key (or pass --secret)",
        )),
    }
}

fn clock(at: Option<i64>) -> Result<OffsetDateTime, Failure> {
    match at {
        Some(seconds) => OffsetDateTime::from_unix_timestamp(seconds).map_err(|error| {
            Failure::new(format!("--at {seconds} is not a time")).caused_by(error)
        }),
        None => Ok(OffsetDateTime::now_utc()),
    }
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
