//! Field-level parsing shared by the three datasets: text with an encoding
//! fallback, whole numbers, codes, coordinates and dates. Every function
//! takes untrusted text and returns a [`RowError`] naming the column rather
//! than panicking.

use std::borrow::Cow;

use csv::ByteRecord;
use dossier_model::{PartialDate, month_from_name};

use crate::error::{RowError, shown};
use crate::row::Coordinates;

/// One record's fields, decoded on demand.
///
/// Fields are UTF-8 when they can be; a field that is not is read as
/// Windows-1252 (a superset of Latin-1), the encoding older exports such as
/// GTD's CSV use, so that an accented place name never costs a row.
pub(crate) struct Fields<'r> {
    record: &'r ByteRecord,
}

impl<'r> Fields<'r> {
    pub(crate) fn new(record: &'r ByteRecord) -> Self {
        Fields { record }
    }

    /// The trimmed text of field `idx`; empty when there is no such field.
    pub(crate) fn get(&self, idx: usize) -> Cow<'r, str> {
        let bytes = self.record.get(idx).unwrap_or_default();
        match decode(bytes) {
            Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
            Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
        }
    }

    /// The text of an optional column, `None` when the column is absent or
    /// the field is empty.
    pub(crate) fn opt(&self, idx: Option<usize>) -> Option<String> {
        let text = self.get(idx?);
        (!text.is_empty()).then(|| text.into_owned())
    }

    /// The text of a column every row must fill.
    pub(crate) fn required(&self, idx: usize, column: &'static str) -> Result<Cow<'r, str>, RowError> {
        let text = self.get(idx);
        if text.is_empty() { Err(RowError::Missing { column }) } else { Ok(text) }
    }
}

/// Decodes one field: UTF-8, else Windows-1252.
pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// A whole number, accepting the `3.0` form that spreadsheet and pandas
/// exports give integer columns with gaps.
pub(crate) fn whole(column: &'static str, value: &str) -> Result<i64, RowError> {
    let (int, frac) = match value.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (value, None),
    };
    let digits = int.strip_prefix(['-', '+']).unwrap_or(int);
    let numeric = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if digits.is_empty() || !numeric(digits) || frac.is_some_and(|f| !numeric(f)) {
        return Err(RowError::NotANumber { column, value: shown(value) });
    }
    if frac.is_some_and(|f| f.bytes().any(|b| b != b'0')) {
        return Err(RowError::NotWholeNumber { column, value: shown(value) });
    }
    int.parse().map_err(|_| RowError::NotANumber { column, value: shown(value) })
}

/// A count of people: empty is unknown, below zero is impossible.
pub(crate) fn count(column: &'static str, value: &str) -> Result<Option<u64>, RowError> {
    if value.is_empty() {
        return Ok(None);
    }
    let n = whole(column, value)?;
    u64::try_from(n).map(Some).map_err(|_| RowError::Negative { column, value: shown(value) })
}

/// A small code that must lie in `lo..=hi`.
pub(crate) fn code(column: &'static str, value: &str, lo: u8, hi: u8, allowed: &'static str) -> Result<u8, RowError> {
    if value.is_empty() {
        return Err(RowError::Missing { column });
    }
    let n = whole(column, value)?;
    u8::try_from(n).ok().filter(|c| (lo..=hi).contains(c)).ok_or_else(|| RowError::OutOfRange {
        column,
        value: shown(value),
        allowed,
    })
}

/// A four-digit year.
pub(crate) fn year(column: &'static str, value: &str) -> Result<i32, RowError> {
    if value.is_empty() {
        return Err(RowError::Missing { column });
    }
    let int = value.strip_suffix(".0").unwrap_or(value);
    if int.len() != 4 || !int.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RowError::NotAYear { column, value: shown(value) });
    }
    int.parse().map_err(|_| RowError::NotAYear { column, value: shown(value) })
}

