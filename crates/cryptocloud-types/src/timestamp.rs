//! Timestamps as the API writes them: `YYYY-MM-DD HH:MM:SS[.ffffff]`, UTC, no zone marker. Also
//! read: `T` for the space and a zone (`Z`, `+00:00`, `+0300`, `-05`), normalised to UTC.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use crate::wire::{WireVisitor, digits, shorten};

/// A point in time from the API, in UTC.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::Timestamp;
///
/// let created: Timestamp = "2026-01-01 12:00:00.000000".parse()?;
/// assert_eq!(created.utc().unix_timestamp(), 1_767_268_800);
/// assert_eq!("2026-01-01 12:00:00".parse::<Timestamp>()?, created);
/// assert_eq!(created.to_string(), "2026-01-01 12:00:00.000000");
/// assert_eq!("2026-01-01T15:00:00+03:00".parse::<Timestamp>()?, created);
/// assert_eq!("2026-01-01T12:00:00Z".parse::<Timestamp>()?, created);
/// # Ok::<(), cryptocloud_types::TimestampError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(PrimitiveDateTime);

/// Why a text is not an API timestamp.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimestampError {
    /// The text does not have the shape `YYYY-MM-DD HH:MM:SS[.ffffff][zone]`.
    #[error("`{input}` is not a timestamp of the form `YYYY-MM-DD HH:MM:SS[.ffffff]`")]
    Format {
        /// The offending text, shortened to 40 characters.
        input: alloc::string::String,
    },
    /// The shape is right but the date or time does not exist.
    #[error("`{input}` is not a real date and time")]
    Impossible {
        /// The offending text, shortened to 40 characters.
        input: alloc::string::String,
        /// Which component is out of range.
        #[source]
        source: time::error::ComponentRange,
    },
}

impl Timestamp {
    /// Wraps a date and time that is in UTC.
    pub const fn from_utc(datetime: PrimitiveDateTime) -> Self {
        Timestamp(datetime)
    }

    /// The moment as an [`OffsetDateTime`] in UTC.
    pub const fn utc(self) -> OffsetDateTime {
        self.0.assume_utc()
    }

    /// The date and time without an offset (UTC by the API's convention).
    pub const fn primitive(self) -> PrimitiveDateTime {
        self.0
    }
}

impl From<Timestamp> for OffsetDateTime {
    fn from(timestamp: Timestamp) -> Self {
        timestamp.utc()
    }
}

impl From<OffsetDateTime> for Timestamp {
    fn from(moment: OffsetDateTime) -> Self {
        let utc = moment.to_offset(time::UtcOffset::UTC);
        Timestamp(PrimitiveDateTime::new(utc.date(), utc.time()))
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let format_error = || TimestampError::Format {
            input: shorten(input),
        };
        let fields = Fields::split(input).ok_or_else(format_error)?;
        let impossible = |source| TimestampError::Impossible {
            input: shorten(input),
            source,
        };
        let month = Month::try_from(fields.month).map_err(impossible)?;
        let date =
            time::Date::from_calendar_date(fields.year, month, fields.day).map_err(impossible)?;
        let time =
            Time::from_hms_nano(fields.hour, fields.minute, fields.second, fields.nanosecond)
                .map_err(impossible)?;
        let local = PrimitiveDateTime::new(date, time);
        if fields.offset_minutes == 0 {
            return Ok(Timestamp(local));
        }
        let (hours, minutes) = (fields.offset_minutes / 60, fields.offset_minutes % 60);
        let offset = UtcOffset::from_hms(
            i8::try_from(hours).map_err(|_| format_error())?,
            i8::try_from(minutes).map_err(|_| format_error())?,
            0,
        )
        .map_err(impossible)?;
        Ok(Timestamp::from(local.assume_offset(offset)))
    }
}

/// The numeric fields of `YYYY-MM-DD HH:MM:SS[.f…][zone]`, before range checks.
struct Fields {
    year: i32,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    nanosecond: u32,
    /// East of UTC, in minutes.
    offset_minutes: i16,
}

impl Fields {
    fn split(input: &str) -> Option<Fields> {
        let (head, rest) = input.as_bytes().split_first_chunk::<19>()?;
        // Each field at its fixed place, read as pairs of digits.
        let [
            y1,
            y2,
            y3,
            y4,
            b'-',
            mo1,
            mo2,
            b'-',
            d1,
            d2,
            b' ' | b'T',
            h1,
            h2,
            b':',
            mi1,
            mi2,
            b':',
            s1,
            s2,
        ] = *head
        else {
            return None;
        };
        let (nanosecond, zone) = match rest {
            [b'.', fraction @ ..] => {
                // One to nine digits, as nanoseconds.
                let mut value = 0u32;
                let mut len = 0;
                for &byte in fraction {
                    let digit = byte.wrapping_sub(b'0');
                    if digit >= 10 {
                        break;
                    }
                    value = value * 10 + u32::from(digit);
                    len += 1;
                    if len > 9 {
                        return None;
                    }
                }
                let nanos_per_unit = NANOS_PER_UNIT.get(len).filter(|_| len > 0)?;
                (value * nanos_per_unit, fraction.get(len..)?)
            }
            zone => (0, zone),
        };
        let offset_minutes = zone_offset(zone)?;
        Some(Fields {
            year: i32::from(pair(y1, y2)?) * 100 + i32::from(pair(y3, y4)?),
            month: pair(mo1, mo2)?,
            day: pair(d1, d2)?,
            hour: pair(h1, h2)?,
            minute: pair(mi1, mi2)?,
            second: pair(s1, s2)?,
            nanosecond,
            offset_minutes,
        })
    }
}

