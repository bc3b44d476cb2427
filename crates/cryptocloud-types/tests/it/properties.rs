//! Properties over generated inputs: dates, ids, money through JSON, and list paging.
#![allow(clippy::float_arithmetic)] // generating the doubles a server would print

use cryptocloud_types::{Date, DateError, InvoiceId, Money, PageSize, Window};
use proptest::prelude::*;

fn days_in_month(year: i32, month: u8) -> u8 {
    time::util::days_in_month(time::Month::try_from(month).unwrap(), year)
}

/// Any day from 01.01.0001 to 31.12.9999.
fn valid_day() -> impl Strategy<Value = (i32, u8, u8)> {
    (1i32..=9999, 1u8..=12)
        .prop_flat_map(|(year, month)| (Just(year), Just(month), 1..=days_in_month(year, month)))
}

proptest! {
    #[test]
    fn every_valid_date_prints_and_parses_back((year, month, day) in valid_day()) {
        let date = Date::from_ymd(year, month, day).unwrap();
        let text = date.to_string();
        prop_assert_eq!(&text, &format!("{day:02}.{month:02}.{year:04}"));
        prop_assert_eq!(text.parse::<Date>().unwrap(), date);
    }

    #[test]
    fn every_impossible_day_is_refused(year in 1i32..=9999, month in 0u8..=99, day in 0u8..=99) {
        let possible = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        let parsed = format!("{day:02}.{month:02}.{year:04}").parse::<Date>();
        if possible {
            prop_assert!(parsed.is_ok());
        } else {
            prop_assert!(matches!(parsed, Err(DateError::Impossible { .. })), "{:?}", parsed);
        }
    }

    #[test]
    fn any_text_that_is_not_a_date_is_refused_without_panic(text in "\\PC{0,24}") {
        if let Ok(date) = text.parse::<Date>() {
            prop_assert_eq!(date.to_string(), text);
        }
    }

    #[test]
    fn invoice_ids_in_either_form(bare in "[A-Z0-9]{1,64}") {
        let prefixed: InvoiceId = format!("INV-{bare}").parse().unwrap();
        let plain: InvoiceId = bare.parse().unwrap();
        prop_assert_eq!(&prefixed, &plain);
        prop_assert_eq!(plain.bare(), bare.as_str());
        prop_assert_eq!(plain.to_string().parse::<InvoiceId>().unwrap(), plain);
    }

    #[test]
    fn ids_with_anything_but_letters_and_digits_are_refused(before in "[A-Z0-9]{0,8}", bad in "[^A-Za-z0-9]", after in "[A-Z0-9]{0,8}") {
        let text = format!("{before}{bad}{after}");
        prop_assert!(text.parse::<InvoiceId>().is_err() || text.starts_with("INV-") || text.starts_with("inv-"));
    }

    /// The server writes doubles in their shortest form: any such amount decodes to exactly
    /// those digits and encodes back to the same double.
    #[test]
    fn money_round_trips_through_json(value in prop_oneof![
        -1e15f64..1e15,
        0f64..1.0,
        (0i64..1_000_000_000_000).prop_map(|cents| cents as f64 / 100.0),
        // Down to 1e-12: smaller amounts would need more than the 28 decimal places a decimal holds.
        (-12i32..15).prop_map(|exponent| 10f64.powi(exponent) * 4.500000159168849),
    ]) {
        let json = serde_json::to_string(&value).unwrap();
        let money: Money = serde_json::from_str(&json).unwrap();
        let digits = json.replace("e+", "e");
        let exact = if digits.contains(['e', 'E']) { cryptocloud_types::Decimal::from_scientific(&digits) } else { digits.parse() };
        prop_assert_eq!(money.decimal(), exact.unwrap(), "{}", json);
        let back: f64 = serde_json::from_str(&serde_json::to_string(&money).unwrap()).unwrap();
        prop_assert_eq!(back, value);
    }

    /// Reading page after page (each a window of `size` records, `limit` the last record's
    /// number) from any starting page covers every record from there exactly once.
    #[test]
    fn paging_covers_every_record_exactly_once(total in 0u64..5_000, size in 1u64..=100, first_page in 1u64..4) {
        let size = PageSize::new(size).unwrap();
        let mut window = Window::page(size, first_page).unwrap();
        let mut seen = Vec::new();
        loop {
            // The server: records offset+1 ..= min(limit, total).
            let records: Vec<u64> = (window.offset() + 1..=window.limit().min(total)).collect();
            let short = (records.len() as u64) < window.len();
            seen.extend(records);
            if short {
                break;
            }
            window = window.next(size).unwrap();
        }
        let start = (first_page - 1) * size.get();
        prop_assert_eq!(seen, (start + 1..=total).collect::<Vec<_>>());
    }
}
