//! Exact money. The server writes amounts as doubles in their shortest round-trip form
//! (`4.500000159168849e-06`), as integer literals (`0`) and sometimes as numeric strings. Every
//! spelling is read from its digits by one rule (see [`text`]): exact, or not an amount; never
//! rounded. No amount goes through binary floating point on the way in.

mod format;
mod json;
mod text;

use core::fmt;
use core::str::FromStr;

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

/// An exact decimal amount of money (fiat, USD or crypto; the field says which).
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::Money;
///
/// let fee: Money = serde_json::from_str("4.500000159168849e-06")?;
/// assert_eq!(fee.to_string(), "0.000004500000159168849");
///
/// let parts = ["0.1", "0.2"].map(|s| s.parse::<Money>().unwrap());
/// assert_eq!(Money::checked_sum(parts)?, "0.3".parse::<Money>()?);
///
/// // For an accountant: `{:.N}` rounds half away from zero to N places, then pads with zeros.
/// let total: Money = "1234.005".parse()?;
/// assert_eq!(format!("{total:.2}"), "1234.01");
/// assert_eq!(format!("{:.2}", "-0.125".parse::<Money>()?), "-0.13");
/// assert_eq!(format!("{:>10.3}", "7.5".parse::<Money>()?), "     7.500");
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

/// Why a value is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// The text is not a decimal number.
    #[error("`{input}` is not a decimal amount (expected digits such as `12.50` or `4.5e-06`)")]
    NotANumber {
        /// The offending text, shortened to 40 characters.
        input: alloc::string::String,
    },
    /// The number needs more than 28 decimal places or is larger than about 7.9 × 10²⁸; it is
    /// refused, never rounded.
    #[error(
        "`{input}` is outside the exact decimal range (at most 28 decimal places and |x| < 7.9e28)"
    )]
    OutOfRange {
        /// The offending text, shortened to 40 characters.
        input: alloc::string::String,
    },
    /// A sum left the exact decimal range.
    #[error("the sum of the amounts overflows the exact decimal range")]
    Overflow,
    /// Infinity or NaN cannot be an amount.
    #[error("a non-finite number cannot be an amount")]
    NotFinite,
}

impl Money {
    /// Zero.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Wraps an exact decimal.
    pub const fn new(amount: Decimal) -> Self {
        Money(amount)
    }

    /// The exact decimal value.
    pub const fn decimal(self) -> Decimal {
        self.0
    }

    /// Whether the amount is greater than zero.
    pub fn is_positive(self) -> bool {
        self.0.is_sign_positive() && !self.0.is_zero()
    }

    /// Adds two amounts; `None` if the sum leaves the decimal range.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// Subtracts `other`; `None` if the difference leaves the decimal range.
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    /// The exact sum of any number of amounts (zero for none).
    pub fn checked_sum<I: IntoIterator<Item = Money>>(amounts: I) -> Result<Money, MoneyError> {
        amounts.into_iter().try_fold(Money::ZERO, |sum, amount| {
            sum.checked_add(amount).ok_or(MoneyError::Overflow)
        })
    }

    /// The amount a double stands for when printed in its shortest round-trip form, which is how
    /// the server writes amounts.
    pub fn from_f64_shortest(value: f64) -> Result<Money, MoneyError> {
        if !value.is_finite() {
            return Err(MoneyError::NotFinite);
        }
        let mut buffer = zmij::Buffer::new();
        Money::from_str(buffer.format_finite(value))
    }

    /// The double this amount sends as, when that double prints back as exactly this amount.
    fn as_exact_f64(self) -> Option<f64> {
        self.as_f64_fast().or_else(|| self.as_f64_checked())
    }

    /// Clinger's fast path: with at most 15 significant digits and a scale of at most 22, the
    /// mantissa and the power of ten are exact doubles, so their quotient is the double nearest
    /// to the amount (IEEE division rounds correctly), and 15 digits survive the round trip, so
    /// that double's shortest form is this amount.
    #[allow(clippy::float_arithmetic, clippy::cast_precision_loss)]
    fn as_f64_fast(self) -> Option<f64> {
        const MAX_EXACT_MANTISSA: u128 = 1_000_000_000_000_000;
        let mantissa = self.0.mantissa();
        let power = POWERS_OF_TEN.get(usize::try_from(self.0.scale()).ok()?)?;
        (mantissa.unsigned_abs() < MAX_EXACT_MANTISSA).then(|| mantissa as f64 / power)
    }

    /// Any amount: through its text to a double, kept only if it prints back the same.
    fn as_f64_checked(self) -> Option<f64> {
        let mut text = DecimalText::default();
        fmt::write(&mut text, format_args!("{}", self.0)).ok()?;
        let double: f64 = text.as_str().parse().ok()?;
        (Money::from_f64_shortest(double).ok()? == self).then_some(double)
    }
}

/// Reads the digits exactly, by the one rule of this module: at most 28 decimal places and
/// |x| ≤ 79 228 162 514 264 337 593 543 950 335, otherwise [`MoneyError::OutOfRange`]; never
/// rounded.
impl FromStr for Money {
    type Err = MoneyError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        text::parse_exact(input).map(Money)
    }
}

impl From<Decimal> for Money {
    fn from(amount: Decimal) -> Self {
        Money(amount)
    }
}

impl From<Money> for Decimal {
    fn from(amount: Money) -> Self {
        amount.0
    }
}

