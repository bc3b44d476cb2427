//! Minimum intervals between calls of one endpoint, as data: a [`Gate`] says when the next call
//! of its route may start. The driver keeps one per paced route, shared by every call (behind
//! its own lock), holds it for the whole call, and closes it when the call ends.

use core::time::Duration;

use super::Moment;
use crate::Route;

/// The state of one paced route: its interval and when its previous call ended.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use core::time::Duration;
/// use cryptocloud::Route;
/// use cryptocloud::call::{Gate, Moment};
///
/// assert!(Gate::for_route(Route::ListInvoices).is_none(), "not paced");
/// let mut withdrawals = Gate::for_route(Route::CreateWithdrawal).unwrap();
/// assert_eq!(withdrawals.opens_at(), None, "the first call goes at once");
/// let ended = Moment::from_since_origin(Duration::from_secs(3));
/// withdrawals.close(ended);
/// assert_eq!(withdrawals.opens_at(), Some(ended + Duration::from_secs(12)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gate {
    interval: Duration,
    last: Option<Moment>,
}

impl Gate {
    /// The gate of `route`, if its policy sets a minimum interval.
    pub fn for_route(route: Route) -> Option<Gate> {
        route.policy().min_interval.map(Gate::with_interval)
    }

    /// The gate of every paced route: its policy's interval, or the one `custom` gives for it (a
    /// local server need not be waited for). What a driver keeps, one lock per gate.
    pub fn paced_routes(
        custom: impl Fn(Route) -> Option<Duration>,
    ) -> impl Iterator<Item = (Route, Gate)> {
        Route::ALL.into_iter().filter_map(move |route| {
            let gate = match custom(route) {
                Some(interval) => Gate::with_interval(interval),
                None => Gate::for_route(route)?,
            };
            Some((route, gate))
        })
    }

    /// A gate with another interval (a local server need not be waited for).
    pub const fn with_interval(interval: Duration) -> Gate {
        Gate {
            interval,
            last: None,
        }
    }

    /// The least time between the end of one call and the start of the next.
    pub const fn interval(&self) -> Duration {
        self.interval
    }

    /// When the next call may start; `None` for at once. Pass it to
    /// [`Call::not_before`](super::Call::not_before).
    pub fn opens_at(&self) -> Option<Moment> {
        self.last.map(|last| last + self.interval)
    }

    /// A call ended at `now`, or was abandoned: a call dropped after it may have reached the
    /// server still counts, so the interval starts now either way.
    pub fn close(&mut self, now: Moment) {
        self.last = Some(now);
    }
}
