//! Reading an amount from JSON: from the value's raw text, by the one rule of `text.rs`, so that
//! no digit goes through a double on the way in.

use serde::de;
use serde::{Deserialize, Deserializer};

use super::{Money, MoneyError, text};
use crate::wire::model::{Read, Sink, Slot, ToRead, WireValue};
use crate::wire::raw::RawText;

impl Money {
    /// The amount a value's JSON text spells: a number's digits as written, or a string holding
    /// them; `None` for `null`, `""` and `"None"`.
    pub(super) fn from_json_text(json: &str) -> Result<Option<Money>, MoneyError> {
        if crate::lenient::is_absent_json(json) {
            return Ok(None);
        }
        let digits = match json
            .strip_prefix('"')
            .and_then(|text| text.strip_suffix('"'))
        {
            Some(inner) if !inner.contains('\\') => inner,
            _ => json,
        };
        digits.parse().map(Some)
    }
}

/// Reads the value's JSON text (from serde_json, the digits as written; from a
/// `serde_json::Value`, which holds a double, its shortest round-trip form) by the rule above.
impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = RawText::deserialize(deserializer)?;
        match Money::from_json_text(raw.as_str()) {
            Ok(Some(amount)) => Ok(amount),
            Ok(None) => Err(de::Error::custom("an amount is required here, not null")),
            Err(error) => Err(de::Error::custom(error)),
        }
    }
}

/// In a response model an amount that is not one leaves its field absent, its raw text kept.
impl WireValue for Money {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<'de, Self>, D::Error> {
        Ok(Money::take(RawText::deserialize(deserializer)?, ToRead))
    }

    fn read_into<'de, D: Deserializer<'de>>(
        deserializer: D,
        into: Slot<'_, Self>,
    ) -> Result<(), D::Error> {
        Money::take(RawText::deserialize(deserializer)?, into);
        Ok(())
    }
}

impl Money {
    /// Reads an amount from its raw text into `sink`: the usual spelling straight from its digits,
    /// without the general reader's error to build on the way.
    fn take<'de, S: Sink<'de, Money>>(raw: RawText<'de>, sink: S) -> S::Out {
        if let Some(amount) = text::parse_short(raw.as_str().as_bytes()) {
            return sink.value(Money(amount));
        }
        match Money::from_json_text(raw.as_str()) {
            Ok(Some(amount)) => sink.value(amount),
            Ok(None) => sink.absent(),
            Err(_) => sink.unexpected(raw),
        }
    }
}
