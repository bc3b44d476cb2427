//! Quirks: rewrites an answer into the other shapes the reference says the real API sends
//! (`Quirks::documented_permille`), and, as a class apart, into drift it does not confirm
//! (`Quirks::unconfirmed_permille`). Each decision is a hash of the seed, the record and the
//! field, so the same invoice always comes back the same way, whatever the timing.

use crate::config::Quirks;
use crate::json::{Json, python_repr};

/// The decision, per record, that its coin is one this SDK does not know.
const UNKNOWN_COIN: &str = "unknown coin";

/// Decides quirks for one answer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Dice {
    seed: u64,
    quirks: Quirks,
}

/// Fields the API leaves empty with Python's `"None"` or `""` (reference: "Python leaks").
const ABSENT_AS_TEXT: [&str; 4] = ["order_id", "pay_url", "logo", "icon_network"];
const TIMESTAMPS: [&str; 3] = ["created", "expiry_date", "date_finished"];

impl Dice {
    pub(crate) fn new(seed: u64, quirks: Quirks) -> Dice {
        Dice { seed, quirks }
    }

    /// A number in 0..1000 for `record` and `field`, the same on every call.
    fn roll(&self, record: &str, field: &str, salt: u64) -> u32 {
        // FNV-1a over the inputs, then a SplitMix64 finish so nearby inputs spread.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ self.seed ^ salt.rotate_left(17);
        for byte in record.bytes().chain([0]).chain(field.bytes()) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        hash = (hash ^ (hash >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        hash = (hash ^ (hash >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((hash ^ (hash >> 31)) % 1000) as u32
    }

    /// Whether `field` of `record` gets a documented quirk.
    pub(crate) fn documented(&self, record: &str, field: &str) -> bool {
        self.roll(record, field, 1) < self.quirks.documented_permille
    }

    /// Whether `record` gets the unconfirmed drift `what`.
    pub(crate) fn unconfirmed(&self, record: &str, what: &str) -> bool {
        self.roll(record, what, 2) < self.quirks.unconfirmed_permille
    }

    /// The coin code `record` shows everywhere (its info answer's `fullcode` and its postbacks'
    /// `currency`): an unknown coin is a property of the invoice, so every answer about it agrees.
    pub(crate) fn coin<'a>(&self, record: &str, code: &'a str) -> &'a str {
        if self.documented(record, UNKNOWN_COIN) {
            "NEWCOIN_CHAIN"
        } else {
            code
        }
    }

    /// Rewrites every value of `value` (an invoice, a balance line, statistics…) known as
    /// `record`: money, absent values, timestamps, `tx_list`, unknown stages, coins and fields.
    pub(crate) fn apply(&self, record: &str, value: &mut Json) {
        if self.quirks.documented_permille == 0 {
            return;
        }
        self.walk(record, "", value);
        if let Json::Object(fields) = value {
            if fields.iter().any(|(key, _)| key == "amount") && self.documented(record, "amount_") {
                // The reference's stray key beside `amount`.
                let amount = fields
                    .iter()
                    .find(|(key, _)| key == "amount")
                    .map(|(_, v)| v.clone());
                let at = fields
                    .iter()
                    .position(|(key, _)| key == "amount")
                    .map_or(0, |at| at + 1);
                fields.insert(at, (String::from("amount_"), amount.unwrap_or(Json::Null)));
            }
            if self.documented(record, "extra field") {
                fields.push((
                    String::from("mock_unknown_field"),
                    Json::str("added by --quirks"),
                ));
            }
        }
    }

    fn walk(&self, record: &str, path: &str, value: &mut Json) {
        let name = path.rsplit('.').next().unwrap_or(path);
        match value {
            Json::Float(number) if self.documented(record, path) => {
                *value = self.money(record, path, *number);
            }
            Json::Null if ABSENT_AS_TEXT.contains(&name) && self.documented(record, path) => {
                *value = self.absent(record, path);
            }
            Json::Str(text) => {
                if ABSENT_AS_TEXT.contains(&name) && name != "icon_network" {
                    // A value that is there may still come as `""`/`"None"` for pay_url/logo.
                    if name != "order_id" && self.documented(record, path) {
                        *value = self.absent(record, path);
                    }
                } else if TIMESTAMPS.contains(&name) && self.documented(record, path) {
                    if let Some((whole, _fraction)) = text.split_once('.') {
                        *text = whole.to_owned();
                    }
                } else if name == "invoice_status" && self.documented(record, path) {
                    *text = String::from("waiting_confirmations");
                } else if name == "fullcode" && self.documented(record, UNKNOWN_COIN) {
                    *text = String::from("NEWCOIN_CHAIN");
                }
            }
            Json::Array(items) => {
                if items.is_empty() && name == "tx_list" && self.documented(record, path) {
                    items.push(Json::str(""));
                }
                for (position, item) in items.iter_mut().enumerate() {
                    self.walk(record, &format!("{path}[{position}]"), item);
                }
            }
            Json::Object(fields) => {
                for (key, item) in fields.iter_mut() {
                    let path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    self.walk(record, &path, item);
                }
            }
            _ => {}
        }
    }

    /// Money in another of its seen forms, the same value: an integer literal when whole, an
    /// exponent float, or a numeric string.
    fn money(&self, record: &str, path: &str, number: f64) -> Json {
        let whole = number.fract() == 0.0 && number.abs() < 1e15;
        match self.roll(record, path, 3) % 3 {
            #[allow(clippy::cast_possible_truncation)] // whole and small: exact
            0 if whole => Json::Int(number as i64),
            0 | 1 => Json::Exponent(number),
            _ => Json::Str(python_repr(number)),
        }
    }

    fn absent(&self, record: &str, path: &str) -> Json {
        Json::str(if self.roll(record, path, 4).is_multiple_of(2) {
            "None"
        } else {
            ""
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Json {
        Json::object([
            ("amount", Json::Float(100.0)),
            ("fee", Json::Float(0.8048)),
            ("order_id", Json::Null),
            ("created", Json::str("2026-01-01 12:00:00.123456")),
            ("tx_list", Json::Array(Vec::new())),
        ])
    }

    #[test]
    fn off_changes_nothing_and_full_rate_changes_every_field() {
        let mut off = sample();
        Dice::new(1, Quirks::OFF).apply("INV-1", &mut off);
        assert_eq!(off, sample());

        let mut on = sample();
        Dice::new(1, Quirks::documented(1000)).apply("INV-1", &mut on);
        assert!(!matches!(on.get("amount"), Some(Json::Float(_))));
        assert!(
            matches!(on.get("order_id"), Some(Json::Str(text)) if text == "None" || text.is_empty())
        );
        assert_eq!(on.get("created"), Some(&Json::str("2026-01-01 12:00:00")));
        assert_eq!(on.get("tx_list"), Some(&Json::Array(vec![Json::str("")])));
        assert!(on.get("amount_").is_some() && on.get("mock_unknown_field").is_some());
    }

    #[test]
    fn decisions_depend_on_seed_record_and_field_only() {
        let dice = Dice::new(9, Quirks::documented(500));
        let once = {
            let mut value = sample();
            dice.apply("INV-A", &mut value);
            value
        };
        let again = {
            let mut value = sample();
            dice.apply("INV-A", &mut value);
            value
        };
        assert_eq!(once, again);
        let hits = (0..1000)
            .filter(|n| dice.documented(&format!("INV-{n}"), "fee"))
            .count();
        assert!(
            (400..600).contains(&hits),
            "about half at 500 per mille: {hits}"
        );
    }
}
