//! The forged and rewritten postbacks of the postback issue's table, one test per row: what
//! `verify` answers for each. Rewrites start from a genuine fixture body (signed by the fixtures'
//! Python generator, not by this crate), so the token is genuine and only the claims change.

use cryptocloud_types::postback::{
    Binding, BodyFormat, InvoiceInfo, Postback, PostbackErrorKind, PostbackSecret, PostbackStatus,
    PostbackVerifier, TestPostback, VerifiedPostback,
};
use cryptocloud_types::{CryptoCurrency, InvoiceId, Money, PostbackError};
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use crate::fixtures::{POSTBACK_NOW, POSTBACK_SECRET};
use crate::postbacks::fixture;

fn secret() -> PostbackSecret {
    PostbackSecret::new(POSTBACK_SECRET).unwrap()
}

fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(POSTBACK_NOW).unwrap()
}

fn id(text: &str) -> InvoiceId {
    text.parse().unwrap()
}

/// The genuine JSON fixture with `rewrite` applied to its body.
fn rewritten(rewrite: impl FnOnce(&mut Value)) -> Result<VerifiedPostback, PostbackError> {
    let mut body: Value = serde_json::from_slice(&fixture("valid_json.json")).unwrap();
    rewrite(&mut body);
    Postback::parse(body.to_string().as_bytes())?.verify(&secret(), now())
}

/// A genuine verdict bound to 89UX09KA: the rewrite went through as an unverified claim.
fn bound_to_the_signed_invoice(
    verdict: Result<VerifiedPostback, PostbackError>,
) -> VerifiedPostback {
    let verified = verdict.unwrap();
    assert_eq!(verified.binding(), &Binding::Invoice(id("89UX09KA")));
    verified
}

#[test]
fn rewritten_status_verifies_and_is_reported_as_an_unverified_claim() {
    let verified = bound_to_the_signed_invoice(rewritten(|body| body["status"] = json!("paid")));
    assert_eq!(
        verified.unverified_claims().status,
        Some(PostbackStatus::Other("paid".into()))
    );
}

#[test]
fn rewritten_amount_verifies_and_is_reported_as_an_unverified_claim() {
    let verified =
        bound_to_the_signed_invoice(rewritten(|body| body["amount_crypto"] = json!(1_000_000)));
    assert_eq!(
        verified.unverified_claims().amount_crypto,
        Some("1000000".parse::<Money>().unwrap())
    );
}

#[test]
fn rewritten_currency_verifies_and_is_reported_as_an_unverified_claim() {
    let verified = bound_to_the_signed_invoice(rewritten(|body| body["currency"] = json!("BTC")));
    assert_eq!(
        verified.unverified_claims().currency,
        Some(CryptoCurrency::from_wire("BTC"))
    );
}

#[test]
fn rewritten_order_id_verifies_and_is_reported_as_an_unverified_claim() {
    let verified =
        bound_to_the_signed_invoice(rewritten(|body| body["order_id"] = json!("order-9999")));
    assert_eq!(
        verified.unverified_claims().order_id.as_deref(),
        Some("order-9999")
    );
}

#[test]
fn rewritten_invoice_info_verifies_and_is_reported_as_an_unverified_claim() {
    let verified = bound_to_the_signed_invoice(rewritten(|body| {
        body["invoice_info"]["status"] = json!("overpaid");
        body["invoice_info"]["amount_paid"] = json!(1_000_000);
    }));
    let info = verified.unverified_claims().invoice_info();
    let invoice = info.as_ref().and_then(InvoiceInfo::parsed).unwrap();
    assert_eq!(invoice.status.as_str(), "overpaid");
    assert_eq!(invoice.amount_paid, Some("1000000".parse().unwrap()));
}

#[test]
fn invoice_info_about_another_invoice_is_forged() {
    let error = rewritten(|body| body["invoice_info"]["uuid"] = json!("INV-AAAAAAAA")).unwrap_err();
    assert!(matches!(error, PostbackError::InvoiceInfoMismatch { .. }));
    assert_eq!(error.kind(), PostbackErrorKind::Forged);
}

