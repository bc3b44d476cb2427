//! `postback verify`: "signature valid" and then what is not signed, or a refusal of its kind;
//! either way fail closed, whatever happens to stdout.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use cryptocloud::Invoice;
use cryptocloud_mock::{
    DEFAULT_POSTBACK_SECRET, MockServer, Payment, PaymentReport, PostbackFormat,
};

use crate::{invoices, run, server, stderr, stdout};

/// The fixtures' clock (see `fixtures/README.md`).
const FIXTURE_ARGS: [&str; 4] = ["postback", "verify", "--at", "1790000000"];

/// Runs `postback verify` on a fixture body with the fixtures' secret and clock.
fn verify_fixture(name: &str, extra: &[&str], stdout: Stdio) -> Output {
    let body = Path::new("../../fixtures/postbacks").join(name);
    Command::new(env!("CARGO_BIN_EXE_cryptocloud"))
        .args(FIXTURE_ARGS)
        .args(extra)
        .arg(body)
        .env("CRYPTOCLOUD_POSTBACK_SECRET", "fixture-postback-secret")
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

/// A stdout whose reader is gone before the tool starts: every write fails with a broken pipe.
fn closed_stdout() -> Stdio {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Stdio::from(writer)
}

#[test]
fn rewritten_claims_are_listed_as_not_signed() {
    let output = verify_fixture("valid_token_rewritten_claims.json", &[], Stdio::piped());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "signature valid: the token signs invoice INV-89UX09KA, valid until 2026-09-21 14:18:20 UTC
not signed (unverified claims; confirm the invoice through the API before fulfilling):
  status         success
  amount_crypto  1000000.0
  currency       BTC
  order_id       order-9999
  invoice_info   INV-89UX09KA paid, amount_paid 1000000.0
"
    );
}

#[test]
fn a_numeric_token_id_lists_the_invoice_id_as_a_claim_too() {
    let output = verify_fixture("valid_numeric_id.json", &[], Stdio::piped());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with(
            "signature valid: the token's id is 13, which names no invoice; valid until 2026-09-21 14:18:20 UTC\n"
        ),
        "{text}"
    );
    assert!(text.contains("\n  invoice_id     INV-89UX09KA\n"), "{text}");

    let output = verify_fixture("valid_numeric_id.json", &["-f", "json"], Stdio::piped());
    let verdict: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(verdict["verified"], true);
    assert_eq!(
        verdict["signed"],
        serde_json::json!({"invoice_id": null, "token_id": 13, "expires_at": 1_790_000_300})
    );
    assert_eq!(verdict["unverified_claims"]["invoice_id"], "INV-89UX09KA");
}

#[test]
fn an_unreadable_invoice_info_is_shown_not_fatal() {
    let output = verify_fixture("valid_invoice_info_python_repr.json", &[], Stdio::piped());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output)
            .contains("\n  invoice_info   unreadable (key must be a string at line 1 column 2)\n")
    );
}

#[test]
fn each_refusal_says_its_kind_and_exits_1() {
    let cases = [
        (
            "forged_other_invoice.json",
            "forged",
            "the token is for invoice `ZZZZZZZZ`",
        ),
        (
            "forged_far_future_exp.json",
            "forged",
            "the token expires at 2027-09-21",
        ),
        (
            "forged_duplicate_keys.json",
            "malformed",
            "the field `invoice_id` more than once",
        ),
        ("forged_expired.json", "expired", "the token expired at"),
    ];
    for (name, kind, reason) in cases {
        let output = verify_fixture(name, &[], Stdio::piped());
        assert_eq!(output.status.code(), Some(1), "{name}");
        let text = stdout(&output);
        assert!(
            text.starts_with(&format!("NOT genuine ({kind}): ")),
            "{name}: {text}"
        );
        assert!(text.contains(reason), "{name}: {text}");

        let output = verify_fixture(name, &["-f", "json"], Stdio::piped());
        let verdict: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(verdict["verified"], false, "{name}");
        assert_eq!(verdict["refused"], kind, "{name}");
    }
}

