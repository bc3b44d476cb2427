//! The `tracing` feature's output, in a binary of its own: tracing caches per-callsite interest
//! process-wide, so a subscriber scoped to one test misses events while other tests run
//! beside it.
#![cfg(feature = "tracing")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[allow(dead_code)]
#[path = "it/server.rs"]
mod server;

use server::{API_KEY, Reply, Seen, TestServer, WITHDRAWAL_KEY};

fn assert_no_secret(context: &str, text: &str) {
    for secret in [API_KEY, WITHDRAWAL_KEY, "SECRET"] {
        assert!(!text.contains(secret), "{context} shows a key: {text}");
    }
}

/// With the `tracing` feature: spans name the operation, attempt and status, never a key.
#[tokio::test]
async fn tracing_output_has_calls_and_attempts_but_no_key() {
    use std::io::Write;
    use std::sync::{Arc, Mutex};
    use tracing_subscriber::fmt::format::FmtSpan;
    use tracing_subscriber::util::SubscriberInitExt;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);
    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    let captured = Captured::default();
    let writer = captured.clone();
    let _guard = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish()
        .set_default();

    let calls = std::sync::atomic::AtomicUsize::new(0);
    let server = TestServer::start(move |_: &Seen| {
        if calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            Reply::Body(503, "text/plain", String::from("busy"))
        } else {
            Reply::success("[]")
        }
    })
    .await;
    let client = server.client().build().unwrap();
    client.balance().await.unwrap();

    let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(output.contains("cryptocloud.call"), "{output}");
    assert!(output.contains("operation=\"balance\""), "{output}");
    assert!(output.contains("attempt=2"), "{output}");
    assert!(
        output.contains("status=503") && output.contains("status=200"),
        "{output}"
    );
    assert!(output.contains("retrying"), "{output}");
    assert_no_secret("tracing output", &output);
}