#[test]
fn unreadable_invoice_info_verifies_and_stays_an_unparsed_claim() {
    let verified =
        bound_to_the_signed_invoice(rewritten(|body| body["invoice_info"] = json!([1, 2])));
    let Some(InvoiceInfo::Unparsed { text, reason }) = verified.unverified_claims().invoice_info()
    else {
        panic!("{verified:?}")
    };
    assert_eq!(text, "[1,2]");
    assert!(reason.starts_with("invalid type: sequence"), "{reason}");
}

#[test]
fn a_token_replayed_for_another_invoice_is_forged() {
    let error = rewritten(|body| {
        body["invoice_id"] = json!("AAAAAAAA");
        body["invoice_info"]["uuid"] = json!("INV-AAAAAAAA");
    })
    .unwrap_err();
    assert!(
        matches!(&error, PostbackError::InvoiceMismatch { token_id, invoice_id } if token_id == "89UX09KA" && *invoice_id == id("AAAAAAAA")),
        "{error:?}"
    );
    assert_eq!(error.kind().http_status(), 401);
}

#[test]
fn a_numeric_id_verifies_unbound_even_when_replayed_for_another_invoice() {
    let numeric: Value = serde_json::from_slice(&fixture("valid_numeric_id.json")).unwrap();
    for claimed in ["89UX09KA", "AAAAAAAA"] {
        let mut body = numeric.clone();
        body["invoice_id"] = json!(claimed);
        body["invoice_info"]["uuid"] = json!(format!("INV-{claimed}"));
        let verified = Postback::parse(body.to_string().as_bytes())
            .unwrap()
            .verify(&secret(), now())
            .unwrap();
        // Nothing signed tells the two apart: only confirming through the API can.
        assert_eq!(verified.binding(), &Binding::Unbound(13));
        assert_eq!(verified.invoice_id(), None);
        assert_eq!(verified.invoice_to_confirm(), &id(claimed));
    }
}

#[test]
fn an_exp_more_than_an_hour_ahead_is_forged() {
    let verifier = PostbackVerifier::new(secret());
    let signed_at = |issued: OffsetDateTime| {
        let body = TestPostback::new(id("89UX09KA")).genuine(&secret(), issued, BodyFormat::Json);
        verifier.verify(&Postback::parse(body.as_bytes()).unwrap(), now())
    };
    let lifetime = TestPostback::LIFETIME;
    // exp exactly an hour ahead is accepted; one second more is not.
    assert!(signed_at(now() + Duration::hours(1) - lifetime).is_ok());
    let error =
        signed_at(now() + Duration::hours(1) - lifetime + Duration::seconds(1)).unwrap_err();
    assert!(
        matches!(error, PostbackError::LifetimeTooLong { .. }),
        "{error:?}"
    );
    assert_eq!(error.kind(), PostbackErrorKind::Forged);
    let year = verify_fixture_error("forged_far_future_exp.json");
    assert!(year.is_forged(), "{year:?}");
}

#[test]
fn duplicate_keys_are_malformed_in_json_and_form() {
    for name in ["forged_duplicate_keys.json", "forged_duplicate_keys.form"] {
        let error = verify_fixture_error(name);
        assert_eq!(
            error,
            PostbackError::DuplicateField {
                field: "invoice_id".into()
            },
            "{name}"
        );
        assert_eq!(error.kind().http_status(), 400, "{name}");
    }
}

#[test]
fn a_wrong_secret_is_forged_and_an_old_token_expired() {
    assert_eq!(
        verify_fixture_error("forged_wrong_secret.json").kind(),
        PostbackErrorKind::Forged
    );
    assert_eq!(
        verify_fixture_error("forged_expired.json")
            .kind()
            .http_status(),
        410
    );
}

