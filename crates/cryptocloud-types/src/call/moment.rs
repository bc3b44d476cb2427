//! Time as a value: the core reads no clock, the driver says what time it is.

use core::fmt;
use core::ops::{Add, Sub};
use core::time::Duration;

/// A reading of the driver's monotonic clock: the time since an origin the driver chose (its
/// start, say). Only differences between moments of one driver mean anything.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use core::time::Duration;
/// use cryptocloud::call::Moment;
///
/// let start = Moment::from_since_origin(Duration::from_secs(5));
/// let later = start + Duration::from_millis(250);
/// assert_eq!(later - start, Duration::from_millis(250));
/// assert_eq!(start - later, Duration::ZERO, "never negative");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Moment(Duration);

impl Moment {
    /// The driver's origin.
    pub const ZERO: Moment = Moment(Duration::ZERO);

    /// The moment `elapsed` after the driver's origin.
    pub const fn from_since_origin(elapsed: Duration) -> Moment {
        Moment(elapsed)
    }

    /// The time since the driver's origin.
    pub const fn since_origin(self) -> Duration {
        self.0
    }

    /// `self + wait`, or `None` past the end of representable time (a wait so long it means
    /// "never").
    pub fn checked_add(self, wait: Duration) -> Option<Moment> {
        self.0.checked_add(wait).map(Moment)
    }
}

/// Saturates at the end of representable time.
impl Add<Duration> for Moment {
    type Output = Moment;

    fn add(self, wait: Duration) -> Moment {
        Moment(self.0.saturating_add(wait))
    }
}

/// The time from `earlier` to `self`; zero if `earlier` is later.
impl Sub for Moment {
    type Output = Duration;

    fn sub(self, earlier: Moment) -> Duration {
        self.0.saturating_sub(earlier.0)
    }
}

impl fmt::Debug for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Moment({:?})", self.0)
    }
}
