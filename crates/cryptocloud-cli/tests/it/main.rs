//! The built `cryptocloud` binary against a local mock server: every subcommand, every format,
//! and the ways a user gets it wrong. One test binary; one file per area.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod canned;
mod commands;
mod export;
mod mistakes;
mod postback;
mod reconcile;
mod replace;
mod secrets;
mod static_wallets;

use std::process::Output;

use cryptocloud::{Date, DateRange, Invoice};
use cryptocloud_mock::{MockConfig, MockServer, Quirks};
use tokio::io::AsyncWriteExt;
use tokio::process::Command;

pub(crate) async fn server() -> MockServer {
    // The real API's documented quirks on: the tool must read every shape it sends.
    MockServer::start(MockConfig {
        invoices: 400,
        quirks: Quirks::documented(150),
        ..MockConfig::default()
    })
    .await
    .unwrap()
}

/// Runs the binary against `server` with `args`, feeding `stdin`.
pub(crate) async fn run(server: &MockServer, args: &[&str], stdin: &[u8]) -> Output {
    run_at(&server.base_url(), &[], args, stdin).await
}

/// Runs the binary against the server at `base_url` (plain http, allowed with `--allow-http`)
/// with the local server's default keys and shop id, `env` added, and `args`, feeding `stdin`.
pub(crate) async fn run_at(
    base_url: &str,
    env: &[(&str, &str)],
    args: &[&str],
    stdin: &[u8],
) -> Output {
    let mut command = binary(base_url);
    command
        .envs(env.iter().copied())
        .args(args)
        .arg("--allow-http");
    finish(command, stdin).await
}

/// The binary with the local server's default key and shop id and `base_url` in its
/// environment, and no other key or secret.
pub(crate) fn binary(base_url: &str) -> Command {
    with_environment(Command::new(env!("CARGO_BIN_EXE_cryptocloud")), base_url)
}

/// `command` with the environment of [`binary`].
pub(crate) fn with_environment(mut command: Command, base_url: &str) -> Command {
    command
        .env("CRYPTOCLOUD_API_KEY", cryptocloud_mock::DEFAULT_API_KEY)
        .env("CRYPTOCLOUD_BASE_URL", base_url)
        .env("CRYPTOCLOUD_SHOP_ID", cryptocloud_mock::DEFAULT_SHOP_ID)
        .env_remove("CRYPTOCLOUD_WITHDRAWAL_KEY")
        .env_remove("CRYPTOCLOUD_POSTBACK_SECRET")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    command
}

/// Runs `command`, feeding `stdin`, and waits for it.
pub(crate) async fn finish(mut command: Command, stdin: &[u8]) -> Output {
    let mut child = command.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    // The tool may stop before it reads its input (a missing secret): a closed pipe is fine.
    let _ = input.write_all(stdin).await;
    drop(input);
    child.wait_with_output().await.unwrap()
}

/// A withdrawal of 5 USDT_TRC20, without its key or `--yes`.
pub(crate) const WITHDRAW: [&str; 7] = [
    "withdraw",
    "--currency",
    "USDT_TRC20",
    "--to",
    "TJ8bqh2x",
    "--amount",
    "5",
];

/// Today (UTC) as the tool takes dates.
pub(crate) fn today() -> String {
    let now = time::OffsetDateTime::now_utc().date();
    format!(
        "{:02}.{:02}.{}",
        now.day(),
        u8::from(now.month()),
        now.year()
    )
}

/// Fails unless the run's stderr holds `text`, showing it.
pub(crate) fn assert_says(output: &Output, text: &str) {
    let said = stderr(output);
    assert!(said.contains(text), "{text:?} not in: {said}");
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn january() -> DateRange {
    DateRange::new("01.01.2026".parse().unwrap(), "31.01.2026".parse().unwrap()).unwrap()
}

/// The server's invoices, decoded from its wire with the SDK's model.
pub(crate) fn invoices(server: &MockServer) -> Vec<Invoice> {
    server
        .invoices()
        .into_iter()
        .map(|value| serde_json::from_value(value).unwrap())
        .collect()
}

pub(crate) fn in_january(invoices: &[Invoice]) -> Vec<&Invoice> {
    invoices
        .iter()
        .filter(|invoice| {
            january().contains(Date::try_from(invoice.created.unwrap().primitive().date()).unwrap())
        })
        .collect()
}
