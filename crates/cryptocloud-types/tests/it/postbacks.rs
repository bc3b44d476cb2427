//! Each postback fixture is genuine or refused for its own reason.

use std::path::Path;

use cryptocloud_types::postback::{Postback, PostbackSecret, sign_token};
use cryptocloud_types::{InvoiceId, PostbackError};
use time::{Duration, OffsetDateTime};

use crate::fixtures::verify_postback;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new("../../fixtures/postbacks").join(name)).unwrap()
}

#[test]
fn genuine_postbacks_verify() {
    for name in [
        "valid_json.json",
        "valid_form.form",
        "valid_form_with_spaces.form",
        "valid_json_id_with_prefix.json",
        "valid_bytes_wrapper.json",
        "valid_invoice_info_as_string.json",
        "wide_invoice_info.json",
    ] {
        let verified =
            verify_postback(&fixture(name)).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(
            verified.invoice_id,
            "89UX09KA".parse::<InvoiceId>().unwrap(),
            "{name}"
        );
    }
}

#[test]
fn json_and_form_bodies_read_the_same() {
    let json = Postback::parse(&fixture("valid_json.json")).unwrap();
    let form = Postback::parse(&fixture("valid_form.form")).unwrap();
    assert_eq!(json, form);
}

/// A predicate on the expected error.
type ErrorCheck = fn(&PostbackError) -> bool;

#[test]
fn every_forgery_is_refused_for_its_own_reason() {
    let cases: &[(&str, ErrorCheck)] = &[
        ("docs_example_token.json", |e| {
            matches!(e, PostbackError::TokenHeader { .. })
        }),
        ("forged_alg_none.json", |e| {
            matches!(e, PostbackError::UnsignedToken)
        }),
        (
            "forged_alg_hs512.json",
            |e| matches!(e, PostbackError::UnsupportedAlgorithm { alg } if alg == "HS512"),
        ),
        ("forged_wrong_secret.json", |e| {
            matches!(e, PostbackError::BadSignature)
        }),
        ("forged_tampered_payload.json", |e| {
            matches!(e, PostbackError::BadSignature)
        }),
        ("forged_expired.json", |e| {
            matches!(e, PostbackError::Expired { .. })
        }),
        (
            "forged_other_invoice.json",
            |e| matches!(e, PostbackError::InvoiceMismatch { token_id, .. } if token_id == "ZZZZZZZZ"),
        ),
        ("forged_trailing_segment.json", |e| {
            matches!(e, PostbackError::TokenMalformed { segments: 4 })
        }),
        ("forged_invoice_info_mismatch.json", |e| {
            matches!(e, PostbackError::InvoiceInfoMismatch { .. })
        }),
        (
            "forged_duplicate_keys.form",
            |e| matches!(e, PostbackError::DuplicateField { field } if field == "invoice_id"),
        ),
        ("malformed_not_a_body.json", |e| {
            matches!(
                e,
                PostbackError::DuplicateField { .. } | PostbackError::MissingField { .. }
            )
        }),
        ("malformed_missing_token.json", |e| {
            matches!(e, PostbackError::MissingField { field: "token" })
        }),
    ];
    for (name, expected) in cases {
        let error = verify_postback(&fixture(name)).unwrap_err();
        assert!(expected(&error), "{name}: {error:?}");
    }
}

#[test]
fn hostile_inputs_are_refused_without_panicking() {
    let secret = PostbackSecret::new("fixture-postback-secret").unwrap();
    let now = OffsetDateTime::from_unix_timestamp(1_790_000_000).unwrap();
    let genuine = sign_token(
        &"89UX09KA".parse().unwrap(),
        now + Duration::minutes(5),
        &secret,
    );
    let body = |token: &str| format!(r#"{{"invoice_id":"89UX09KA","token":"{token}"}}"#);
    let verify =
        |body: &[u8]| Postback::parse(body).and_then(|postback| postback.verify(&secret, now));

    assert!(verify(body(&genuine).as_bytes()).is_ok());
    let huge = "a".repeat(100_000);
    assert!(matches!(
        verify(body(&huge).as_bytes()),
        Err(PostbackError::TokenTooLong { .. })
    ));
    assert!(matches!(
        verify(body("eyJhbGciOiJIUzI1NiJ9.e30.!!!").as_bytes()),
        Err(PostbackError::TokenEncoding {
            segment: "signature",
            ..
        })
    ));
    assert!(matches!(
        verify(b"invoice_id=89UX09KA&token=\xff\xfe"),
        Err(PostbackError::NotUtf8 { .. })
    ));
    assert!(matches!(
        verify(&vec![b'{'; 1 << 20]),
        Err(PostbackError::BodyTooLarge { .. })
    ));
    assert!(matches!(
        verify(b"{\"invoice_id\":\"89UX09KA\",\"token\":7}"),
        Err(PostbackError::Json { .. })
    ));
    assert!(matches!(
        verify(b"{\"invoice_id\":\"INV-\",\"token\":\"x\"}"),
        Err(PostbackError::Json { .. })
    ));
    // Algorithm confusion: an RS256 header over a valid HMAC-SHA256 of the secret.
    let rs256 = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6Ijg5VVgwOUtBIiwiZXhwIjoxNzkwMDAwMzAwfQ.HV_aJm810qKrzt3xhUXrCeC0MpenU8aR-g00Vo2qCSI";
    assert!(
        matches!(verify(body(rs256).as_bytes()), Err(PostbackError::UnsupportedAlgorithm { alg }) if alg == "RS256")
    );
    // A genuine token presented for another invoice.
    let other = body(&genuine).replace("\"89UX09KA\"", "\"AAAAAAAA\"");
    assert!(matches!(
        verify(other.as_bytes()),
        Err(PostbackError::InvoiceMismatch { .. })
    ));
}
