//! Secrets on the command line: a file form for each, a warning for each given on argv, key
//! files read with a cap, and no key sent in cleartext or to a URL that hides credentials.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use cryptocloud_mock::{DEFAULT_POSTBACK_SECRET, DEFAULT_WITHDRAWAL_KEY, Payment, PostbackFormat};

use crate::{WITHDRAW, assert_says, binary, finish, invoices, run, run_at, server, stderr};

const ON_ARGV: &str = "visible in the process list";

/// A file holding `text` with `mode`, in a folder of this test's own.
fn secret_file(name: &str, text: &str, mode: u32) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("secrets");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn every_secret_has_a_file_form_and_argv_draws_a_warning() {
    let server = server().await;
    let url = server.base_url();
    let key_file = secret_file("withdrawal", &format!("{DEFAULT_WITHDRAWAL_KEY}\n"), 0o600);
    let from_file = ["--yes", "--withdrawal-key-file", key_file.to_str().unwrap()];
    let from_file = run_at(&url, &[], &[&WITHDRAW[..], &from_file].concat(), b"").await;
    assert_eq!(from_file.status.code(), Some(0), "{}", stderr(&from_file));
    assert!(
        !stderr(&from_file).contains("warning"),
        "{}",
        stderr(&from_file)
    );
    let on_argv = ["--yes", "--withdrawal-key", DEFAULT_WITHDRAWAL_KEY];
    let on_argv = [&WITHDRAW[..], &on_argv].concat();
    let on_argv = run_at(&url, &[], &on_argv, b"").await;
    assert_eq!(on_argv.status.code(), Some(0), "{}", stderr(&on_argv));
    assert_says(&on_argv, ON_ARGV);

    let unpaid = invoices(&server)
        .into_iter()
        .find(|invoice| invoice.status.as_str() == "created")
        .unwrap();
    let report = server
        .pay(&unpaid.uuid, Payment::Paid, PostbackFormat::Json)
        .await
        .unwrap();
    let body = report.postback.as_bytes();
    let secret_file = secret_file("postback", DEFAULT_POSTBACK_SECRET, 0o600);
    let args = [
        "postback",
        "verify",
        "--secret-file",
        secret_file.to_str().unwrap(),
    ];
    let from_file = run(&server, &args, body).await;
    assert_eq!(from_file.status.code(), Some(0), "{}", stderr(&from_file));
    assert!(
        !stderr(&from_file).contains("warning"),
        "{}",
        stderr(&from_file)
    );
    let args = ["postback", "verify", "--secret", DEFAULT_POSTBACK_SECRET];
    let on_argv = run(&server, &args, body).await;
    assert_eq!(on_argv.status.code(), Some(0), "{}", stderr(&on_argv));
    assert_says(&on_argv, ON_ARGV);
}

#[tokio::test(flavor = "multi_thread")]
async fn plain_http_needs_mock_or_allow_http() {
    let server = server().await;
    // A stale CRYPTOCLOUD_BASE_URL pointing at plain http: the key must not go out.
    let mut stale = binary(&server.base_url());
    stale.arg("balance");
    let stale = finish(stale, b"").await;
    assert_eq!(stale.status.code(), Some(1), "{}", stderr(&stale));
    assert_says(&stale, "--allow-http");
    assert_eq!(server.stats().requests, 0, "nothing was sent");

    let allowed = run(&server, &["balance"], b"").await;
    assert_eq!(allowed.status.code(), Some(0), "{}", stderr(&allowed));
}

#[tokio::test(flavor = "multi_thread")]
async fn base_urls_with_credentials_or_a_fragment_are_refused_unprinted() {
    let server = server().await;
    let address = server.address();
    for url in [
        format!("http://alice:PASSWORD99@{address}"),
        format!("http://PASSWORD99@{address}/"),
        format!("http://{address}/#PASSWORD99"),
    ] {
        let output = run_at(&url, &[], &["balance", "--verbose"], b"").await;
        assert_eq!(output.status.code(), Some(1), "{url}: {}", stderr(&output));
        assert!(
            !stderr(&output).contains("PASSWORD99"),
            "{}",
            stderr(&output)
        );
        assert_says(&output, "base URL");
    }
    assert_eq!(server.stats().requests, 0, "nothing was sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_file_over_the_cap_is_refused_before_anything_is_sent() {
    let server = server().await;
    let huge = secret_file("huge", &"a".repeat(100 * 1024), 0o600);
    let args = ["balance", "--api-key-file", huge.to_str().unwrap()];
    let output = run(&server, &args, b"").await;
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_says(&output, "not a key file");
    assert_eq!(server.stats().requests, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_endless_key_file_fails_fast() {
    let server = server().await;
    let mut command = binary(&server.base_url());
    command
        .args(["balance", "--allow-http", "--api-key-file", "/dev/zero"])
        .kill_on_drop(true);
    let output = tokio::time::timeout(Duration::from_secs(10), finish(command, b""))
        .await
        .expect("reading /dev/zero stops at the cap");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_says(&output, "not a key file");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_file_others_can_read_draws_a_warning() {
    let server = server().await;
    let key = cryptocloud_mock::DEFAULT_API_KEY;
    for (mode, warned) in [(0o644, true), (0o640, true), (0o600, false), (0o400, false)] {
        let file = secret_file(&format!("key-{mode:o}"), key, mode);
        let args = ["balance", "--api-key-file", file.to_str().unwrap()];
        let output = run(&server, &args, b"").await;
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(
            stderr(&output).contains("readable by other users"),
            warned,
            "{mode:o}: {}",
            stderr(&output)
        );
    }
}
