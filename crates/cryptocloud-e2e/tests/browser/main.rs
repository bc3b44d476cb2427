//! The shop in a real browser: headless Chromium, driven through chromedriver with fantoccini.
//! The customer buys in the `shop` example of cryptocloud-axum, served on 127.0.0.1, both ways it
//! offers:
//! - `hosted.rs`: the shop creates the invoice through the client and sends the browser to the
//!   local server's checkout page; paying there sends the shop a postback, which it verifies,
//!   confirms through the API and ships once, and the browser lands on the shop's success page
//!   (or, expired, its fail page);
//! - `own_page.rs`: the customer picks a coin, the shop creates the invoice with it and shows the
//!   payment on its own page (host-to-host); the customer copies the address into the local
//!   server's test wallet and sends the amount shown, and the shop's page turns to "paid" once
//!   the postback is confirmed and the order shipped.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`cargo xtask ci` installs them). Without them
//! these tests fail and say so: a browser test that skips itself would pass without testing.
//! `CHROMIUM` and `CHROMEDRIVER` name other binaries; `UPDATE_CHECKOUT_SCREENSHOT=1` writes the
//! pages' screenshots to `crates/cryptocloud-mock/checkout.png` and
//! `crates/cryptocloud-axum/own-checkout.png` (the README shows them).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::{Ipv4Addr, SocketAddr, TcpListener as StdListener};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use cryptocloud::Client;
use cryptocloud_mock::{MockConfig, MockServer};
use fantoccini::Locator;
use hyper_util::client::legacy::connect::HttpConnector;

mod hosted;
mod own_page;

/// The example itself, so that the browser drives the code merchants copy.
#[allow(dead_code, unreachable_pub)]
#[path = "../../../cryptocloud-axum/examples/shop/main.rs"]
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
        // A process group of its own: the Chromium it starts is in it too, so a test that panics
        // before closing its page leaves no browser running (`Drop` ends the whole group).
        let process = Command::new(binary)
            .process_group(0)
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
        let group = format!("-{}", self.process.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
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

/// A browser on the example shop, and the local server behind it.
struct Session {
    server: MockServer,
    /// The shop's base URL.
    shop: String,
    page: fantoccini::Client,
    // Dropped after the page: chromedriver, then Chromium's profile.
    _driver: Chromedriver,
    _profile: tempfile::TempDir,
    /// One browser at a time: two Chromiums on two cores would only slow each other down.
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

impl Session {
    async fn open() -> Session {
        let chromium = required("CHROMIUM", "/usr/bin/chromium");
        let chromedriver = required("CHROMEDRIVER", "/usr/bin/chromedriver");
        let turn = TURN.lock().await;
        let (server, shop) = start().await;
        let driver = Chromedriver::start(&chromedriver);
        let profile = tempfile::tempdir().unwrap();
        let page = browser(&driver, &chromium, &profile).await;
        Session {
            server,
            shop,
            page,
            _driver: driver,
            _profile: profile,
            _turn: turn,
        }
    }

    async fn close(self) {
        self.page.close().await.unwrap();
        self.server.shutdown().await;
    }
}

/// Writes a screenshot where the README shows it, when asked to.
fn keep_screenshot(png: &[u8], path: &str) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    if std::env::var_os("UPDATE_CHECKOUT_SCREENSHOT").is_some() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
        std::fs::write(&path, png).unwrap();
    }
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
