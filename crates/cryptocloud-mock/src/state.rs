//! What every request handler shares: the configuration, the data, the counters, the fault dice
//! and the one-shot faults waiting, the quirk dice and the postback sender. It imports no handler, so handlers can import it.

use std::net::SocketAddr;
use std::sync::{Mutex, MutexGuard};

use crate::config::MockConfig;
use crate::counters::Counters;
use crate::delivery::PostbackSender;
use crate::fault::PendingFaults;
use crate::json::Json;
use crate::quirks::Dice;
use crate::record::{InvoiceRecord, Status};
use crate::store::Store;
use crate::wire::{self, Project};

/// Everything a request handler needs.
pub(crate) struct State {
    pub(crate) config: MockConfig,
    store: Mutex<Store>,
    pub(crate) counters: Counters,
    faults: Mutex<fastrand::Rng>,
    pub(crate) one_shot: PendingFaults,
    pub(crate) postbacks: PostbackSender,
    pub(crate) project: Project,
    pub(crate) dice: Dice,
    /// The port served: the only one requests may name in `Host` and `Origin`.
    pub(crate) port: u16,
}

impl State {
    /// The state of a server listening on `address` (its invoices' links point there).
    pub(crate) fn new(config: MockConfig, address: SocketAddr) -> State {
        let seed = config.seed;
        State {
            store: Mutex::new(Store::new(&config)),
            counters: Counters::default(),
            faults: Mutex::new(fastrand::Rng::with_seed(seed ^ 0xfa17)),
            one_shot: PendingFaults::default(),
            postbacks: PostbackSender::new(config.postback_timeout),
            project: Project::new(&config, address),
            dice: Dice::new(seed, config.quirks),
            port: address.port(),
            config,
        }
    }

    /// The data, locked. A handler that panicked cannot leave it half-changed in a way that
    /// matters to a test server, so a poisoned lock is taken over.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Whether an injected fault with this rate happens now.
    pub(crate) fn roll(&self, permille: u32) -> bool {
        permille > 0
            && self
                .faults
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .u32(0..1000)
                < permille
    }

    /// An invoice as info, the list and postbacks send it, quirks included.
    pub(crate) fn invoice_json(&self, invoice: &InvoiceRecord) -> Json {
        let mut json = wire::invoice(invoice, &self.project);
        if invoice.status == Status::Canceled
            && self.dice.unconfirmed(&invoice.id, "expired")
            && let Some(status) = json.get_mut("status")
        {
            *status = Json::str("expired");
        }
        self.dice.apply(&invoice.id, &mut json);
        json
    }
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State")
            .field("seed", &self.config.seed)
            .finish_non_exhaustive()
    }
}