#[test]
fn a_closed_stdout_never_turns_a_refusal_into_success() {
    for name in ["forged_wrong_secret.json", "forged_other_invoice.json"] {
        let output = verify_fixture(name, &[], closed_stdout());
        assert_eq!(output.status.code(), Some(1), "{name}");
        assert!(
            stderr(&output).starts_with("NOT genuine (forged): "),
            "{name}: {}",
            stderr(&output)
        );
    }
    // A genuine postback whose verdict cannot be shown is still genuine.
    let genuine = verify_fixture("valid_json.json", &[], closed_stdout());
    assert_eq!(genuine.status.code(), Some(0), "{}", stderr(&genuine));
}

#[tokio::test(flavor = "multi_thread")]
async fn postbacks_from_the_local_server_are_checked() {
    let server = server().await;
    let (unpaid, report) = pay_an_unpaid_invoice(&server).await;
    let secret = cryptocloud_mock::DEFAULT_POSTBACK_SECRET;
    let args = ["postback", "verify", "--secret", secret];
    let genuine = run(&server, &args, report.postback.as_bytes()).await;
    succeeded(&genuine, &report.postback);
    let text = stdout(&genuine);
    assert!(
        text.starts_with(&format!(
            "signature valid: the token signs invoice {}, valid until ",
            unpaid.uuid
        )),
        "{text}"
    );
    assert!(text.contains("\nnot signed (unverified claims; "), "{text}");

    let forged = run(
        &server,
        &["postback", "verify", "--secret", "guessed-secret"],
        report.postback.as_bytes(),
    )
    .await;
    assert_eq!(forged.status.code(), Some(1));
    assert_eq!(
        stdout(&forged),
        "NOT genuine (forged): the token's signature does not match the project secret (forged, altered, or the wrong secret)\n"
    );

    let no_secret = run(&server, &["postback", "verify"], report.postback.as_bytes()).await;
    assert!(stderr(&no_secret).contains("hint: set CRYPTOCLOUD_POSTBACK_SECRET"));
}

#[tokio::test(flavor = "multi_thread")]
async fn confirm_exits_0_only_when_the_api_confirms_what_the_body_says() {
    let server = server().await;
    let (unpaid, report) = pay_an_unpaid_invoice(&server).await;
    let secret = cryptocloud_mock::DEFAULT_POSTBACK_SECRET;
    let args = ["postback", "confirm", "--secret", secret];
    let genuine = run(&server, &args, report.postback.as_bytes()).await;
    succeeded(&genuine, &report.postback);
    let text = stdout(&genuine);
    assert!(
        text.starts_with(&format!(
            "signature valid; the API says invoice {} is paid, amount_paid ",
            unpaid.uuid
        )),
        "{text}"
    );
    assert!(text.ends_with("\noutcome: paid in full\n"), "{text}");

    let order = unpaid.order_id.as_deref().unwrap();
    let rewritten = report
        .postback
        .replace(&format!("order_id={order}&"), "order_id=order-9999&");
    assert_ne!(rewritten, report.postback);
    let mismatch = run(&server, &args, rewritten.as_bytes()).await;
    assert_eq!(mismatch.status.code(), Some(1), "{}", stderr(&mismatch));
    assert!(
        stdout(&mismatch).ends_with(
            "\noutcome: MISMATCH: the body's order_id disagrees with the API; do not fulfil\n"
        ),
        "{}",
        stdout(&mismatch)
    );

    // A mismatch still exits 1 when stdout is a closed pipe.
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join("confirm-mismatch-body");
    std::fs::write(&file, &rewritten).unwrap();
    let closed = Command::new(env!("CARGO_BIN_EXE_cryptocloud"))
        .args(args)
        .arg(&file)
        .arg("--allow-http")
        .env("CRYPTOCLOUD_API_KEY", server.api_key().expose_secret())
        .env("CRYPTOCLOUD_BASE_URL", server.base_url())
        .stdout(closed_stdout())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(closed.status.code(), Some(1), "{}", stderr(&closed));

    // A forged postback is refused before the API is asked anything.
    let requests = server.stats().requests;
    let forged = ["postback", "confirm", "--secret", "guessed-secret"];
    let forged = run(&server, &forged, report.postback.as_bytes()).await;
    assert_eq!(forged.status.code(), Some(1));
    assert!(stdout(&forged).starts_with("NOT genuine (forged): "));
    assert_eq!(server.stats().requests, requests);
}

