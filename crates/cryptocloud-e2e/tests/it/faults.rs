//! Injected faults: safe calls get through with retries, creates are never sent twice, and the
//! counters show it.

use std::time::Duration;

use cryptocloud::{CreateInvoice, DateRange, ErrorKind, OrderId};
use cryptocloud_mock::{Faults, MockConfig};
use futures_util::TryStreamExt;

#[tokio::test]
async fn retries_carry_safe_calls_through_429_and_502() {
    let faults = Faults {
        too_many_requests_permille: 250,
        server_error_permille: 150,
        ..Faults::default()
    };
    let server = crate::serve(
        600,
        MockConfig {
            faults,
            seed: 3,
            ..MockConfig::default()
        },
    )
    .await;
    let client = crate::client_for(&server)
        .retry(cryptocloud::RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(2),
            max_delay: Duration::from_millis(5),
            max_retry_after: Duration::from_secs(2),
        })
        .build()
        .unwrap();
    let range =
        DateRange::new("01.01.2026".parse().unwrap(), "31.03.2026".parse().unwrap()).unwrap();
    let size = cryptocloud::PageSize::new(25).unwrap();
    let listed: Vec<_> = client
        .invoices(range)
        .page_size(size)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed.len(), 600);
    let pages = 25; // 24 full pages, then an empty one
    assert!(
        server.stats().by_route["list_invoices"] > pages,
        "faults forced retries: {:?}",
        server.stats()
    );
}

#[tokio::test]
async fn a_create_that_may_have_arrived_is_never_repeated() {
    let faults = Faults {
        reset_permille: 500,
        truncate_permille: 200,
        ..Faults::default()
    };
    let server = crate::serve(
        10,
        MockConfig {
            faults,
            seed: 9,
            ..MockConfig::default()
        },
    )
    .await;
    let client = crate::client_for(&server).build().unwrap();
    let mut failed = 0;
    for n in 0..40 {
        let create = CreateInvoice::new(server.shop_id(), "10".parse().unwrap())
            .unwrap()
            .order_id(OrderId::new(format!("order-{n}")).unwrap());
        if let Err(error) = client.create_invoice(create).await {
            assert!(matches!(error.kind(), ErrorKind::Transport), "{error:?}");
            assert_eq!(error.attempts(), 1);
            assert!(error.may_have_been_sent());
            failed += 1;
        }
    }
    assert!(failed > 0, "the faults fired");
    assert_eq!(
        server.stats().by_route["create_invoice"],
        40,
        "each create reached the server exactly once"
    );
}

#[tokio::test]
async fn latency_and_slow_bodies_meet_the_client_timeouts() {
    let faults = Faults {
        latency: Duration::from_millis(300),
        ..Faults::default()
    };
    let server = crate::serve(
        10,
        MockConfig {
            faults,
            ..MockConfig::default()
        },
    )
    .await;
    let client = crate::client_for(&server)
        .attempt_timeout(Duration::from_millis(100))
        .retry(cryptocloud::RetryPolicy::NONE)
        .build()
        .unwrap();
    assert!(client.balance().await.unwrap_err().is_timeout());

    let faults = Faults {
        slow_body: Some(Duration::from_millis(50)),
        ..Faults::default()
    };
    let server = crate::serve(
        10,
        MockConfig {
            faults,
            ..MockConfig::default()
        },
    )
    .await;
    let patient = crate::client_for(&server).build().unwrap();
    assert_eq!(
        patient.balance().await.unwrap().len(),
        6,
        "a slow body still arrives whole"
    );
    let hasty = crate::client_for(&server)
        .attempt_timeout(Duration::from_millis(150))
        .retry(cryptocloud::RetryPolicy::NONE)
        .build()
        .unwrap();
    assert!(
        hasty.balance().await.unwrap_err().is_timeout(),
        "the attempt timeout covers a slow body"
    );
}
