//! Decodes every body in `fixtures/` and pins the full decoded value (or the typed error) with a
//! snapshot. The folder names the operation; a leading `NNN_` in the file name is the HTTP status.
//! A new fixture without a reviewed snapshot fails (CI runs with `INSTA_UPDATE=no`).

use std::fmt::Debug;
use std::path::Path;

use cryptocloud_types::*;
use time::OffsetDateTime;

/// The secret and clock the postback fixtures were made with (see `fixtures/README.md`).
pub(crate) const POSTBACK_SECRET: &str = "fixture-postback-secret";
pub(crate) const POSTBACK_NOW: i64 = 1_790_000_000;

#[test]
fn every_fixture_decodes_as_pinned() {
    insta::glob!("../../../../fixtures", "*/*", |path| {
        let Some(decoded) = decode_fixture(path) else {
            return;
        };
        insta::assert_snapshot!(decoded);
    });
}

/// The decoded value of a fixture as pinned text, or `None` for files that are not bodies.
fn decode_fixture(path: &Path) -> Option<String> {
    let extension = path.extension()?.to_str()?;
    if !matches!(extension, "json" | "form" | "html" | "txt") {
        return None;
    }
    let body = std::fs::read(path).unwrap();
    let folder = path.parent()?.file_name()?.to_str()?;
    if folder == "postbacks" {
        // `invoice_info` is kept as text by verification; pinned here as it reads on demand.
        let verdict = verify_postback(&body);
        let info = verdict
            .as_ref()
            .ok()
            .and_then(|verified| verified.unverified_claims().invoice_info());
        return Some(format!(
            "{}
invoice_info(): {}",
            pretty(&verdict),
            pretty(&info)
        ));
    }
    let status = status_of(path);
    Some(match folder {
        "statistics" => pretty(&decode_response::<GetStatistics>(status, &body)),
        "list" => pretty(&decode_response::<ListInvoices>(status, &body)),
        "info" => pretty(&decode_response::<GetInvoices>(status, &body)),
        "create" | "errors" => pretty(&decode_response::<CreateInvoice>(status, &body)),
        "cancel" => pretty(&decode_response::<CancelInvoice>(status, &body)),
        "balance" => pretty(&decode_response::<GetBalance>(status, &body)),
        "static_wallet" => pretty(&decode_response::<CreateStaticWallet>(status, &body)),
        "withdrawal" => pretty(&decode_response::<CreateWithdrawal>(status, &body)),
        other => panic!("fixtures/{other}/ names no operation; add it to decode_fixture"),
    })
}

/// Parses and verifies a postback fixture with the fixtures' secret and clock.
pub(crate) fn verify_postback(body: &[u8]) -> Result<postback::VerifiedPostback, PostbackError> {
    let secret = PostbackSecret::new(POSTBACK_SECRET).unwrap();
    let now = OffsetDateTime::from_unix_timestamp(POSTBACK_NOW).unwrap();
    Postback::parse(body)?.verify(&secret, now)
}

/// The HTTP status in a `NNN_` file-name prefix, 200 without one.
fn status_of(path: &Path) -> u16 {
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    name.split_once('_')
        .and_then(|(prefix, _)| prefix.parse().ok())
        .unwrap_or(200)
}

fn pretty(value: &impl Debug) -> String {
    format!("{value:#?}")
}

#[test]
fn the_usd_amounts_of_a_page_sum_exactly() {
    let body = std::fs::read("../../fixtures/list/three_amount_usd_tenths.json").unwrap();
    let page = decode_response::<ListInvoices>(200, &body).unwrap();
    let sum = Money::checked_sum(
        page.invoices
            .iter()
            .filter_map(|invoice| invoice.amount_usd),
    )
    .unwrap();
    assert_eq!(sum, "0.6".parse::<Money>().unwrap());
    assert_eq!(sum.to_string(), "0.6");
}

