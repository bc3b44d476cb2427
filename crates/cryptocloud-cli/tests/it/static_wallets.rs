//! A static wallet's top-up on the command line: the wallet made with `static-wallet create`, a
//! customer's transfer into it (the local server's test wallet), and `postback confirm` of the
//! postback that follows, which the API confirms as paid for the wallet's customer.

use cryptocloud_mock::{DEFAULT_POSTBACK_SECRET, MockConfig, MockServer, PostbackFormat};

use crate::{run, stderr, stdout};

#[tokio::test(flavor = "multi_thread")]
async fn a_top_up_is_confirmed_for_the_wallets_customer() {
    // Without the documented quirks the other tests turn on: one renames coins at random, and
    // the line below names the coin.
    let server = MockServer::start(MockConfig::default()).await.unwrap();
    let create = [
        "static-wallet",
        "create",
        "--currency",
        "LTC",
        "--customer",
        "c-17",
        "--format",
        "json",
    ];
    let created = run(&server, &create, b"").await;
    assert!(created.status.success(), "{}", stderr(&created));
    let wallet: serde_json::Value = serde_json::from_str(&stdout(&created)).unwrap();
    let address = wallet["address"].as_str().unwrap();

    let amount = "0.5".parse().unwrap();
    let paid = server
        .transfer(address, amount, PostbackFormat::Form)
        .await
        .unwrap();
    let invoice = paid.invoice["uuid"].as_str().unwrap();
    assert_eq!(paid.invoice["order_id"], "c-17");

    let confirm = ["postback", "confirm", "--secret", DEFAULT_POSTBACK_SECRET];
    let confirmed = run(&server, &confirm, paid.postback.as_bytes()).await;
    assert_eq!(confirmed.status.code(), Some(0), "{}", stderr(&confirmed));
    let text = stdout(&confirmed);
    // The customer to credit is the API's order id, the wallet's `identify`.
    assert_eq!(
        text,
        format!(
            "signature valid; the API says invoice {invoice} is paid, amount_paid 0.5 LTC, order \
             c-17\noutcome: paid in full\n"
        )
    );
}
