//! The one rule for reading an amount from its digits, whatever their spelling.
//!
//! An amount is exactly the decimal its text spells, `12.50`, `4.500000159168849e-06`, `1E+2`,
//! whether it came as a JSON number or as a string, when `rust_decimal` holds that value without
//! rounding: at most 28 digits after the point (trailing zeros past the 28th are dropped, as they
//! change no value) and an integer part of at most 29 digits, |x| ≤ 79 228 162 514 264 337 593 543
//! 950 335. Anything else is **not an amount** ([`MoneyError::OutOfRange`]): it is never rounded,
//! so no two spellings of one number can read as two different amounts. In a response model such
//! a value leaves its field absent and keeps its raw text.

use rust_decimal::Decimal;

use super::MoneyError;

/// Largest exponent looked at; beyond it every non-zero amount is out of range anyway.
const MAX_EXPONENT: i64 = 1000;

/// `[+-]digits[.digits][(e|E)[+-]digits]`, read exactly or refused, in one pass over the bytes.
pub(super) fn parse_exact(input: &str) -> Result<Decimal, MoneyError> {
    let not_a_number = || MoneyError::NotANumber {
        input: crate::wire::shorten(input),
    };
    let out_of_range = || MoneyError::OutOfRange {
        input: crate::wire::shorten(input),
    };
    if let Some(short) = parse_short(input.as_bytes()) {
        return Ok(short);
    }
    let bytes = input.trim().as_bytes();
    let (negative, mut at) = match bytes.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    let mut mantissa: u128 = 0;
    let (mut integer_digits, mut fraction_digits, mut dropped_zeros) = (0_i64, 0_i64, 0_i64);
    let mut in_fraction = false;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'0'..=b'9' => {
                let digit = u128::from(byte - b'0');
                if in_fraction {
                    fraction_digits += 1;
                } else {
                    integer_digits += 1;
                }
                match mantissa.checked_mul(10).and_then(|m| m.checked_add(digit)) {
                    Some(next) if dropped_zeros == 0 => mantissa = next,
                    // Zeros of the fraction that no longer fit change no value, unless a
                    // non-zero digit follows them.
                    _ if digit == 0 && in_fraction => dropped_zeros += 1,
                    _ => return Err(out_of_range()),
                }
            }
            b'.' if !in_fraction => in_fraction = true,
            b'e' | b'E' => break,
            _ => return Err(not_a_number()),
        }
        at += 1;
    }
    if integer_digits == 0 {
        return Err(not_a_number());
    }
    let exponent = match bytes.get(at + 1..) {
        None => 0,
        Some(exponent) => {
            let digits = exponent
                .strip_prefix(b"-")
                .or_else(|| exponent.strip_prefix(b"+"));
            let digits = digits.unwrap_or(exponent);
            if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
                return Err(not_a_number());
            }
            let magnitude = digits.iter().try_fold(0_i64, |value, &digit| {
                Some((value * 10 + i64::from(digit - b'0')).min(MAX_EXPONENT))
            });
            let magnitude = magnitude.unwrap_or(MAX_EXPONENT);
            if exponent.first() == Some(&b'-') {
                -magnitude
            } else {
                magnitude
            }
        }
    };
    let mut scale = fraction_digits - dropped_zeros - exponent;
    while scale > i64::from(Decimal::MAX_SCALE) && mantissa != 0 && mantissa.is_multiple_of(10) {
        mantissa /= 10;
        scale -= 1;
    }
    if mantissa == 0 {
        let zero_scale = scale.clamp(0, i64::from(Decimal::MAX_SCALE));
        return Ok(Decimal::new(0, u32::try_from(zero_scale).unwrap_or(0)));
    }
    if scale > i64::from(Decimal::MAX_SCALE) {
        return Err(out_of_range());
    }
    while scale < 0 {
        mantissa = mantissa.checked_mul(10).ok_or_else(out_of_range)?;
        scale += 1;
    }
    let mantissa = i128::try_from(mantissa).map_err(|_| out_of_range())?;
    let mantissa = if negative { -mantissa } else { mantissa };
    let scale = u32::try_from(scale).map_err(|_| out_of_range())?;
    Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| out_of_range())
}

