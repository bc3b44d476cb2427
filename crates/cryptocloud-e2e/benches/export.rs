//! Exporting 10,000 invoices (page size 100) over loopback from the local server's pages,
//! prepared before timing and answered by a process of its own (this binary started again), so
//! what is timed is the client:
//! - ours (`Client::invoices`) against a minimal hand-written hyper loop with the same requests
//!   and the same typed decode (the floor) and against reqwest + serde (what a user would write);
//! - with 20 ms of server latency, one page at a time against 8 pages in flight: the client
//!   overlapping round trips, not the server building pages on the same two cores. The local
//!   server's CPU per page, building them on request, is measured and printed beside it.

#![allow(clippy::expect_used, clippy::unwrap_used)] // benchmark set-up: a failure should stop the run

mod common;

use std::time::Duration;

use common::server::OwnProcess;
use criterion::{Criterion, criterion_group};
use cryptocloud::{ApiKey, Client, DateRange, Invoice, InvoiceStream, PageSize};
use cryptocloud_mock::{DEFAULT_API_KEY, Faults, MockConfig};
use futures_util::TryStreamExt;

const INVOICES: usize = 10_000;
/// Requests of an export of [`INVOICES`]: full pages of 100, then an empty one.
const PAGES: usize = INVOICES / 100 + 1;

fn range() -> DateRange {
    DateRange::new(
        common::RANGE.0.parse().expect("a date"),
        common::RANGE.1.parse().expect("a date"),
    )
    .expect("a range")
}

fn client(base_url: &str, key: ApiKey) -> Client {
    Client::builder(key)
        .base_url(base_url)
        .allow_http_loopback(true)
        .build()
        .expect("a client")
}

fn invoices(client: &Client, prefetch: usize) -> InvoiceStream {
    client
        .invoices(range())
        .page_size(PageSize::MAX)
        .prefetch(prefetch)
}

/// Takes each invoice and drops it, as the floor and reqwest + serde drop each page: no export
/// keeps all 10,000. Returns the invoices read.
async fn ours(client: &Client, prefetch: usize) -> usize {
    invoices(client, prefetch)
        .try_fold(0, |count, _| async move { Ok(count + 1) })
        .await
        .expect("the export")
}

