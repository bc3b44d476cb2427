//! Spans for the optional `tracing` feature: one per call and one per attempt, carrying the
//! operation, the attempt number, the status and the elapsed time. Never a key, never a body.
//! Without the feature these are empty and cost nothing.

use std::future::Future;
use std::time::Instant;

#[cfg(feature = "tracing")]
use tracing::Instrument;

/// Runs a whole call inside a `cryptocloud.call` span.
pub(crate) async fn call<F: Future>(operation: &'static str, call: F) -> F::Output {
    #[cfg(feature = "tracing")]
    let call = call.instrument(tracing::info_span!("cryptocloud.call", operation));
    #[cfg(not(feature = "tracing"))]
    let _ = operation;
    call.await
}

/// One attempt: its span, opened when the attempt starts.
pub(crate) struct Attempt {
    started: Instant,
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

impl Attempt {
    pub(crate) fn start(operation: &'static str, attempt: u32) -> Attempt {
        #[cfg(not(feature = "tracing"))]
        let _ = (operation, attempt);
        Attempt {
            started: Instant::now(),
            #[cfg(feature = "tracing")]
            span: tracing::debug_span!(
                "cryptocloud.attempt",
                operation,
                attempt,
                status = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty
            ),
        }
    }

    /// Runs the attempt's I/O inside its span.
    pub(crate) async fn run<F: Future>(&self, attempt: F) -> F::Output {
        #[cfg(feature = "tracing")]
        let attempt = attempt.instrument(self.span.clone());
        attempt.await
    }

    /// Records how the attempt ended (`status` is absent when no answer came).
    pub(crate) fn finish(&self, status: Option<u16>, outcome: &str) {
        let elapsed_ms = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        #[cfg(feature = "tracing")]
        {
            if let Some(status) = status {
                self.span.record("status", status);
            }
            self.span.record("elapsed_ms", elapsed_ms);
            self.span
                .in_scope(|| tracing::debug!(outcome, "attempt finished"));
        }
        #[cfg(not(feature = "tracing"))]
        let _ = (status, outcome, elapsed_ms);
    }

    /// Notes that another attempt follows after `wait`.
    pub(crate) fn retry_after(&self, wait: std::time::Duration) {
        #[cfg(feature = "tracing")]
        self.span
            .in_scope(|| tracing::debug!(wait_ms = wait.as_millis() as u64, "retrying"));
        #[cfg(not(feature = "tracing"))]
        let _ = wait;
    }
}
