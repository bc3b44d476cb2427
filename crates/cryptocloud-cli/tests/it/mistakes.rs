//! What a user gets wrong: one clear line and a non-zero exit.

use crate::{run, server, stderr, stdout};

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
    let resets = cryptocloud_mock::MockServer::start(cryptocloud_mock::MockConfig {
        faults: cryptocloud_mock::Faults {
            reset_permille: 1000,
            ..cryptocloud_mock::Faults::default()
        },
        ..cryptocloud_mock::MockConfig::default()
    })
    .await
    .unwrap();
    let unsure = run(&resets, &["invoice", "create", "--amount", "10"], b"").await;
    assert_eq!(unsure.status.code(), Some(1));
    let message = stderr(&unsure);
    assert!(
        message.contains("may have been created") && message.contains("invoices find"),
        "{message}"
    );
    assert!(!message.contains("try again"), "{message}");
}
