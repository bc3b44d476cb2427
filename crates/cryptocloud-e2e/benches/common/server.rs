//! The local server in a process of its own: the benchmark binary starts itself again with a
//! `serve…` argument, so the server's work neither runs on the client's threads nor is counted
//! with them. To time the client, the pages can also be prepared before timing
//! ([`serve_prepared_until_stdin_closes`]), so the server spends next to no CPU per request.

#![allow(clippy::print_stdout)] // the URL goes to the parent on stdout

use std::collections::HashMap;
use std::convert::Infallible;
use std::io::{BufRead as _, BufReader, Read as _};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use cryptocloud_mock::MockConfig;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;

/// In the child: serves `invoices` with `config` until stdin closes (the parent went away);
/// prints the URL on the first line.
pub fn serve_until_stdin_closes(invoices: usize, config: MockConfig) {
    let runtime = super::runtime();
    let server = runtime.block_on(super::mock(invoices, config));
    println!("listening on {}", server.base_url());
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
    drop(server);
}

/// In the child: downloads every list page of `invoices` (page size 100) from the local server
/// with `config`, then answers each list request from those bytes, by its `offset` and `limit`,
/// after `latency`; prints the URL on the first line and serves until stdin closes. What it
/// sends is the local server's bytes; it reads requests as plain JSON.
pub fn serve_prepared_until_stdin_closes(invoices: usize, config: MockConfig, latency: Duration) {
    let runtime = super::runtime();
    let pages = runtime.block_on(async {
        let server = super::mock(invoices, config).await;
        let key = server.api_key();
        let http = super::plain_client();
        let mut pages = HashMap::new();
        for offset in (0..=invoices as u64).step_by(100) {
            let page = super::list_page(
                &http,
                &server.base_url(),
                key.expose_secret(),
                offset,
                offset + 100,
            )
            .await;
            pages.insert((offset, offset + 100), page);
        }
        pages
    });
    let pages = Arc::new(pages);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("a port");
    println!(
        "listening on http://{}",
        listener.local_addr().expect("its address")
    );
    runtime.spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            // Each answer goes out whole, never held back for an acknowledgement (Nagle).
            let _ = tcp.set_nodelay(true);
            let pages = Arc::clone(&pages);
            let service = service_fn(move |request| answer(Arc::clone(&pages), request, latency));
            tokio::spawn(
                auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(tcp), service)
                    .into_owned(),
            );
        }
    });
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}

/// The prepared page a list request asks for, after the latency; 404 for any other.
async fn answer(
    pages: Arc<HashMap<(u64, u64), Bytes>>,
    request: hyper::Request<hyper::body::Incoming>,
    latency: Duration,
) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    let body = request
        .into_body()
        .collect()
        .await
        .map(|body| body.to_bytes())
        .unwrap_or_default();
    let asked: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let window = (asked["offset"].as_u64(), asked["limit"].as_u64());
    let page = match window {
        (Some(offset), Some(limit)) => pages.get(&(offset, limit)).cloned(),
        _ => None,
    };
    tokio::time::sleep(latency).await;
    let mut response = hyper::Response::new(Full::new(page.clone().unwrap_or_default()));
    if page.is_none() {
        *response.status_mut() = http::StatusCode::NOT_FOUND;
    }
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    Ok(response)
}

/// In the parent: this binary started again as a server. Ended when dropped.
pub struct OwnProcess {
    child: Child,
    pub url: String,
}

impl OwnProcess {
    /// Starts this binary with `args` and waits for the URL it prints.
    pub fn start(args: &[&str]) -> OwnProcess {
        let mut child = Command::new(std::env::current_exe().expect("this binary's path"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the server process starts");
        let mut lines = BufReader::new(child.stdout.take().expect("its stdout"));
        let mut first = String::new();
        lines.read_line(&mut first).expect("its first line");
        let url = first
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .expect("the server says its URL on its first line")
            .to_owned();
        OwnProcess { child, url }
    }

    /// The CPU time the server process has used so far (user and system, all its threads,
    /// ended ones included), in milliseconds: `/proc/PID/stat`, in ticks of 10 ms.
    pub fn cpu_ms(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id()))
            .expect("the server's /proc stat");
        // The fields after the command's name, which is in parentheses and may hold spaces.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .expect("a stat line")
            .1
            .split_whitespace()
            .collect();
        // utime and stime: fields 14 and 15 of the line, 12 and 13 after the name.
        let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
        ticks * 10
    }
}

impl Drop for OwnProcess {
    fn drop(&mut self) {
        // Closing stdin ends the server; kill it if it does not go.
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
