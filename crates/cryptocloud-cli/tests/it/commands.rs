//! stats, list, balance, invoice and wallet commands, and withdrawals.

use std::collections::BTreeSet;

use cryptocloud::{Invoice, InvoiceStatus};
use cryptocloud_mock::{Payment, PostbackFormat};

use crate::{WITHDRAW, in_january, invoices, run, server, stderr, stdout, today};

#[tokio::test(flavor = "multi_thread")]
async fn stats_list_balance_and_invoice_commands() {
    let server = server().await;
    let stats = run(
        &server,
        &["stats", "01.01.2026", "31.01.2026", "-f", "json"],
        b"",
    )
    .await;
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(
        stats["count"]["all"].as_u64().unwrap() as usize,
        in_january(&invoices(&server)).len()
    );

    let page = run(
        &server,
        &[
            "invoices",
            "list",
            "01.01.2026",
            "31.01.2026",
            "--page",
            "2",
            "--page-size",
            "3",
            "-f",
            "ndjson",
        ],
        b"",
    )
    .await;
    let ids: Vec<String> = stdout(&page)
        .lines()
        .map(|line| {
            serde_json::from_str::<Invoice>(line)
                .unwrap()
                .uuid
                .to_string()
        })
        .collect();
    let all = invoices(&server);
    let expected: Vec<String> = in_january(&all)[3..6]
        .iter()
        .map(|invoice| invoice.uuid.to_string())
        .collect();
    assert_eq!(ids, expected);

    let balance = run(&server, &["balance", "-f", "csv"], b"").await;
    assert!(stdout(&balance).starts_with("currency,balance,balance_usd,available,available_usd\n"));

    let created = run(
        &server,
        &[
            "invoice",
            "create",
            "--amount",
            "12.50",
            "--currency",
            "eur",
            "--order-id",
            "A-1",
            "-f",
            "json",
        ],
        b"",
    )
    .await;
    assert!(created.status.success(), "{}", stderr(&created));
    let created: Vec<Invoice> = serde_json::from_slice(&created.stdout).unwrap();
    let id = created[0].uuid.to_string();
    assert_eq!(
        created[0].amount_usd,
        Some("13.50".parse().unwrap()),
        "12.50 EUR at the mock's 1.08"
    );

    let info = run(&server, &["invoice", "info", &id, "INV-ZZZZZZZZ"], b"").await;
    assert!(stdout(&info).contains(&id));
    assert!(stderr(&info).contains("1 of 2 invoices were not found"));
    let cancel = run(&server, &["invoice", "cancel", &id], b"").await;
    assert_eq!(stdout(&cancel), format!("{id} canceled\n"));
    let again = run(&server, &["invoice", "cancel", &id], b"").await;
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("Invoice is not created"),
        "{}",
        stderr(&again)
    );

    let wallet = run(
        &server,
        &[
            "static-wallet",
            "create",
            "--currency",
            "btc",
            "--customer",
            "c-1",
        ],
        b"",
    )
    .await;
    assert!(stdout(&wallet).contains("BTC"), "{}", stderr(&wallet));
    let withdraw = run(&server, &WITHDRAW, b"").await;
    assert_eq!(withdraw.status.code(), Some(1), "no withdrawal key");
    let key = server.withdrawal_key();
    let with_key: Vec<&str> = WITHDRAW
        .into_iter()
        .chain(["--withdrawal-key", key.expose_secret(), "--yes"])
        .collect();
    let withdraw = run(&server, &with_key, b"").await;
    assert!(
        stdout(&withdraw).contains("created"),
        "{}",
        stderr(&withdraw)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn reconcile_lists_the_paid_invoices_with_their_order_ids() {
    let server = server().await;
    let created = run(
        &server,
        &[
            "invoice",
            "create",
            "--amount",
            "30",
            "--order-id",
            "R-77",
            "-f",
            "json",
        ],
        b"",
    )
    .await;
    let created: Vec<Invoice> = serde_json::from_slice(&created.stdout).unwrap();
    let today_paid = created[0].uuid.clone();
    server
        .pay(&today_paid, Payment::Overpaid, PostbackFormat::Form)
        .await
        .unwrap();

    let today = today();
    let output = run(
        &server,
        &["reconcile", "01.01.2026", &today, "-f", "csv"],
        b"",
    )
    .await;
    assert!(output.status.success(), "{}", stderr(&output));
    let mut csv = csv::Reader::from_reader(output.stdout.as_slice());
    let header = csv.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|column| column == name).unwrap();
    let (id, status, order) = (column("invoice"), column("status"), column("order_id"));
    let rows: BTreeSet<(String, String, String)> = csv
        .records()
        .map(|row| {
            let row = row.unwrap();
            (
                row[id].to_owned(),
                row[status].to_owned(),
                row[order].to_owned(),
            )
        })
        .collect();

    let all = invoices(&server);
    let expected: BTreeSet<(String, String, String)> = all
        .iter()
        .filter(|invoice| {
            matches!(
                invoice.status,
                InvoiceStatus::Paid | InvoiceStatus::Overpaid
            )
        })
        .map(|invoice| {
            let order = invoice.order_id.clone().unwrap_or_default();
            (invoice.uuid.to_string(), invoice.status.to_string(), order)
        })
        .collect();
    assert_eq!(rows, expected);
    let seeded_in_january = in_january(&all)
        .into_iter()
        .filter(|invoice| invoice.status == InvoiceStatus::Paid)
        .count();
    assert!(seeded_in_january > 0, "seeded paid invoices are listed too");
    let ours = (
        today_paid.to_string(),
        "overpaid".to_owned(),
        "R-77".to_owned(),
    );
    assert!(rows.contains(&ours), "{rows:?}");
    assert!(stderr(&output).contains(&format!("{} paid or overpaid invoices", rows.len())));
}

#[tokio::test(flavor = "multi_thread")]
async fn invoices_find_lists_every_invoice_of_an_order() {
    let server = server().await;
    let mut twice = BTreeSet::new();
    for order in ["F-1", "F-2", "F-1"] {
        let args = [
            "invoice",
            "create",
            "--amount",
            "9",
            "--order-id",
            order,
            "-f",
            "json",
        ];
        let created: Vec<Invoice> =
            serde_json::from_slice(&run(&server, &args, b"").await.stdout).unwrap();
        if order == "F-1" {
            twice.insert(created[0].uuid.to_string());
        }
    }
    // Without dates: yesterday and today (UTC), where the invoices just created are.
    let found = run(
        &server,
        &["invoices", "find", "--order-id", "F-1", "-f", "json"],
        b"",
    )
    .await;
    assert!(found.status.success(), "{}", stderr(&found));
    let found: Vec<Invoice> = serde_json::from_slice(&found.stdout).unwrap();
    let ids: BTreeSet<String> = found
        .iter()
        .map(|invoice| invoice.uuid.to_string())
        .collect();
    assert_eq!((ids, found.len()), (twice, 2));

    let seeded = ["01.01.2026", "31.03.2026"];
    let args = [
        "invoices",
        "find",
        "--order-id",
        "F-1",
        seeded[0],
        seeded[1],
        "-f",
        "csv",
    ];
    let none = run(&server, &args, b"").await;
    assert_eq!(stdout(&none).lines().count(), 1, "only the header");
    assert!(
        stderr(&none).contains("0 invoices with order id F-1 created 01.01.2026 to 31.03.2026")
    );
}
