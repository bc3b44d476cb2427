//! How an amount is written: every digit it has, or with `{:.N}` rounded half away from zero to
//! N places (`1.005` → `1.01`, `-0.125` → `-0.13`), as an invoice or a ledger shows money.
//! The decimal type's own `{:.N}` cuts digits off (`2.999` → `2.99`), which no accountant
//! expects.

use core::fmt;

use rust_decimal::RoundingStrategy;

use super::Money;

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({})", self.0)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(places) = f.precision() else {
            return fmt::Display::fmt(&self.0, f);
        };
        let places = u32::try_from(places).unwrap_or(u32::MAX);
        let mut rounded = self
            .0
            .round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
        if rounded.is_zero() {
            // `-0.001` to two places is `0.00`: an amount has no negative zero.
            rounded.set_sign_positive(true);
        }
        fmt::Display::fmt(&rounded, f)
    }
}

#[cfg(test)]
mod tests {
    use alloc::format;

    use super::Money;

    fn money(text: &str) -> Money {
        text.parse().unwrap()
    }

    #[test]
    fn precision_rounds_half_away_from_zero_and_pads() {
        for (amount, two_places) in [
            ("2.999", "3.00"),
            ("1.005", "1.01"),
            ("1.004999", "1.00"),
            ("-1.005", "-1.01"),
            ("-0.001", "0.00"),
            ("0.000004500000159168849", "0.00"),
            ("12", "12.00"),
            ("0.5", "0.50"),
            (
                "79228162514264337593543950335",
                "79228162514264337593543950335.00",
            ),
        ] {
            assert_eq!(format!("{:.2}", money(amount)), two_places, "{amount}");
        }
        assert_eq!(format!("{:.0}", money("2.5")), "3");
        assert_eq!(
            format!("{:.30}", money("0.1")),
            format!("0.1{}", "0".repeat(29))
        );
        assert_eq!(format!("{:+.1}", money("0.25")), "+0.3");
        assert_eq!(format!("{:<8.1}|", money("0.25")), "0.3     |");
        assert_eq!(
            format!("{}", money("2.999")),
            "2.999",
            "no precision: every digit"
        );
    }
}
