//! Statistics for a date range.

use crate::wire::model::WireModel;
use crate::wire::model::read_text;
use crate::{Money, RawFields};

/// Invoice counts and USD amounts per status for a date range. A bucket that is missing or
/// of an unexpected shape is absent (the raw text kept in its `unread`); buckets this version
/// does not know (`refunded`) are kept there too and read with `get`.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::Statistics;
/// let statistics: Statistics = serde_json::from_str(r#"{
///     "count": {"all": 2, "created": "1", "paid": 1, "overpaid": 0, "canceled": null, "refunded": 3},
///     "amount": {"all": 120.5, "created": 20.5, "paid": 100.0, "overpaid": 0, "partial": 0, "canceled": 0}
/// }"#)?;
/// assert_eq!(statistics.count.paid, Some(1));
/// assert_eq!(statistics.count.created, Some(1));
/// assert_eq!(statistics.count.partial, None);
/// assert_eq!(statistics.count.get("refunded"), Some(3));
/// assert_eq!(statistics.amount.all.unwrap().to_string(), "120.5");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, WireModel)]
#[non_exhaustive]
pub struct Statistics {
    /// `count`: number of invoices per status.
    #[wire(default)]
    pub count: StatusCounts,
    /// `amount`: sum of invoice amounts in USD per status.
    #[wire(default)]
    pub amount: StatusAmounts,
    /// What the object held that this model did not read: values of an unexpected
    /// shape (their field is absent), unknown and repeated keys, each as raw JSON.
    pub unread: RawFields,
}

/// Number of invoices per status.
#[derive(Clone, Debug, Default, PartialEq, Eq, WireModel)]
#[non_exhaustive]
pub struct StatusCounts {
    /// `all`: all invoices.
    pub all: Option<u64>,
    /// `created`: invoices waiting for payment.
    pub created: Option<u64>,
    /// `paid`: paid invoices.
    pub paid: Option<u64>,
    /// `overpaid`: overpaid invoices.
    pub overpaid: Option<u64>,
    /// `partial`: partially paid invoices.
    pub partial: Option<u64>,
    /// `canceled`: canceled invoices.
    pub canceled: Option<u64>,
    /// What the object held that this model did not read: values of an unexpected
    /// shape (their field is absent), unknown and repeated keys, each as raw JSON.
    pub unread: RawFields,
}

/// Sum of invoice amounts in USD per status.
#[derive(Clone, Debug, Default, PartialEq, Eq, WireModel)]
#[non_exhaustive]
pub struct StatusAmounts {
    /// `all`: all invoices.
    pub all: Option<Money>,
    /// `created`: invoices waiting for payment.
    pub created: Option<Money>,
    /// `paid`: paid invoices.
    pub paid: Option<Money>,
    /// `overpaid`: overpaid invoices.
    pub overpaid: Option<Money>,
    /// `partial`: partially paid invoices.
    pub partial: Option<Money>,
    /// `canceled`: canceled invoices.
    pub canceled: Option<Money>,
    /// What the object held that this model did not read: values of an unexpected
    /// shape (their field is absent), unknown and repeated keys, each as raw JSON.
    pub unread: RawFields,
}

/// The methods of a per-status bucket struct, each bucket an `Option` of `$ty`.
macro_rules! bucket_methods {
    ($name:ident of $ty:ty) => {
        impl $name {
            /// Every known bucket present, at `zero` (the start of a tally).
            pub fn zeros(zero: $ty) -> $name {
                $name {
                    all: Some(zero),
                    created: Some(zero),
                    paid: Some(zero),
                    overpaid: Some(zero),
                    partial: Some(zero),
                    canceled: Some(zero),
                    ..$name::default()
                }
            }

            /// The bucket of `status` (its wire name), known to this version or not; `None` when
            /// it is absent or unreadable.
            pub fn get(&self, status: &str) -> Option<$ty> {
                match status {
                    "all" => self.all,
                    "created" => self.created,
                    "paid" => self.paid,
                    "overpaid" => self.overpaid,
                    "partial" => self.partial,
                    "canceled" => self.canceled,
                    other => read_text(self.unread.get(other)?.text()),
                }
            }
        }
    };
}

bucket_methods!(StatusCounts of u64);
bucket_methods!(StatusAmounts of Money);

impl Statistics {
    /// Statistics from counts and amounts (for tests and local servers).
    pub fn new(count: StatusCounts, amount: StatusAmounts) -> Statistics {
        Statistics {
            count,
            amount,
            ..Statistics::default()
        }
    }
}
