//! The built `cryptocloud` binary against a local mock server: every subcommand, every format,
//! and the ways a user gets it wrong.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Output;

use cryptocloud::{Date, DateRange, Invoice};
use cryptocloud_mock::{MockConfig, MockServer, Payment, PostbackFormat};
use tokio::io::AsyncWriteExt;
use tokio::process::Command;

async fn server() -> MockServer {
    MockServer::start(MockConfig {
        invoices: 400,
        ..MockConfig::default()
    })
    .await
    .unwrap()
}

/// Runs the binary against `server` with `args`, feeding `stdin`.
async fn run(server: &MockServer, args: &[&str], stdin: &[u8]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cryptocloud"));
    command
        .args(args)
        .env("CRYPTOCLOUD_API_KEY", server.api_key().expose_secret())
        .env("CRYPTOCLOUD_BASE_URL", server.base_url())
        .env("CRYPTOCLOUD_SHOP_ID", server.shop_id().as_str())
        .env_remove("CRYPTOCLOUD_WITHDRAWAL_KEY")
        .env_remove("CRYPTOCLOUD_POSTBACK_SECRET")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin).await.unwrap();
    drop(input);
    child.wait_with_output().await.unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn january() -> DateRange {
    DateRange::new("01.01.2026".parse().unwrap(), "31.01.2026".parse().unwrap()).unwrap()
}

/// The server's invoices, decoded from its wire with the SDK's model.
fn invoices(server: &MockServer) -> Vec<Invoice> {
    server
        .invoices()
        .into_iter()
        .map(|value| serde_json::from_value(value).unwrap())
        .collect()
}

