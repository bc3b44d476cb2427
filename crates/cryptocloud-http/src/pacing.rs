//! Minimum intervals between calls of one endpoint, from the route's policy: calls of a paced
//! endpoint go one at a time, each waiting until the interval since the previous one has passed.

use std::collections::HashMap;
use std::time::Duration;

use cryptocloud_types::Route;
use tokio::sync::{Mutex, MutexGuard};
use tokio::time::Instant;

/// A gate per paced endpoint.
#[derive(Debug)]
pub(crate) struct Pacing {
    gates: HashMap<Route, Gate>,
}

#[derive(Debug)]
struct Gate {
    interval: Duration,
    /// When the previous call ended (or was abandoned); held for the whole call.
    last: Mutex<Option<Instant>>,
}

/// The right to call a paced endpoint now. Dropping it, whether the call finished or its future
/// was dropped half-way, starts the interval: a call abandoned after it may have reached the
/// server still counts.
pub(crate) struct Turn<'a> {
    last: MutexGuard<'a, Option<Instant>>,
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        *self.last = Some(Instant::now());
    }
}

impl Pacing {
    /// Gates for every route whose policy sets a minimum interval, with `overrides` replacing
    /// the policy's interval (for a local server, which need not be waited for).
    pub(crate) fn new(overrides: &HashMap<Route, Duration>) -> Pacing {
        let gates = Route::ALL
            .into_iter()
            .filter_map(|route| {
                let interval = overrides
                    .get(&route)
                    .copied()
                    .or(route.policy().min_interval)?;
                Some((
                    route,
                    Gate {
                        interval,
                        last: Mutex::new(None),
                    },
                ))
            })
            .collect();
        Pacing { gates }
    }

    /// The interval between calls of `route`, if it is paced.
    pub(crate) fn interval(&self, route: Route) -> Option<Duration> {
        self.gates.get(&route).map(|gate| gate.interval)
    }

    /// Waits for `route`'s turn; `None` for an endpoint that is not paced.
    pub(crate) async fn turn(&self, route: Route) -> Option<Turn<'_>> {
        let gate = self.gates.get(&route)?;
        let last = gate.last.lock().await;
        if let Some(ready) = last.and_then(|previous| previous.checked_add(gate.interval)) {
            tokio::time::sleep_until(ready).await;
        }
        Some(Turn { last })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_paced_route_waits_its_interval_even_after_an_abandoned_call() {
        let pacing = Pacing::new(&HashMap::new());
        assert!(
            pacing.turn(Route::ListInvoices).await.is_none(),
            "not paced"
        );

        let started = Instant::now();
        drop(pacing.turn(Route::CreateWithdrawal).await);
        // The second call gets its turn at 12 s; its future is dropped at 13 s while it waits
        // for an answer, which starts the interval again.
        let abandoned = async {
            let _turn = pacing.turn(Route::CreateWithdrawal).await;
            assert_eq!(started.elapsed(), Duration::from_secs(12));
            std::future::pending::<()>().await;
        };
        let _ = tokio::time::timeout(Duration::from_secs(13), abandoned).await;
        drop(pacing.turn(Route::CreateWithdrawal).await);
        assert_eq!(started.elapsed(), Duration::from_secs(25));
    }

    #[tokio::test(start_paused = true)]
    async fn an_override_replaces_the_interval() {
        let pacing = Pacing::new(&HashMap::from([(
            Route::CreateWithdrawal,
            Duration::from_millis(5),
        )]));
        let started = Instant::now();
        drop(pacing.turn(Route::CreateWithdrawal).await);
        drop(pacing.turn(Route::CreateWithdrawal).await);
        assert_eq!(started.elapsed(), Duration::from_millis(5));
    }
}
