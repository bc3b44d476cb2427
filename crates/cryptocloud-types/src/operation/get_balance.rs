//! `POST /v2/merchant/wallet/balance/all`: the merchant's balance in every coin.

use alloc::vec::Vec;

use serde::Serialize;

use super::{Operation, Route};
use crate::BalanceEntry;

/// The merchant's balances. The body is `{}`.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{GetBalance, Operation};
/// assert_eq!(GetBalance::new().body()?, b"{}");
/// # Ok::<(), cryptocloud_types::InvalidRequest>(())
/// ```
#[derive(Clone, Debug, Default, Serialize)]
pub struct GetBalance {}

impl GetBalance {
    /// The balance request.
    pub const fn new() -> GetBalance {
        GetBalance {}
    }
}

impl Operation for GetBalance {
    const ROUTE: Route = Route::Balance;
    type Payload = Vec<BalanceEntry>;
    type Output = Vec<BalanceEntry>;
}
