//! Statistics for a date range.

use crate::Money;
use crate::wire::model::read_text;
use crate::wire::model::wire_model;

wire_model! {
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
    pub struct Statistics {
        /// Number of invoices per status.
        "count" => count: def StatusCounts,
        /// Sum of invoice amounts in USD per status.
        "amount" => amount: def StatusAmounts,
    }
}

/// Declares the per-status buckets of one statistics object, each an `Option` of `$ty`.
macro_rules! status_buckets {
    ($(#[$meta:meta])* pub struct $name:ident of $ty:ty;) => {
        wire_model! {
            $(#[$meta])*
            pub struct $name {
                /// All invoices.
                "all" => all: opt $ty,
                /// Invoices waiting for payment.
                "created" => created: opt $ty,
                /// Paid invoices.
                "paid" => paid: opt $ty,
                /// Overpaid invoices.
                "overpaid" => overpaid: opt $ty,
                /// Partially paid invoices.
                "partial" => partial: opt $ty,
                /// Canceled invoices.
                "canceled" => canceled: opt $ty,
            }
        }

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

status_buckets! {
    /// Number of invoices per status.
    pub struct StatusCounts of u64;
}

status_buckets! {
    /// Sum of invoice amounts in USD per status.
    pub struct StatusAmounts of Money;
}

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
