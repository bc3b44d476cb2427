//! Every way the network or the server can fail maps to the right error after the right number
//! of attempts.

use std::time::{Duration, Instant, SystemTime};

use cryptocloud_http::*;
use cryptocloud_types::*;

use crate::raw::{Fault, RawServer};
use crate::server::{API_KEY, Reply, Seen, TestServer, fast_retries};

const BALANCE: &str = r#"{"status":"success","result":[]}"#;

fn raw_client(server: &RawServer) -> ClientBuilder {
    Client::builder(ApiKey::new(API_KEY).unwrap())
        .base_url(&server.url)
        .allow_http_loopback(true)
        .retry(fast_retries())
        .attempt_timeout(Duration::from_secs(5))
}

fn create() -> CreateInvoice {
    CreateInvoice::new("shop".parse().unwrap(), "10".parse().unwrap()).unwrap()
}

#[tokio::test]
async fn timeouts_during_headers_retry_only_what_is_safe() {
    let server = TestServer::start(|_: &Seen| {
        Reply::Delayed(Duration::from_secs(3), Box::new(Reply::success("[]")))
    })
    .await;
    let client = server
        .client()
        .attempt_timeout(Duration::from_millis(150))
        .build()
        .unwrap();

    let error = client.balance().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!((error.attempts(), error.operation()), (3, Some("balance")));
    assert!(error.may_have_been_sent());

    let error = client.create_invoice(create()).await.unwrap_err();
    assert!(error.is_timeout());
    assert_eq!(
        error.attempts(),
        1,
        "a create that may have been sent is never repeated"
    );
    assert!(error.may_have_been_sent());
    assert_eq!(server.request_count(), 4);
}

#[tokio::test]
async fn the_attempt_timeout_covers_the_body() {
    let server = TestServer::start(|_: &Seen| Reply::StallBody(Duration::from_secs(3))).await;
    let client = server
        .client()
        .attempt_timeout(Duration::from_millis(200))
        .retry(RetryPolicy::NONE)
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.balance().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn the_overall_deadline_bounds_every_retry() {
    let server = TestServer::start(|_: &Seen| {
        Reply::Delayed(Duration::from_secs(5), Box::new(Reply::success("[]")))
    })
    .await;
    let client = server
        .client()
        .attempt_timeout(Duration::from_millis(400))
        .timeout(Duration::from_millis(600))
        .retry(RetryPolicy {
            max_attempts: 10,
            ..fast_retries()
        })
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.balance().await.unwrap_err();
    assert!(error.is_timeout());
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(error.attempts(), 2);
}

#[tokio::test]
async fn broken_connections_are_transport_errors() {
    for fault in [
        Fault::CloseBeforeHeaders,
        Fault::ResetBeforeHeaders,
        Fault::ResetAfterHeaders,
        Fault::TruncatedBody,
    ] {
        let server = RawServer::start(fault).await;
        let client = raw_client(&server).build().unwrap();
        let error = client.balance().await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Transport),
            "{fault:?}: {error:?}"
        );
        assert_eq!(error.attempts(), 3, "{fault:?}");
        assert!(
            std::error::Error::source(&error).is_some(),
            "{fault:?} keeps its cause"
        );

        let error = client.create_invoice(create()).await.unwrap_err();
        assert_eq!(
            error.attempts(),
            1,
            "{fault:?}: a create is not repeated after it may have been sent"
        );
        assert!(error.may_have_been_sent());
        assert_eq!(server.request_count(), 4, "{fault:?}");
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_or_without_content_length() {
    let huge = " ".repeat(2 * 1024 * 1024);
    let server = TestServer::start(move |_: &Seen| Reply::success(&format!("[]{huge}"))).await;
    let client = server.client().max_body_size(1024 * 1024).build().unwrap();
    let error = client.balance().await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::BodyTooLarge { limit: 1_048_576 }),
        "{error:?}"
    );
    assert_eq!(
        error.attempts(),
        1,
        "the same answer would be as large again"
    );

    let chunked = RawServer::start(Fault::Chunked {
        bytes: 2 * 1024 * 1024,
    })
    .await;
    let client = raw_client(&chunked)
        .max_body_size(1024 * 1024)
        .build()
        .unwrap();
    let error = client.balance().await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::BodyTooLarge { .. }),
        "{error:?}"
    );

    let fits = RawServer::start(Fault::Answer(BALANCE)).await;
    let client = raw_client(&fits)
        .max_body_size(BALANCE.len())
        .build()
        .unwrap();
    assert!(
        client.balance().await.unwrap().is_empty(),
        "a body of exactly the cap fits"
    );
}

#[tokio::test]
async fn proxy_pages_and_invalid_json() {
    let server = TestServer::start(|_: &Seen| {
        Reply::Body(
            502,
            "text/html",
            String::from("<html><h1>502 Bad Gateway</h1></html>"),
        )
    })
    .await;
    let client = server.client().build().unwrap();
    let error = client.balance().await.unwrap_err();
    let api = error.api_error().expect("an API error");
    assert_eq!((api.status(), api.kind()), (502, &ApiErrorKind::NotJson));
    assert!(api.body().text().contains("Bad Gateway"));
    assert_eq!(error.attempts(), 3);

    let server =
        TestServer::start(|_: &Seen| Reply::json(200, "{\"status\":\"success\",\"result\":[{"))
            .await;
    let client = server.client().build().unwrap();
    let error = client.balance().await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Decode { status: 200, .. }),
        "{error:?}"
    );
    assert_eq!(error.attempts(), 1);
    assert!(
        std::error::Error::source(&error).is_some(),
        "the JSON error is kept"
    );
}

