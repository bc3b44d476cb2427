//! Why a request could not be built.

use alloc::string::String;

use super::Credential;
use crate::Money;

/// A request that would be rejected, caught before it is sent.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidRequest {
    /// A required text is empty.
    #[error("{field} must not be empty")]
    Empty {
        /// The field.
        field: &'static str,
    },
    /// A text holds characters it cannot hold.
    #[error("{field} `{value}` is invalid: {reason}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// The offending value, shortened to 40 characters.
        value: String,
        /// What is expected.
        reason: &'static str,
    },
    /// An amount is zero or negative.
    #[error("{field} must be greater than zero, got {amount}")]
    NotPositive {
        /// The field.
        field: &'static str,
        /// The amount given.
        amount: Money,
    },
    /// Invoice info takes 1 to 100 ids per request.
    #[error("invoice info takes 1 to {max} invoice ids per request, got {count}")]
    IdCount {
        /// How many ids were given.
        count: usize,
        /// The most one request takes.
        max: usize,
    },
    /// A page size outside 1..=100.
    #[error("a page holds 1 to {max} invoices, got {size}")]
    PageSize {
        /// The size given.
        size: u64,
        /// The most one page holds.
        max: u64,
    },
    /// A record window whose end is not after its start or that spans more than 100 records.
    #[error(
        "records {offset}+1..={limit} are not a window of 1 to {max} records (limit is the number of the last record, not a count)"
    )]
    Window {
        /// Records skipped.
        offset: u64,
        /// Number of the last record wanted.
        limit: u64,
        /// The most one request returns.
        max: u64,
    },
    /// The endpoint takes a key the caller has not given.
    #[error("{} needs the {}, which was not given", .0.endpoints(), .0.name())]
    MissingKey(Credential),
    /// Page numbers start at 1.
    #[error("page numbers start at 1")]
    PageZero,
    /// A payment window of zero or with 60 or more minutes.
    #[error(
        "time to pay of {hours} h {minutes} min is invalid: it must be positive, with minutes below 60"
    )]
    TimeToPay {
        /// Hours given.
        hours: u16,
        /// Minutes given.
        minutes: u16,
    },
    /// The body could not be encoded as JSON.
    #[error("the request body could not be encoded as JSON")]
    Encode(#[source] serde_json::Error),
}

/// `value` unless it is empty.
pub(crate) fn non_empty(field: &'static str, value: String) -> Result<String, InvalidRequest> {
    if value.trim().is_empty() {
        Err(InvalidRequest::Empty { field })
    } else {
        Ok(value)
    }
}

/// `amount` unless it is zero or negative.
pub(crate) fn positive(field: &'static str, amount: Money) -> Result<Money, InvalidRequest> {
    if amount.is_positive() {
        Ok(amount)
    } else {
        Err(InvalidRequest::NotPositive { field, amount })
    }
}
