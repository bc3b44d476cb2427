//! Every body in `fixtures/drift/` decodes as its note in `fixtures/drift/README.md` says: a
//! spelling the models read is read; anything else leaves its field absent with the raw JSON kept.

use std::collections::BTreeSet;
use std::path::Path;

use cryptocloud_types::*;

fn body(name: &str) -> Vec<u8> {
    std::fs::read(Path::new("../../fixtures/drift").join(name)).unwrap()
}

/// The field `name` was not read and its raw text is `raw`.
fn kept(unread: &RawFields, name: &str, raw: &str) {
    let kept = unread
        .unexpected(name)
        .unwrap_or_else(|| panic!("{name} kept in {unread:?}"));
    assert_eq!(kept.text(), raw, "{name}");
}

fn at(text: &str) -> Option<Timestamp> {
    Some(text.parse().unwrap())
}

type Check<T> = fn(T);

const LIST: &[(&str, Check<InvoicePage>)] = &[
    ("created_zulu.json", |page| {
        assert_eq!(page.invoices[0].created, at("2026-01-01 12:00:00"));
    }),
    ("created_plus_offset.json", |page| {
        assert_eq!(page.invoices[0].created, at("2026-01-01 12:00:00"));
    }),
    ("bool_as_number.json", |page| {
        let invoice = &page.invoices[0];
        assert_eq!(
            (invoice.is_email_required, invoice.test_mode),
            (Some(false), Some(true))
        );
    }),
    ("bool_as_string.json", |page| {
        assert_eq!(page.invoices[0].test_mode, Some(false));
    }),
    ("bool_word.json", |page| {
        assert_eq!(page.invoices[0].test_mode, None);
        kept(&page.invoices[0].unread, "test_mode", r#""nope""#);
    }),
    ("order_id_number.json", |page| {
        assert_eq!(page.invoices[0].order_id.as_deref(), Some("1111"));
    }),
    ("invoice_id_number.json", |page| {
        assert_eq!(page.invoices[0].invoice_id.as_deref(), Some("12345"));
    }),
    ("tx_list_none.json", |page| {
        assert!(page.invoices[0].tx_list.is_empty());
        assert!(page.invoices[0].unread.is_empty());
    }),
    ("tx_list_empty_string.json", |page| {
        assert!(page.invoices[0].tx_list.is_empty());
        assert!(page.invoices[0].unread.is_empty());
    }),
    ("tx_list_object.json", |page| {
        assert!(page.invoices[0].tx_list.is_empty());
        kept(&page.invoices[0].unread, "tx_list", r#"{"hash":"0xabc"}"#);
    }),
    ("step_float.json", |page| {
        assert_eq!(page.invoices[0].step, Some(1));
    }),
    ("currency_id_string.json", |page| {
        assert_eq!(page.invoices[0].currency.as_ref().unwrap().id, Some(3));
    }),
    ("currency_order_word.json", |page| {
        let currency = page.invoices[0].currency.as_ref().unwrap();
        assert_eq!(currency.order, None);
        kept(&currency.unread, "order", r#""first""#);
    }),
    ("money_word.json", |page| {
        assert_eq!(page.invoices[0].amount_usd, None);
        kept(&page.invoices[0].unread, "amount_usd", r#""N/A""#);
    }),
    ("money_object.json", |page| {
        assert_eq!(page.invoices[0].fee, None);
        kept(&page.invoices[0].unread, "fee", r#"{"value": 1}"#);
    }),
    ("money_too_precise.json", |page| {
        assert_eq!(page.invoices[0].amount, None);
        kept(
            &page.invoices[0].unread,
            "amount",
            r#""0.12345678901234567890123456789""#,
        );
    }),
    ("money_too_precise_number.json", |page| {
        assert_eq!(page.invoices[0].amount, None);
        kept(
            &page.invoices[0].unread,
            "amount",
            "0.12345678901234567890123456789",
        );
    }),
    ("timestamp_word.json", |page| {
        assert_eq!(page.invoices[0].expiry_date, None);
        kept(&page.invoices[0].unread, "expiry_date", r#""tomorrow""#);
    }),
    ("timestamp_number.json", |page| {
        assert_eq!(page.invoices[0].date_finished, None);
        kept(&page.invoices[0].unread, "date_finished", "1767268800");
    }),
    ("project_as_string.json", |page| {
        assert_eq!(page.invoices[0].project, None);
        kept(&page.invoices[0].unread, "project", r#""MyShop""#);
    }),
    ("new_field.json", |page| {
        let invoice = &page.invoices[0];
        let refund = invoice.unread.get("refund").unwrap();
        assert_eq!(
            refund.text(),
            r#"{"amount": 1.5, "at": "2026-01-03 10:00:00"}"#
        );
        let exported = serde_json::to_value(invoice).unwrap();
        assert_eq!(exported["refund"]["amount"], 1.5, "written back on export");
    }),
    ("status_object.json", |page| {
        assert_eq!(page.invoices.len(), 1);
        assert_eq!(page.entries(), 2);
        let skipped = &page.unreadable[0];
        assert_eq!(skipped.position, 1);
        assert!(skipped.raw.text().contains(r#""status":{"code":"paid"}"#));
        assert!(skipped.raw.text().contains(r#""uuid":"INV-STATUS01""#));
        assert!(skipped.reason.contains("status"), "{}", skipped.reason);
    }),
    ("uuid_missing.json", |page| {
        assert_eq!((page.invoices.len(), page.unreadable.len()), (1, 1));
        assert!(page.unreadable[0].reason.contains("uuid"));
        assert!(!page.unreadable[0].raw.is_cut());
    }),
    ("all_count_string.json", |page| {
        assert_eq!(page.all_count, Some(3));
    }),
    ("bom.json", |page| {
        assert_eq!(page.invoices[0].uuid.bare(), "89UX09KA");
    }),
];

const STATISTICS: &[(&str, Check<Statistics>)] = &[
    ("counts_as_strings.json", |statistics| {
        assert_eq!(statistics.count.all, Some(59));
        assert_eq!(statistics.count.created, Some(41));
    }),
    ("bucket_word.json", |statistics| {
        assert_eq!(statistics.amount.paid, None);
        kept(&statistics.amount.unread, "paid", r#""N/A""#);
        assert_eq!(statistics.amount.all, Some("4683.83".parse().unwrap()));
    }),
    ("bucket_null_and_missing.json", |statistics| {
        assert_eq!(
            (statistics.count.partial, statistics.amount.partial),
            (None, None)
        );
        assert_eq!(statistics.count.paid, Some(16));
    }),
    ("refunded_bucket.json", |statistics| {
        assert_eq!(statistics.count.get("refunded"), Some(2));
        assert_eq!(
            statistics.amount.get("refunded"),
            Some("15.5".parse().unwrap())
        );
        assert_eq!(statistics.count.get("paid"), statistics.count.paid);
    }),
    ("count_missing.json", |statistics| {
        assert_eq!(statistics.count.all, None);
        assert_eq!(statistics.amount.created, Some("3032.63".parse().unwrap()));
    }),
];

const CREATE: &[(&str, Check<Result<Invoice, ResponseError>>)] = &[
    ("fee_word.json", |invoice| {
        let invoice = invoice.unwrap();
        assert_eq!(invoice.fee, None);
        kept(&invoice.unread, "fee", r#""N/A""#);
    }),
    ("uuid_object.json", |answer| {
        let error = answer.unwrap_err();
        assert!(error.went_through());
        let ResponseError::Drifted(drifted) = error else {
            panic!("a create is never a plain decode error")
        };
        assert_eq!(
            drifted.fields().get("uuid").unwrap().text(),
            r#"{"id": "INV-XXXXXXXX"}"#
        );
        assert_eq!(
            drifted.fields().get("status").unwrap().text(),
            r#""created""#
        );
        assert_eq!(drifted.invoice_id(), None);
    }),
];

const WITHDRAWAL: &[(&str, Check<Result<Withdrawal, ResponseError>>)] = &[
    ("amount_word.json", |withdrawal| {
        let withdrawal = withdrawal.unwrap();
        assert_eq!(withdrawal.amount, None);
        kept(&withdrawal.unread, "amount", r#""pending""#);
    }),
    ("status_number.json", |withdrawal| {
        let withdrawal = withdrawal.unwrap();
        assert_eq!(withdrawal.status, None);
        kept(&withdrawal.unread, "status", "1");
    }),
    ("invoice_id_missing.json", |answer| {
        let Err(ResponseError::Drifted(drifted)) = answer else {
            panic!("a withdrawal is never a plain decode error")
        };
        assert_eq!(drifted.fields().get("amount").unwrap().text(), "0.0029");
    }),
];

const STATIC_WALLET: &[(&str, Check<Result<StaticWallet, ResponseError>>)] =
    &[("currency_as_string.json", |wallet| {
        let wallet = wallet.unwrap();
        assert_eq!(wallet.currency, BalanceCurrency::default());
        kept(&wallet.unread, "currency", r#""ETH""#);
    })];

#[test]
fn every_drift_fixture_decodes_as_its_note_says() {
    let mut checked = BTreeSet::new();
    for (name, check) in LIST {
        check(decode_response::<ListInvoices>(200, &body(&format!("list/{name}"))).unwrap());
        checked.insert(format!("list/{name}"));
    }
    for (name, check) in STATISTICS {
        let path = format!("statistics/{name}");
        check(decode_response::<GetStatistics>(200, &body(&path)).unwrap());
        checked.insert(path);
    }
    for (name, check) in CREATE {
        let path = format!("create/{name}");
        check(decode_response::<CreateInvoice>(200, &body(&path)));
        checked.insert(path);
    }
    for (name, check) in WITHDRAWAL {
        let path = format!("withdrawal/{name}");
        check(decode_response::<CreateWithdrawal>(200, &body(&path)));
        checked.insert(path);
    }
    for (name, check) in STATIC_WALLET {
        let path = format!("static_wallet/{name}");
        check(decode_response::<CreateStaticWallet>(200, &body(&path)));
        checked.insert(path);
    }
    let mut on_disk = BTreeSet::new();
    for folder in std::fs::read_dir("../../fixtures/drift").unwrap() {
        let folder = folder.unwrap();
        if !folder.file_type().unwrap().is_dir() {
            continue;
        }
        for file in std::fs::read_dir(folder.path()).unwrap() {
            let file = file.unwrap().file_name().into_string().unwrap();
            on_disk.insert(format!("{}/{file}", folder.file_name().to_string_lossy()));
        }
    }
    assert_eq!(
        checked, on_disk,
        "every drift fixture has a row, and every row a fixture"
    );
}

#[test]
fn the_info_answer_sets_unreadable_invoices_aside_too() {
    let list = decode_response::<GetInvoices>(200, &body("list/uuid_missing.json")).unwrap();
    assert_eq!((list.invoices.len(), list.unreadable.len()), (1, 1));
}

#[test]
fn the_live_create_answer_is_read_to_the_last_key() {
    let body = std::fs::read("../../fixtures/create/live_capture_keys.json").unwrap();
    let invoice = decode_response::<CreateInvoice>(200, &body).unwrap();
    assert!(invoice.unread.is_empty(), "{:?}", invoice.unread);
    assert_eq!(
        invoice.side_commission_service,
        Some(CommissionSide::Merchant)
    );
    let currency = invoice.currency.unwrap();
    assert!(currency.unread.is_empty() && currency.network.as_ref().unwrap().unread.is_empty());
    assert!(invoice.project.unwrap().unread.is_empty());
    assert_eq!(invoice.fee.unwrap().to_string(), "0.000001499999996212864");
}

#[test]
fn a_drifted_answer_to_a_repeatable_call_is_a_decode_error() {
    let body = br#"{"status":"success","result":{"count":[1]}}"#;
    let statistics = decode_response::<GetStatistics>(200, body).unwrap();
    kept(&statistics.unread, "count", "[1]");
    let info = br#"{"status":"success","result":{"uuid":"INV-89UX09KA"}}"#;
    let error = decode_response::<GetInvoices>(200, info).unwrap_err();
    assert!(matches!(error, ResponseError::Decode { .. }) && !error.went_through());
}
