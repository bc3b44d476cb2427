//! The local checkout in a real browser: headless Chromium, driven through chromedriver with
//! fantoccini. A shop on 127.0.0.1 receives postbacks, verifies them with the postback secret and
//! confirms them through the API (`Client::confirm_postback`), and serves the success and fail
//! pages the checkout sends the customer on to.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`cargo xtask ci` installs them). Without them
//! this test fails and says so: a browser test that skips itself would pass without testing.
//! `CHROMIUM` and `CHROMEDRIVER` name other binaries; `UPDATE_CHECKOUT_SCREENSHOT=1` writes the
//! page's screenshot to `crates/cryptocloud-mock/checkout.png` (the README shows it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr, TcpListener as StdListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use bytes::Bytes;
use cryptocloud::postback::{Postback, PostbackSecret};
use cryptocloud::{Client, CreateInvoice, CryptoCurrency, InvoiceId, PostbackOutcome};
use cryptocloud_mock::{MockConfig, MockServer};
use fantoccini::Locator;
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpListener;

/// How long the browser may take to get anywhere (a cold Chromium start included).
const PATIENCE: Duration = Duration::from_secs(30);

/// What the shop saw.
#[derive(Clone, Debug, PartialEq)]
enum Seen {
    /// A postback that verified and that the API confirmed with this outcome.
    Confirmed(InvoiceId, PostbackOutcome),
    /// A postback refused, and why.
    Refused(String),
    /// A customer arriving at the success or fail page.
    Page(String),
}

/// The merchant's side: a postback endpoint and the two pages, on 127.0.0.1.
struct Shop {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    client: Arc<OnceLock<Client>>,
}

impl Shop {
    async fn open(secret: PostbackSecret) -> Shop {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let client = Arc::new(OnceLock::new());
        let shared = (Arc::clone(&seen), Arc::clone(&client), Arc::new(secret));
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let (seen, client, secret) = shared.clone();
                let service = service_fn(move |request| {
                    handle(request, seen.clone(), client.clone(), secret.clone())
                });
                tokio::spawn(
                    hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(tcp), service)
                        .into_owned(),
                );
            }
        });
        Shop { base, seen, client }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

async fn handle(
    request: Request<Incoming>,
    seen: Arc<Mutex<Vec<Seen>>>,
    client: Arc<OnceLock<Client>>,
    secret: Arc<PostbackSecret>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = request.uri().path().to_owned();
    let (status, body) = match (request.method().clone(), path.as_str()) {
        (Method::POST, "/postback") => {
            let body = request.into_body().collect().await.unwrap().to_bytes();
            let event = match receive(&body, &secret, client.get().unwrap()).await {
                Ok((invoice, outcome)) => Seen::Confirmed(invoice, outcome),
                Err(reason) => Seen::Refused(reason),
            };
            let status = match event {
                Seen::Confirmed(..) => StatusCode::OK,
                _ => StatusCode::BAD_REQUEST,
            };
            seen.lock().unwrap().push(event);
            (status, String::from("OK"))
        }
        (Method::GET, "/success" | "/fail") => {
            seen.lock().unwrap().push(Seen::Page(path.clone()));
            let heading = if path == "/success" {
                "Thank you for your payment"
            } else {
                "The invoice expired"
            };
            (
                StatusCode::OK,
                format!("<!doctype html><title>Shop</title><h1>{heading}</h1>"),
            )
        }
        _ => (StatusCode::NOT_FOUND, String::from("not found")),
    };
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    Ok(response)
}

/// Verify, then confirm through the API: the only facts a shop may act on.
async fn receive(
    body: &[u8],
    secret: &PostbackSecret,
    client: &Client,
) -> Result<(InvoiceId, PostbackOutcome), String> {
    let verified = Postback::parse(body)
        .and_then(|postback| postback.verify(secret, time::OffsetDateTime::now_utc()))
        .map_err(|error| format!("not verified: {error}"))?;
    let confirmation = client
        .confirm_postback(&verified)
        .await
        .map_err(|error| format!("not confirmed: {error}"))?;
    Ok((
        confirmation.invoice().uuid.clone(),
        confirmation.outcome().clone(),
    ))
}

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

async fn new_invoice(client: &Client, server: &MockServer, order: &str) -> cryptocloud::Invoice {
    let create = CreateInvoice::new(server.shop_id(), "49.90".parse().unwrap())
        .unwrap()
        .order_id(order.parse().unwrap())
        .cryptocurrency(CryptoCurrency::UsdtTrc20);
    client.create_invoice(create).await.unwrap()
}

async fn status(client: &Client, invoice: &InvoiceId) -> String {
    let infos = client.invoice_info([invoice.clone()]).await.unwrap();
    infos.invoices[0].status.as_str().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checkout_pays_and_expires_in_a_real_browser() {
    let chromium = required("CHROMIUM", "/usr/bin/chromium");
    let chromedriver = required("CHROMEDRIVER", "/usr/bin/chromedriver");
    let started = Instant::now();

    let secret = PostbackSecret::new(cryptocloud_mock::DEFAULT_POSTBACK_SECRET).unwrap();
    let shop = Shop::open(secret).await;
    let server = MockServer::start(MockConfig {
        invoices: 0,
        postback_url: Some(format!("{}/postback", shop.base)),
        success_url: format!("{}/success", shop.base),
        fail_url: format!("{}/fail", shop.base),
        ..MockConfig::default()
    })
    .await
    .unwrap();
    let client = Client::builder(server.api_key())
        .base_url(server.base_url())
        .allow_http_loopback(true)
        .build()
        .unwrap();
    assert!(shop.client.set(client.clone()).is_ok());

    let driver = Chromedriver::start(&chromedriver);
    let profile = tempfile::tempdir().unwrap();
    let page = browser(&driver, &chromium, &profile).await;

    // Pay in full: a verified postback the API confirms, then the success page.
    let invoice = new_invoice(&client, &server, "order-browser-1").await;
    let link = invoice.link.clone().expect("the create answer has a link");
    assert!(
        link.starts_with(&format!("{}/pay/", server.base_url())),
        "{link}"
    );
    page.goto(&link).await.unwrap();
    let pay = page
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Id("pay-full"))
        .await
        .unwrap();
    let address = page.find(Locator::Id("address")).await.unwrap();
    assert_eq!(Some(address.text().await.unwrap()), invoice.address);
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
    assert!(shop.seen().is_empty(), "opening the page sends nothing");
    pay.click().await.unwrap();
    arrive(&page, &format!("{}/success", shop.base)).await;
    let heading = page
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(heading, "Thank you for your payment");
    assert_eq!(
        shop.seen(),
        [
            Seen::Confirmed(invoice.uuid.clone(), PostbackOutcome::PaidInFull),
            Seen::Page(String::from("/success")),
        ]
    );
    assert_eq!(status(&client, &invoice.uuid).await, "paid");

    // Let it expire: no postback, the fail page, and the invoice canceled.
    let invoice = new_invoice(&client, &server, "order-browser-2").await;
    page.goto(invoice.link.as_deref().unwrap()).await.unwrap();
    let expire = page
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Id("expire"))
        .await
        .unwrap();
    expire.click().await.unwrap();
    arrive(&page, &format!("{}/fail", shop.base)).await;
    assert_eq!(status(&client, &invoice.uuid).await, "canceled");
    assert_eq!(
        shop.seen()[2..],
        [Seen::Page(String::from("/fail"))],
        "expiry sends no postback"
    );

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