#[tokio::test]
async fn too_many_requests_waits_as_told_in_seconds_and_in_dates() {
    let in_seconds = || String::from("1");
    // Computed when its turn comes: an HTTP date has whole seconds, so two seconds ahead is at
    // least one second of wait.
    let as_date = || httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    for retry_after in [&in_seconds as &dyn Fn() -> String, &as_date] {
        let retry_after = retry_after();
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let header = retry_after.clone();
        let server = TestServer::start(move |_: &Seen| {
            if calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                Reply::WithHeaders(
                    429,
                    vec![("retry-after", header.clone())],
                    String::from("slow down"),
                )
            } else {
                Reply::success("[]")
            }
        })
        .await;
        let client = server.client().build().unwrap();
        let started = Instant::now();
        client.balance().await.unwrap();
        assert!(
            started.elapsed() >= Duration::from_millis(900),
            "{retry_after}: {:?}",
            started.elapsed()
        );
        assert_eq!(server.request_count(), 2);
    }
}

#[tokio::test]
async fn a_wait_beyond_the_cap_is_returned_not_slept() {
    let server = TestServer::start(|_: &Seen| {
        Reply::WithHeaders(
            429,
            vec![("retry-after", String::from("3600"))],
            String::new(),
        )
    })
    .await;
    let client = server.client().build().unwrap();
    let started = Instant::now();
    let error = client.balance().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(error.is_rate_limited());
    assert!(matches!(error.kind(), ErrorKind::Api(api) if api.status() == 429));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(error.attempts(), 1);
}

#[tokio::test]
async fn api_errors_are_typed_and_not_retried() {
    let server = TestServer::start(|seen: &Seen| match seen.path.as_str() {
        "/v2/merchant/wallet/balance/all" => Reply::json(401, r#"{"detail":"Signature verification failed"}"#),
        _ => Reply::json(400, r#"{"status":"error","result":{"amount":"Invalid value amount.","shop_id":"shop_id not passed."}}"#),
    })
    .await;
    let client = server.client().build().unwrap();
    let error = client.balance().await.unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");
    assert_eq!((error.status(), error.attempts()), (Some(401), 1));

    let error = client.create_invoice(create()).await.unwrap_err();
    let Some(ApiErrorKind::InvalidFields(fields)) = error.api_error().map(ApiError::kind) else {
        panic!("{error:?}")
    };
    assert_eq!(fields.len(), 2);
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn refused_connections_are_retried_for_every_operation() {
    let unused = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", unused.local_addr().unwrap());
    drop(unused);
    let client = Client::builder(ApiKey::new(API_KEY).unwrap())
        .base_url(url)
        .allow_http_loopback(true)
        .retry(fast_retries())
        .build()
        .unwrap();
    let error = client.create_invoice(create()).await.unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    assert_eq!(
        error.attempts(),
        3,
        "never sent, so safe to retry even a create"
    );
    assert!(!error.may_have_been_sent());
}

#[tokio::test]
async fn unbounded_timeouts_and_a_huge_retry_after_never_panic() {
    let server = TestServer::start(|seen: &Seen| {
        if seen.path.contains("balance") {
            Reply::WithHeaders(
                429,
                vec![("retry-after", u64::MAX.to_string())],
                String::new(),
            )
        } else {
            Reply::success("[]")
        }
    })
    .await;
    let client = server
        .client()
        .timeout(Duration::MAX)
        .attempt_timeout(Duration::MAX)
        .connect_timeout(Duration::MAX)
        .build()
        .unwrap();
    let error = client.balance().await.unwrap_err();
    assert!(error.is_rate_limited(), "{error:?}");
    assert_eq!(
        error.attempts(),
        1,
        "a wait past max_retry_after is not waited"
    );
    assert_eq!(error.retry_after(), Some(Duration::from_secs(u64::MAX)));
}

/// The panics of the current thread, from now on (a `#[tokio::test]` runs its spawned tasks on
/// its own thread, so a task's panic is seen too).
fn panics_of_this_thread() -> impl Fn() -> Vec<String> {
    use std::sync::{Arc, Mutex};
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let thread = std::thread::current().id();
    let previous = std::panic::take_hook();
    let record = Arc::clone(&seen);
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == thread {
            record.lock().unwrap().push(info.to_string());
        }
        previous(info);
    }));
    move || seen.lock().unwrap().clone()
}

#[tokio::test]
async fn an_unbounded_pool_idle_timeout_never_panics() {
    let panics = panics_of_this_thread();
    let server = TestServer::start(|_: &Seen| Reply::success("[]")).await;
    let client = server
        .client()
        .pool_idle_timeout(Duration::MAX)
        .build()
        .unwrap();
    for _ in 0..2 {
        assert!(client.balance().await.unwrap().is_empty());
        // The connection goes back to the pool, which starts its idle task.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        server.connection_count(),
        1,
        "the idle connection is reused"
    );
    assert_eq!(panics(), Vec::<String>::new());
}
