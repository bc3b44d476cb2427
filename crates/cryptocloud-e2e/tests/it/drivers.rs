//! One behaviour table, every driver: the same scenarios through the async client
//! (`cryptocloud-http`) and the blocking client (`cryptocloud-blocking`), against the local
//! server behind a scripted front. Both drive the one call core, so both must give the same
//! answers; the edge worker runs the postback rows under workerd (`cargo xtask worker`).

use std::time::Duration;

use cryptocloud::postback::Postback;
use cryptocloud::{
    CreateInvoice, CreateWithdrawal, CryptoCurrency, DateRange, PostbackOutcome, RetryPolicy,
};
use cryptocloud_mock::{MockConfig, MockServer, Payment, PostbackFormat};

use crate::support::front::{Fault, Front};

const BALANCE: &str = "/v2/merchant/wallet/balance/all";
const CREATE: &str = "/v2/invoice/create";
const WITHDRAW: &str = "/v2/invoice/api/out/create";
const INTERVAL: Duration = Duration::from_millis(300);

fn quick() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(1),
    }
}

/// Both clients for the server behind `front`.
fn clients(
    server: &MockServer,
    front: &Front,
) -> (cryptocloud::Client, cryptocloud_blocking::Client) {
    let asynchronous = cryptocloud::Client::builder(server.api_key())
        .withdrawal_key(server.withdrawal_key())
        .base_url(front.base_url())
        .allow_http_loopback(true)
        .retry(quick())
        .withdrawal_interval(INTERVAL)
        .build()
        .unwrap();
    let blocking = cryptocloud_blocking::Client::builder(server.api_key())
        .withdrawal_key(server.withdrawal_key())
        .base_url(front.base_url())
        .allow_http_loopback(true)
        .retry(quick())
        .withdrawal_interval(INTERVAL)
        .build()
        .unwrap();
    (asynchronous, blocking)
}

/// The server (whose withdrawals refuse a second call within [`INTERVAL`] with `rate_limit`, as
/// the API does within 12 s) behind a front.
async fn setup(invoices: usize) -> (MockServer, Front) {
    let config = MockConfig {
        withdrawal_interval: INTERVAL,
        ..MockConfig::default()
    };
    let server = crate::serve(invoices, config).await;
    let front = Front::start(server.base_url()).await;
    (server, front)
}