impl From<u32> for Money {
    fn from(amount: u32) -> Self {
        Money(Decimal::from(amount))
    }
}

/// Sends a JSON number when a double carries this exact amount (always the case for amounts that
/// came from the server, and for amounts of up to 15 significant digits), otherwise the exact
/// numeric string, which the API also accepts. Either way the server reads exactly this amount.
impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.as_exact_f64() {
            Some(double) => serializer.serialize_f64(double),
            None => serializer.collect_str(&self.0),
        }
    }
}

/// 10⁰ to 10²², every one an exact double.
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A stack buffer for a decimal's text (at most 31 characters), so serializing allocates nothing.
struct DecimalText {
    bytes: [u8; 40],
    len: usize,
}

impl Default for DecimalText {
    fn default() -> Self {
        DecimalText {
            bytes: [0; 40],
            len: 0,
        }
    }
}

impl DecimalText {
    fn as_str(&self) -> &str {
        self.bytes
            .get(..self.len)
            .and_then(|bytes| core::str::from_utf8(bytes).ok())
            .unwrap_or("")
    }
}

impl fmt::Write for DecimalText {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let end = self.len + text.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(text.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(text: &str) -> Money {
        text.parse().unwrap()
    }

    #[test]
    fn floats_keep_the_digits_the_server_printed() {
        for (json, exact) in [
            ("4683.83", "4683.83"),
            ("4.500000159168849e-06", "0.000004500000159168849"),
            ("0", "0"),
            ("100", "100"),
            ("100.0", "100.0"),
            ("0.8048", "0.8048"),
            ("1e-05", "0.00001"),
            ("\"12.50\"", "12.50"),
            ("-3.5", "-3.5"),
            ("0.30000000000000004", "0.30000000000000004"),
        ] {
            let parsed: Money = serde_json::from_str(json).unwrap();
            assert_eq!(parsed.to_string(), exact, "{json}");
        }
    }

    #[test]
    fn numbers_and_strings_follow_one_rule() {
        for digits in [
            "0.1234567890123456789012345678",
            "0.30000000000000004",
            "12345678901234567890.123456789",
            "1e-28",
        ] {
            let number: Money = serde_json::from_str(digits).unwrap();
            let string: Money = serde_json::from_str(&format!("\"{digits}\"")).unwrap();
            assert_eq!(number, string, "{digits}");
            assert_eq!(number, money(digits), "{digits}: no double in between");
        }
        for beyond in ["0.12345678901234567890123456789", "1e29", "1e-29"] {
            assert!(serde_json::from_str::<Money>(beyond).is_err(), "{beyond}");
            assert!(
                serde_json::from_str::<Money>(&format!("\"{beyond}\"")).is_err(),
                "{beyond}"
            );
        }
        assert!(serde_json::from_str::<Money>("null").is_err());
        let from_value: Money = serde_json::from_value(serde_json::json!(0.8048)).unwrap();
        assert_eq!(from_value, money("0.8048"));
    }

    #[test]
    fn sums_are_exact() {
        let sum = Money::checked_sum([money("0.1"), money("0.2"), money("0.3")]).unwrap();
        assert_eq!(sum, money("0.6"));
        assert_eq!(Money::checked_sum([]).unwrap(), Money::ZERO);
        let max = Money::new(Decimal::MAX);
        assert_eq!(Money::checked_sum([max, max]), Err(MoneyError::Overflow));
    }

    #[test]
    fn rejects_what_is_not_an_amount() {
        for text in ["", "abc", "1,5", "0x10", "--", "NaN", "inf", "1.2.3", "1-2"] {
            assert!(
                matches!(text.parse::<Money>(), Err(MoneyError::NotANumber { .. })),
                "{text}"
            );
        }
        assert!(matches!(
            "1e400".parse::<Money>(),
            Err(MoneyError::OutOfRange { .. })
        ));
        assert!(serde_json::from_str::<Money>("1e300").is_err());
        assert!(serde_json::from_str::<Money>("true").is_err());
        assert_eq!(
            Money::from_f64_shortest(f64::NAN),
            Err(MoneyError::NotFinite)
        );
    }

    #[test]
    fn the_fast_path_agrees_with_the_checked_one() {
        // A small deterministic generator: mantissas of every length up to 15 digits, every scale.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let digits = (state % 15 + 1) as u32;
            let mantissa = i64::try_from(state >> 8).unwrap() % 10i64.pow(digits);
            let signed = if state & 1 == 0 { mantissa } else { -mantissa };
            let amount = Money::new(Decimal::new(signed, (state >> 40) as u32 % 23));
            assert_eq!(amount.as_f64_fast(), amount.as_f64_checked(), "{amount}");
        }
    }

    #[test]
    fn serializes_as_a_number_when_exact_and_as_a_string_otherwise() {
        let cases = [
            ("100", "100.0"),
            ("100.50", "100.5"),
            ("0.000004500000159168849", "4.500000159168849e-6"),
            (
                "12345678901234567890.123456789",
                "\"12345678901234567890.123456789\"",
            ),
        ];
        for (amount, json) in cases {
            assert_eq!(
                serde_json::to_string(&money(amount)).unwrap(),
                json,
                "{amount}"
            );
            let back: Money = serde_json::from_str(json).unwrap();
            assert_eq!(back, money(amount));
        }
    }
}
