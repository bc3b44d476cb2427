//! `reconcile` runs from cron, where only the exit status is read: whatever it could not judge
//! (an unreadable entry, a status it does not know) must show there, not only on stderr.

use std::process::Output;

use crate::canned::{Answer, Canned};
use crate::{run_at, stderr};

const LIST: &str = "/v2/invoice/merchant/list";

/// The exit status of a run that listed what it could but left entries for a person.
const INCOMPLETE: i32 = 3;

/// `reconcile` over a server whose list answer is `result`; the server and the output.
async fn reconcile(result: &str, extra: &[&str]) -> (Canned, Output) {
    let server = Canned::start(vec![Answer::success(LIST, result)]).await;
    let mut args = vec!["reconcile", "01.01.2026", "02.01.2026", "-f", "csv"];
    args.extend(extra);
    let output = run_at(&server.url, &[], &args, b"").await;
    (server, output)
}

/// The invoice ids of a CSV output.
fn listed(output: &Output) -> Vec<String> {
    csv::Reader::from_reader(output.stdout.as_slice())
        .records()
        .map(|row| row.unwrap()[0].to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn statuses_it_does_not_know_exit_3_and_are_named() {
    let page = r#"[
        {"uuid":"INV-AAAAAAA1","status":"paid","order_id":"o-1"},
        {"uuid":"INV-AAAAAAA2","status":"Paid","order_id":"o-2"},
        {"uuid":"INV-AAAAAAA3","status":"success","order_id":"o-3"},
        {"uuid":"INV-AAAAAAA4","status":"canceled","order_id":"o-4"}
    ]"#;
    let (server, output) = reconcile(page, &[]).await;
    assert_eq!(server.requested(), [LIST], "one short page");
    assert_eq!(
        output.status.code(),
        Some(INCOMPLETE),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        listed(&output),
        ["INV-AAAAAAA1"],
        "what is known to be paid is still listed"
    );
    let message = stderr(&output);
    for named in ["INV-AAAAAAA2 (Paid)", "INV-AAAAAAA3 (success)"] {
        assert!(message.contains(named), "{message}");
    }
    assert!(message.contains("exit status 3"), "{message}");

    let (_, strict) = reconcile(page, &["--strict"]).await;
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
}

#[tokio::test(flavor = "multi_thread")]
async fn unreadable_entries_exit_3_without_strict() {
    let page = r#"[
        {"uuid":"INV-AAAAAAA1","status":"paid","order_id":"o-1"},
        {"uuid":["INV-AAAAAAA2"],"status":"paid","order_id":"o-2"}
    ]"#;
    let (_, output) = reconcile(page, &[]).await;
    assert_eq!(
        output.status.code(),
        Some(INCOMPLETE),
        "{}",
        stderr(&output)
    );
    assert_eq!(listed(&output), ["INV-AAAAAAA1"]);
    assert!(
        stderr(&output).contains("1 entries of the answers could not be read"),
        "{}",
        stderr(&output)
    );

    let (_, strict) = reconcile(page, &["--strict"]).await;
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_run_that_judged_every_entry_exits_0() {
    let page = r#"[
        {"uuid":"INV-AAAAAAA1","status":"overpaid","order_id":"o-1"},
        {"uuid":"INV-AAAAAAA2","status":"partial"},
        {"uuid":"INV-AAAAAAA3","status":"created"}
    ]"#;
    let (_, output) = reconcile(page, &[]).await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(listed(&output), ["INV-AAAAAAA1"]);
}
