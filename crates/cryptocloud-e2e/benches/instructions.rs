//! The workloads `cargo xtask bench --check` counts instructions of under callgrind, one per run:
//! `instructions <workload> [args]`. The workload runs twice: a warm-up call (first allocations,
//! lazy statics), then the same call inside [`measured`], the function xtask passes to
//! callgrind's `--toggle-collect`: set-up (the local server, the page's download, the client's
//! TLS configuration) and the warm-up are run but not counted.
//!
//! - `page`: writes the 100-invoice page of `benches/decode.rs` (the same server and request) to
//!   stdout;
//! - `decode-typed FILE`, `decode-floor FILE`: that page read from FILE, typed and through
//!   `IgnoredAny` (validation only, the floor). Read from a file, not downloaded in the counted
//!   process: the download's threads would leave the heap different on every run, and the typed
//!   decode's allocations with it;
//! - `postback-verify`, `postback-floor`: the genuine JSON postback fixture parsed and verified,
//!   and the same bytes through `IgnoredAny`;
//! - `serve`: the local server with 1,000 invoices, in this process, until stdin closes; prints
//!   its URL on the first line;
//! - `export URL`: `Client::invoices` reading all 1,000 invoices (page size 100, one page at a
//!   time) from a server started with `serve` in another process, on a current-thread runtime so
//!   the client's whole work (requests, connection task, decode) runs inside the measured call.
//! - `export-hyper-floor URL`: the same requests and typed decode over a plain pooled hyper
//!   client (`common::hyper_floor`, the floor of `benches/export.rs`), likewise;
//! - `export-reqwest URL`: the same export as a reqwest + serde user writes it
//!   (`common::reqwest_serde`, as in `benches/export.rs`), likewise.
//!
//! Each export's client is made once, before the warm-up, so the counted call reuses the
//! warm-up's connection in all three: the same connection state for each.
//!
//! Run by `cargo bench` (with `--bench`), it runs every in-process workload once natively, as a
//! smoke test, and counts nothing.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stdout)] // a failure should stop the run

mod common;

use std::hint::black_box;
use std::io::Write as _;

use cryptocloud::{
    ApiKey, Client, DateRange, ListInvoices, PageSize, Postback, PostbackSecret, decode_response,
};
use cryptocloud_mock::MockConfig;
use futures_util::TryStreamExt;
use serde::de::IgnoredAny;
use time::OffsetDateTime;

/// The key the `serve` server accepts and `export` sends: a local test server's, not a secret.
const BENCH_KEY: &str = "xtask.bench.key";
const EXPORT_INVOICES: usize = 1_000;
const POSTBACK: &[u8] = include_bytes!("../../../fixtures/postbacks/valid_json.json");
/// The fixture's secret and a time within its token's five minutes (as the firmware's checks).
const POSTBACK_SECRET: &str = "fixture-postback-secret";
const POSTBACK_NOW: i64 = 1_790_000_000;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("page") => std::io::stdout()
            .write_all(&common::decode_page())
            .expect("the page written"),
        Some("decode-typed") => on_bytes(&read(args.get(1)), decode_typed),
        Some("decode-floor") => on_bytes(&read(args.get(1)), ignored_any),
        Some("postback-verify") => on_bytes(POSTBACK, postback_verify),
        Some("postback-floor") => on_bytes(POSTBACK, ignored_any),
        Some("serve") => serve(),
        Some("export") => export(args.get(1).expect("usage: instructions export URL")),
        Some("export-hyper-floor") => export_hyper_floor(
            args.get(1)
                .expect("usage: instructions export-hyper-floor URL"),
        ),
        Some("export-reqwest") => {
            export_reqwest(args.get(1).expect("usage: instructions export-reqwest URL"))
        }
        _ => {
            for (name, body, run) in [
                (
                    "decode-typed",
                    common::decode_page().to_vec(),
                    decode_typed as fn(&[u8]),
                ),
                ("decode-floor", common::decode_page().to_vec(), ignored_any),
                ("postback-verify", POSTBACK.to_vec(), postback_verify),
                ("postback-floor", POSTBACK.to_vec(), ignored_any),
            ] {
                run(&body);
                println!("{name}: ok (instructions are counted by `cargo xtask bench --check`)");
            }
        }
    }
}

/// The only calls counted: callgrind collects from entry to exit of this function.
#[inline(never)]
fn measured(run: &dyn Fn()) {
    run();
}

/// A warm-up call, then the counted one.
fn on_bytes(body: &[u8], run: fn(&[u8])) {
    run(body);
    measured(&|| run(body));
    eprintln!("input: {} bytes, fnv1a {:016x}", body.len(), fnv1a(body));
}

/// The input's fingerprint, printed so a run can show it counted the same bytes as the last.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn read(path: Option<&String>) -> Vec<u8> {
    std::fs::read(path.expect("usage: instructions decode-typed|decode-floor FILE"))
        .expect("the page's file")
}

fn decode_typed(body: &[u8]) {
    let page = decode_response::<ListInvoices>(200, black_box(body)).expect("the page decodes");
    assert_eq!(page.invoices.len(), 100);
}

/// The floor: reading the same bytes as JSON, validating them and keeping nothing.
fn ignored_any(body: &[u8]) {
    serde_json::from_slice::<IgnoredAny>(black_box(body)).expect("the body is JSON");
}

fn postback_verify(body: &[u8]) {
    let secret = PostbackSecret::new(POSTBACK_SECRET).expect("a secret");
    let now = OffsetDateTime::from_unix_timestamp(POSTBACK_NOW).expect("a time");
    let verified = Postback::parse(black_box(body))
        .and_then(|postback| postback.verify(&secret, now))
        .expect("the fixture is genuine");
    black_box(verified);
}

/// The local server for the exports, in its own process so its work is not counted.
fn serve() {
    common::server::serve_until_stdin_closes(
        EXPORT_INVOICES,
        MockConfig {
            api_key: String::from(BENCH_KEY),
            ..MockConfig::default()
        },
    );
}

fn export(url: &str) {
    let client = Client::builder(ApiKey::new(BENCH_KEY).expect("a key"))
        .base_url(url)
        .allow_http_loopback(true)
        .build()
        .expect("a client");
    let range = DateRange::new(
        common::RANGE.0.parse().expect("a date"),
        common::RANGE.1.parse().expect("a date"),
    )
    .expect("a range");
    // Each invoice is taken and dropped, as the floors drop each page: no export keeps them all.
    count_export(|runtime| {
        let invoices = client.invoices(range).page_size(PageSize::MAX).prefetch(1);
        runtime
            .block_on(invoices.try_fold(0, |count, _| async move { Ok(count + 1) }))
            .expect("the export")
    });
}

fn export_hyper_floor(url: &str) {
    let http = common::plain_client();
    count_export(|runtime| runtime.block_on(common::hyper_floor(&http, url, BENCH_KEY)));
}

fn export_reqwest(url: &str) {
    let http = reqwest::Client::new();
    count_export(|runtime| runtime.block_on(common::reqwest_serde(&http, url, BENCH_KEY)));
}

/// A warm-up export, then the counted one, on a runtime whose tasks (the connection's included)
/// all run on the thread that counts. `read_all` returns the invoices it read.
fn count_export(read_all: impl Fn(&tokio::runtime::Runtime) -> usize) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let run = || assert_eq!(read_all(&runtime), EXPORT_INVOICES);
    run();
    measured(&run);
}
