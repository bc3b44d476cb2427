//! Calendar dates as the API's request bodies take them: `dd.mm.yyyy`.

use alloc::string::String;
use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::Month;

use crate::wire::{digits, shorten};

/// A calendar day, written `dd.mm.yyyy` on the wire (years 1 to 9999).
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{Date, DateError};
///
/// let date: Date = "31.01.2026".parse()?;
/// assert_eq!(date.to_string(), "31.01.2026");
/// assert!(matches!("31.02.2026".parse::<Date>(), Err(DateError::Impossible { .. })));
/// let mistake = "2026-01-31".parse::<Date>().unwrap_err();
/// assert_eq!(
///     mistake.to_string(),
///     "`2026-01-31` is not a date of the form dd.mm.yyyy; did you mean `31.01.2026`?"
/// );
/// # Ok::<(), DateError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

/// Why a text is not a `dd.mm.yyyy` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// The text does not have the shape `dd.mm.yyyy`.
    #[error("`{input}` is not a date of the form dd.mm.yyyy{}", suggestion_text(.suggestion))]
    Format {
        /// The offending text, shortened to 40 characters.
        input: String,
        /// The same date in the expected form, when the input was another common form
        /// (`yyyy-mm-dd`, `dd/mm/yyyy`, `dd-mm-yyyy`, `d.m.yyyy`).
        suggestion: Option<String>,
    },
    /// The shape is right but the day does not exist (`31.02.2026`).
    #[error("`{input}` is not a real date")]
    Impossible {
        /// The offending text.
        input: String,
        /// Which component is out of range.
        #[source]
        source: time::error::ComponentRange,
    },
    /// The month is not 1 to 12 ([`DateRange::month`]).
    #[error("month {month} of {year} does not exist: months are 1 to 12")]
    NoSuchMonth {
        /// The year given.
        year: i32,
        /// The month given.
        month: u8,
    },
    /// The year is outside 1..=9999, which `dd.mm.yyyy` cannot write.
    #[error("year {year} cannot be written as dd.mm.yyyy (years 1 to 9999)")]
    YearOutOfRange {
        /// The year given.
        year: i32,
    },
}

fn suggestion_text(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(date) => alloc::format!("; did you mean `{date}`?"),
        None => String::from(" (for example 31.01.2026)"),
    }
}

impl Date {
    /// The date for a year, month (1–12) and day.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Result<Date, DateError> {
        let impossible = |source| DateError::Impossible {
            input: alloc::format!("{day:02}.{month:02}.{year:04}"),
            source,
        };
        let month = Month::try_from(month).map_err(impossible)?;
        let date = time::Date::from_calendar_date(year, month, day).map_err(impossible)?;
        Date::try_from(date)
    }

    /// The same day as a [`time::Date`].
    pub const fn to_time(self) -> time::Date {
        self.0
    }

    /// Parses `dd.mm.yyyy` strictly: two-digit day and month, four-digit year.
    pub fn parse(input: &str) -> Result<Date, DateError> {
        let Some((day, month, year)) = split_dotted(input.as_bytes()) else {
            return Err(DateError::Format {
                input: shorten(input),
                suggestion: suggest(input),
            });
        };
        let impossible = |source| DateError::Impossible {
            input: shorten(input),
            source,
        };
        let month = Month::try_from(month).map_err(impossible)?;
        let date = time::Date::from_calendar_date(year, month, day).map_err(impossible)?;
        Date::try_from(date)
    }
}

/// `dd.mm.yyyy` into its numbers; `None` unless the shape is exact.
fn split_dotted(bytes: &[u8]) -> Option<(u8, u8, i32)> {
    if bytes.len() != 10 || bytes.get(2) != Some(&b'.') || bytes.get(5) != Some(&b'.') {
        return None;
    }
    let day = u8::try_from(digits(bytes.get(0..2)?)?).ok()?;
    let month = u8::try_from(digits(bytes.get(3..5)?)?).ok()?;
    let year = i32::try_from(digits(bytes.get(6..10)?)?).ok()?;
    Some((day, month, year))
}

/// The `dd.mm.yyyy` spelling of a date written in another common form, if it is one.
fn suggest(input: &str) -> Option<String> {
    let parts: alloc::vec::Vec<&str> = input.trim().split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let number = |part: &str| digits(part.as_bytes()).filter(|_| part.len() <= 4);
    let (year, month, day) = if a.len() == 4 {
        (number(a)?, number(b)?, number(c)?)
    } else if c.len() == 4 {
        (number(c)?, number(b)?, number(a)?)
    } else {
        return None;
    };
    let date = Date::from_ymd(
        i32::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )
    .ok()?;
    Some(alloc::string::ToString::to_string(&date))
}

impl TryFrom<time::Date> for Date {
    type Error = DateError;

    fn try_from(date: time::Date) -> Result<Self, Self::Error> {
        if (1..=9999).contains(&date.year()) {
            Ok(Date(date))
        } else {
            Err(DateError::YearOutOfRange { year: date.year() })
        }
    }
}

impl From<Date> for time::Date {
    fn from(date: Date) -> Self {
        date.0
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Date::parse(input)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = self.0;
        write!(
            f,
            "{:02}.{:02}.{:04}",
            date.day(),
            u8::from(date.month()),
            date.year()
        )
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_str(crate::wire::WireVisitor(Date::parse))
            .and_then(|parsed| parsed.map_err(serde::de::Error::custom))
    }
}

/// An inclusive range of days, `start` ≤ `end`, as the list and statistics calls take it.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{Date, DateRange, DateRangeError};
///
/// let january = DateRange::new("01.01.2026".parse()?, "31.01.2026".parse()?)?;
/// assert_eq!(january.start().to_string(), "01.01.2026");
/// let backwards = DateRange::new(january.end(), january.start());
/// assert!(matches!(backwards, Err(DateRangeError::EndBeforeStart { .. })));
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct DateRange {
    start: Date,
    end: Date,
}