/// The usual spelling, `[-]digits[.digits]` with at most 19 digits (so that they fit a `u64`):
/// the value the general reader below gives, in a fraction of its work. `None` for anything
/// else, which the general reader then takes.
#[inline]
pub(super) fn parse_short(bytes: &[u8]) -> Option<Decimal> {
    const MAX_DIGITS: usize = 19;
    let (negative, digits) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    let mut mantissa: u64 = 0;
    let mut point = None;
    for (at, &byte) in digits.iter().enumerate() {
        let digit = byte.wrapping_sub(b'0');
        if digit < 10 {
            // Wraps only past 19 digits, which are refused below.
            mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(digit));
        } else if byte == b'.' && point.is_none() {
            point = Some(at);
        } else {
            return None;
        }
    }
    let scale = match point {
        None => 0,
        // A digit on each side of the point.
        Some(at) if at > 0 && at + 1 < digits.len() => digits.len() - at - 1,
        Some(_) => return None,
    };
    let count = digits.len() - usize::from(point.is_some());
    if count == 0 || count > MAX_DIGITS {
        return None;
    }
    // At most 18 places: within the decimal's 28.
    let scale = u32::try_from(scale).ok()?;
    // The low and middle 32 bits of the 96-bit mantissa; the high ones are zero.
    let (low, middle) = (mantissa as u32, (mantissa >> 32) as u32);
    Some(Decimal::from_parts(low, middle, 0, negative, scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(text: &str) -> String {
        parse_exact(text).unwrap().to_string()
    }

    #[test]
    fn every_spelling_of_one_value_reads_the_same() {
        for (spellings, value) in [
            (
                &["100", "100.0", "1e2", "1E+2", "+100.00", "0.1e3"][..],
                "100",
            ),
            (
                &["4.500000159168849e-06", "0.000004500000159168849"],
                "0.000004500000159168849",
            ),
            (&["-3.5", "-35e-1", "-0.35E1"], "-3.5"),
            (
                &[
                    "0",
                    "0.0",
                    "-0",
                    "0e-40",
                    "0.00000000000000000000000000000000000",
                ],
                "0",
            ),
        ] {
            for spelling in spellings {
                assert_eq!(
                    parse_exact(spelling).unwrap(),
                    value.parse::<Decimal>().unwrap(),
                    "{spelling}"
                );
            }
        }
        assert_eq!(exact("12.50"), "12.50", "the scale written is kept");
    }

    #[test]
    fn the_short_reader_agrees_with_the_general_one() {
        for text in [
            "0",
            "-0",
            "0.0",
            "-0.000",
            "7",
            "007",
            "100.0",
            "12.50",
            "-3.5",
            "4683.83",
            "18446744073709551615",
            "18446744073709551616",
            "1844674407370955161.5",
            "0.0000000000000000000000000001",
            "0.00000000000000000000000000010",
            "1.",
            ".5",
            "-",
            "1.2.3",
            "+1",
            "1e2",
        ] {
            let short = parse_short(text.as_bytes());
            if let Some(short) = short {
                let general = parse_exact(&format!("{text}e0")).unwrap();
                assert_eq!(
                    (short.mantissa(), short.scale()),
                    (general.mantissa(), general.scale()),
                    "{text}"
                );
            }
        }
        // Random spellings: digits, a point, a sign, and now and then a byte that is none of them.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..100_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 23) as usize;
            let text: String = (0..len)
                .map(|at| match (state >> (at * 2 % 60)) % 16 {
                    0 => '.',
                    1 if at == 0 => '-',
                    2 if state.is_multiple_of(97) => 'x',
                    _ => char::from(b'0' + ((state >> (at % 50)) % 10) as u8),
                })
                .collect();
            let general = parse_exact(&format!("{text}e0"));
            match parse_short(text.as_bytes()) {
                Some(short) => assert_eq!(
                    Ok((short.mantissa(), short.scale())),
                    general.map(|general| (general.mantissa(), general.scale())),
                    "{text}"
                ),
                None => assert!(
                    general.is_err()
                        || text.len() >= 19
                        || text.ends_with('.')
                        || text.starts_with('.')
                        || text.starts_with("-."),
                    "{text}: the general reader takes {general:?}"
                ),
            }
        }
        assert!(parse_short(b"18446744073709551616").is_none());
        assert!(parse_short(b"99999999999999999999").is_none(), "20 digits");
        assert!(parse_short(b"9999999999999999999").is_some(), "19 digits");
        assert!(parse_short(b"1.").is_none() && parse_short(b"+1").is_none());
    }

    #[test]
    fn the_edges_of_the_exact_range() {
        assert_eq!(
            exact("0.0000000000000000000000000001"),
            "0.0000000000000000000000000001"
        );
        assert_eq!(exact("1e-28"), "0.0000000000000000000000000001");
        assert_eq!(
            exact("79228162514264337593543950335"),
            "79228162514264337593543950335"
        );
        assert_eq!(
            exact("1.50000000000000000000000000000000"),
            "1.5000000000000000000000000000",
            "zeros past the 28th place are dropped"
        );
        for beyond in [
            "0.00000000000000000000000000001",
            "1e-29",
            "0.12345678901234567890123456789",
            "79228162514264337593543950336",
            "1e29",
            "1e400",
            "123456789012345678901234567890123456789012",
        ] {
            assert!(
                matches!(parse_exact(beyond), Err(MoneyError::OutOfRange { .. })),
                "{beyond}"
            );
        }
    }

    #[test]
    fn what_is_not_a_number() {
        for text in [
            "", "-", "abc", "1,5", "0x10", "--1", "NaN", "inf", "1.2.3", ".5", "1e", "1e+", "1-2",
            "1e2.5",
        ] {
            assert!(
                matches!(parse_exact(text), Err(MoneyError::NotANumber { .. })),
                "{text}"
            );
        }
    }
}