async fn blocking<T: Send + 'static>(call: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(call).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_safe_read_answered_502_then_200_succeeds_with_one_retry() {
    let (server, front) = setup(0).await;
    let (asynchronous, blocking_client) = clients(&server, &front);
    front.next(BALANCE, Fault::Status(502));
    assert!(!asynchronous.balance().await.unwrap().is_empty());
    assert_eq!(front.arrivals(BALANCE).len(), 2, "async: one retry");
    front.next(BALANCE, Fault::Status(502));
    assert!(
        !blocking(move || blocking_client.balance())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(front.arrivals(BALANCE).len(), 4, "blocking: one retry");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_whose_answer_is_lost_is_sent_once_and_reported_as_possibly_sent() {
    let (server, front) = setup(0).await;
    let (asynchronous, blocking_client) = clients(&server, &front);
    let create = CreateInvoice::new(server.shop_id(), "10".parse().unwrap()).unwrap();
    front.next(CREATE, Fault::LoseAnswer);
    let error = asynchronous
        .create_invoice(create.clone())
        .await
        .unwrap_err();
    assert!(
        error.may_have_been_sent() && error.attempts() == 1,
        "async: {error:?}"
    );
    front.next(CREATE, Fault::LoseAnswer);
    let error = blocking(move || blocking_client.create_invoice(create))
        .await
        .unwrap_err();
    assert!(
        error.may_have_been_sent() && error.attempts() == 1,
        "blocking: {error:?}"
    );
    assert_eq!(front.arrivals(CREATE).len(), 2, "each sent once");
    assert_eq!(
        server.stats().by_route["create_invoice"],
        2,
        "and each created"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn two_withdrawals_from_two_tasks_or_threads_are_paced_by_the_interval() {
    // Paid invoices of the seeded data fund the withdrawals.
    let (server, front) = setup(200).await;
    let (asynchronous, blocking_client) = clients(&server, &front);
    let withdrawal = CreateWithdrawal::new(
        CryptoCurrency::UsdtTrc20,
        "TJ8bqh2xQ6GkbHiEY8n1t3BY1Fxd1Q2RJE",
        "1".parse().unwrap(),
    )
    .unwrap();
    let (first, second) = tokio::join!(
        asynchronous.withdraw(withdrawal.clone()),
        asynchronous.withdraw(withdrawal.clone())
    );
    first.unwrap();
    second.unwrap();
    // The blocking client has gates of its own: let the server's interval pass first.
    tokio::time::sleep(INTERVAL).await;
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let (client, withdrawal) = (blocking_client.clone(), withdrawal.clone());
            std::thread::spawn(move || client.withdraw(withdrawal))
        })
        .collect();
    for thread in blocking(move || {
        threads
            .into_iter()
            .map(|t| t.join().unwrap())
            .collect::<Vec<_>>()
    })
    .await
    {
        thread.unwrap();
    }
    let arrivals = front.arrivals(WITHDRAW);
    assert_eq!(arrivals.len(), 4);
    for (label, pair) in [("async", &arrivals[0..2]), ("blocking", &arrivals[2..4])] {
        let apart = pair[1] - pair[0];
        assert!(
            apart >= INTERVAL - Duration::from_millis(5),
            "{label}: {apart:?} apart"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_walk_survives_a_lying_all_count() {
    let (server, front) = setup(230).await;
    let (asynchronous, blocking_client) = clients(&server, &front);
    front.lie_about_all_count(3);
    let range =
        DateRange::new("01.01.2026".parse().unwrap(), "31.03.2026".parse().unwrap()).unwrap();
    use futures_util::TryStreamExt;
    let listed: Vec<_> = asynchronous.invoices(range).try_collect().await.unwrap();
    let blocked: Vec<_> = blocking(move || {
        blocking_client
            .invoices(range)
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .unwrap();
    assert_eq!(listed.len(), 230, "async read past the lie");
    assert_eq!(blocked.len(), 230, "blocking read past the lie");
    assert_eq!(listed, blocked);
}

#[tokio::test(flavor = "multi_thread")]
async fn full_partial_and_rewritten_postbacks_confirm_the_same_through_both() {
    let (server, front) = setup(0).await;
    let (asynchronous, blocking_client) = clients(&server, &front);
    let rewrite = |body: String| body.replacen("order-7", "order-9999", 1);
    for (payment, tamper, expected) in [
        (Payment::Paid, false, "PaidInFull"),
        (Payment::Partial, false, "Partial"),
        (Payment::Paid, true, "Mismatch"),
    ] {
        let create = CreateInvoice::new(server.shop_id(), "12.30".parse().unwrap())
            .unwrap()
            .order_id("order-7".parse().unwrap());
        let invoice = asynchronous.create_invoice(create).await.unwrap();
        let report = server
            .pay(&invoice.uuid, payment, PostbackFormat::Json)
            .await
            .unwrap();
        let body = if tamper {
            rewrite(report.postback)
        } else {
            report.postback
        };
        let verified = Postback::parse(body.as_bytes())
            .unwrap()
            .verify(&server.postback_secret(), time::OffsetDateTime::now_utc())
            .unwrap();
        let by_async = asynchronous.confirm_postback(&verified).await.unwrap();
        let client = blocking_client.clone();
        let by_blocking = blocking(move || client.confirm_postback(&verified))
            .await
            .unwrap();
        let name = |outcome: &PostbackOutcome| match outcome {
            PostbackOutcome::PaidInFull => "PaidInFull",
            PostbackOutcome::Partial => "Partial",
            PostbackOutcome::Mismatch { .. } => "Mismatch",
            _ => "other",
        };
        assert_eq!(name(by_async.outcome()), expected, "async {payment:?}");
        assert_eq!(by_async, by_blocking, "blocking {payment:?}");
    }
}
