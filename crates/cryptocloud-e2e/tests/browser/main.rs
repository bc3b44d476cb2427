//! The local checkout in a real browser: headless Chromium, driven through chromedriver with
//! fantoccini. The customer buys in the `shop` example of cryptocloud-axum, served on 127.0.0.1:
//! it creates the invoice through the client and sends the browser to the local server's checkout
//! page; paying there sends the shop a postback, which it verifies, confirms through the API and
//! ships once, and the browser lands on the shop's success page (or, expired, its fail page).
//!
//! Needs Debian's `chromium` and `chromium-driver` (`cargo xtask ci` installs them). Without them
//! this test fails and says so: a browser test that skips itself would pass without testing.
//! `CHROMIUM` and `CHROMEDRIVER` name other binaries; `UPDATE_CHECKOUT_SCREENSHOT=1` writes the
//! page's screenshot to `crates/cryptocloud-mock/checkout.png` (the README shows it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::{Ipv4Addr, SocketAddr, TcpListener as StdListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use cryptocloud::Client;
use cryptocloud_mock::{MockConfig, MockServer};
use fantoccini::Locator;
use hyper_util::client::legacy::connect::HttpConnector;

/// The example itself, so that the browser drives the code merchants copy.
#[allow(dead_code, unreachable_pub)]
#[path = "../../cryptocloud-axum/examples/shop.rs"]
mod shop;

/// How long the browser may take to get anywhere (a cold Chromium start included).
const PATIENCE: Duration = Duration::from_secs(30);

/// chromedriver on a free port of 127.0.0.1, killed when dropped (also when a test panics).
struct Chromedriver {
    process: Child,
    url: String,
}

impl Chromedriver {
    fn start(binary: &PathBuf) -> Chromedriver {
        let port = StdListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|listener| listener.local_addr())
            .unwrap()
            .port();
        let process = Command::new(binary)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {}: {error}", binary.display()));
        let driver = Chromedriver {
            process,
            url: format!("http://127.0.0.1:{port}"),
        };
        let started = Instant::now();
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        while std::net::TcpStream::connect(address).is_err() {
            assert!(
                started.elapsed() < PATIENCE,
                "chromedriver did not listen on {address}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// A binary from `variable` or its Debian path; a missing one fails the test with what to do.
fn required(variable: &str, debian: &str) -> PathBuf {
    let path = std::env::var_os(variable).map_or_else(|| PathBuf::from(debian), PathBuf::from);
    assert!(
        path.is_file(),
        "the browser test needs {} ({variable} or {debian}); install Debian's chromium and \
         chromium-driver (`apt-get install chromium chromium-driver`, as `cargo xtask ci` does)",
        path.display()
    );
    path
}

/// A headless Chromium session; as root it needs --no-sandbox, and the network here is closed,
/// so nothing in the background may try to reach it.
async fn browser(
    driver: &Chromedriver,
    chromium: &PathBuf,
    profile: &tempfile::TempDir,
) -> fantoccini::Client {
    let capabilities = serde_json::json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=560,860",
                format!("--user-data-dir={}", profile.path().display()),
            ],
        },
    });
    let serde_json::Value::Object(capabilities) = capabilities else {
        unreachable!("a JSON object")
    };
    fantoccini::ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .unwrap_or_else(|error| panic!("no Chromium session through {}: {error}", driver.url))
}

/// The example shop on 127.0.0.1, and the local server sending its postbacks and customers there.
async fn start() -> (MockServer, String) {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .unwrap();
    let shop = format!("http://{}", listener.local_addr().unwrap());
    let server = MockServer::start(MockConfig {
        invoices: 0,
        postback_url: Some(format!("{shop}/cryptocloud/postback")),
        success_url: format!("{shop}/success"),
        fail_url: format!("{shop}/fail"),
        ..MockConfig::default()
    })
    .await
    .unwrap();
    let client = Client::builder(server.api_key())
        .base_url(server.base_url())
        .allow_http_loopback(true)
        .build()
        .unwrap();
    let app = shop::app(shop::Shop::new(
        client,
        server.shop_id(),
        server.postback_secret(),
    ));
    tokio::spawn(axum::serve(listener, app).into_future());
    (server, shop)
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
    let buy = page.find(Locator::Css("form button")).await.unwrap();
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

/// The server's own record of an invoice's status now.
fn status(server: &MockServer, invoice: &serde_json::Value) -> String {
    let now = server
        .invoices()
        .into_iter()
        .find(|now| now["uuid"] == invoice["uuid"])
        .unwrap();
    now["status"].as_str().unwrap().to_owned()
}

/// What the shop's warehouse page lists: one shipped order a line.
async fn shipped(shop: &str) -> String {
    let response = reqwest::get(format!("{shop}/shipped")).await.unwrap();
    response.error_for_status().unwrap().text().await.unwrap()
}

/// The shop's confirmations: `invoice_info` requests the server received.
fn confirmations(server: &MockServer) -> u64 {
    server.stats().calls("invoice_info")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checkout_pays_and_expires_in_a_real_browser() {
    let chromium = required("CHROMIUM", "/usr/bin/chromium");
    let chromedriver = required("CHROMEDRIVER", "/usr/bin/chromedriver");
    let started = Instant::now();

    let (server, shop) = start().await;
    let driver = Chromedriver::start(&chromedriver);
    let profile = tempfile::tempdir().unwrap();
    let page = browser(&driver, &chromium, &profile).await;

    // Pay in full: a verified postback the API confirms, the order shipped, the success page.
    let (invoice, pay) = checkout(&page, &shop, &server, "order-1", "pay-full").await;
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
    assert!(screenshot.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    if std::env::var_os("UPDATE_CHECKOUT_SCREENSHOT").is_some() {
        let path =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../cryptocloud-mock/checkout.png");
        std::fs::write(&path, &screenshot).unwrap();
    }
    assert_eq!(shipped(&shop).await, "", "opening the page sends nothing");
    assert_eq!(confirmations(&server), 0);
    pay.click().await.unwrap();
    arrive(&page, &format!("{shop}/success")).await;
    let text = page
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.starts_with("Thank you!"), "{text:?}");
    assert_eq!(shipped(&shop).await, "order-1");
    assert_eq!(confirmations(&server), 1, "the shop asked the API once");
    assert_eq!(status(&server, &invoice), "paid");

    // Let it expire: no postback (so nothing confirmed or shipped), the fail page, canceled.
    let (invoice, expire) = checkout(&page, &shop, &server, "order-2", "expire").await;
    expire.click().await.unwrap();
    arrive(&page, &format!("{shop}/fail")).await;
    assert_eq!(status(&server, &invoice), "canceled");
    assert_eq!(confirmations(&server), 1, "expiry sends no postback");
    assert_eq!(shipped(&shop).await, "order-1");

    page.close().await.unwrap();
    drop(driver);
    server.shutdown().await;
    eprintln!("browser test: {:.1?}", started.elapsed());
}

/// Waits until the browser is at `expected`; what the page says if it never gets there.
async fn arrive(page: &fantoccini::Client, expected: &str) {
    let started = Instant::now();
    loop {
        let now = page.current_url().await.unwrap();
        if now.as_str() == expected {
            return;
        }
        if started.elapsed() > PATIENCE {
            let message = page.find(Locator::Id("message")).await;
            let message = match message {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            panic!("the browser stayed at {now}, not {expected}; the page says {message:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