/// Latitude and longitude, both or neither, each on the globe.
pub(crate) fn coordinates(lat: &str, lon: &str) -> Result<Option<Coordinates>, RowError> {
    match (lat.is_empty(), lon.is_empty()) {
        (true, true) => return Ok(None),
        (false, false) => {}
        _ => return Err(RowError::HalfCoordinates),
    }
    let degrees = |column: &'static str, value: &str, max: f64, allowed: &'static str| {
        let v: f64 = value.parse().map_err(|_| RowError::NotANumber { column, value: shown(value) })?;
        if !v.is_finite() {
            return Err(RowError::NotANumber { column, value: shown(value) });
        }
        if v.abs() > max {
            return Err(RowError::OutOfRange { column, value: shown(value), allowed });
        }
        Ok(v)
    };
    let lat = degrees("latitude", lat, 90.0, "-90 to 90")?;
    let lon = degrees("longitude", lon, 180.0, "-180 to 180")?;
    Ok(Some(Coordinates { lat, lon }))
}

/// A day from its parts, telling a malformed value (`NotADate`) from one
/// that names no real day (`ImpossibleDate`: 31 February, month 13).
fn day_from_parts(column: &'static str, value: &str, y: &str, m: &str, d: &str) -> Result<PartialDate, RowError> {
    let not_a_date = || RowError::NotADate { column, value: shown(value) };
    let digits = |s: &str, lens: std::ops::RangeInclusive<usize>| {
        lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(y, 4..=4) || !digits(m, 1..=2) || !digits(d, 1..=2) {
        return Err(not_a_date());
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>()) else {
        return Err(not_a_date());
    };
    PartialDate::day(y, m, d).ok_or_else(|| RowError::ImpossibleDate { column, value: shown(value) })
}

/// `YYYY-MM-DD`, optionally followed by a time (`2021-08-26 00:00:00.000`,
/// `2021-08-26T00:00:00`), as UCDP and ACLED's API write dates.
pub(crate) fn iso_day(column: &'static str, value: &str) -> Result<PartialDate, RowError> {
    if value.is_empty() {
        return Err(RowError::Missing { column });
    }
    let date = value.split([' ', 'T']).next().unwrap_or(value);
    let mut parts = date.split('-');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d), None) => day_from_parts(column, value, y, m, d),
        _ => Err(RowError::NotADate { column, value: shown(value) }),
    }
}

/// An ACLED `event_date` in any form ACLED has exported: `2023-07-30` (API
/// and current exports), `30 July 2023` (the export tool), `30/07/2023`
/// (early files, day first).
pub(crate) fn acled_day(column: &'static str, value: &str) -> Result<PartialDate, RowError> {
    if value.is_empty() {
        return Err(RowError::Missing { column });
    }
    if value.contains('-') {
        return iso_day(column, value);
    }
    if let Some((d, rest)) = value.split_once('/') {
        return match rest.split_once('/') {
            Some((m, y)) => day_from_parts(column, value, y, m, d),
            None => Err(RowError::NotADate { column, value: shown(value) }),
        };
    }
    let mut words = value.split_whitespace();
    match (words.next(), words.next(), words.next(), words.next()) {
        (Some(d), Some(month), Some(y), None) => match month_from_name(month) {
            Some(m) => day_from_parts(column, value, y, &m.to_string(), d),
            None => Err(RowError::NotADate { column, value: shown(value) }),
        },
        _ => Err(RowError::NotADate { column, value: shown(value) }),
    }
}

/// A GTD `resolution` date: `YYYY-MM-DD`, or `M/D/YYYY` as US-locale
/// spreadsheet exports write it.
pub(crate) fn gtd_day(column: &'static str, value: &str) -> Result<PartialDate, RowError> {
    if let Some((m, rest)) = value.split_once('/') {
        return match rest.split_once('/') {
            Some((d, y)) => day_from_parts(column, value, y.split(' ').next().unwrap_or(y), m, d),
            None => Err(RowError::NotADate { column, value: shown(value) }),
        };
    }
    iso_day(column, value)
}

