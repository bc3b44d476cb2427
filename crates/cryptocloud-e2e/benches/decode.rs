//! Decoding a 100-invoice list page (the mock's real wire bytes, ~137 KB): the typed decode
//! against `serde_json::Value` and against only validating the JSON (`IgnoredAny`, the floor).

#![allow(clippy::expect_used, clippy::unwrap_used)] // benchmark set-up: a failure should stop the run

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use cryptocloud::{ListInvoices, decode_response};
use serde::de::IgnoredAny;
use std::hint::black_box;

fn decode(c: &mut Criterion) {
    let body = common::decode_page();
    let typed = decode_response::<ListInvoices>(200, &body).expect("the page decodes");
    assert_eq!(typed.invoices.len(), 100);

    let mut group = c.benchmark_group("decode_list_page");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("typed", |b| {
        b.iter(|| decode_response::<ListInvoices>(200, black_box(&body)))
    });
    group.bench_function("derived_envelope", |b| {
        b.iter(|| serde_json::from_slice::<common::Envelope>(black_box(&body)))
    });
    group.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&body)))
    });
    group.bench_function("ignored_any_floor", |b| {
        b.iter(|| serde_json::from_slice::<IgnoredAny>(black_box(&body)))
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
