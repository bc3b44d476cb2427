//! Each discrepancy the old wire had, pinned against the reference.

use std::collections::HashSet;

use cryptocloud_mock::{MockConfig, Payment, PostbackFormat};

use crate::support::{Node, api, create, serve};

const SHOP: &str = "MockShop0001";

#[tokio::test]
async fn create_has_exactly_the_captured_keys_in_order() {
    let server = serve(5, MockConfig::default()).await;
    let invoice = create(
        &server,
        &format!(r#"{{"shop_id":"{SHOP}","amount":10,"order_id":"A-1"}}"#),
    )
    .await;
    assert_eq!(
        invoice.keys(),
        [
            "uuid",
            "created",
            "address",
            "expiry_date",
            "side_commission",
            "side_commission_service",
            "type_payments",
            "amount",
            "amount_usd",
            "amount_in_fiat",
            "fee",
            "fee_usd",
            "service_fee",
            "service_fee_usd",
            "fiat_currency",
            "status",
            "is_email_required",
            "link",
            "invoice_id",
            "currency",
            "project",
            "test_mode",
        ]
    );
    assert_eq!(invoice.at("invoice_id"), &Node::Null);
}

#[tokio::test]
async fn unpaid_invoices_have_integer_zero_received() {
    let server = serve(5, MockConfig::default()).await;
    let id = create(&server, &format!(r#"{{"shop_id":"{SHOP}","amount":10}}"#))
        .await
        .at("uuid")
        .str()
        .to_owned();
    let raw = api(
        &server,
        "/v2/invoice/merchant/info",
        &format!(r#"{{"uuids":["{id}"]}}"#),
    )
    .await
    .body;
    assert!(raw.contains(r#""received":0,"received_usd":0,"#), "{raw}");
    assert!(raw.contains(r#""address":"","#), "{raw}");
}

#[tokio::test]
async fn the_requested_fiat_currency_is_honoured_at_the_fixed_rates() {
    let server = serve(5, MockConfig::default()).await;
    for (fiat, amount, usd) in [
        ("RUB", "10", 0.11),
        ("EUR", "12.5", 13.5),
        ("USD", "\"7.25\"", 7.25),
        ("kzt", "1000", 2.0),
    ] {
        let invoice = create(
            &server,
            &format!(r#"{{"shop_id":"{SHOP}","amount":{amount},"currency":"{fiat}"}}"#),
        )
        .await;
        assert_eq!(invoice.at("fiat_currency").str(), fiat.to_uppercase());
        let asked: f64 = amount.trim_matches('"').parse().unwrap();
        assert_eq!(invoice.at("amount_in_fiat"), &Node::Float(asked), "{fiat}");
        assert_eq!(invoice.at("amount_usd"), &Node::Float(usd), "{fiat}");
    }
}

#[tokio::test]
async fn add_fields_set_expiry_coin_and_offer() {
    let server = serve(5, MockConfig::default()).await;
    let plain = create(&server, &format!(r#"{{"shop_id":"{SHOP}","amount":10}}"#)).await;
    assert_eq!(plain.at("address").str(), "", "no coin chosen yet");
    assert_eq!(time_to_pay(&plain), time::Duration::hours(24));

    let timed = create(&server, &format!(r#"{{"shop_id":"{SHOP}","amount":10,"add_fields":{{"time_to_pay":{{"hours":2,"minutes":30}}}}}}"#)).await;
    assert_eq!(time_to_pay(&timed), time::Duration::minutes(150));

    let chosen = create(
        &server,
        &format!(r#"{{"shop_id":"{SHOP}","amount":10,"add_fields":{{"cryptocurrency":"ETH"}}}}"#),
    )
    .await;
    assert_eq!(chosen.at("currency.fullcode").str(), "ETH");
    assert!(chosen.at("address").str().starts_with("0x"));
    assert_eq!(
        chosen.at("amount"),
        &Node::Float(0.00333333),
        "10 USD at 3000 USD/ETH, 8 places"
    );

    let offered = create(&server, &format!(r#"{{"shop_id":"{SHOP}","amount":10,"add_fields":{{"available_currencies":["BTC","LTC"]}}}}"#)).await;
    assert_eq!(offered.at("currency.fullcode").str(), "BTC");
    assert_eq!(offered.at("address").str(), "");

    let bad = api(
        &server,
        "/v2/invoice/create",
        &format!(r#"{{"shop_id":"{SHOP}","amount":10,"add_fields":{{"cryptocurrency":"NOPE"}}}}"#),
    )
    .await;
    assert_eq!(bad.status, 400, "{}", bad.body);
}

fn time_to_pay(invoice: &Node) -> time::Duration {
    let parse = |text: &str| {
        let format = time::macros::format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second].[subsecond]"
        );
        time::PrimitiveDateTime::parse(text, format).unwrap()
    };
    parse(invoice.at("expiry_date").str()) - parse(invoice.at("created").str())
}

#[tokio::test]
async fn postbacks_carry_the_payment_time_and_the_documented_key_order() {
    let server = serve(5, MockConfig::default()).await;
    let id = create(&server, &format!(r#"{{"shop_id":"{SHOP}","amount":10}}"#))
        .await
        .at("uuid")
        .str()
        .parse()
        .unwrap();
    let before = time::OffsetDateTime::now_utc();
    let report = server
        .pay(&id, Payment::Paid, PostbackFormat::Json)
        .await
        .unwrap();
    let after = time::OffsetDateTime::now_utc();
    let body: Node = serde_json::from_str(&report.postback).unwrap();
    assert_eq!(
        body.keys(),
        [
            "status",
            "invoice_id",
            "amount_crypto",
            "currency",
            "order_id",
            "token",
            "invoice_info"
        ]
    );
    assert!(
        report
            .postback
            .starts_with(r#"{"status": "success", "invoice_id": ""#),
        "json.dumps spacing"
    );
    let format = time::macros::format_description!(
        "[year]-[month]-[day] [hour]:[minute]:[second].[subsecond]"
    );
    let finished =
        time::PrimitiveDateTime::parse(body.at("invoice_info.date_finished").str(), format)
            .unwrap()
            .assume_utc();
    assert!(
        before - time::Duration::milliseconds(1) <= finished && finished <= after,
        "{finished} not in {before}..{after}"
    );

    // The data set's paid invoices were never paid in the future either.
    let now = time::OffsetDateTime::now_utc();
    for invoice in server.invoices() {
        if let Some(finished) = invoice["date_finished"].as_str() {
            let finished = time::PrimitiveDateTime::parse(finished, format)
                .unwrap()
                .assume_utc();
            assert!(finished <= now);
        }
    }
}

#[tokio::test]
async fn list_defaults_follow_seed_002() {
    let server = serve(200, MockConfig::default()).await;
    let page = |body: &'static str| {
        let server = &server;
        async move {
            api(server, "/v2/invoice/merchant/list", body)
                .await
                .result()
                .array()
                .len()
        }
    };
    assert_eq!(
        page(r#"{"start":"01.01.2026","end":"31.03.2026"}"#).await,
        10,
        "limit defaults to the end position 10"
    );
    assert_eq!(
        page(r#"{"start":"01.01.2026","end":"31.03.2026","offset":5}"#).await,
        5,
        "records 6 to 10"
    );
    assert_eq!(
        page(r#"{"start":"01.01.2026","end":"31.03.2026","offset":20}"#).await,
        0,
        "records 21 to 10: none"
    );
    assert_eq!(
        page(r#"{"start":"01.01.2026","end":"31.03.2026","offset":20,"limit":30}"#).await,
        10
    );
}

#[tokio::test]
async fn project_logo_is_a_url_an_empty_string_or_null() {
    let mut seen = HashSet::new();
    for seed in 0..3 {
        let server = serve(
            1,
            MockConfig {
                seed,
                ..MockConfig::default()
            },
        )
        .await;
        let invoice = create(&server, &format!(r#"{{"shop_id":"{SHOP}","amount":10}}"#)).await;
        let logo = invoice.at("project.logo");
        seen.insert(match logo {
            Node::Null => "null",
            Node::Str(text) if text.is_empty() => "empty",
            Node::Str(text) if text.starts_with("https://") => "url",
            other => panic!("logo {other:?}"),
        });
    }
    assert_eq!(seen.len(), 3);
}

#[tokio::test]
async fn fees_are_tiny_sometimes_exponent_floats_sometimes_zero() {
    let server = serve(300, MockConfig::default()).await;
    let raw = api(
        &server,
        "/v2/invoice/merchant/list",
        r#"{"start":"01.01.2026","end":"31.03.2026","offset":0,"limit":100}"#,
    )
    .await
    .body;
    assert!(
        raw.contains(r#""fee":0.0,"#),
        "some invoices carry no transfer fee"
    );
    assert!(
        raw.split(r#""fee":"#)
            .skip(1)
            .any(|rest| rest.split(',').next().unwrap().contains("e-")),
        "tiny fees print as exponents"
    );
}
