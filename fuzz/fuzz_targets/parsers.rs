//! The date, id, money and timestamp parsers, from text and from JSON: whatever parses must
//! print back as something that parses to the same value.
#![no_main]

use cryptocloud_types::{Date, InvoiceId, Money, StaticWalletId, Timestamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(date) = text.parse::<Date>() {
        assert_eq!(date.to_string().parse::<Date>().ok(), Some(date));
    }
    if let Ok(id) = text.parse::<InvoiceId>() {
        assert_eq!(id.to_string().parse::<InvoiceId>().ok(), Some(id));
    }
    if let Ok(id) = text.parse::<StaticWalletId>() {
        assert_eq!(id.as_str().parse::<StaticWalletId>().ok(), Some(id));
    }
    if let Ok(money) = text.parse::<Money>() {
        assert_eq!(money.to_string().parse::<Money>().ok(), Some(money));
        let json = serde_json::to_string(&money).expect("money always serializes");
        assert_eq!(serde_json::from_str::<Money>(&json).ok(), Some(money), "{json}");
    }
    if let Ok(money) = serde_json::from_str::<Money>(text) {
        let json = serde_json::to_string(&money).expect("money always serializes");
        assert_eq!(serde_json::from_str::<Money>(&json).ok(), Some(money), "{json}");
    }
    if let Ok(timestamp) = text.parse::<Timestamp>() {
        // Printing keeps microseconds, so compare at that precision.
        let back = timestamp.to_string().parse::<Timestamp>().expect("a printed timestamp parses");
        assert_eq!(back.primitive().replace_nanosecond(back.primitive().microsecond() * 1000).ok(), timestamp.primitive().replace_nanosecond(timestamp.primitive().microsecond() * 1000).ok());
    }
});
