//! Counts of connections and requests, per operation.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

/// Counts of what the server saw.
#[derive(Default)]
pub(crate) struct Counters {
    connections: AtomicU64,
    open: AtomicU64,
    max_open: AtomicU64,
    requests: AtomicU64,
    by_route: Mutex<BTreeMap<&'static str, u64>>,
}

impl Counters {
    /// A connection was accepted.
    pub(crate) fn opened(&self) {
        self.connections.fetch_add(1, Ordering::SeqCst);
        let open = self.open.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_open.fetch_max(open, Ordering::SeqCst);
    }

    /// A connection ended.
    pub(crate) fn closed(&self) {
        self.open.fetch_sub(1, Ordering::SeqCst);
    }

    /// A request came, for the operation named `operation` if it is an API path.
    pub(crate) fn request(&self, operation: Option<&'static str>) {
        self.requests.fetch_add(1, Ordering::SeqCst);
        if let Some(operation) = operation {
            *self
                .by_route
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .entry(operation)
                .or_default() += 1;
        }
    }

    pub(crate) fn snapshot(&self) -> MockStats {
        MockStats {
            connections: self.connections.load(Ordering::SeqCst),
            open_connections: self.open.load(Ordering::SeqCst),
            max_open_connections: self.max_open.load(Ordering::SeqCst),
            requests: self.requests.load(Ordering::SeqCst),
            by_route: self
                .by_route
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .clone(),
        }
    }
}

/// What a mock server has seen so far.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct MockStats {
    /// TCP connections accepted.
    pub connections: u64,
    /// TCP connections open now.
    pub open_connections: u64,
    /// The most TCP connections open at once.
    pub max_open_connections: u64,
    /// HTTP requests received, control requests included.
    pub requests: u64,
    /// Requests per API operation (`create_invoice`, `invoice_info`, `list_invoices`,
    /// `statistics`, `cancel_invoice`, `balance`, `create_static_wallet`, `create_withdrawal`).
    pub by_route: BTreeMap<&'static str, u64>,
}

impl MockStats {
    /// Requests received for the operation named `operation` (as in [`by_route`](Self::by_route)).
    pub fn calls(&self, operation: &str) -> u64 {
        self.by_route.get(operation).copied().unwrap_or(0)
    }
}
