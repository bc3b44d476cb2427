//! Quirks: off by default; on, the documented shapes appear, decided per record and field from
//! the seed; the unconfirmed drift is a class of its own.

use cryptocloud_mock::{MockConfig, MockServer, Quirks};

use crate::support::{api, serve};

const PAGE: &str = r#"{"start":"01.01.2026","end":"31.03.2026","offset":0,"limit":100}"#;
const STATISTICS: &str = r#"{"start":"01.01.2026","end":"31.03.2026"}"#;

async fn server(quirks: Quirks) -> MockServer {
    serve(
        300,
        MockConfig {
            quirks,
            ..MockConfig::default()
        },
    )
    .await
}

async fn page(server: &MockServer) -> String {
    api(server, "/v2/invoice/merchant/list", PAGE).await.body
}

#[tokio::test]
async fn off_by_default() {
    let raw = page(&server(MockConfig::default().quirks).await).await;
    for quirk in [
        r#""None""#,
        r#"[""]"#,
        "e+",
        r#""amount_""#,
        "mock_unknown_field",
        "all_count",
        "NEWCOIN",
    ] {
        assert!(!raw.contains(quirk), "{quirk} without quirks");
    }
    assert!(!raw.contains(r#""fee":""#), "no string money");
}

#[tokio::test]
async fn documented_quirks_appear_and_are_stable() {
    let quirky = server(Quirks::documented(300)).await;
    let raw = page(&quirky).await;
    for (quirk, what) in [
        (r#""None""#, "\"None\" for an absent value"),
        (r#"":"","#, "\"\" for an absent value"),
        (r#""tx_list":[""]"#, "tx_list [\"\"]"),
        ("e-0", "exponent floats"),
        (r#""amount_usd":""#, "numeric strings"),
        (r#""amount_":"#, "the reference's stray key"),
        ("mock_unknown_field", "unknown fields"),
        ("NEWCOIN_CHAIN", "unknown coins"),
        ("waiting_confirmations", "unknown stages"),
    ] {
        assert!(raw.contains(quirk), "{what} ({quirk}) at 300 per mille");
    }
    assert!(
        raw.split(r#""created":""#)
            .skip(1)
            .any(|rest| rest.as_bytes().get(19) == Some(&b'"')),
        "timestamps without a fraction"
    );
    assert!(integer_money(&quirky).await, "integer money");
    assert!(!raw.contains("all_count"), "drift is a class apart");

    assert_eq!(page(&quirky).await, raw, "the same answer on every call");
    let twin = server(Quirks::documented(300)).await;
    // Payment links name each server's own port.
    assert_eq!(
        page(&twin).await.replace(&twin.base_url(), "BASE"),
        raw.replace(&quirky.base_url(), "BASE"),
        "the same seed, the same quirks"
    );

    let statistics = api(&quirky, "/v2/invoice/merchant/statistics", STATISTICS).await;
    assert_eq!(statistics.status, 200);
    let balance = api(&quirky, "/v2/merchant/wallet/balance/all", "").await;
    assert_eq!(balance.status, 200);
}

/// Some whole money value (100.0) is written as the integer literal `100`.
async fn integer_money(server: &MockServer) -> bool {
    let mut ids = Vec::new();
    for _ in 0..20 {
        let created = api(
            server,
            "/v2/invoice/create",
            r#"{"shop_id":"MockShop0001","amount":100}"#,
        )
        .await;
        ids.push(format!("\"{}\"", created.json().at("result.uuid").str()));
    }
    let info = api(
        server,
        "/v2/invoice/merchant/info",
        &format!(r#"{{"uuids":[{}]}}"#, ids.join(",")),
    )
    .await;
    info.body.contains(":100,") || info.body.contains(":100}")
}

#[tokio::test]
async fn unconfirmed_drift_is_switched_on_apart() {
    let drifting = server(Quirks {
        documented_permille: 0,
        unconfirmed_permille: 1000,
    })
    .await;
    let list = api(&drifting, "/v2/invoice/merchant/list", PAGE)
        .await
        .json();
    assert!(list.get("all_count").is_some(), "all_count beside result");
    let raw = page(&drifting).await;
    assert!(raw.contains(r#""status":"expired""#));
    let statistics = api(&drifting, "/v2/invoice/merchant/statistics", STATISTICS)
        .await
        .result();
    assert!(statistics.at("count").get("refunded").is_some());
    assert!(statistics.at("amount").get("refunded").is_some());
    assert!(!raw.contains(r#""None""#), "documented quirks stay off");
}