/// Cuts a day-precision date down to `precision`'s parts.
pub(crate) fn reduce(date: PartialDate, precision: dossier_model::DatePrecision) -> PartialDate {
    use dossier_model::DatePrecision::*;
    match precision {
        Day => date,
        Month => PartialDate { day: None, ..date },
        Year => PartialDate::year(date.year),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_accept_trailing_zero_fractions_only() {
        assert_eq!(whole("n", "3"), Ok(3));
        assert_eq!(whole("n", "3.0"), Ok(3));
        assert_eq!(whole("n", "-9"), Ok(-9));
        assert!(matches!(whole("n", "2.5"), Err(RowError::NotWholeNumber { .. })));
        assert!(matches!(whole("n", "three"), Err(RowError::NotANumber { .. })));
        assert!(matches!(whole("n", "."), Err(RowError::NotANumber { .. })));
        assert!(matches!(whole("n", "99999999999999999999"), Err(RowError::NotANumber { .. })));
    }

    #[test]
    fn counts_reject_negatives_and_keep_unknown() {
        assert_eq!(count("nkill", ""), Ok(None));
        assert_eq!(count("nkill", "54.0"), Ok(Some(54)));
        assert!(matches!(count("nkill", "-3"), Err(RowError::Negative { column: "nkill", .. })));
    }

    #[test]
    fn years_are_four_digits() {
        assert_eq!(year("year", "2023"), Ok(2023));
        assert!(matches!(year("year", "2O23"), Err(RowError::NotAYear { .. })));
        assert!(matches!(year("year", "23"), Err(RowError::NotAYear { .. })));
        assert!(matches!(year("year", ""), Err(RowError::Missing { .. })));
    }

    #[test]
    fn coordinates_stay_on_the_globe() {
        assert_eq!(coordinates("", ""), Ok(None));
        assert_eq!(coordinates("34.5", "69.2"), Ok(Some(Coordinates { lat: 34.5, lon: 69.2 })));
        assert!(matches!(coordinates("91", "0"), Err(RowError::OutOfRange { column: "latitude", .. })));
        assert!(matches!(coordinates("0", "-180.5"), Err(RowError::OutOfRange { column: "longitude", .. })));
        assert!(matches!(coordinates("NaN", "0"), Err(RowError::NotANumber { .. })));
        assert_eq!(coordinates("34.5", ""), Err(RowError::HalfCoordinates));
    }

    #[test]
    fn dates_in_every_acled_form() {
        let d = PartialDate::day(2023, 7, 30).unwrap();
        assert_eq!(acled_day("event_date", "2023-07-30"), Ok(d));
        assert_eq!(acled_day("event_date", "30 July 2023"), Ok(d));
        assert_eq!(acled_day("event_date", "30/07/2023"), Ok(d));
        assert!(matches!(acled_day("event_date", "31 February 2023"), Err(RowError::ImpossibleDate { .. })));
        assert!(matches!(acled_day("event_date", "2023-02-31"), Err(RowError::ImpossibleDate { .. })));
        assert!(matches!(acled_day("event_date", "yesterday"), Err(RowError::NotADate { .. })));
        assert!(matches!(acled_day("event_date", "30 Juillet 2023"), Err(RowError::NotADate { .. })));
    }

    #[test]
    fn iso_days_may_carry_a_time() {
        let d = PartialDate::day(2021, 8, 26).unwrap();
        assert_eq!(iso_day("date_start", "2021-08-26 00:00:00.000"), Ok(d));
        assert_eq!(iso_day("date_start", "2021-08-26T00:00:00"), Ok(d));
        assert!(matches!(iso_day("date_start", "2021-8"), Err(RowError::NotADate { .. })));
        assert_eq!(gtd_day("resolution", "8/26/2021"), Ok(d));
    }

    #[test]
    fn undecodable_bytes_fall_back_to_windows_1252() {
        assert_eq!(decode(b"Bogot\xe1"), "Bogotá");
        assert_eq!(decode("Bogotá".as_bytes()), "Bogotá");
    }
}
