//! Request dates, `dd.mm.yyyy`. The parser is the SDK's, shared on purpose: it is the reference's
//! one date format, with no shape of an answer in it, and a second copy here would only be a
//! second place to get leap years wrong. Nothing the server sends is built from the SDK.

/// The calendar day `text` names, if it is a valid `dd.mm.yyyy` date.
pub(crate) fn parse(text: &str) -> Option<time::Date> {
    cryptocloud_types::Date::parse(text)
        .ok()
        .map(cryptocloud_types::Date::to_time)
}
