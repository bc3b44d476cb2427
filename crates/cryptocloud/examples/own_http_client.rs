//! Calls the API with an HTTP client of your own (`ureq` here): requests are data
//! (`Operation::request` gives the method, URL, headers and body), so any HTTP client can send
//! them, and `decode_response` reads the answer, errors included. This sends each request once;
//! for retries, pacing and paging without an async runtime, use the blocking client
//! (`examples/blocking.rs`), which drives the call core with ureq.
//!
//! With `CRYPTOCLOUD_API_KEY` set it talks to CryptoCloud; without, it starts the bundled local
//! server (`cryptocloud-mock`) on a thread of its own, so it runs on a fresh machine with no
//! account. It prints the balance and the first page of the range's invoices.
//!
//! `cargo run -p cryptocloud --example own_http_client -- 01.01.2026 31.01.2026`
#![allow(clippy::print_stdout)]

use std::error::Error;
use std::process::ExitCode;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use cryptocloud::{
    ApiKey, Credentials, DEFAULT_BASE_URL, DateRange, GetBalance, ListInvoices, Operation,
    PageSize, decode_response,
};
use cryptocloud_mock::{MockConfig, MockServer};
use ureq::http::{self, HeaderValue};

type BoxError = Box<dyn Error + Send + Sync>;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("own_http_client example failed: {error}");
            let mut cause = error.source();
            while let Some(inner) = cause {
                eprintln!("  caused by: {inner}");
                cause = inner.source();
            }
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), BoxError> {
    let mut args = std::env::args().skip(1);
    let start = args.next().unwrap_or_else(|| String::from("01.01.2026"));
    let end = args.next().unwrap_or_else(|| String::from("31.01.2026"));
    let range = DateRange::new(start.parse()?, end.parse()?)?;

    // Kept alive until the calls are done.
    let mut local = None;
    let api = match std::env::var("CRYPTOCLOUD_API_KEY") {
        Ok(key) => BlockingApi::new(DEFAULT_BASE_URL, Credentials::new(ApiKey::new(key)?)),
        Err(_) => {
            let server = LocalServer::start()?;
            eprintln!(
                "no CRYPTOCLOUD_API_KEY: using the local server on {}",
                server.base_url
            );
            let api = BlockingApi::new(&server.base_url, Credentials::new(server.api_key.clone()));
            local = Some(server);
            api
        }
    };

    println!("{:<12} {:>22} {:>14}", "coin", "balance", "USD");
    for entry in api.call(&GetBalance::new())? {
        let coin = entry.currency.code.map(|code| code.to_string());
        println!(
            "{:<12} {:>22} {:>14}",
            coin.unwrap_or_default(),
            entry.balance_crypto.unwrap_or_default(),
            entry.balance_usd.unwrap_or_default()
        );
    }

    let page = api.call(&ListInvoices::page(range, PageSize::new(10)?, 1)?)?;
    println!();
    println!("{:<14} {:<9} {:>10}", "invoice", "status", "USD");
    for invoice in &page.invoices {
        let usd = invoice.amount_usd.unwrap_or_default();
        println!("{:<14} {:<9} {:>10}", invoice.uuid, invoice.status, usd);
    }
    if let Some(all) = page.all_count {
        println!(
            "{} of {all} invoices from {start} to {end}",
            page.invoices.len()
        );
    }
    drop(local);
    Ok(())
}

/// The API over a blocking HTTP client: one agent (its connection pool) and the keys.
#[derive(Debug)]
pub struct BlockingApi {
    agent: ureq::Agent,
    base_url: String,
    credentials: Credentials,
}

impl BlockingApi {
    /// Calls to `base_url` with `credentials`.
    pub fn new(base_url: &str, credentials: Credentials) -> BlockingApi {
        let agent = ureq::Agent::config_builder()
            // An error answer is still an answer: decode_response reads what went wrong.
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .new_agent();
        BlockingApi {
            agent,
            base_url: base_url.to_owned(),
            credentials,
        }
    }

    /// Sends `operation` once and decodes its answer. (No retries: see `Route::is_safe_to_retry`
    /// before adding any.)
    pub fn call<O: Operation>(&self, operation: &O) -> Result<O::Output, BoxError> {
        let request = operation.request(&self.credentials, None)?;
        let mut outgoing = http::Request::builder()
            .method(request.method())
            .uri(request.url(&self.base_url));
        for header in request.headers() {
            let mut value = HeaderValue::from_str(header.value())?;
            // Keeps the key out of the HTTP client's Debug output.
            value.set_sensitive(header.is_sensitive());
            outgoing = outgoing.header(header.name(), value);
        }
        let mut response = self.agent.run(outgoing.body(request.into_body())?)?;
        let status = response.status().as_u16();
        // A full list page is ~100 KiB; anything far larger is not an answer of this API.
        let body = response
            .body_mut()
            .with_config()
            .limit(4 * 1024 * 1024)
            .read_to_vec()?;
        Ok(decode_response::<O>(status, &body)?)
    }
}

/// The bundled local server, on a thread with its own small tokio runtime, so that the code
/// calling it stays blocking. Stopped when dropped.
#[derive(Debug)]
pub struct LocalServer {
    /// Where it listens, such as `http://127.0.0.1:40123`.
    pub base_url: String,
    /// The project key it accepts.
    pub api_key: ApiKey,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl LocalServer {
    /// Starts a server with the default seeded data.
    pub fn start() -> Result<LocalServer, BoxError> {
        let (ready, started) = mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(error) => return drop(ready.send(Err(BoxError::from(error)))),
            };
            runtime.block_on(async move {
                match MockServer::start(MockConfig::default()).await {
                    Ok(server) => {
                        let _ = ready.send(Ok((server.base_url(), server.api_key())));
                        // Until the owner is dropped (or gone).
                        let _ = stopped.await;
                        server.shutdown().await;
                    }
                    Err(error) => drop(ready.send(Err(BoxError::from(error)))),
                }
            });
        });
        let (base_url, api_key) = started
            .recv()
            .map_err(|_| BoxError::from("the local server's thread ended before it started"))??;
        Ok(LocalServer {
            base_url,
            api_key,
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
