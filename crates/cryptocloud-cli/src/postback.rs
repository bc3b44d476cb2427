//! `postback verify`: does this body's token verify, and what does the body say that nothing
//! signs? `postback confirm`: and what does the API say about its invoice? Both fail closed: a
//! refused postback exits non-zero whatever happens to stdout, and confirm exits 0 only when the
//! API says paid in full and the body agrees. Everything a body says (claims, and refusals that
//! quote it) is printed escaped and cut: a sender cannot draw a "signature valid" line.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use cryptocloud::PostbackOutcome;
use cryptocloud::postback::{
    Binding, InvoiceInfo, Postback, PostbackError, PostbackSecret, UnverifiedClaims,
    VerifiedPostback,
};
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::args::{Format, Global, PostbackInput};
use crate::connect::Session;
use crate::failure::Failure;
use crate::secret::Sources;
use crate::shown::{LINE, VALUE, json_text, shown};

/// The largest body read; real postbacks are a few KiB.
const MAX_BODY: u64 = 1024 * 1024;

/// The line under "signature valid" that says why the rest is not to be trusted.
const NOT_SIGNED: &str =
    "not signed (unverified claims; confirm the invoice through the API before fulfilling):";

pub(crate) fn verify(
    global: &Global,
    input: &PostbackInput,
    format: Format,
) -> Result<ExitCode, Failure> {
    report(&verdict(global, input)?, format)
}

/// Verifies, then re-fetches the invoice through the API. A refused postback never reaches the
/// API; only a confirmed full payment exits 0.
pub(crate) async fn confirm(
    global: &Global,
    input: &PostbackInput,
    format: Format,
) -> Result<ExitCode, Failure> {
    let verified = match verdict(global, input)? {
        Ok(verified) => verified,
        refused => return report(&refused, format),
    };
    let session = Session::open(global, None).await?;
    let confirmation = session.client.confirm_postback(&verified).await;
    session.close().await;
    let confirmation = confirmation?;
    let outcome = confirmation.outcome();
    let invoice = confirmation.invoice();
    let (name, mismatched) = match outcome {
        PostbackOutcome::PaidInFull => ("paid in full", Vec::new()),
        PostbackOutcome::Partial => ("partial", Vec::new()),
        PostbackOutcome::TestPayment => ("test payment (test_mode): do not fulfil", Vec::new()),
        PostbackOutcome::Mismatch { fields } => (
            "MISMATCH",
            fields.iter().map(|field| field.as_str()).collect(),
        ),
        _ => ("not paid", Vec::new()),
    };
    let written = if matches!(format, Format::Json | Format::Ndjson) {
        let verdict = json!({"verified": true, "outcome": name, "mismatched": mismatched,
            "invoice": invoice});
        match json_text(&verdict, false) {
            Ok(text) => writeln!(std::io::stdout().lock(), "{text}"),
            Err(error) => Err(error.into()),
        }
    } else {
        let paid = invoice
            .amount_paid
            .map_or_else(|| String::from("(absent)"), |amount| amount.to_string());
        let coin = invoice
            .currency
            .as_ref()
            .and_then(|currency| currency.fullcode.as_ref())
            .map_or_else(String::new, |coin| shown(coin.as_str(), VALUE));
        let order = invoice
            .order_id
            .as_deref()
            .map_or_else(|| String::from("(none)"), |order| shown(order, VALUE));
        let disagree = if mismatched.is_empty() {
            String::new()
        } else {
            let verb = if mismatched.len() == 1 {
                "disagrees"
            } else {
                "disagree"
            };
            format!(
                ": the body's {} {verb} with the API; do not fulfil",
                mismatched.join(", ")
            )
        };
        writeln!(
            std::io::stdout().lock(),
            "signature valid; the API says invoice {} is {}, amount_paid {paid} {coin}, order {order}\n\
             outcome: {name}{disagree}",
            invoice.uuid,
            shown(invoice.status.as_str(), VALUE),
        )
    };
    match outcome {
        PostbackOutcome::PaidInFull => written.map(|()| ExitCode::SUCCESS).map_err(Failure::from),
        _ => Ok(ExitCode::FAILURE),
    }
}

/// Reads and verifies the body: `Err` for a failure of the tool, `Ok(Err)` for a refusal.
fn verdict(
    global: &Global,
    input: &PostbackInput,
) -> Result<Result<VerifiedPostback, PostbackError>, Failure> {
    let secret = postback_secret(global, input)?;
    let now = clock(input.at)?;
    let postback = Postback::parse(&read_body(input.file.as_deref())?);
    Ok(postback.and_then(|postback| postback.verify(&secret, now)))
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
                let reason = shown(&refusal.to_string(), LINE);
                eprintln!("NOT genuine ({}): {reason}", refusal.kind().as_str());
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
        return writeln!(out, "{}", json_text(&verdict, false)?);
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
    let or_absent = |value: Option<String>| {
        value.map_or_else(|| String::from("(absent)"), |value| shown(&value, VALUE))
    };
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
            or_absent(claims.invoice_info().as_ref().map(describe_info)),
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
    let reason = shown(&refusal.to_string(), LINE);
    match format {
        Format::Json | Format::Ndjson => writeln!(
            out,
            "{}",
            json!({"verified": false, "refused": kind, "reason": reason})
        ),
        _ => writeln!(out, "NOT genuine ({kind}): {reason}"),
    }
}

fn claims_json(claims: &UnverifiedClaims) -> Value {
    let invoice_info = match &claims.invoice_info() {
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

fn postback_secret(global: &Global, input: &PostbackInput) -> Result<PostbackSecret, Failure> {
    let sources = Sources {
        what: "the postback secret",
        file: input.secret_file.as_deref(),
        value: input.secret.as_ref(),
        flag: "--secret",
    };
    match (sources.read()?, global.mock) {
        (Some(secret), _) => Ok(PostbackSecret::new(secret.as_str())?),
        (None, true) => Ok(PostbackSecret::new(
            cryptocloud_mock::DEFAULT_POSTBACK_SECRET,
        )?),
        (None, false) => Err(Failure::new("no postback secret").hint(
            "set CRYPTOCLOUD_POSTBACK_SECRET to the project's secret key (or pass --secret-file)",
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
