//! What a built client reads on every call: the settings it owns, handed over by the builder.

use std::time::Duration;

use cryptocloud_types::call::RetryPolicy;
use cryptocloud_types::{Locale, PageSize};

/// What a built client reads on every call: the settings it owns.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub(crate) attempt_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) max_body_size: usize,
    pub(crate) retry: RetryPolicy,
    pub(crate) locale: Option<Locale>,
    pub(crate) page_size: PageSize,
    pub(crate) prefetch_pages: usize,
    pub(crate) max_in_flight: usize,
}