fn export(c: &mut Criterion) {
    let runtime = common::runtime();
    // The local server's pages, prepared before timing and answered by a process of its own:
    // building each page would cost the server more CPU than the client spends reading it.
    let server = OwnProcess::start(&[SERVE_PREPARED, "0"]);
    let (base_url, key) = (server.url.as_str(), DEFAULT_API_KEY);
    let ours_client = client(base_url, ApiKey::new(key).expect("a key"));
    // Each client is made once and reused, so every one exports over its pooled connection.
    let floor_client = common::plain_client();
    let reqwest_client = reqwest::Client::new();
    assert_eq!(runtime.block_on(ours(&ours_client, 1)), INVOICES);
    let floor = || common::hyper_floor(&floor_client, base_url, key);
    assert_eq!(runtime.block_on(floor()), INVOICES);
    let with_reqwest = || common::reqwest_serde(&reqwest_client, base_url, key);
    assert_eq!(runtime.block_on(with_reqwest()), INVOICES);

    let mut group = c.benchmark_group("export_10000");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("cryptocloud_http", |b| {
        b.iter(|| runtime.block_on(ours(&ours_client, 1)))
    });
    group.bench_function("hyper_floor", |b| b.iter(|| runtime.block_on(floor())));
    group.bench_function("reqwest_serde", |b| {
        b.iter(|| runtime.block_on(with_reqwest()))
    });
    group.finish();

    // The local server, in its own process, builds each page as it is asked for: its CPU per
    // page is measured here, and its answers are the oracle for the prepared pages timed below.
    let built = OwnProcess::start(&[SERVE_BUILT]);
    let latency = LATENCY.as_millis().to_string();
    let (sequential, built_cpu) = with_cpu(&built, || runtime.block_on(collect(&built, 1)));
    let prepared = OwnProcess::start(&[SERVE_PREPARED, &latency]);
    let (prefetched, prepared_cpu) =
        with_cpu(&prepared, || runtime.block_on(collect(&prepared, 8)));
    report_cpu(built_cpu, prepared_cpu);
    drop(built);
    // The same invoices in the same order (their links name each server's port, so by id).
    let ids = |invoices: &[Invoice]| {
        invoices
            .iter()
            .map(|invoice| invoice.uuid.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(sequential.len(), INVOICES);
    assert!(
        ids(&sequential) == ids(&prefetched),
        "prefetching from the prepared pages returns the same invoices in the same order"
    );
    let slow_client = client(&prepared.url, ApiKey::new(DEFAULT_API_KEY).expect("a key"));

    let mut group = c.benchmark_group("export_10000_latency_20ms");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(25));
    group.bench_function("sequential", |b| {
        b.iter(|| runtime.block_on(ours(&slow_client, 1)))
    });
    group.bench_function("prefetch_8", |b| {
        b.iter(|| runtime.block_on(ours(&slow_client, 8)))
    });
    group.finish();
}

/// Every invoice from a server with latency, in order.
async fn collect(server: &OwnProcess, prefetch: usize) -> Vec<Invoice> {
    let client = client(&server.url, ApiKey::new(DEFAULT_API_KEY).expect("a key"));
    invoices(&client, prefetch)
        .try_collect()
        .await
        .expect("the export")
}

/// What `run` returns, and the server's CPU time meanwhile, in microseconds per page.
fn with_cpu<T>(server: &OwnProcess, run: impl FnOnce() -> T) -> (T, u64) {
    let before = server.cpu_ms();
    let value = run();
    (value, (server.cpu_ms() - before) * 1_000 / PAGES as u64)
}

/// Prints the servers' CPU per page and leaves it beside criterion's results, for
/// `cargo xtask bench`'s table.
fn report_cpu(built_us: u64, prepared_us: u64) {
    eprintln!(
        "export_10000_latency_20ms: the server's CPU per page (10 ms ticks over {PAGES} pages): {built_us} µs building each page, {prepared_us} µs with the pages prepared"
    );
    // This binary is target/release/deps/export-…; criterion writes to target/criterion.
    let exe = std::env::current_exe().expect("this binary's path");
    if let Some(target) = exe.ancestors().nth(3) {
        let folder = target.join("criterion").join("export_10000_latency_20ms");
        let json =
            format!(r#"{{"built_us_per_page":{built_us},"prepared_us_per_page":{prepared_us}}}"#);
        let written = std::fs::create_dir_all(&folder)
            .and_then(|()| std::fs::write(folder.join(SERVER_CPU_FILE), json));
        if let Err(error) = written {
            eprintln!("cannot write {}: {error}", folder.display());
        }
    }
}

/// Where `report_cpu` leaves its figures (read by `cargo xtask bench`).
const SERVER_CPU_FILE: &str = "server-cpu.json";

/// The arguments that make this binary a server: the local server with [`LATENCY`], or its
/// pages prepared before timing (`serve-prepared MS`: answered after MS milliseconds).
const SERVE_BUILT: &str = "serve-built";
const SERVE_PREPARED: &str = "serve-prepared";
const LATENCY: Duration = Duration::from_millis(20);

criterion_group!(benches, export);

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some(SERVE_BUILT) => common::server::serve_until_stdin_closes(
            INVOICES,
            MockConfig {
                faults: Faults {
                    latency: LATENCY,
                    ..Faults::default()
                },
                ..MockConfig::default()
            },
        ),
        Some(SERVE_PREPARED) => {
            let milliseconds = std::env::args().nth(2).expect("usage: serve-prepared MS");
            common::server::serve_prepared_until_stdin_closes(
                INVOICES,
                MockConfig::default(),
                Duration::from_millis(milliseconds.parse().expect("milliseconds")),
            );
        }
        _ => {
            benches();
            Criterion::default().configure_from_args().final_summary();
        }
    }
}
