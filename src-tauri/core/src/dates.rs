//! Calendar dates and UTC timestamps as the audit stores them.
//!
//! Dates are kept as ISO 8601 text (`2022-02-10`) so the `.s11` file and the
//! JSON form stay readable by other tools; they are shown in British form
//! ("10 February 2022"). A report date may be a whole month (`2022-03`,
//! shown "March 2022"), as the seed report's is. Timestamps are UTC seconds
//! since 1970, passed in by the caller: nothing here reads the clock.

use serde::{Deserialize, Serialize};
use std::fmt;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar day, or a whole month when `day` is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a date: write it as day/month/year (10/02/2022) or YYYY-MM-DD (2022-02-10)")]
pub struct DateError(pub String);

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    pub fn ymd(year: i32, month: u8, day: u8) -> Self {
        Date {
            year,
            month,
            day: Some(day),
        }
    }

    /// Parses `YYYY-MM-DD`, or `YYYY-MM` when `allow_month` is set.
    pub fn parse(text: &str, allow_month: bool) -> Result<Date, DateError> {
        let err = || DateError(text.to_string());
        let parts: Vec<&str> = text.trim().split('-').collect();
        let num = |s: &str, len: usize| -> Result<u32, DateError> {
            if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err());
            }
            s.parse::<u32>().map_err(|_| err())
        };
        let (year, month, day) = match parts.as_slice() {
            [y, m, d] => (num(y, 4)?, num(m, 2)?, Some(num(d, 2)?)),
            [y, m] if allow_month => (num(y, 4)?, num(m, 2)?, None),
            _ => return Err(err()),
        };
        let year = i32::try_from(year).map_err(|_| err())?;
        let month = u8::try_from(month).map_err(|_| err())?;
        if !(1..=12).contains(&month) || year < 1900 {
            return Err(err());
        }
        let day = match day {
            Some(d) => {
                let d = u8::try_from(d).map_err(|_| err())?;
                if d == 0 || d > days_in_month(year, month) {
                    return Err(err());
                }
                Some(d)
            }
            None => None,
        };
        Ok(Date { year, month, day })
    }

    /// "10 February 2022", or "March 2022" for a whole month.
    pub fn british(&self) -> String {
        let month = MONTHS[usize::from(self.month - 1)];
        match self.day {
            Some(d) => format!("{d} {month} {}", self.year),
            None => format!("{month} {}", self.year),
        }
    }

    /// Days since 1970-01-01 (the first of the month for a whole month).
    pub fn days_since_epoch(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day.unwrap_or(1)),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date {
            year: i32::try_from(y).unwrap_or(i32::MAX),
            month: u8::try_from(m).unwrap_or(1),
            day: Some(u8::try_from(d).unwrap_or(1)),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.day {
            Some(d) => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, d),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

/// "10 February 2022" from stored ISO text; the text itself if it is not a date,
/// so a display never hides what was stored.
pub fn british(iso: &str) -> String {
    Date::parse(iso, true)
        .map(|d| d.british())
        .unwrap_or_else(|_| iso.to_string())
}

/// A date as the chair types it, in the ISO form stored: "10/02/2022",
/// "10.2.2022" (day first, as in the UK) or "2022-02-10"; with
/// `allow_month`, also a whole month ("02/2022", "2022-02"). The one place
/// typed dates are read: the forms send what was typed, never a conversion.
pub fn from_typed(text: &str, allow_month: bool) -> Result<String, DateError> {
    let t = text.trim();
    let err = || DateError(t.to_string());
    let parts: Vec<&str> = t.split(['/', '.']).collect();
    let iso = match parts.as_slice() {
        [_] => t.to_string(),
        [d, m, y] if y.len() == 4 && (1..=2).contains(&d.len()) && (1..=2).contains(&m.len()) => {
            format!("{y}-{m:0>2}-{d:0>2}")
        }
        [m, y] if allow_month && y.len() == 4 && (1..=2).contains(&m.len()) => {
            format!("{y}-{m:0>2}")
        }
        _ => return Err(err()),
    };
    let date = Date::parse(&iso, allow_month).map_err(|_| err())?;
    Ok(match date.day {
        Some(d) => format!("{:04}-{:02}-{d:02}", date.year, date.month),
        None => format!("{:04}-{:02}", date.year, date.month),
    })
}

/// A stored ISO date as the chair types one and the forms' hints show it:
/// "12/01/2026" from "2026-01-12" ("01/2026" for a whole month); the text
/// itself if it is not a date, so a form never hides what was stored.
pub fn as_typed(iso: &str) -> String {
    match Date::parse(iso, true) {
        Ok(Date {
            year,
            month,
            day: Some(d),
        }) => format!("{d:02}/{month:02}/{year}"),
        Ok(Date {
            year,
            month,
            day: None,
        }) => format!("{month:02}/{year}"),
        Err(_) => iso.to_string(),
    }
}

/// A moment in UTC, whole seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The clock, read once by a shell (the app's commands, `s11`) and
    /// passed in: the core's own logic never reads it, so it can be tested
    /// at any moment. A clock set before 1970 gives the epoch, visibly wrong
    /// rather than a plausible date.
    pub fn now() -> Timestamp {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        Timestamp(secs)
    }

    /// `2022-02-10T14:05:00Z`: the form stored in files and the JSON.
    pub fn rfc3339(&self) -> String {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let date = Date::from_days_since_epoch(days);
        format!(
            "{}T{:02}:{:02}:{:02}Z",
            date,
            secs / 3600,
            (secs % 3600) / 60,
            secs % 60
        )
    }

    pub fn parse_rfc3339(text: &str) -> Option<Timestamp> {
        let (date, time) = text.strip_suffix('Z')?.split_once('T')?;
        let date = Date::parse(date, false).ok()?;
        let mut hms = time.split(':').map(|p| p.parse::<i64>().ok());
        let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
        if hms.next().is_some()
            || !(0..24).contains(&h)
            || !(0..60).contains(&m)
            || !(0..61).contains(&s)
        {
            return None;
        }
        Some(Timestamp(
            date.days_since_epoch() * 86_400 + h * 3600 + m * 60 + s,
        ))
    }

    pub fn date(&self) -> Date {
        Date::from_days_since_epoch(self.0.div_euclid(86_400))
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_stored_date_is_shown_as_typed() {
        assert_eq!(as_typed("2026-01-12"), "12/01/2026");
        assert_eq!(as_typed("2022-03"), "03/2022");
        assert_eq!(as_typed("soon"), "soon", "not a date: shown as stored");
    }

    use super::*;

    #[test]
    fn parses_and_shows_british_dates() {
        assert_eq!(
            Date::parse("2022-02-10", false).map(|d| d.british()),
            Ok("10 February 2022".into())
        );
        assert_eq!(
            Date::parse("2022-03", true).map(|d| d.british()),
            Ok("March 2022".into())
        );
        assert!(
            Date::parse("2022-03", false).is_err(),
            "a review date needs a day"
        );
        assert!(
            Date::parse("2022-02-29", false).is_err(),
            "2022 is not a leap year"
        );
        assert!(
            Date::parse("2024-02-29", false).is_ok(),
            "2024 is a leap year"
        );
        assert!(Date::parse("10/02/2022", false).is_err());
        assert_eq!(from_typed("10/02/2022", false).as_deref(), Ok("2022-02-10"));
        assert_eq!(from_typed(" 1.2.2022 ", false).as_deref(), Ok("2022-02-01"));
        assert_eq!(from_typed("2022-02-10", false).as_deref(), Ok("2022-02-10"));
        assert_eq!(from_typed("03/2022", true).as_deref(), Ok("2022-03"));
        assert!(
            from_typed("03/2022", false).is_err(),
            "a whole month only where one is allowed"
        );
        assert!(from_typed("31/02/2022", false).is_err(), "no 31 February");
        assert!(
            from_typed("10/02/22", false).is_err(),
            "a two-digit year is ambiguous"
        );
        assert!(from_typed("2022/02/10", false).is_err());
        assert_eq!(
            from_typed("31/02/2022", false).err().map(|e| e.to_string()),
            Some("“31/02/2022” is not a date: write it as day/month/year (10/02/2022) or YYYY-MM-DD (2022-02-10)".into()),
            "the message quotes what was typed"
        );
        assert!(Date::parse("2022-13-01", false).is_err());
    }

    #[test]
    fn error_says_how_to_write_a_date() {
        let e = Date::parse("tomorrow", false).unwrap_err();
        assert!(
            e.to_string().contains("YYYY-MM-DD"),
            "the message tells the user the form: {e}"
        );
    }

    #[test]
    fn days_round_trip() {
        for days in [-1000_i64, 0, 1, 19_033, 60_000] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(Date::ymd(2022, 2, 10).days_since_epoch(), 19_033);
    }

    #[test]
    fn timestamps_round_trip_through_rfc3339() {
        let t = Timestamp(1_644_501_900); // 2022-02-10T14:05:00Z
        assert_eq!(t.rfc3339(), "2022-02-10T14:05:00Z");
        assert_eq!(Timestamp::parse_rfc3339("2022-02-10T14:05:00Z"), Some(t));
        assert_eq!(Timestamp::parse_rfc3339("2022-02-10 14:05"), None);
    }
}