#[test]
fn seed_values_keep_their_exact_digits() {
    let body = std::fs::read("../../fixtures/list/seed_example.json").unwrap();
    let invoice = decode_response::<ListInvoices>(200, &body)
        .unwrap()
        .invoices
        .remove(0);
    assert_eq!(invoice.fee.unwrap().to_string(), "0.000004500000159168849");
    assert_eq!(invoice.amount.unwrap().to_string(), "0.033366");

    let body = std::fs::read("../../fixtures/statistics/seed_example.json").unwrap();
    let statistics = decode_response::<GetStatistics>(200, &body).unwrap();
    assert_eq!(statistics.amount.all.unwrap().to_string(), "4683.83");
    assert_eq!(statistics.amount.canceled, Some(Money::ZERO));
    assert_eq!(statistics.count.all, Some(59));
}

/// A predicate on the expected error.
type KindCheck = fn(&ApiErrorKind) -> bool;

#[test]
fn every_error_envelope_has_its_kind() {
    let cases: &[(&str, KindCheck)] = &[
        (
            "400_field_map_create.json",
            |kind| matches!(kind, ApiErrorKind::InvalidFields(fields) if fields.len() == 2),
        ),
        ("400_validate_error_cancel.json", |kind| {
            matches!(kind, ApiErrorKind::Validation(_))
        }),
        ("400_authorization.json", |kind| {
            matches!(kind, ApiErrorKind::Unauthorized(_))
        }),
        ("400_rate_limit_withdrawal.json", |kind| {
            matches!(kind, ApiErrorKind::RateLimited(_))
        }),
        ("401_detail_invalid_header_padding.json", |kind| {
            matches!(kind, ApiErrorKind::Detail(_))
        }),
        ("403_detail_signature_verification_failed.json", |kind| {
            matches!(kind, ApiErrorKind::Detail(_))
        }),
        ("404_not_found.html", |kind| {
            matches!(kind, ApiErrorKind::NotJson)
        }),
        ("502_bad_gateway.html", |kind| {
            matches!(kind, ApiErrorKind::NotJson)
        }),
        ("503_empty.txt", |kind| {
            matches!(kind, ApiErrorKind::NotJson)
        }),
        ("200_status_error.json", |kind| {
            matches!(kind, ApiErrorKind::InvalidFields(_))
        }),
        ("400_result_string.json", |kind| {
            matches!(kind, ApiErrorKind::Message(_))
        }),
    ];
    for (name, expected) in cases {
        let path = Path::new("../../fixtures/errors").join(name);
        let body = std::fs::read(&path).unwrap();
        match decode_response::<CreateInvoice>(status_of(&path), &body) {
            Err(ResponseError::Api(error)) => {
                assert!(expected(error.kind()), "{name}: {:?}", error.kind());
                assert_eq!(error.status(), status_of(&path), "{name}");
                assert!(!error.to_string().is_empty());
            }
            other => panic!("{name}: expected an API error, got {other:?}"),
        }
    }
}

#[test]
fn success_bodies_that_do_not_fit_are_decode_errors_with_the_body_kept() {
    for name in [
        "list/broken_truncated.json",
        "statistics/broken_not_json.txt",
    ] {
        let body = std::fs::read(Path::new("../../fixtures").join(name)).unwrap();
        let error = decode_response::<ListInvoices>(200, &body).unwrap_err();
        assert!(
            matches!(error, ResponseError::Decode { status: 200, .. }),
            "{name}: {error:?}"
        );
        assert_eq!(error.body().total_len(), body.len());
        assert!(
            std::error::Error::source(&error).is_some(),
            "{name} keeps its cause"
        );
    }
}

#[test]
fn error_bodies_are_kept_but_bounded() {
    let huge = vec![b'x'; 10 * 1024 * 1024];
    let ResponseError::Api(error) = decode_response::<GetBalance>(502, &huge).unwrap_err() else {
        panic!("a 502 with junk is an API error")
    };
    assert_eq!(error.body().text().len(), BodySnippet::MAX);
    assert_eq!(error.body().total_len(), huge.len());
    assert!(error.body().is_truncated());
}

#[test]
fn every_fixture_snapshot_has_its_fixture() {
    let prefix = "it__fixtures__every_fixture_decodes_as_pinned@";
    for entry in std::fs::read_dir("tests/it/snapshots").unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let Some(fixture) = name
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(".snap"))
        else {
            continue;
        };
        let (folder, file) = fixture.split_once("__").unwrap();
        let path = Path::new("../../fixtures").join(folder).join(file);
        assert!(
            path.exists(),
            "snapshot {name} has no fixture {}: delete the snapshot",
            path.display()
        );
    }
}
