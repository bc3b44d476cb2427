//! Each postback fixture is genuine or refused for its own reason, and of its own kind.

use std::path::Path;

use cryptocloud_types::postback::{
    Binding, InvoiceInfo, Postback, PostbackErrorKind, PostbackSecret, sign_token,
};
use cryptocloud_types::{InvoiceId, PostbackError};
use time::{Duration, OffsetDateTime};

use crate::fixtures::verify_postback;

pub(crate) fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new("../../fixtures/postbacks").join(name)).unwrap()
}

fn invoice() -> InvoiceId {
    "89UX09KA".parse().unwrap()
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
        "valid_token_rewritten_claims.json",
        "valid_invoice_info_python_repr.json",
    ] {
        let verified =
            verify_postback(&fixture(name)).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(verified.binding(), &Binding::Invoice(invoice()), "{name}");
        assert_eq!(verified.invoice_id(), Some(&invoice()), "{name}");
        assert_eq!(verified.expires_at().unix_timestamp(), 1_790_000_300);
    }
}

#[test]
fn a_numeric_token_id_is_genuine_but_binds_no_invoice() {
    let verified = verify_postback(&fixture("valid_numeric_id.json")).unwrap();
    assert_eq!(verified.binding(), &Binding::Unbound(13));
    assert_eq!(verified.invoice_id(), None);
    assert_eq!(verified.invoice_to_confirm(), &invoice());
}

#[test]
fn an_unreadable_invoice_info_is_kept_as_text() {
    let verified = verify_postback(&fixture("valid_invoice_info_python_repr.json")).unwrap();
    let Some(InvoiceInfo::Unparsed { text, reason }) = verified.unverified_claims().invoice_info()
    else {
        panic!("{verified:?}")
    };
    assert_eq!(text, "{'uuid': 'INV-89UX09KA', 'status': 'paid'}");
    assert!(reason.contains("key must be a string"), "{reason}");
}

#[test]
fn json_and_form_bodies_read_the_same() {
    let json = Postback::parse(&fixture("valid_json.json")).unwrap();
    let form = Postback::parse(&fixture("valid_form.form")).unwrap();
    assert_eq!(json.token(), form.token());
    let (json, form) = (json.unverified_claims(), form.unverified_claims());
    // The same claims; `invoice_info` is laid out differently in each, and reads the same.
    assert_eq!(
        (&json.invoice_id, &json.status, &json.amount_crypto),
        (&form.invoice_id, &form.status, &form.amount_crypto)
    );
    assert_eq!(
        (&json.currency, &json.order_id),
        (&form.currency, &form.order_id)
    );
    assert!(json.unread().is_empty() && form.unread().is_empty());
    assert_ne!(json.invoice_info_text(), form.invoice_info_text());
    assert!(matches!(json.invoice_info(), Some(InvoiceInfo::Parsed(_))));
    assert_eq!(json.invoice_info(), form.invoice_info());
}

/// A predicate on the expected error.
type ErrorCheck = fn(&PostbackError) -> bool;

#[test]
fn every_forgery_is_refused_for_its_own_reason() {
    use PostbackErrorKind::{Expired, Forged, Malformed};
    let cases: &[(&str, PostbackErrorKind, ErrorCheck)] = &[
        ("docs_example_token.json", Malformed, |e| {
            matches!(e, PostbackError::TokenHeader { .. })
        }),
        ("forged_alg_none.json", Forged, |e| {
            matches!(e, PostbackError::UnsignedToken)
        }),
        (
            "forged_alg_hs512.json",
            Forged,
            |e| matches!(e, PostbackError::UnsupportedAlgorithm { alg } if alg == "HS512"),
        ),
        ("forged_wrong_secret.json", Forged, |e| {
            matches!(e, PostbackError::BadSignature)
        }),
        ("forged_tampered_payload.json", Forged, |e| {
            matches!(e, PostbackError::BadSignature)
        }),
        ("forged_expired.json", Expired, |e| {
            matches!(e, PostbackError::Expired { .. })
        }),
        (
            "forged_far_future_exp.json",
            Forged,
            |e| matches!(e, PostbackError::LifetimeTooLong { expires_at, .. } if expires_at.unix_timestamp() == 1_821_536_000),
        ),
        (
            "forged_other_invoice.json",
            Forged,
            |e| matches!(e, PostbackError::InvoiceMismatch { token_id, .. } if token_id == "ZZZZZZZZ"),
        ),
        ("forged_trailing_segment.json", Malformed, |e| {
            matches!(e, PostbackError::TokenMalformed { segments: 4 })
        }),
        ("forged_invoice_info_mismatch.json", Forged, |e| {
            matches!(e, PostbackError::InvoiceInfoMismatch { .. })
        }),
        (
            "forged_duplicate_keys.form",
            Malformed,
            |e| matches!(e, PostbackError::DuplicateField { field } if field == "invoice_id"),
        ),
        (
            "forged_duplicate_keys.json",
            Malformed,
            |e| matches!(e, PostbackError::DuplicateField { field } if field == "invoice_id"),
        ),
        ("malformed_not_a_body.json", Malformed, |e| {
            matches!(
                e,
                PostbackError::DuplicateField { .. } | PostbackError::MissingField { .. }
            )
        }),
        ("malformed_missing_token.json", Malformed, |e| {
            matches!(e, PostbackError::MissingField { field: "token" })
        }),
    ];
    for (name, kind, expected) in cases {
        let error = verify_postback(&fixture(name)).unwrap_err();
        assert!(expected(&error), "{name}: {error:?}");
        assert_eq!(error.kind(), *kind, "{name}: {error:?}");
    }
}

#[test]
fn each_kind_answers_its_http_status() {
    let statuses = [
        PostbackErrorKind::Malformed,
        PostbackErrorKind::Forged,
        PostbackErrorKind::Expired,
    ]
    .map(PostbackErrorKind::http_status);
    assert_eq!(statuses, [400, 401, 410]);
    let expired = verify_postback(&fixture("forged_expired.json")).unwrap_err();
    assert!(expired.is_expired() && !expired.is_forged() && !expired.is_malformed());
}

#[test]
fn hostile_inputs_are_refused_without_panicking() {
    let secret = PostbackSecret::new("fixture-postback-secret").unwrap();
    let now = OffsetDateTime::from_unix_timestamp(1_790_000_000).unwrap();
    let genuine = sign_token(&invoice(), now + Duration::minutes(5), &secret);
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
}