fn in_january(invoices: &[Invoice]) -> Vec<&Invoice> {
    invoices
        .iter()
        .filter(|invoice| {
            january().contains(Date::try_from(invoice.created.unwrap().primitive().date()).unwrap())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn csv_export_matches_the_data_set_exactly() {
    let server = server().await;
    let output = run(
        &server,
        &[
            "invoices",
            "export",
            "01.01.2026",
            "31.01.2026",
            "--format",
            "csv",
            "--page-size",
            "17",
        ],
        b"",
    )
    .await;
    assert!(output.status.success(), "{}", stderr(&output));
    let all = invoices(&server);
    let expected = in_january(&all);
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "invoice");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), expected.len());
    for (row, invoice) in rows.iter().zip(&expected) {
        assert_eq!(&row[0], invoice.uuid.to_string());
        assert_eq!(&row[2], invoice.status.as_str());
        assert_eq!(
            row[3].parse::<cryptocloud::Money>().unwrap(),
            invoice.amount_usd.unwrap(),
            "exact decimal amounts"
        );
        assert_eq!(
            row[4].parse::<cryptocloud::Money>().unwrap(),
            invoice.amount.unwrap()
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn json_ndjson_and_table_exports() {
    let server = server().await;
    let expected = in_january(&invoices(&server)).len();
    let json = run(
        &server,
        &[
            "invoices",
            "export",
            "01.01.2026",
            "31.01.2026",
            "-f",
            "json",
        ],
        b"",
    )
    .await;
    let parsed: Vec<Invoice> = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(parsed.len(), expected);
    let ndjson = run(
        &server,
        &[
            "invoices",
            "export",
            "01.01.2026",
            "31.01.2026",
            "-f",
            "ndjson",
        ],
        b"",
    )
    .await;
    assert_eq!(stdout(&ndjson).lines().count(), expected);
    let table = run(
        &server,
        &["invoices", "export", "01.01.2026", "31.01.2026"],
        b"",
    )
    .await;
    assert_eq!(
        stdout(&table).lines().count(),
        expected + 1,
        "a header and a line per invoice"
    );

    let dir = std::env::temp_dir().join(format!("cryptocloud-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("january.csv");
    let to_file = run(
        &server,
        &[
            "invoices",
            "export",
            "01.01.2026",
            "31.01.2026",
            "-o",
            file.to_str().unwrap(),
        ],
        b"",
    )
    .await;
    assert!(to_file.status.success());
    assert!(
        stderr(&to_file).contains(&format!("{expected} invoices written")),
        "{}",
        stderr(&to_file)
    );
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(
        written.starts_with("invoice,created,status"),
        "the .csv extension chose CSV"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

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
    const WITHDRAW: [&str; 7] = [
        "withdraw",
        "--currency",
        "USDT_TRC20",
        "--to",
        "TJ8bqh2x",
        "--amount",
        "5",
    ];
    let withdraw = run(&server, &WITHDRAW, b"").await;
    assert_eq!(withdraw.status.code(), Some(1), "no withdrawal key");
    let key = server.withdrawal_key();
    let with_key: Vec<&str> = WITHDRAW
        .into_iter()
        .chain(["--withdrawal-key", key.expose_secret()])
        .collect();
    let withdraw = run(&server, &with_key, b"").await;
    assert!(
        stdout(&withdraw).contains("created"),
        "{}",
        stderr(&withdraw)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn mistakes_get_one_clear_line_and_a_non_zero_exit() {
    let server = server().await;
    let bad_date = run(&server, &["stats", "2026-01-01", "31.01.2026"], b"").await;
    assert_eq!(bad_date.status.code(), Some(2));
    assert!(
        stderr(&bad_date).contains("did you mean `01.01.2026`?"),
        "{}",
        stderr(&bad_date)
    );

    let backwards = run(&server, &["stats", "31.01.2026", "01.01.2026"], b"").await;
    assert_eq!(backwards.status.code(), Some(1));
    assert!(
        stderr(&backwards)
            .starts_with("error: the end date 01.01.2026 is before the start date 31.01.2026\n")
    );

    let wrong = "wrong.key.SECRETVALUE";
    let refused = run(&server, &["balance", "--api-key", wrong, "--verbose"], b"").await;
    assert_eq!(refused.status.code(), Some(1));
    let message = stderr(&refused);
    assert!(
        message.starts_with("error: balance: the API key was refused"),
        "{message}"
    );
    assert!(message.contains("hint: check CRYPTOCLOUD_API_KEY"));
    assert!(
        !message.contains("SECRETVALUE") && !stdout(&refused).contains("SECRETVALUE"),
        "the key is never echoed"
    );

    let help = run(&server, &["--help"], b"").await;
    for command in [
        "stats",
        "invoices",
        "invoice",
        "balance",
        "static-wallet",
        "withdraw",
        "postback",
    ] {
        assert!(stdout(&help).contains(command), "--help lists {command}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn postbacks_are_checked_genuine_or_not() {
    let server = server().await;
    let unpaid = invoices(&server)
        .into_iter()
        .find(|invoice| invoice.status.as_str() == "created")
        .unwrap();
    let report = server
        .pay(&unpaid.uuid, Payment::Paid, PostbackFormat::Form)
        .await
        .unwrap();
    let secret = cryptocloud_mock::DEFAULT_POSTBACK_SECRET;
    let args = ["postback", "verify", "--secret", secret];
    let genuine = run(&server, &args, report.postback.as_bytes()).await;
    assert_eq!(genuine.status.code(), Some(0), "{}", stderr(&genuine));
    assert!(stdout(&genuine).starts_with(&format!("genuine: {} paid", unpaid.uuid)));

    let forged = run(
        &server,
        &["postback", "verify", "--secret", "guessed-secret"],
        report.postback.as_bytes(),
    )
    .await;
    assert_eq!(forged.status.code(), Some(1));
    assert_eq!(
        stdout(&forged),
        "NOT genuine: the token's signature does not match the project secret (forged, altered, or the wrong secret)\n"
    );

    let expired = run(
        &server,
        &[
            "postback",
            "verify",
            "--secret",
            secret,
            "--at",
            "4102444800",
            "-f",
            "json",
        ],
        report.postback.as_bytes(),
    )
    .await;
    let verdict: serde_json::Value = serde_json::from_slice(&expired.stdout).unwrap();
    assert_eq!(verdict["genuine"], false);
    assert!(
        verdict["reason"]
            .as_str()
            .unwrap()
            .starts_with("the token expired")
    );

    let no_secret = run(&server, &["postback", "verify"], report.postback.as_bytes()).await;
    assert!(stderr(&no_secret).contains("hint: set CRYPTOCLOUD_POSTBACK_SECRET"));
}
