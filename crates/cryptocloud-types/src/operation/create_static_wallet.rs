//! `POST /v2/invoice/static/create`: a permanent deposit address for one customer. Not safe to
//! retry.

use alloc::string::String;

use serde::Serialize;

use super::invalid::non_empty;
use super::{InvalidRequest, Operation, Route};
use crate::{CryptoCurrency, ShopId, StaticWallet};

/// Creates a static wallet for the customer `identify`; payments to it arrive as postbacks whose
/// `order_id` is that customer id.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{CreateStaticWallet, CryptoCurrency, Operation};
/// let wallet = CreateStaticWallet::new("7UvDDjkmPGSh2vcY".parse()?, CryptoCurrency::Eth, "customer-17")?;
/// assert_eq!(wallet.body()?, br#"{"shop_id":"7UvDDjkmPGSh2vcY","currency":"ETH","identify":"customer-17"}"#);
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct CreateStaticWallet {
    shop_id: ShopId,
    currency: CryptoCurrency,
    identify: String,
}

impl CreateStaticWallet {
    /// A wallet in `currency` for the customer `identify` (non-empty).
    pub fn new(
        shop_id: ShopId,
        currency: CryptoCurrency,
        identify: impl Into<String>,
    ) -> Result<Self, InvalidRequest> {
        Ok(CreateStaticWallet {
            shop_id,
            currency,
            identify: non_empty("identify", identify.into())?,
        })
    }
}

impl Operation for CreateStaticWallet {
    const ROUTE: Route = Route::CreateStaticWallet;
    type Payload = StaticWallet;
    type Output = StaticWallet;
}
