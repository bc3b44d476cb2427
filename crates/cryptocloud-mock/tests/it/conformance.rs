//! Every answer of the server, for all eight operations and the postback in both encodings,
//! against its reference shape in `fixtures/reference/`: the same keys, in the same order where
//! the reference fixes it, and the same JSON kind for every value.

use cryptocloud_mock::{MockConfig, Payment, PostbackFormat};

use crate::support::{Node, api, create, form_fields, post, serve};

fn reference(name: &str) -> String {
    let path = format!(
        "{}/../../fixtures/reference/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn reference_json(name: &str) -> Node {
    serde_json::from_str(&reference(name)).unwrap()
}

/// Where `actual` differs from `expected` in shape; key order is compared for `ordered` levels.
fn differences(path: &str, actual: &Node, expected: &Node, ordered: usize, out: &mut Vec<String>) {
    if actual.kind() != expected.kind() {
        out.push(format!(
            "{path}: {} where the reference has {}",
            actual.kind(),
            expected.kind()
        ));
        return;
    }
    match (actual, expected) {
        (Node::Object(_), Node::Object(_)) => {
            let (got, want) = (actual.keys(), expected.keys());
            for key in want.iter().filter(|key| !got.contains(key)) {
                out.push(format!("{path}.{key}: missing"));
            }
            for key in got.iter().filter(|key| !want.contains(key)) {
                out.push(format!("{path}.{key}: not in the reference"));
            }
            if ordered > 0
                && want.iter().all(|key| got.contains(key))
                && got.len() == want.len()
                && got != want
            {
                out.push(format!(
                    "{path}: keys in the order {got:?}, the reference's is {want:?}"
                ));
            }
            for key in want.iter().filter(|key| got.contains(key)) {
                let (a, e) = (actual.get(key).unwrap(), expected.get(key).unwrap());
                differences(
                    &format!("{path}.{key}"),
                    a,
                    e,
                    ordered.saturating_sub(1),
                    out,
                );
            }
        }
        (Node::Array(items), Node::Array(reference)) => {
            if let Some(first) = reference.first() {
                for (position, item) in items.iter().enumerate() {
                    differences(
                        &format!("{path}[{position}]"),
                        item,
                        first,
                        ordered.saturating_sub(1),
                        out,
                    );
                }
            }
        }
        _ => {}
    }
}

fn assert_conforms(name: &str, actual: &Node, expected: &Node, ordered: usize) {
    let mut out = Vec::new();
    differences("", actual, expected, ordered, &mut out);
    assert!(
        out.is_empty(),
        "{name} differs from fixtures/reference:\n{}",
        out.join("\n")
    );
}

#[tokio::test]
async fn every_operation_answers_in_its_reference_shape() {
    let server = serve(300, MockConfig::default()).await;
    let all = usize::MAX;

    // create: the captured keys, in the captured order, at every level.
    let created = api(
        &server,
        "/v2/invoice/create",
        r#"{"shop_id":"MockShop0001","amount":100,"order_id":"1111"}"#,
    )
    .await;
    assert_conforms(
        "create",
        &created.json(),
        &reference_json("answers/create.json"),
        all,
    );
    let id = created.result().at("uuid").str().to_owned();

    // info of that unpaid invoice.
    let info = api(
        &server,
        "/v2/invoice/merchant/info",
        &format!(r#"{{"uuids":["{id}"]}}"#),
    )
    .await;
    assert_eq!(info.result().array().len(), 1);
    assert_conforms(
        "info",
        &info.json(),
        &reference_json("answers/info.json"),
        0,
    );

    // the list: a page holding paid invoices with an order id, like the reference's.
    let list = api(
        &server,
        "/v2/invoice/merchant/list",
        r#"{"start":"01.01.2026","end":"31.03.2026","offset":0,"limit":100}"#,
    )
    .await;
    let page = list.json();
    let paid: Vec<Node> = page
        .at("result")
        .array()
        .iter()
        .filter(|invoice| {
            invoice.at("status").str() == "paid" && invoice.at("order_id").kind() == "string"
        })
        .cloned()
        .collect();
    assert!(!paid.is_empty());
    let page = Node::Object(vec![
        ("status".into(), page.at("status").clone()),
        ("result".into(), Node::Array(paid)),
    ]);
    assert_conforms("list", &page, &reference_json("answers/list.json"), 0);

    let statistics = api(
        &server,
        "/v2/invoice/merchant/statistics",
        r#"{"start":"01.01.2026","end":"31.03.2026"}"#,
    )
    .await;
    assert_conforms(
        "statistics",
        &statistics.json(),
        &reference_json("answers/statistics.json"),
        all,
    );

    let cancel = api(
        &server,
        "/v2/invoice/merchant/canceled",
        &format!(r#"{{"uuid":"{id}"}}"#),
    )
    .await;
    assert_conforms(
        "cancel",
        &cancel.json(),
        &reference_json("answers/cancel.json"),
        all,
    );

    let balance = api(&server, "/v2/merchant/wallet/balance/all", "").await;
    assert!(balance.result().array().len() >= 6);
    assert_conforms(
        "balance",
        &balance.json(),
        &reference_json("answers/balance.json"),
        0,
    );

    let wallet = api(
        &server,
        "/v2/invoice/static/create",
        r#"{"shop_id":"MockShop0001","currency":"ETH","identify":"customer-1"}"#,
    )
    .await;
    assert_conforms(
        "static wallet",
        &wallet.json(),
        &reference_json("answers/static_wallet.json"),
        0,
    );

    let withdrawal = post(
        &server,
        "/v2/invoice/api/out/create",
        Some(cryptocloud_mock::DEFAULT_WITHDRAWAL_KEY),
        Some("application/json"),
        br#"{"currency_code":"USDT_TRC20","to_address":"TJ8bqh2xQ6GkbHiEY8n1t3BY1Fxd1Q2RJE","amount":1}"#.to_vec(),
    )
    .await;
    assert_conforms(
        "withdrawal",
        &withdrawal.json(),
        &reference_json("answers/withdrawal.json"),
        0,
    );
}

#[tokio::test]
async fn postbacks_in_both_encodings_match_their_reference_shapes() {
    let server = serve(10, MockConfig::default()).await;
    for (format, file) in [
        (PostbackFormat::Json, "postbacks/json.json"),
        (PostbackFormat::Form, "postbacks/form.form"),
    ] {
        let created = create(
            &server,
            r#"{"shop_id":"MockShop0001","amount":100,"order_id":"1111"}"#,
        )
        .await;
        let id = created.at("uuid").str().parse().unwrap();
        let report = server.pay(&id, Payment::Paid, format).await.unwrap();
        let (actual, expected) = match format {
            PostbackFormat::Json => (
                serde_json::from_str(&report.postback).unwrap(),
                reference_json(file),
            ),
            PostbackFormat::Form => (
                form_to_node(&report.postback),
                form_to_node(&reference(file)),
            ),
        };
        assert_conforms(file, &actual, &expected, 1);
    }
}

/// A form body as an object of strings, `invoice_info` kept as its JSON string's kind and, under
/// `invoice_info_decoded`, its shape.
fn form_to_node(body: &str) -> Node {
    let mut fields: Vec<(String, Node)> = form_fields(body.trim())
        .into_iter()
        .map(|(key, value)| (key, Node::Str(value)))
        .collect();
    let info = fields
        .iter()
        .find(|(key, _)| key == "invoice_info")
        .map(|(_, value)| serde_json::from_str::<Node>(value.str()).unwrap());
    if let Some(info) = info {
        fields.push(("invoice_info_decoded".into(), info));
    }
    Node::Object(fields)
}

#[test]
fn the_comparison_flags_order_missing_keys_and_kinds() {
    let expected: Node = serde_json::from_str(r#"{"a":1,"b":{"c":"x","d":[1]}}"#).unwrap();
    let cases = [
        (r#"{"a":2.5,"b":{"c":"y","d":[3]}}"#, 0),
        (r#"{"b":{"c":"y","d":[3]},"a":2}"#, 1),
        (r#"{"a":1,"b":{"d":[1],"c":"x"}}"#, 1),
        (r#"{"a":1,"b":{"c":null,"d":[1]}}"#, 1),
        (r#"{"a":1,"b":{"c":"x","d":["1"]}}"#, 1),
        (r#"{"a":1,"b":{"c":"x"}}"#, 1),
        (r#"{"a":1,"b":{"c":"x","d":[1]},"e":0}"#, 1),
    ];
    for (actual, wanted) in cases {
        let mut out = Vec::new();
        differences(
            "",
            &serde_json::from_str(actual).unwrap(),
            &expected,
            usize::MAX,
            &mut out,
        );
        assert_eq!(out.len(), wanted, "{actual}: {out:?}");
    }
}
