//! `POST /v2/invoice/api/out/create`: sends funds out. Takes the withdrawal key, needs 12 s
//! between calls, and is not safe to retry (all in [`Route::policy`]).

use alloc::string::String;

use serde::Serialize;

use super::invalid::{non_empty, positive};
use super::{InvalidRequest, Operation, Route};
use crate::wire::shorten;
use crate::{CryptoCurrency, Money, Withdrawal};

/// Withdraws `amount` of a coin to an address.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{CreateWithdrawal, Credential, CryptoCurrency, Operation};
/// let withdrawal = CreateWithdrawal::new(
///     CryptoCurrency::Eth,
///     "0xe3dE8434c928fe43012b0e8Fc6b1A928b0F1C492",
///     "0.0029".parse()?,
/// )?;
/// assert_eq!(
///     withdrawal.body()?,
///     br#"{"currency_code":"ETH","to_address":"0xe3dE8434c928fe43012b0e8Fc6b1A928b0F1C492","amount":0.0029}"#
/// );
/// assert_eq!(CreateWithdrawal::ROUTE.credential(), Credential::WithdrawalKey);
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct CreateWithdrawal {
    currency_code: CryptoCurrency,
    to_address: String,
    amount: Money,
}

impl CreateWithdrawal {
    /// Sends `amount` (greater than zero) of `currency` to `to_address` (non-empty, no spaces).
    pub fn new(
        currency: CryptoCurrency,
        to_address: impl Into<String>,
        amount: Money,
    ) -> Result<Self, InvalidRequest> {
        let to_address = non_empty("to_address", to_address.into())?;
        if to_address
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(InvalidRequest::Invalid {
                field: "to_address",
                value: shorten(&to_address),
                reason: "an address holds no spaces or control characters",
            });
        }
        Ok(CreateWithdrawal {
            currency_code: currency,
            to_address,
            amount: positive("amount", amount)?,
        })
    }
}

impl Operation for CreateWithdrawal {
    const ROUTE: Route = Route::CreateWithdrawal;
    type Payload = Withdrawal;
    type Output = Withdrawal;
}
