//! Helpers for reading the API's wire text: quoting input in errors, reading ASCII digits, and
//! visiting a string straight into a wire value.

pub(crate) mod model;
pub(crate) mod raw;
pub(crate) mod scalar;
#[cfg(feature = "models")]
mod shown;

#[cfg(feature = "models")]
pub(crate) use shown::Shown;

use alloc::string::String;
use core::fmt;

/// Input quoted in an error message, cut to 40 characters so errors stay small.
pub(crate) fn shorten(input: &str) -> String {
    const MAX: usize = 40;
    match input.char_indices().nth(MAX) {
        Some((cut, _)) => {
            let mut short = String::from(input.get(..cut).unwrap_or(input));
            short.push('…');
            short
        }
        None => String::from(input),
    }
}

/// The value of a run of ASCII digits (at most nine, so it fits); `None` if any byte is not one.
pub(crate) fn digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || bytes.len() > 9 {
        return None;
    }
    bytes.iter().try_fold(0u32, |value, &byte| {
        byte.is_ascii_digit()
            .then(|| value * 10 + u32::from(byte - b'0'))
    })
}

/// Visits a string and maps it with a parser such as an enum's `from_wire`, without an
/// intermediate `String`.
pub(crate) struct WireVisitor<T>(pub(crate) fn(&str) -> T);

impl<T> serde::de::Visitor<'_> for WireVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok((self.0)(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_on_characters() {
        assert_eq!(shorten("short"), "short");
        let long = "я".repeat(50);
        assert_eq!(shorten(&long).chars().count(), 41);
    }

    #[test]
    fn digits_reads_only_short_runs_of_ascii_digits() {
        assert_eq!(digits(b"2026"), Some(2026));
        assert_eq!(digits(b"000000009"), Some(9));
        for bad in [&b""[..], b"12a", b"1234567890", "٣".as_bytes()] {
            assert_eq!(digits(bad), None);
        }
    }
}
