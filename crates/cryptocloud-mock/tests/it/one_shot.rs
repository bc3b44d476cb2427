//! One-shot faults, per operation, from the library and the control path; ids of invoices
//! created at run time, fresh on every start unless asked for.

use std::time::Duration;

use cryptocloud_mock::{
    DEFAULT_API_KEY, DEFAULT_WITHDRAWAL_KEY, MockConfig, MockServer, OneShotFault, Operation,
};
use http::Method;

use crate::support::{self, Node, api, create, post, serve, try_send};

const CREATE: &str = r#"{"shop_id":"MockShop0001","amount":25,"order_id":"order-7"}"#;
const WITHDRAW: &str = r#"{"currency_code":"USDT_TRC20","to_address":"TJ8bqh2xQ6GkbHiEY8n1t3BY1Fxd1Q2RJE","amount":1}"#;

/// The invoices the server holds for `order-7`.
fn orders(server: &MockServer) -> usize {
    server
        .invoices()
        .into_iter()
        .filter(|invoice| invoice["order_id"] == "order-7")
        .count()
}

/// Sends a create as the SDK would; the status, or `None` when no answer came.
async fn try_create(server: &MockServer) -> Option<u16> {
    let token = format!("Token {DEFAULT_API_KEY}");
    let headers = [
        ("authorization", token.as_str()),
        ("content-type", "application/json"),
    ];
    let path = Operation::CreateInvoice.path();
    let body = CREATE.as_bytes().to_vec();
    let reply = try_send(server, Method::POST, path, &headers, body).await;
    reply.ok().map(|reply| reply.status)
}

#[tokio::test]
async fn the_next_create_can_lose_its_answer_be_reset_or_refused_once() {
    let server = serve(5, MockConfig::default()).await;
    server
        .fail_next(Operation::CreateInvoice, OneShotFault::LoseAnswer)
        .unwrap();
    assert_eq!(try_create(&server).await, None, "no answer came");
    assert_eq!(orders(&server), 1, "but the invoice was made");
    assert_eq!(try_create(&server).await, Some(200), "once only");
    assert_eq!(orders(&server), 2);

    server
        .fail_next(Operation::CreateInvoice, OneShotFault::Reset)
        .unwrap();
    server
        .fail_next(Operation::CreateInvoice, OneShotFault::Answer(503))
        .unwrap();
    assert_eq!(try_create(&server).await, None);
    assert_eq!(try_create(&server).await, Some(503));
    assert_eq!(orders(&server), 2, "neither was served");
    assert_eq!(try_create(&server).await, Some(200));
    assert_eq!(server.stats().calls("create_invoice"), 5);

    assert!(
        server
            .fail_next(Operation::Balance, OneShotFault::Answer(204))
            .unwrap_err()
            .to_string()
            .contains("204")
    );
}

/// The USDT_TRC20 balance available.
async fn usdt(server: &MockServer) -> f64 {
    let balance = api(server, "/v2/merchant/wallet/balance/all", "").await;
    let lines = balance.result();
    let line = lines
        .array()
        .iter()
        .find(|line| line.at("currency.code").str() == "USDT_TRC20")
        .unwrap()
        .clone();
    match line.at("available_balance") {
        Node::Float(value) => *value,
        Node::Int(value) => i32::try_from(*value).map(f64::from).unwrap(),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_withdrawal_answered_524_was_made_and_other_routes_are_untouched() {
    let config = MockConfig {
        withdrawal_interval: Duration::ZERO,
        ..MockConfig::default()
    };
    let server = serve(300, config).await;
    let before = usdt(&server).await;
    server
        .fail_next(
            Operation::CreateWithdrawal,
            OneShotFault::AnswerAfterServing(524),
        )
        .unwrap();
    assert_eq!(try_create(&server).await, Some(200), "another route");
    let withdrawal = post(
        &server,
        Operation::CreateWithdrawal.path(),
        Some(DEFAULT_WITHDRAWAL_KEY),
        Some("application/json"),
        WITHDRAW.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(withdrawal.status, 524, "{}", withdrawal.body);
    assert!(withdrawal.content_type.starts_with("text/html"));
    assert!(
        withdrawal.body.contains("524 A timeout occurred"),
        "{}",
        withdrawal.body
    );
    assert!(
        (before - usdt(&server).await - 1.0).abs() < 1e-9,
        "it was made"
    );
}

async fn control(server: &MockServer, body: &str) -> (u16, String) {
    support::control(server, "/_mock/faults", body).await
}

#[tokio::test]
async fn the_control_path_queues_the_same_faults() {
    let server = serve(5, MockConfig::default()).await;
    let (status, body) = control(
        &server,
        r#"{"operation":"create_invoice","fault":"answer","status":429}"#,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = control(
        &server,
        r#"{"operation":"create_invoice","fault":"lose_answer"}"#,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let limited = api(&server, Operation::CreateInvoice.path(), CREATE).await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.headers["retry-after"], "1");
    assert_eq!(try_create(&server).await, None);
    assert_eq!(orders(&server), 1);
    create(&server, CREATE).await;

    for wrong in [
        r#"{"operation":"create_invoice","fault":"answer"}"#,
        r#"{"operation":"create_invoice","fault":"answer","status":200}"#,
        r#"{"operation":"create_invoice","fault":"reset","status":502}"#,
        r#"{"operation":"make_money","fault":"reset"}"#,
        r#"{"operation":"create_invoice","fault":"explode"}"#,
        "",
    ] {
        let (status, body) = control(&server, wrong).await;
        assert_eq!(status, 400, "{wrong}: {body}");
    }
    let form = post(
        &server,
        "/_mock/faults",
        None,
        Some("application/x-www-form-urlencoded"),
        b"operation=create_invoice&fault=reset".to_vec(),
    )
    .await;
    assert_eq!(form.status, 415, "a web page's form cannot queue faults");
    assert_eq!(try_create(&server).await, Some(200));
}

/// The id of an invoice created on a fresh server started with `config`, and its first data-set
/// invoice.
async fn first_ids(config: MockConfig) -> (String, String) {
    let server = serve(3, config).await;
    let created = create(&server, CREATE).await;
    let seeded = server.invoices()[0]["uuid"].as_str().unwrap().to_owned();
    server.shutdown().await;
    (created.at("uuid").str().to_owned(), seeded)
}

#[tokio::test]
async fn created_ids_are_new_on_every_start_unless_asked_to_repeat() {
    let (first, seeded) = first_ids(MockConfig::default()).await;
    let (again, seeded_again) = first_ids(MockConfig::default()).await;
    assert_eq!(seeded, seeded_again, "the data set follows the seed");
    assert_ne!(first, again, "a restarted server makes new ids");
    let repeatable = || MockConfig {
        repeatable_ids: true,
        ..MockConfig::default()
    };
    assert_eq!(first_ids(repeatable()).await, first_ids(repeatable()).await);
}
