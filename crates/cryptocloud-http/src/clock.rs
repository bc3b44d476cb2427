//! The call core reads no clock: this one, tokio's (so that tests with paused time pace and back
//! off in paused time), turns its instants into the core's [`Moment`]s and back.

use cryptocloud_types::call::Moment;
use tokio::time::Instant;

/// Tokio's monotonic clock from an origin of the client's.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Clock {
    origin: Instant,
}

impl Clock {
    /// A clock whose origin is now.
    pub(crate) fn start() -> Clock {
        Clock {
            origin: Instant::now(),
        }
    }

    /// The time now.
    pub(crate) fn now(self) -> Moment {
        Moment::from_since_origin(self.origin.elapsed())
    }

    /// The instant of `moment` (the end of representable time for one beyond it).
    pub(crate) fn instant(self, moment: Moment) -> Instant {
        self.origin
            .checked_add(moment.since_origin())
            .unwrap_or_else(far_future)
    }
}

/// About 30 years from now: what tokio itself uses for "never".
fn far_future() -> Instant {
    Instant::now() + std::time::Duration::from_secs(86400 * 365 * 30)
}
