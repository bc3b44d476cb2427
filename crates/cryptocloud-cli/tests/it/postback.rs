//! `postback verify`: genuine or not, in every encoding.

use cryptocloud_mock::{Payment, PostbackFormat};

use crate::{invoices, run, server, stderr, stdout};

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
