//! The pacing gates of the call core ([`Gate`]), shared by every clone and thread: a paced
//! route's calls take its gate in turn and hold it for the whole call.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use cryptocloud_types::Route;
use cryptocloud_types::call::{Gate, Moment};

/// A gate per paced endpoint.
#[derive(Debug)]
pub(crate) struct Pacing {
    gates: HashMap<Route, Mutex<Gate>>,
}

/// The right to call a paced endpoint; dropping it closes the gate, whether the call finished or
/// unwound.
pub(crate) struct Turn<'a> {
    gate: MutexGuard<'a, Gate>,
    clock: Clock,
}

impl Turn<'_> {
    /// When the call may start.
    pub(crate) fn opens_at(&self) -> Option<Moment> {
        self.gate.opens_at()
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        self.gate.close(self.clock.now());
    }
}

impl Pacing {
    /// Gates for every route whose policy sets a minimum interval, `overrides` replacing it.
    pub(crate) fn new(overrides: &HashMap<Route, Duration>) -> Pacing {
        let gates = Gate::paced_routes(|route| overrides.get(&route).copied())
            .map(|(route, gate)| (route, Mutex::new(gate)))
            .collect();
        Pacing { gates }
    }

    /// Takes `route`'s gate, blocking while another call holds it; `None` when not paced.
    pub(crate) fn turn(&self, route: Route, clock: Clock) -> Option<Turn<'_>> {
        // A gate only holds when its last call ended: a call that panicked while holding it
        // leaves nothing half-written, so its lock is taken over.
        let gate = self.gates.get(&route)?;
        let gate = gate.lock().unwrap_or_else(PoisonError::into_inner);
        Some(Turn { gate, clock })
    }
}

/// The thread's monotonic clock from the client's origin, as the core's [`Moment`]s.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Clock {
    origin: Instant,
}

impl Clock {
    pub(crate) fn start() -> Clock {
        Clock {
            origin: Instant::now(),
        }
    }

    pub(crate) fn now(self) -> Moment {
        Moment::from_since_origin(self.origin.elapsed())
    }
}
