//! The shop's own checkout page (host-to-host): the customer picks a coin, the shop shows the
//! exact amount, the address with a copy button, a QR code and a countdown; the customer pastes
//! the address into the local server's test wallet and sends the amount shown; the shop's page
//! turns to "paid" once the postback is verified, confirmed and the order shipped, once.
//!
//! The oracle is the local server's own record of the invoice (what it asks to be paid, to which
//! address) and BIP 21 as written (`bitcoin:<address>?amount=<BTC>`), never the SDK's models; the
//! QR code is read back from the page's pixels by `rqrr`, an independent decoder.

use std::time::Instant;

use fantoccini::Locator;
use fantoccini::key::Key;

use crate::{PATIENCE, Session, confirmations, keep_screenshot, shipped, status};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shops_own_page_is_paid_from_a_wallet_in_a_real_browser() {
    let started = Instant::now();
    let session = Session::open().await;
    let (server, shop, page) = (&session.server, &session.shop, &session.page);

    page.goto(&format!("{shop}/")).await.unwrap();
    let coin = page.find(Locator::Id("coin")).await.unwrap();
    coin.select_by_value("BTC").await.unwrap();
    page.find(Locator::Id("pay-here"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    page.wait()
        .at_most(PATIENCE)
        .for_element(Locator::Id("address"))
        .await
        .unwrap();
    let own_page = format!("{shop}/orders/order-1/pay");
    assert_eq!(page.current_url().await.unwrap().as_str(), own_page);
    assert_eq!(server.stats().calls("create_invoice"), 1);

    // What the server asks for, from its own record: the coin picked, the address, the amount
    // due with the commission the customer pays.
    let invoice = server
        .invoices()
        .into_iter()
        .find(|invoice| invoice["order_id"] == "order-1")
        .expect("the shop created an invoice for order-1");
    assert_eq!(invoice["currency"]["fullcode"], "BTC");
    let address = invoice["address"].as_str().unwrap().to_owned();
    let due = invoice["amount_to_pay"].to_string();
    let text = async |id: &str| {
        let element = page.find(Locator::Id(id)).await.unwrap();
        element.text().await.unwrap()
    };
    assert_eq!(text("address").await, address);
    assert_eq!(text("amount").await, due);
    assert_eq!(text("coin").await, "BTC");
    assert_eq!(
        text("network").await,
        invoice["currency"]["network"]["fullname"]
    );
    let countdown = text("countdown").await;
    assert!(
        countdown.len() == 8 && countdown != "00:00:00" && countdown.as_bytes()[2] == b':',
        "a running countdown, not {countdown:?}"
    );
    let uri = format!("bitcoin:{address}?amount={due}");
    let wallet_link = page.find(Locator::Id("wallet-link")).await.unwrap();
    assert_eq!(
        wallet_link.attr("href").await.unwrap().as_deref(),
        Some(uri.as_str())
    );
    let qr = page.find(Locator::Id("qr")).await.unwrap();
    assert_eq!(
        read_qr(&qr.screenshot().await.unwrap()),
        uri,
        "the QR code a phone scans"
    );
    keep_screenshot(
        &page.screenshot().await.unwrap(),
        "../cryptocloud-axum/own-checkout.png",
    );
    let looked_up = confirmations(server);

    // The customer copies the address and pays from a wallet in another tab.
    page.find(Locator::Id("copy"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(text("copy").await, "Copied");
    let shop_tab = page.window().await.unwrap();
    let wallet_tab = page.new_window(true).await.unwrap().handle;
    page.switch_to_window(wallet_tab).await.unwrap();
    page.goto(&format!("{}/send", server.base_url()))
        .await
        .unwrap();
    let to = page.find(Locator::Id("to")).await.unwrap();
    to.send_keys(&(Key::Control + "v")).await.unwrap();
    assert_eq!(
        to.prop("value").await.unwrap().as_deref(),
        Some(address.as_str()),
        "pasted"
    );
    let amount = page.find(Locator::Id("amount")).await.unwrap();
    amount.send_keys(&due).await.unwrap();
    assert_eq!(shipped(shop).await, "", "nothing ships before the payment");
    page.find(Locator::Id("send"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let sent = page
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::XPath("//p[@id='paid'][normalize-space()]"))
        .await
        .unwrap();
    let sent = sent.text().await.unwrap();
    let uuid = invoice["uuid"].as_str().unwrap();
    assert_eq!(
        sent,
        format!("Sent: invoice {uuid} is paid, for order order-1.")
    );

    // The shop's page sees the order ship and says so; the API was asked once, for the postback.
    page.switch_to_window(shop_tab).await.unwrap();
    let paid = page
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Id("paid"))
        .await
        .unwrap();
    assert!(paid.text().await.unwrap().starts_with("Paid, thank you!"));
    assert_eq!(page.current_url().await.unwrap().as_str(), own_page);
    assert_eq!(shipped(shop).await, "order-1");
    assert_eq!(confirmations(server), looked_up + 1, "one confirmation");
    assert_eq!(status(server, &invoice), "paid");

    session.close().await;
    eprintln!("own checkout page in a browser: {:.1?}", started.elapsed());
}

/// The text of the one QR code in a PNG screenshot.
fn read_qr(png: &[u8]) -> String {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    let channels = frame.color_type.samples();
    let (width, height) = (frame.width as usize, frame.height as usize);
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        let at = (y * width + x) * channels;
        // Dark or light is all a QR code needs: the mean of red, green and blue.
        let rgb = &pixels[at..at + channels.min(3)];
        (rgb.iter().map(|&c| u32::from(c)).sum::<u32>() / rgb.len() as u32) as u8
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the picture");
    let (_, content) = grids[0].decode().unwrap();
    content
}