#[tokio::test(flavor = "multi_thread")]
async fn control_characters_in_claims_cannot_draw_a_genuine_line() {
    let server = server().await;
    let (unpaid, report) = pay_an_unpaid_invoice(&server).await;
    let order = unpaid.order_id.as_deref().unwrap();
    let args = ["postback", "verify", "--secret", DEFAULT_POSTBACK_SECRET];
    // CR, LF, ESC [2K (erase the line) and ESC [1A (up a line), U+2028, U+0085.
    for trick in [
        "%0D",
        "%0A",
        "%1B%5B2K%0D",
        "%1B%5B1A",
        "%E2%80%A8",
        "%C2%85",
    ] {
        let fake = format!("order_id=x{trick}signature+valid%3A+the+token+signs+INV-FAKEFAKE&");
        let body = report
            .postback
            .replace(&format!("order_id={order}&"), &fake);
        assert_ne!(body, report.postback);
        let output = run(&server, &args, body.as_bytes()).await;
        assert_eq!(
            output.status.code(),
            Some(0),
            "{trick}: {}",
            stderr(&output)
        );
        let text = stdout(&output);
        assert_only_printable(&text, trick);
        let genuine = text
            .lines()
            .filter(|line| line.starts_with("signature valid"))
            .count();
        assert_eq!(genuine, 1, "{trick}: {text}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refusal_shows_the_senders_text_escaped_and_shortened() {
    let server = server().await;
    // A 30 KB form key given twice is quoted in the refusal.
    let key = format!("%1B%5B2K%0Dsignature+valid%E2%80%A8{}", "A".repeat(30_000));
    let body = format!("{key}=1&{key}=2");
    for format in ["table", "json"] {
        let args = ["postback", "verify", "--secret", "s", "-f", format];
        let output = run(&server, &args, body.as_bytes()).await;
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let text = stdout(&output);
        assert_only_printable(&text, format);
        let start: String = text.chars().take(300).collect();
        assert!(
            text.len() < 1_000,
            "{format}: {} bytes: {start}",
            text.len()
        );
        assert_eq!(text.lines().count(), 1, "{format}: {start}");
        assert!(text.contains("more than once"), "{format}: {start}");
    }
}

/// Fails if `text` holds a character that moves the cursor, ends a line (other than `\n`) or
/// hides text on a terminal.
fn assert_only_printable(text: &str, case: &str) {
    let hidden = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}')
    };
    let start: String = text.chars().take(600).collect();
    assert!(
        !text.contains(hidden),
        "{case}: {start:?} holds a control character"
    );
}

/// Pays, in full and with a form postback, an unpaid invoice that has an order id.
async fn pay_an_unpaid_invoice(server: &MockServer) -> (Invoice, PaymentReport) {
    let unpaid = invoices(server)
        .into_iter()
        .find(|invoice| invoice.status.as_str() == "created" && invoice.order_id.is_some())
        .unwrap();
    let report = server
        .pay(&unpaid.uuid, Payment::Paid, PostbackFormat::Form)
        .await
        .unwrap();
    (unpaid, report)
}

/// Fails unless `output` exited 0, showing its output and the body it was given.
fn succeeded(output: &std::process::Output, body: &str) {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}\n{}\n{body}",
        stderr(output),
        stdout(output)
    );
}
