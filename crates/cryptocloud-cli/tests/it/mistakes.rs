//! What a user gets wrong: one clear line and a non-zero exit.

use cryptocloud_mock::{DEFAULT_WITHDRAWAL_KEY, Faults, MockConfig, MockServer};

use crate::canned::{Answer, Canned};
use crate::{WITHDRAW, assert_says, finish, run, run_at, server, stderr, stdout, with_environment};

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
    let refused = run(
        &server,
        &["balance", "--api-key-file", "-", "--verbose"],
        wrong.as_bytes(),
    )
    .await;
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
async fn the_key_comes_from_a_file_or_stdin_and_a_key_flag_draws_a_warning() {
    let server = server().await;
    let key = server.api_key();
    let from_stdin = run(
        &server,
        &["balance", "--api-key-file", "-", "-f", "json"],
        format!("{}\n", key.expose_secret()).as_bytes(),
    )
    .await;
    assert_eq!(from_stdin.status.code(), Some(0), "{}", stderr(&from_stdin));
    assert!(!stderr(&from_stdin).contains("warning"));

    let wrong = run(
        &server,
        &["balance", "--api-key-file", "-"],
        b"not-the-key\n",
    )
    .await;
    assert_ne!(
        wrong.status.code(),
        Some(0),
        "the file's key is the one used"
    );

    let flagged = run(&server, &["balance", "--api-key", key.expose_secret()], b"").await;
    assert_eq!(flagged.status.code(), Some(0), "{}", stderr(&flagged));
    assert!(
        stderr(&flagged).contains("visible in the process list"),
        "{}",
        stderr(&flagged)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_says_may_have_gone_through_only_when_no_answer_came() {
    let server = server().await;
    let refused = run(
        &server,
        &[
            "invoice",
            "create",
            "--amount",
            "10",
            "--shop-id",
            "WRONGSHOP",
        ],
        b"",
    )
    .await;
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        !stderr(&refused).contains("may have been"),
        "an error answer created nothing: {}",
        stderr(&refused)
    );

    // Every connection reset before the answer: the create may have arrived.
    let resets = failing(Faults {
        reset_permille: 1000,
        ..Faults::default()
    })
    .await;
    let unsure = run(&resets, &["invoice", "create", "--amount", "10"], b"").await;
    assert_eq!(unsure.status.code(), Some(1));
    let message = stderr(&unsure);
    assert!(
        message.contains("may have been created") && message.contains("invoices find"),
        "{message}"
    );
    assert!(!message.contains("try again"), "{message}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_gateway_page_to_a_create_or_withdrawal_says_it_may_have_gone_through() {
    // The request reached a gateway, which may have passed it on before failing.
    let bad_gateway = failing(Faults {
        server_error_permille: 1000,
        ..Faults::default()
    })
    .await;
    let create = run(&bad_gateway, &["invoice", "create", "--amount", "10"], b"").await;
    assert_eq!(create.status.code(), Some(1));
    assert_says(&create, "may have been created");
    assert!(
        !stderr(&create).contains("try again"),
        "{}",
        stderr(&create)
    );

    let key = [("CRYPTOCLOUD_WITHDRAWAL_KEY", DEFAULT_WITHDRAWAL_KEY)];
    for (status, page) in [
        (
            504,
            "<html><body><h1>504 Gateway Time-out</h1></body></html>",
        ),
        (524, "error code: 524"),
    ] {
        let gateway = Canned::start(vec![
            Answer::gateway("/v2/invoice/create", status, page),
            Answer::gateway("/v2/invoice/api/out/create", status, page),
        ])
        .await;
        let create = ["invoice", "create", "--amount", "10"];
        let create = run_at(&gateway.url, &[], &create, b"").await;
        assert_says(&create, "may have been created");
        let withdraw = [&WITHDRAW[..], &["--yes"]].concat();
        let withdraw = run_at(&gateway.url, &key, &withdraw, b"").await;
        assert_says(&withdraw, "may have been made");
        assert!(!stderr(&withdraw).contains("try again"), "{status}");
        assert_eq!(
            gateway.requested(),
            ["/v2/invoice/create", "/v2/invoice/api/out/create"],
            "neither is sent twice"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn withdraw_without_a_terminal_needs_yes() {
    let server = server().await;
    let key = [("CRYPTOCLOUD_WITHDRAWAL_KEY", DEFAULT_WITHDRAWAL_KEY)];
    // stdin is a pipe: nobody can confirm.
    let unconfirmed = run_at(&server.base_url(), &key, &WITHDRAW, b"yes\n").await;
    assert_eq!(
        unconfirmed.status.code(),
        Some(1),
        "{}",
        stderr(&unconfirmed)
    );
    assert_says(&unconfirmed, "--yes");
    assert_eq!(server.stats().calls("create_withdrawal"), 0);

    let confirmed = [&WITHDRAW[..], &["--yes"]].concat();
    let confirmed = run_at(&server.base_url(), &key, &confirmed, b"").await;
    assert_eq!(confirmed.status.code(), Some(0), "{}", stderr(&confirmed));
    assert_eq!(server.stats().calls("create_withdrawal"), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn withdraw_on_a_terminal_is_sent_only_after_yes() {
    let server = server().await;
    // script(1) runs the tool on a terminal of its own and types what it reads from stdin.
    let line = format!(
        "{} {} --allow-http",
        env!("CARGO_BIN_EXE_cryptocloud"),
        WITHDRAW.join(" ")
    );
    for (typed, code, calls) in [("no\n", 1, 0), ("yes\n", 0, 1)] {
        let mut command =
            with_environment(tokio::process::Command::new("script"), &server.base_url());
        command
            .env("CRYPTOCLOUD_WITHDRAWAL_KEY", DEFAULT_WITHDRAWAL_KEY)
            .args(["-qec", &line, "/dev/null"]);
        let output = finish(command, typed.as_bytes()).await;
        let shown = stdout(&output);
        assert_eq!(output.status.code(), Some(code), "{typed:?}: {shown}");
        assert!(
            shown.contains("Withdraw 5 USDT_TRC20 to TJ8bqh2x? This cannot be undone."),
            "{shown}"
        );
        assert_eq!(
            server.stats().calls("create_withdrawal"),
            calls,
            "{typed:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreadable_answer_is_quoted_escaped() {
    // JSON lets U+2028 and U+0085 stand unescaped in a string: the raw entry holds them as is.
    let entry =
        "{\"uuid\":[\"INV-AAAAAAA1\"],\"status\":\"paid\",\"order_id\":\"a\u{2028}b\u{85}c\"}";
    let server = Canned::start(vec![Answer::success(
        "/v2/invoice/merchant/info",
        &format!("[{entry}]"),
    )])
    .await;
    let output = run_at(&server.url, &[], &["invoice", "info", "INV-AAAAAAA1"], b"").await;
    assert_says(&output, "warning: an answer entry could not be read");
    let said = stderr(&output);
    assert!(!said.contains(['\u{2028}', '\u{85}']), "{said:?}");
    assert_says(&output, "a\\u{2028}b\\u{85}c");
}

/// A local server with `faults`.
async fn failing(faults: Faults) -> MockServer {
    MockServer::start(MockConfig {
        faults,
        ..MockConfig::default()
    })
    .await
    .unwrap()
}
