//! What every request handler shares: the configuration, the data, the counters, the fault dice
//! and the postback sender. It imports no handler, so handlers can import it.

use std::sync::{Mutex, MutexGuard};

use crate::config::MockConfig;
use crate::counters::Counters;
use crate::delivery::PostbackSender;
use crate::store::Store;

/// Everything a request handler needs.
pub(crate) struct State {
    pub(crate) config: MockConfig,
    store: Mutex<Store>,
    pub(crate) counters: Counters,
    faults: Mutex<fastrand::Rng>,
    pub(crate) postbacks: PostbackSender,
}

impl State {
    pub(crate) fn new(config: MockConfig, store: Store) -> State {
        let seed = config.seed;
        State {
            config,
            store: Mutex::new(store),
            counters: Counters::default(),
            faults: Mutex::new(fastrand::Rng::with_seed(seed ^ 0xfa17)),
            postbacks: PostbackSender::new(),
        }
    }

    /// The data, locked. A handler that panicked cannot leave it half-changed in a way that
    /// matters to a test server, so a poisoned lock is taken over.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn roll(&self, permille: u32) -> bool {
        permille > 0
            && self
                .faults
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .u32(0..1000)
                < permille
    }
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State")
            .field("seed", &self.config.seed)
            .finish_non_exhaustive()
    }
}
