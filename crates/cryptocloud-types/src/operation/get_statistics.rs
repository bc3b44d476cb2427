//! `POST /v2/invoice/merchant/statistics`: counts and USD sums per status for a date range.

use serde::Serialize;

use super::{Operation, Route};
use crate::{Date, DateRange, Statistics};

/// Statistics for the invoices created in a date range.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{DateRange, GetStatistics, Operation};
/// let range = DateRange::new("01.01.2023".parse()?, "31.01.2023".parse()?)?;
/// assert_eq!(GetStatistics::new(range).body()?, br#"{"start":"01.01.2023","end":"31.01.2023"}"#);
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct GetStatistics {
    start: Date,
    end: Date,
}

impl GetStatistics {
    /// Statistics for `range`, both ends included.
    pub const fn new(range: DateRange) -> GetStatistics {
        GetStatistics {
            start: range.start(),
            end: range.end(),
        }
    }
}

impl Operation for GetStatistics {
    const ROUTE: Route = Route::Statistics;
    type Payload = Statistics;
    type Output = Statistics;
}