/// Nanoseconds in a unit of the fraction's last digit, by how many digits it has.
const NANOS_PER_UNIT: [u32; 10] = [
    1_000_000_000,
    100_000_000,
    10_000_000,
    1_000_000,
    100_000,
    10_000,
    1_000,
    100,
    10,
    1,
];

/// Two ASCII digits as a number.
fn pair(tens: u8, ones: u8) -> Option<u8> {
    let (tens, ones) = (tens.wrapping_sub(b'0'), ones.wrapping_sub(b'0'));
    (tens < 10 && ones < 10).then(|| tens * 10 + ones)
}

fn zone_offset(zone: &[u8]) -> Option<i16> {
    let (sign, rest) = match zone {
        [] | [b'Z' | b'z'] => return Some(0),
        [b'+', rest @ ..] => (1, rest),
        [b'-', rest @ ..] => (-1, rest),
        _ => return None,
    };
    let (hours, minutes) = match rest {
        [h1, h2] => ([*h1, *h2], [b'0', b'0']),
        [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => ([*h1, *h2], [*m1, *m2]),
        _ => return None,
    };
    let hours = i16::try_from(digits(&hours)?).ok()?;
    let minutes = i16::try_from(digits(&minutes)?).ok()?;
    (hours < 24 && minutes < 60).then_some(sign * (hours * 60 + minutes))
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (date, time) = (self.0.date(), self.0.time());
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:06}",
            date.year(),
            u8::from(date.month()),
            date.day(),
            time.hour(),
            time.minute(),
            time.second(),
            time.microsecond()
        )
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_str(WireVisitor(str::parse))
            .and_then(|parsed: Result<Timestamp, TimestampError>| {
                parsed.map_err(serde::de::Error::custom)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_documented_shape() {
        let full: Timestamp = "2024-08-22 11:51:53.753528".parse().unwrap();
        assert_eq!(full.primitive().microsecond(), 753_528);
        assert_eq!(full.to_string(), "2024-08-22 11:51:53.753528");
        let bare: Timestamp = "2024-08-22 11:51:53".parse().unwrap();
        assert_eq!(bare.primitive().nanosecond(), 0);
        let short: Timestamp = "2024-08-22 11:51:53.5".parse().unwrap();
        assert_eq!(short.primitive().millisecond(), 500);
        let iso: Timestamp = "2024-08-22T11:51:53.753528".parse().unwrap();
        assert_eq!(iso, full);
        let nine: Timestamp = "2024-08-22 11:51:53.000000007+01:00".parse().unwrap();
        assert_eq!(
            (nine.primitive().hour(), nine.primitive().nanosecond()),
            (10, 7)
        );
    }

    #[test]
    fn zones_are_normalised_to_utc() {
        let utc: Timestamp = "2024-08-22 11:51:53.5".parse().unwrap();
        for input in [
            "2024-08-22T11:51:53.5Z",
            "2024-08-22 11:51:53.5+00:00",
            "2024-08-22T14:51:53.500+03:00",
            "2024-08-22T14:51:53.5+0300",
            "2024-08-22T06:21:53.5-05:30",
            "2024-08-22T13:51:53.5+02",
        ] {
            assert_eq!(input.parse::<Timestamp>(), Ok(utc), "{input}");
        }
        let across_midnight: Timestamp = "2024-01-01T01:00:00+02:00".parse().unwrap();
        assert_eq!(across_midnight.to_string(), "2023-12-31 23:00:00.000000");
    }

    #[test]
    fn rejects_other_shapes_and_impossible_moments() {
        for input in [
            "",
            "2024-08-22",
            "22.08.2024 11:51:53",
            "2024-08-22 11:51:53.",
            "2024-08-22 11:51:53.1234567890",
            "2024-08-22 11:51:53Y",
            "2024-08-22 11:51:53+25:00",
            "2024-08-22 11:51:53+03:0",
            "2024-8-22 11:51:53",
            "２０２４-08-22 11:51:53",
        ] {
            assert!(
                matches!(
                    input.parse::<Timestamp>(),
                    Err(TimestampError::Format { .. })
                ),
                "{input}"
            );
        }
        for input in [
            "2026-02-31 00:00:00",
            "2026-13-01 00:00:00",
            "2026-01-01 24:00:00",
        ] {
            assert!(
                matches!(
                    input.parse::<Timestamp>(),
                    Err(TimestampError::Impossible { .. })
                ),
                "{input}"
            );
        }
    }
}