/// Why two dates do not make a range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateRangeError {
    /// The end is before the start.
    #[error("the end date {end} is before the start date {start}")]
    EndBeforeStart {
        /// The start given.
        start: Date,
        /// The end given.
        end: Date,
    },
}

impl DateRange {
    /// The days from `start` to `end`, both included.
    pub fn new(start: Date, end: Date) -> Result<DateRange, DateRangeError> {
        if end < start {
            return Err(DateRangeError::EndBeforeStart { start, end });
        }
        Ok(DateRange { start, end })
    }

    /// A range of one day.
    pub const fn day(date: Date) -> DateRange {
        DateRange {
            start: date,
            end: date,
        }
    }

    /// Every day of `month` (1–12) of `year`.
    ///
    /// ```
    /// # use cryptocloud_types as cryptocloud;
    /// use cryptocloud::DateRange;
    /// let february = DateRange::month(2028, 2)?;
    /// assert_eq!((february.start().to_string(), february.end().to_string()),
    ///            ("01.02.2028".into(), "29.02.2028".into()));
    /// assert_eq!(DateRange::month(2026, 13).unwrap_err().to_string(),
    ///            "month 13 of 2026 does not exist: months are 1 to 12");
    /// # Ok::<(), cryptocloud_types::DateError>(())
    /// ```
    pub fn month(year: i32, month: u8) -> Result<DateRange, DateError> {
        if !(1..=12).contains(&month) {
            return Err(DateError::NoSuchMonth { year, month });
        }
        let start = Date::from_ymd(year, month, 1)?;
        let last_day = start.to_time().month().length(year);
        Ok(DateRange {
            start,
            end: Date::from_ymd(year, month, last_day)?,
        })
    }

    /// Every day of `year`.
    pub fn year(year: i32) -> Result<DateRange, DateError> {
        Ok(DateRange {
            start: Date::from_ymd(year, 1, 1)?,
            end: Date::from_ymd(year, 12, 31)?,
        })
    }

    /// The `days` days that end with `last` (both included): `last_days(today, 7)` is the week
    /// up to today. At least one day; it starts no earlier than the first representable date.
    ///
    /// ```
    /// # use cryptocloud_types as cryptocloud;
    /// use cryptocloud::DateRange;
    /// let week = DateRange::last_days("02.03.2026".parse()?, 7);
    /// assert_eq!(week.start().to_string(), "24.02.2026");
    /// # Ok::<(), cryptocloud_types::DateError>(())
    /// ```
    pub fn last_days(last: Date, days: u16) -> DateRange {
        let mut start = last;
        for _ in 1..days.max(1) {
            match start.to_time().previous_day().map(Date::try_from) {
                Some(Ok(day)) => start = day,
                _ => break,
            }
        }
        DateRange { start, end: last }
    }

    /// The first day.
    pub const fn start(&self) -> Date {
        self.start
    }

    /// The last day (included).
    pub const fn end(&self) -> Date {
        self.end
    }

    /// Whether `date` is in the range.
    pub fn contains(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_day_of_a_leap_year_and_its_edges() {
        let mut day = time::Date::from_calendar_date(2024, Month::January, 1).unwrap();
        while day.year() == 2024 {
            let date = Date::try_from(day).unwrap();
            assert_eq!(date.to_string().parse::<Date>().unwrap(), date);
            day = day.next_day().unwrap();
        }
        assert_eq!(
            "01.01.0001".parse::<Date>().unwrap().to_string(),
            "01.01.0001"
        );
        assert_eq!(
            "31.12.9999".parse::<Date>().unwrap().to_string(),
            "31.12.9999"
        );
    }

    #[test]
    fn rejects_impossible_days() {
        for input in [
            "31.02.2026",
            "29.02.2025",
            "00.01.2026",
            "32.01.2026",
            "01.13.2026",
            "01.00.2026",
            "01.01.0000",
        ] {
            let error = input.parse::<Date>().unwrap_err();
            assert!(
                matches!(
                    error,
                    DateError::Impossible { .. } | DateError::YearOutOfRange { .. }
                ),
                "{input}: {error:?}"
            );
        }
        assert!("29.02.2024".parse::<Date>().is_ok());
    }

    #[test]
    fn other_forms_get_a_hint() {
        let cases = [
            ("2026-01-31", Some("31.01.2026")),
            ("31/01/2026", Some("31.01.2026")),
            ("31-01-2026", Some("31.01.2026")),
            ("1.2.2026", Some("01.02.2026")),
            ("2026.01.31", Some("31.01.2026")),
            ("31.01.26", None),
            ("01.01.20266", None),
            ("yesterday", None),
            ("", None),
            ("2026-02-31", None),
        ];
        for (input, suggestion) in cases {
            let error = input.parse::<Date>().unwrap_err();
            let DateError::Format {
                suggestion: got, ..
            } = &error
            else {
                panic!("{input}: {error:?}");
            };
            assert_eq!(got.as_deref(), suggestion, "{input}");
        }
    }

    #[test]
    fn ranges_keep_their_order() {
        let a: Date = "01.01.2026".parse().unwrap();
        let b: Date = "02.01.2026".parse().unwrap();
        assert!(DateRange::new(a, b).is_ok());
        assert!(DateRange::new(a, a).is_ok());
        assert_eq!(
            DateRange::new(b, a),
            Err(DateRangeError::EndBeforeStart { start: b, end: a })
        );
        assert!(DateRange::day(a).contains(a) && !DateRange::day(a).contains(b));
    }
}
