//! Load with faults: 2,000 calls from 200 tasks sharing one client, about 10 % of answers
//! injected 429, 502 or reset. Nothing hangs, nothing leaks, no create is sent twice.
//! A binary of its own: it counts the process's file descriptors, which other tests would move.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use cryptocloud::{CreateInvoice, DateRange, ErrorKind, OrderId, PageSize, RetryPolicy, Window};
use cryptocloud_mock::{Faults, MockConfig};

const TASKS: usize = 200;
const CALLS_PER_TASK: usize = 10;
const CALL_DEADLINE: Duration = Duration::from_secs(20);
const MAX_IDLE: usize = 16;

/// Open file descriptors of this process.
fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .map(Iterator::count)
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_calls_from_two_hundred_tasks_through_faults() {
    let fds_before = open_fds();
    let faults = Faults {
        too_many_requests_permille: 40,
        server_error_permille: 40,
        reset_permille: 20,
        ..Faults::default()
    };
    let server = support::serve(
        2_000,
        MockConfig {
            faults,
            seed: 77,
            ..MockConfig::default()
        },
    )
    .await;
    let client = support::client_for(&server)
        .retry(RetryPolicy {
            max_attempts: 8,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(50),
            max_retry_after: Duration::from_secs(2),
        })
        .timeout(Duration::from_secs(15))
        .pool_max_idle(MAX_IDLE)
        .build()
        .unwrap();
    let range =
        DateRange::new("01.01.2026".parse().unwrap(), "31.03.2026".parse().unwrap()).unwrap();
    let shop = server.shop_id();

    let tasks: Vec<_> = (0..TASKS)
        .map(|task| {
            let (client, shop) = (client.clone(), shop.clone());
            tokio::spawn(async move {
                let mut outcomes = Vec::new();
                for call in 0..CALLS_PER_TASK {
                    let kind = (task + call) % 5;
                    let work = async {
                        match kind {
                            0 => client.statistics(range).await.map(drop),
                            1 => client
                                .list_invoices(
                                    range,
                                    Window::page(PageSize::new(20).unwrap(), 1 + call as u64)
                                        .unwrap(),
                                )
                                .await
                                .map(drop),
                            2 => client.balance().await.map(drop),
                            3 => client
                                .invoice_info(["INV-00000000".parse().unwrap()])
                                .await
                                .map(drop),
                            _ => {
                                let create =
                                    CreateInvoice::new(shop.clone(), "10".parse().unwrap())
                                        .unwrap()
                                        .order_id(
                                            OrderId::new(format!("t{task}-c{call}")).unwrap(),
                                        );
                                client.create_invoice(create).await.map(drop)
                            }
                        }
                    };
                    let outcome = tokio::time::timeout(CALL_DEADLINE, work)
                        .await
                        .expect("no call hangs past its deadline");
                    outcomes.push((kind == 4, outcome));
                }
                outcomes
            })
        })
        .collect();

    let mut tally: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut safe_failures, mut creates) = (0, 0);
    for task in tasks {
        for (is_create, outcome) in task.await.unwrap() {
            creates += usize::from(is_create);
            let label = match &outcome {
                Ok(()) => "ok",
                Err(error) => match error.kind() {
                    ErrorKind::Transport => "transport",
                    ErrorKind::Api(_) if error.is_rate_limited() => "rate limited",
                    ErrorKind::Api(_) => "api",
                    other => panic!("an unexpected error kind under load: {other:?} ({error})"),
                },
            };
            if outcome.is_err() && !is_create {
                safe_failures += 1;
            }
            *tally.entry(label).or_default() += 1;
        }
    }
    let stats = server.stats();
    eprintln!(
        "load: {tally:?}; server: {} requests, {} connections, at most {} open",
        stats.requests, stats.connections, stats.max_open_connections
    );

    assert_eq!(tally.values().sum::<usize>(), TASKS * CALLS_PER_TASK);
    assert!(
        safe_failures * 100 <= TASKS * CALLS_PER_TASK,
        "retries carry safe calls through: {safe_failures} failed"
    );
    assert_eq!(
        stats.by_route["create_invoice"] as usize, creates,
        "every create reached the server exactly once"
    );

    // Idle connections beyond the pool's bound are closed; the rest go with the client.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        server.stats().open_connections as usize <= MAX_IDLE + 1,
        "idle connections stay within the pool bound: {}",
        server.stats().open_connections
    );
    drop(client);
    server.shutdown().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let fds_after = open_fds();
    assert!(
        fds_after <= fds_before + 2,
        "file descriptors leaked: {fds_before} before, {fds_after} after"
    );
}
