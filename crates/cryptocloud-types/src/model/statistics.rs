//! Statistics for a date range.

use serde::{Deserialize, Serialize};

use crate::Money;

/// Invoice counts and USD amounts per status for a date range.
///
/// ```
/// use cryptocloud_types::Statistics;
/// let statistics: Statistics = serde_json::from_str(r#"{
///     "count": {"all": 2, "created": 1, "paid": 1, "overpaid": 0, "partial": 0, "canceled": 0},
///     "amount": {"all": 120.5, "created": 20.5, "paid": 100.0, "overpaid": 0, "partial": 0, "canceled": 0}
/// }"#)?;
/// assert_eq!(statistics.count.paid, 1);
/// assert_eq!(statistics.amount.all.to_string(), "120.5");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Statistics {
    /// Number of invoices per status.
    pub count: StatusCounts,
    /// Sum of invoice amounts in USD per status.
    pub amount: StatusAmounts,
}

/// Number of invoices per status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StatusCounts {
    /// All invoices.
    pub all: u64,
    /// Invoices waiting for payment.
    pub created: u64,
    /// Paid invoices.
    pub paid: u64,
    /// Overpaid invoices.
    pub overpaid: u64,
    /// Partially paid invoices.
    pub partial: u64,
    /// Canceled invoices.
    pub canceled: u64,
}

/// Sum of invoice amounts in USD per status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StatusAmounts {
    /// All invoices.
    pub all: Money,
    /// Invoices waiting for payment.
    pub created: Money,
    /// Paid invoices.
    pub paid: Money,
    /// Overpaid invoices.
    pub overpaid: Money,
    /// Partially paid invoices.
    pub partial: Money,
    /// Canceled invoices.
    pub canceled: Money,
}

impl Statistics {
    /// Statistics from counts and amounts (for tests and local servers).
    pub const fn new(count: StatusCounts, amount: StatusAmounts) -> Statistics {
        Statistics { count, amount }
    }
}
