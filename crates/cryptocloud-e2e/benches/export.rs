//! Exporting 10,000 invoices (page size 100) over loopback from the local server:
//! - ours (`Client::invoices`) against a minimal hand-written hyper loop with the same requests
//!   and the same typed decode (the floor) and against reqwest + serde (what a user would write);
//! - with 20 ms of server latency, one page at a time against 8 pages in flight.

#![allow(clippy::expect_used, clippy::unwrap_used)] // benchmark set-up: a failure should stop the run

mod common;

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use cryptocloud::{Client, DateRange, Invoice, PageSize};
use cryptocloud_mock::{Faults, MockConfig, MockServer};
use futures_util::TryStreamExt;

const INVOICES: usize = 10_000;

fn range() -> DateRange {
    DateRange::new(
        common::RANGE.0.parse().expect("a date"),
        common::RANGE.1.parse().expect("a date"),
    )
    .expect("a range")
}

fn client(server: &MockServer) -> Client {
    Client::builder(server.api_key())
        .base_url(server.base_url())
        .allow_http_loopback(true)
        .build()
        .expect("a client")
}

async fn ours(client: &Client, prefetch: usize) -> Vec<Invoice> {
    client
        .invoices(range())
        .page_size(PageSize::MAX)
        .prefetch(prefetch)
        .try_collect()
        .await
        .expect("the export")
}

#[derive(serde::Deserialize)]
struct Envelope {
    #[allow(dead_code)]
    status: String,
    result: Vec<Invoice>,
}

/// What a user would write with reqwest and serde.
async fn reqwest_serde(http: &reqwest::Client, server: &MockServer, key: &str) -> usize {
    let url = format!("{}/v2/invoice/merchant/list", server.base_url());
    let (mut offset, mut count) = (0, 0);
    loop {
        let body = serde_json::json!({"start": common::RANGE.0, "end": common::RANGE.1, "offset": offset, "limit": offset + 100});
        let page: Envelope = http
            .post(&url)
            .header("Authorization", format!("Token {key}"))
            .json(&body)
            .send()
            .await
            .expect("an answer")
            .json()
            .await
            .expect("a page");
        count += page.result.len();
        if page.result.len() < 100 {
            return count;
        }
        offset += 100;
    }
}

fn export(c: &mut Criterion) {
    let runtime = common::runtime();
    let server = runtime.block_on(common::mock(INVOICES, MockConfig::default()));
    let key = server.api_key();
    let key = key.expose_secret();
    let ours_client = client(&server);
    let reqwest_client = reqwest::Client::new();
    assert_eq!(runtime.block_on(ours(&ours_client, 1)).len(), INVOICES);
    let base_url = server.base_url();
    assert_eq!(
        runtime.block_on(common::hyper_floor(&base_url, key)),
        INVOICES
    );
    assert_eq!(
        runtime.block_on(reqwest_serde(&reqwest_client, &server, key)),
        INVOICES
    );

    let mut group = c.benchmark_group("export_10000");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("cryptocloud_http", |b| {
        b.iter(|| runtime.block_on(ours(&ours_client, 1)))
    });
    group.bench_function("hyper_floor", |b| {
        b.iter(|| runtime.block_on(common::hyper_floor(&base_url, key)))
    });
    group.bench_function("reqwest_serde", |b| {
        b.iter(|| runtime.block_on(reqwest_serde(&reqwest_client, &server, key)))
    });
    group.finish();

    let slow = runtime.block_on(common::mock(
        INVOICES,
        MockConfig {
            faults: Faults {
                latency: Duration::from_millis(20),
                ..Faults::default()
            },
            ..MockConfig::default()
        },
    ));
    let slow_client = client(&slow);
    let sequential = runtime.block_on(ours(&slow_client, 1));
    let prefetched = runtime.block_on(ours(&slow_client, 8));
    assert_eq!(
        sequential, prefetched,
        "prefetching returns the same invoices in the same order"
    );

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

criterion_group!(benches, export);
criterion_main!(benches);
