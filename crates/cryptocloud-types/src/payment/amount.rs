//! An amount of one coin, exact to the coin's smallest unit: what "send exactly this amount"
//! means on chain.

use core::fmt;

use crate::{CryptoCurrency, Money};

/// An exact, positive amount of a coin that its smallest unit can express (at most `decimals`
/// decimal places). Displays without trailing zeros (`103.3`), as wallets take it.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::payment::CoinAmount;
/// use cryptocloud::{CryptoCurrency, Money};
///
/// let amount = CoinAmount::new("0.00120000".parse::<Money>()?, &CryptoCurrency::Btc)?;
/// assert_eq!(amount.to_string(), "0.0012");
/// assert_eq!(amount.base_units(), 120_000); // satoshi
/// assert!(CoinAmount::new("1.0000001".parse::<Money>()?, &CryptoCurrency::UsdtTrc20).is_err());
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoinAmount {
    amount: Money,
    decimals: u32,
    base_units: u128,
}

/// Why an amount cannot be paid in a coin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CoinAmountError {
    /// The SDK does not know the coin's decimals.
    #[error("the SDK does not know the decimals of `{coin}`, so it cannot state an exact amount")]
    UnknownCoin {
        /// The coin's code.
        coin: CryptoCurrency,
    },
    /// Zero or negative.
    #[error("{amount} {coin} is not a positive amount")]
    NotPositive {
        /// The amount.
        amount: Money,
        /// The coin's code.
        coin: CryptoCurrency,
    },
    /// More decimal places than the coin's smallest unit: no transfer can send it exactly.
    #[error("{amount} {coin} has more than the coin's {decimals} decimal places")]
    TooPrecise {
        /// The amount.
        amount: Money,
        /// The coin's code.
        coin: CryptoCurrency,
        /// The coin's decimal places.
        decimals: u32,
    },
    /// Too large to count in the smallest unit.
    #[error("{amount} {coin} is too large to count in the coin's smallest unit")]
    TooLarge {
        /// The amount.
        amount: Money,
        /// The coin's code.
        coin: CryptoCurrency,
    },
}

impl CoinAmount {
    /// `amount` of `coin`, checked against the coin's decimals (see
    /// [`CoinSpec`](super::CoinSpec)).
    pub fn new(amount: Money, coin: &CryptoCurrency) -> Result<CoinAmount, CoinAmountError> {
        let spec = super::CoinSpec::of(coin)
            .ok_or_else(|| CoinAmountError::UnknownCoin { coin: coin.clone() })?;
        CoinAmount::with_decimals(amount, spec.decimals).map_err(|kind| match kind {
            Refusal::NotPositive => CoinAmountError::NotPositive {
                amount,
                coin: coin.clone(),
            },
            Refusal::TooPrecise => CoinAmountError::TooPrecise {
                amount,
                coin: coin.clone(),
                decimals: spec.decimals,
            },
            Refusal::TooLarge => CoinAmountError::TooLarge {
                amount,
                coin: coin.clone(),
            },
        })
    }

    fn with_decimals(amount: Money, decimals: u32) -> Result<CoinAmount, Refusal> {
        let exact = amount.decimal().normalize();
        if !exact.is_sign_positive() || exact.is_zero() {
            return Err(Refusal::NotPositive);
        }
        let scale = exact.scale();
        let extra = decimals.checked_sub(scale).ok_or(Refusal::TooPrecise)?;
        let mantissa = u128::try_from(exact.mantissa()).map_err(|_| Refusal::NotPositive)?;
        let base_units = 10u128
            .checked_pow(extra)
            .and_then(|factor| mantissa.checked_mul(factor))
            .ok_or(Refusal::TooLarge)?;
        Ok(CoinAmount {
            amount: Money::new(exact),
            decimals,
            base_units,
        })
    }

    /// The amount in the coin's unit (`0.0012` BTC).
    pub fn amount(&self) -> Money {
        self.amount
    }

    /// The coin's decimal places.
    pub fn decimals(&self) -> u32 {
        self.decimals
    }

    /// The amount in the coin's smallest unit (satoshi, wei, sun, nanoton, lamports, or the
    /// token's base unit).
    pub fn base_units(&self) -> u128 {
        self.base_units
    }
}

enum Refusal {
    NotPositive,
    TooPrecise,
    TooLarge,
}

impl fmt::Display for CoinAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Normalized at construction: no trailing zeros, never an exponent.
        fmt::Display::fmt(&self.amount.decimal(), f)
    }
}
