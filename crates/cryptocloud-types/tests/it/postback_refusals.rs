//! Refusals quote what the attacker wrote (an algorithm, a key, a token's `id`): their `Display`,
//! which lands in 400/401 answers, logs and terminals, shows it shortened and escaped, never raw.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cryptocloud_types::PostbackError;
use cryptocloud_types::postback::{Postback, PostbackSecret};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use time::OffsetDateTime;

use crate::fixtures::{POSTBACK_NOW, POSTBACK_SECRET};

/// What a terminal or log reader would act on: controls (ESC, line breaks, NEL), line and
/// paragraph separators, bidirectional overrides and isolates.
const HOSTILE: &str = "\u{1b}[2J\r\n\u{85}\u{2028}\u{2029}\u{202e}\u{2066}";

/// An HS256 token over the given header and claims, signed here with the fixtures' secret.
fn token(header: &str, claims: &str) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(claims)
    );
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(POSTBACK_SECRET.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

fn refusal(body: &[u8]) -> PostbackError {
    let secret = PostbackSecret::new(POSTBACK_SECRET).unwrap();
    let now = OffsetDateTime::from_unix_timestamp(POSTBACK_NOW).unwrap();
    Postback::parse(body)
        .and_then(|postback| postback.verify(&secret, now))
        .unwrap_err()
}

fn json_body(invoice_id: &str, token: &str) -> Vec<u8> {
    serde_json::json!({"invoice_id": invoice_id, "token": token})
        .to_string()
        .into_bytes()
}

/// The refusal's text: short, one line, nothing a terminal interprets, the attacker's text
/// visible only as escapes.
fn assert_shown_safely(error: &PostbackError) -> String {
    let shown = error.to_string();
    assert!(shown.len() < 600, "{} bytes: {shown}", shown.len());
    let raw = shown
        .chars()
        .find(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202e}' | '\u{2066}'));
    assert_eq!(raw, None, "{shown:?}");
    shown
}

#[test]
fn a_crafted_algorithm_is_shown_escaped() {
    let alg = format!(
        "HS256{HOSTILE}ok: genuine postback for INV-AAAAAAAA{}",
        "x".repeat(2000)
    );
    let header = serde_json::json!({ "alg": alg }).to_string();
    let body = json_body(
        "89UX09KA",
        &token(&header, r#"{"id":"89UX09KA","exp":1790000300}"#),
    );
    let error = refusal(&body);
    assert!(
        matches!(error, PostbackError::UnsupportedAlgorithm { .. }),
        "{error:?}"
    );
    let shown = assert_shown_safely(&error);
    assert!(
        shown.contains(r"HS256\u{1b}[2J\u{d}\u{a}\u{85}\u{2028}"),
        "{shown}"
    );
}

#[test]
fn a_long_key_given_twice_is_shown_short_and_escaped() {
    let key = format!("{HOSTILE}{}", "k".repeat(30_000));
    let encoded: String = key.bytes().map(|byte| format!("%{byte:02X}")).collect();
    let form = format!("{encoded}=1&{encoded}=2&invoice_id=89UX09KA&token=t");
    let error = refusal(form.as_bytes());
    assert!(
        matches!(error, PostbackError::DuplicateField { .. }),
        "{error:?}"
    );
    assert_shown_safely(&error);
    let json = format!(
        r#"{{"{k}":1,"{k}":2}}"#,
        k = serde_json::to_string(&key).unwrap().trim_matches('"')
    );
    let error = refusal(json.as_bytes());
    assert!(
        matches!(error, PostbackError::DuplicateField { .. }),
        "{error:?}"
    );
    assert_shown_safely(&error);
}

#[test]
fn a_token_for_a_crafted_id_is_shown_escaped() {
    let claims = serde_json::json!({ "id": format!("{HOSTILE}AAAAAAAA"), "exp": 1_790_000_300 });
    let body = json_body(
        "89UX09KA",
        &token(r#"{"alg":"HS256"}"#, &claims.to_string()),
    );
    let error = refusal(&body);
    assert!(
        matches!(error, PostbackError::InvoiceMismatch { .. }),
        "{error:?}"
    );
    assert_shown_safely(&error);
}

#[test]
fn crafted_ids_keys_and_headers_are_shown_escaped() {
    let cases = [
        json_body(&format!("{HOSTILE}89UX09KA"), "t"),
        format!(
            "invoice_id=89UX09KA&token=t&%1B%5B2J%E2%80%A8{}=%FF",
            "k".repeat(100)
        )
        .into_bytes(),
        json_body("89UX09KA", &token(r#"{"alg":7}"#, "{}")),
        json_body(
            "89UX09KA",
            &token(&format!(r#"{{"alg":"HS256","{HOSTILE}"}}"#), "{}"),
        ),
    ];
    for body in cases {
        assert_shown_safely(&refusal(&body));
    }
}
