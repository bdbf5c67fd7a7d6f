//! Dates as citations and bylines write them: `24 January 2025`,
//! `January 24, 2025`, `12 Jan 2024`, `March 2026`, `2026-03-25`, `2019`.

use dossier_model::PartialDate;

/// The month number of an English month name or abbreviation.
pub fn month_number(word: &str) -> Option<u8> {
    // Every name is 3 to 9 ASCII letters before an optional period: turn
    // the other words away before the lookup lowercases a copy.
    let w = word.strip_suffix('.').unwrap_or(word);
    if !(3..=9).contains(&w.len()) || !w.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    dossier_model::month_from_name(word)
}

fn year(word: &str) -> Option<i32> {
    let w = word.trim_end_matches([',', '.', ')', ';']);
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1000..=2999).contains(y))
}

fn day(word: &str) -> Option<u8> {
    let w = word.trim_end_matches([',', '.']);
    let w = w.trim_end_matches("st").trim_end_matches("nd").trim_end_matches("rd").trim_end_matches("th");
    (1..=2).contains(&w.len()).then(|| w.parse().ok()).flatten().filter(|d| (1..=31).contains(d))
}

/// The first date in `s`, with the index of the word after it, at the most
/// precise reading the words allow.
pub fn find_date(s: &str) -> Option<(PartialDate, usize, usize)> {
    let words: Vec<&str> = s.split_whitespace().collect();
    for i in 0..words.len() {
        let w = words[i];
        let get = |k: usize| words.get(k).copied();
        // 24 January 2025
        if let (Some(d), Some(m), Some(y)) = (day(w), get(i + 1).and_then(month_number), get(i + 2).and_then(year))
            && let Some(date) = PartialDate::day(y, m, d)
        {
            return Some((date, i, i + 3));
        }
        if let Some(m) = month_number(w.trim_end_matches(',')) {
            // January 24, 2025
            if let (Some(d), Some(y)) = (get(i + 1).and_then(day), get(i + 2).and_then(year))
                && let Some(date) = PartialDate::day(y, m, d)
            {
                return Some((date, i, i + 3));
            }
            // January 2025
            if let Some(y) = get(i + 1).and_then(year) {
                return PartialDate::month(y, m).map(|d| (d, i, i + 2));
            }
        }
        // 2026-03-25
        let iso = w.trim_end_matches([',', '.', ')']);
        if iso.len() == 10
            && iso.as_bytes().get(4) == Some(&b'-')
            && let Some(date) = PartialDate::parse_iso(iso)
        {
            return Some((date, i, i + 1));
        }
        if let Some(y) = year(w) {
            return Some((PartialDate::year(y), i, i + 1));
        }
    }
    None
}

/// Words that may stand before a date in a citation field.
const DATE_PREFIXES: &[&str] = &[
    "last updated",
    "last updated:",
    "updated:",
    "published:",
    "updated",
    "posted on:",
    "posted on",
    "posted",
    "published",
    "published on",
    "accessed",
    "as of",
    "dated",
    "date:",
    "on",
];

/// Parses a citation field that is a date and nothing else (apart from a
/// prefix such as `last updated`): `None` for `Annual Report 2025`.
pub fn parse_date_field(field: &str) -> Option<PartialDate> {
    // Every date has a digit (a year, a day, an ISO date): most fields have
    // none and need no closer look.
    if !field.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let field = field.trim();
    let (date, from, to) = find_date(field)?;
    if to != field.split_whitespace().count() {
        return None;
    }
    if from == 0 {
        return Some(date);
    }
    let prefix = field.split_whitespace().take(from).collect::<Vec<_>>().join(" ").to_lowercase();
    DATE_PREFIXES.contains(&prefix.as_str()).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_date_fields() {
        let d = |s: &str| parse_date_field(s).map(|d| d.to_string());
        assert_eq!(d("24 January 2025").as_deref(), Some("2025-01-24"));
        assert_eq!(d("last updated 25 March 2026").as_deref(), Some("2026-03-25"));
        assert_eq!(d("posted on: 6 February 2026").as_deref(), Some("2026-02-06"));
        assert_eq!(d("12 Jan 2024").as_deref(), Some("2024-01-12"));
        assert_eq!(d("July 30, 2023").as_deref(), Some("2023-07-30"));
        assert_eq!(d("September 2023").as_deref(), Some("2023-09"));
        assert_eq!(d("2019").as_deref(), Some("2019"));
        assert_eq!(d("Annual Report 2025"), None);
        assert_eq!(d("31 February 2023"), None);
        assert_eq!(d("S/2025/482"), None);
    }
}
