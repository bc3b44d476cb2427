//! CryptoCloud's payment page, served by the local server: paid in full, or left to expire.

use std::time::Instant;

use cryptocloud_mock::MockServer;
use fantoccini::Locator;

use crate::{PATIENCE, Session, arrive, confirmations, keep_screenshot, shipped, status};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checkout_pays_and_expires_in_a_real_browser() {
    let started = Instant::now();
    let session = Session::open().await;
    let (server, shop, page) = (&session.server, &session.shop, &session.page);

    // Pay in full: a verified postback the API confirms, the order shipped, the success page.
    let (invoice, pay) = checkout(page, shop, server, "order-1", "pay-full").await;
    let address = page.find(Locator::Id("address")).await.unwrap();
    assert_eq!(address.text().await.unwrap(), invoice["address"]);
    let countdown = page
        .find(Locator::Id("countdown"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        countdown.len() == 8 && countdown != "00:00:00" && countdown.as_bytes()[2] == b':',
        "a running countdown, not {countdown:?}"
    );
    let screenshot = page.screenshot().await.unwrap();
    keep_screenshot(&screenshot, "../cryptocloud-mock/checkout.png");
    assert_eq!(shipped(shop).await, "", "opening the page sends nothing");
    assert_eq!(confirmations(server), 0);
    pay.click().await.unwrap();
    arrive(page, &format!("{shop}/success")).await;
    let text = page
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.starts_with("Thank you!"), "{text:?}");
    assert_eq!(shipped(shop).await, "order-1");
    assert_eq!(confirmations(server), 1, "the shop asked the API once");
    assert_eq!(status(server, &invoice), "paid");

    // Let it expire: no postback (so nothing confirmed or shipped), the fail page, canceled.
    let (invoice, expire) = checkout(page, shop, server, "order-2", "expire").await;
    expire.click().await.unwrap();
    arrive(page, &format!("{shop}/fail")).await;
    assert_eq!(status(server, &invoice), "canceled");
    assert_eq!(confirmations(server), 1, "expiry sends no postback");
    assert_eq!(shipped(shop).await, "order-1");

    session.close().await;
    eprintln!("browser test: {:.1?}", started.elapsed());
}

/// Buys in the shop's page; the browser waits on the checkout page for the button `ready`.
/// The invoice the shop created for `order`, from the server's own record.
async fn checkout(
    page: &fantoccini::Client,
    shop: &str,
    server: &MockServer,
    order: &str,
    ready: &str,
) -> (serde_json::Value, fantoccini::elements::Element) {
    page.goto(&format!("{shop}/")).await.unwrap();
    let buy = page.find(Locator::Id("buy")).await.unwrap();
    buy.click().await.unwrap();
    let button = page
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Id(ready))
        .await
        .unwrap();
    let invoice = server
        .invoices()
        .into_iter()
        .find(|invoice| invoice["order_id"] == order)
        .unwrap_or_else(|| panic!("the shop created no invoice for {order}"));
    let link = invoice["link"].as_str().unwrap();
    assert!(
        link.starts_with(&format!("{}/pay/", server.base_url())),
        "{link}"
    );
    assert_eq!(page.current_url().await.unwrap().as_str(), link);
    (invoice, button)
}
