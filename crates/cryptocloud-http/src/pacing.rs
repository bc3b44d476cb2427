//! The pacing gates of the call core ([`Gate`]), shared by every call of the client: a paced
//! route's calls take its gate in turn and hold it for the whole call.

use std::collections::HashMap;
use std::time::Duration;

use cryptocloud_types::Route;
use cryptocloud_types::call::{Gate, Moment};
use tokio::sync::{Mutex, MutexGuard};

use crate::clock::Clock;

/// A gate per paced endpoint.
#[derive(Debug)]
pub(crate) struct Pacing {
    gates: HashMap<Route, Mutex<Gate>>,
}

/// The right to call a paced endpoint. Dropping it, whether the call finished or its future was
/// dropped half-way, closes the gate: a call abandoned after it may have reached the server still
/// counts.
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
    /// Gates for every route whose policy sets a minimum interval, with `overrides` replacing
    /// the policy's interval (for a local server, which need not be waited for).
    pub(crate) fn new(overrides: &HashMap<Route, Duration>) -> Pacing {
        let gates = Gate::paced_routes(|route| overrides.get(&route).copied())
            .map(|(route, gate)| (route, Mutex::new(gate)))
            .collect();
        Pacing { gates }
    }

    /// Takes `route`'s gate (waiting while another call holds it); `None` for an endpoint that is
    /// not paced. The wait for the gate to open is the call's first step.
    pub(crate) async fn turn(&self, route: Route, clock: Clock) -> Option<Turn<'_>> {
        let gate = self.gates.get(&route)?.lock().await;
        Some(Turn { gate, clock })
    }
}
