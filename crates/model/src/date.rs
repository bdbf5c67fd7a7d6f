//! Dates as sources give them: a year, a month or a day, never more precise
//! than the text.

use std::fmt;

/// English month names, January first: the one list every date parser of
/// the project reads.
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month number (1–12) of an English month name or its abbreviation
/// (`January`, `jan`, `Jan.`, `Sept`), case-insensitively.
pub fn month_from_name(word: &str) -> Option<u8> {
    let word = word.strip_suffix('.').unwrap_or(word);
    // Lowercased on the stack: the date parser asks this of every
    // capitalised word. No month name is longer than nine letters, and none
    // has a non-ASCII letter.
    let mut buf = [0u8; 9];
    let first = word.as_bytes().first().map(u8::to_ascii_lowercase);
    if word.len() > buf.len()
        || !word.is_ascii()
        || !matches!(first, Some(b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd'))
    {
        return None;
    }
    let buf = &mut buf[..word.len()];
    buf.copy_from_slice(word.as_bytes());
    buf.make_ascii_lowercase();
    let w = std::str::from_utf8(buf).ok()?;
    let abbreviation = |m: &str| w.len() >= 3 && m.starts_with(w) && (w.len() == 3 || w == "sept");
    MONTH_NAMES.iter().position(|m| *m == w || abbreviation(m)).and_then(|i| u8::try_from(i + 1).ok())
}

/// How much of a date a source states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// Only the year is known.
    Year,
    /// Year and month.
    Month,
    /// Year, month and day.
    Day,
}

/// A calendar date at the precision its source gives (`2015`, `2015-01`,
/// `2015-01-26`). Ordering is by year, then month, then day, with the
/// unknown parts sorting first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// Gregorian year.
    pub year: i32,
    /// 1–12, or `None` when the source gives only a year.
    pub month: Option<u8>,
    /// 1–31, only when `month` is set.
    pub day: Option<u8>,
}

impl PartialDate {
    /// A year-precision date.
    pub fn year(year: i32) -> Self {
        PartialDate { year, month: None, day: None }
    }

    /// A month-precision date; `None` when the month is out of range.
    pub fn month(year: i32, month: u8) -> Option<Self> {
        (1..=12).contains(&month).then_some(PartialDate { year, month: Some(month), day: None })
    }

    /// A day-precision date; `None` when the day does not exist in that
    /// month (31 February is rejected, 29 February only in leap years).
    pub fn day(year: i32, month: u8, day: u8) -> Option<Self> {
        let max = days_in_month(year, month)?;
        (1..=max).contains(&day).then_some(PartialDate { year, month: Some(month), day: Some(day) })
    }

    /// The precision this date carries.
    pub fn precision(&self) -> DatePrecision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => DatePrecision::Day,
            (Some(_), None) => DatePrecision::Month,
            _ => DatePrecision::Year,
        }
    }

    /// Parses the ISO form this type prints (`2015`, `2015-01`, `2015-01-26`).
    pub fn parse_iso(s: &str) -> Option<Self> {
        let mut parts = s.split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let Some(m) = parts.next() else { return Some(Self::year(year)) };
        let month: u8 = m.parse().ok()?;
        let Some(d) = parts.next() else { return Self::month(year, month) };
        let day: u8 = d.parse().ok()?;
        if parts.next().is_some() {
            return None;
        }
        Self::day(year, month, day)
    }
}

fn days_in_month(year: i32, month: u8) -> Option<u8> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    Some(match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    })
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        PartialDate::parse_iso(&s).ok_or_else(|| serde::de::Error::custom(format!("not a date: {s:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_names_full_abbreviated_and_not() {
        let cases = [
            ("January", Some(1)),
            ("jan.", Some(1)),
            ("SEPT", Some(9)),
            ("Sept.", Some(9)),
            ("September", Some(9)),
            ("Septembers", None),
            ("Septe", None),
            ("Ma", None),
            ("May", Some(5)),
            ("mAy.", Some(5)),
            ("Mäy", None),
            ("Dec", Some(12)),
            ("Decem", None),
            ("", None),
            (".", None),
            ("Kabul", None),
        ];
        for (word, month) in cases {
            assert_eq!(month_from_name(word), month, "{word:?}");
        }
    }

    #[test]
    fn iso_round_trip_keeps_precision() {
        for s in ["2015", "2015-01", "2015-01-26", "2024-02-29"] {
            assert_eq!(PartialDate::parse_iso(s).unwrap().to_string(), s);
        }
        assert_eq!(PartialDate::parse_iso("2015-01").unwrap().precision(), DatePrecision::Month);
    }

    #[test]
    fn impossible_days_are_rejected() {
        assert!(PartialDate::day(2023, 2, 31).is_none());
        assert!(PartialDate::day(2023, 2, 29).is_none());
        assert!(PartialDate::day(2023, 13, 1).is_none());
        assert!(PartialDate::parse_iso("2023-02-31").is_none());
    }
}