#[test]
fn the_previous_secret_verifies_while_rotating_and_only_then() {
    let old = PostbackSecret::new("fixture-postback-secret").unwrap();
    let new = PostbackSecret::new("the-new-secret").unwrap();
    let postback = Postback::parse(&fixture("valid_json.json")).unwrap();
    assert!(
        PostbackVerifier::new(new.clone())
            .verify(&postback, now())
            .unwrap_err()
            .is_forged()
    );
    let rotating = PostbackVerifier::new(new.clone()).with_previous_secret(old);
    assert!(rotating.verify(&postback, now()).is_ok());
    let fresh = TestPostback::new(id("89UX09KA")).genuine(&new, now(), BodyFormat::Form);
    let fresh = Postback::parse(fresh.as_bytes()).unwrap();
    assert!(rotating.verify(&fresh, now()).is_ok());
    let stranger = PostbackSecret::new("a-stranger").unwrap();
    let forged = TestPostback::new(id("89UX09KA")).genuine(&stranger, now(), BodyFormat::Form);
    let forged = Postback::parse(forged.as_bytes()).unwrap();
    assert!(rotating.verify(&forged, now()).unwrap_err().is_forged());
}

#[test]
fn a_refused_postback_is_still_there_to_log() {
    let postback = Postback::parse(&fixture("forged_expired.json")).unwrap();
    let error = postback.verify(&secret(), now()).unwrap_err();
    assert!(error.is_expired());
    assert_eq!(postback.unverified_claims().invoice_id, id("89UX09KA"));
    assert_eq!(
        postback.unverified_claims().order_id.as_deref(),
        Some("ORD-1001")
    );
}

fn verify_fixture_error(name: &str) -> PostbackError {
    crate::fixtures::verify_postback(&fixture(name)).unwrap_err()
}

/// The genuine JSON fixture with one claim's JSON text replaced: the token stays genuine.
fn with_claim(field: &str, json: &str) -> Result<VerifiedPostback, PostbackError> {
    let body = String::from_utf8(fixture("valid_json.json")).unwrap();
    let original = serde_json::from_str::<Value>(&body).unwrap()[field].to_string();
    let from = format!("\"{field}\": {original}");
    assert!(body.contains(&from), "{from}");
    let body = body.replacen(&from, &format!("\"{field}\": {json}"), 1);
    Postback::parse(body.as_bytes())?.verify(&secret(), now())
}

#[test]
fn no_unsigned_claim_can_refuse_a_genuine_postback() {
    let cases = [
        ("order_id", "42", None),
        ("order_id", "[\"ORD-1\"]", Some("[\"ORD-1\"]")),
        ("amount_crypto", "\"1,5\"", Some("1,5")),
        (
            "amount_crypto",
            r#"{"value": 1.5}"#,
            Some(r#"{"value": 1.5}"#),
        ),
        ("amount_crypto", "true", Some("true")),
        ("currency", "5", Some("5")),
        ("currency", "{}", Some("{}")),
        ("status", "null", None),
    ];
    for (field, json, kept) in cases {
        let verified = bound_to_the_signed_invoice(with_claim(field, json));
        let claims = verified.unverified_claims();
        let unread: Vec<_> = claims
            .unread()
            .iter()
            .map(|c| (c.name(), c.text()))
            .collect();
        match kept {
            Some(text) => assert_eq!(unread, [(field, text)], "{field}: {json}"),
            None => assert_eq!(unread, [], "{field}: {json}"),
        }
    }
    let verified = bound_to_the_signed_invoice(with_claim("order_id", "42"));
    assert_eq!(verified.unverified_claims().order_id.as_deref(), Some("42"));
    let verified = bound_to_the_signed_invoice(with_claim("amount_crypto", "\"1,5\""));
    assert_eq!(verified.unverified_claims().amount_crypto, None);
}

#[test]
fn amount_crypto_is_exact_from_its_digits() {
    for (json, exact) in [
        (
            "12345678901234567890.123456789",
            "12345678901234567890.123456789",
        ),
        (
            "0.1000000000000000055511151231257827",
            "0.1000000000000000055511151231257827",
        ),
        ("\"103.30\"", "103.30"),
    ] {
        let verified = bound_to_the_signed_invoice(with_claim("amount_crypto", json));
        let amount = verified.unverified_claims().amount_crypto;
        assert_eq!(amount, exact.parse::<Money>().ok(), "{json}");
    }
    // Beyond the exact range, as for every amount: not read, kept as sent.
    let verified = bound_to_the_signed_invoice(with_claim("amount_crypto", "1e29"));
    assert_eq!(verified.unverified_claims().amount_crypto, None);
    assert_eq!(verified.unverified_claims().unread()[0].text(), "1e29");
}
