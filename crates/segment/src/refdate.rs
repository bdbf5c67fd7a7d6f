//! Dates as citations and bylines write them: `24 January 2025`,
//! `January 24, 2025`, `12 Jan 2024`, `March 2026`, `2026-03-25`, `2019`.

use dossier_model::PartialDate;

/// The month number of an English month name or abbreviation: what
/// [`dossier_model::month_from_name`] answers, without its lowercase copy
/// (this runs on every word of every citation date field).
pub fn month_number(word: &str) -> Option<u8> {
    // Every name is 3 to 9 ASCII letters before an optional period.
    let w = word.strip_suffix('.').unwrap_or(word).as_bytes();
    if !(3..=9).contains(&w.len()) || !w.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let mut buf = [0u8; 9];
    let lower = &mut buf[..w.len()];
    lower.copy_from_slice(w);
    lower.make_ascii_lowercase();
    let lower = &*lower;
    let abbreviation = |m: &str| m.as_bytes().starts_with(lower) && (lower.len() == 3 || lower == b"sept");
    dossier_model::MONTH_NAMES
        .iter()
        .position(|m| m.as_bytes() == lower || abbreviation(m))
        .and_then(|i| u8::try_from(i + 1).ok())
}

fn year(word: &str) -> Option<i32> {
    let w = word.trim_end_matches([',', '.', ')', ';']);
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1000..=2999).contains(y))
}

fn day(word: &str) -> Option<u8> {
    // What is left after the trims parses as a u8: it starts with a digit
    // or a plus sign, and so does the word.
    if !word.starts_with(|c: char| c.is_ascii_digit() || c == '+') {
        return None;
    }
    let w = word.trim_end_matches([',', '.']);
    // Digits alone (the usual `17 October 2025`) have no ordinal suffix to
    // trim, and the pattern trims are not free.
    let w = if w.bytes().all(|b| b.is_ascii_digit()) {
        w
    } else {
        w.trim_end_matches("st").trim_end_matches("nd").trim_end_matches("rd").trim_end_matches("th")
    };
    (1..=2).contains(&w.len()).then(|| w.parse().ok()).flatten().filter(|d| (1..=31).contains(d))
}

/// The first date in `s`, with the index of the word after it, at the most
/// precise reading the words allow.
pub fn find_date(s: &str) -> Option<(PartialDate, usize, usize)> {
    let words: Vec<&str> = s.split_whitespace().collect();
    find_date_in(&words)
}

/// [`find_date`] over words already split.
fn find_date_in(words: &[&str]) -> Option<(PartialDate, usize, usize)> {
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
    // Split on the stack: a field of more words is no date (see
    // `MAX_DATE_FIELD_WORDS`), and most fields are such titles.
    let mut buf = [""; MAX_DATE_FIELD_WORDS];
    let mut n = 0;
    for w in field.split_whitespace() {
        *buf.get_mut(n)? = w;
        n += 1;
    }
    let words = &buf[..n];
    let (date, from, to) = find_date_in(words)?;
    if to != n {
        return None;
    }
    if from == 0 {
        return Some(date);
    }
    let prefix = words[..from].join(" ").to_lowercase();
    DATE_PREFIXES.contains(&prefix.as_str()).then_some(date)
}

/// The most words a field [`parse_date_field`] accepts can have: a prefix
/// of at most two words, then a date of at most three. A longer field
/// would need its date to start after a longer prefix, which
/// [`DATE_PREFIXES`] does not hold.
const MAX_DATE_FIELD_WORDS: usize = 5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_number_agrees_with_the_model() {
        let mut words: Vec<String> = Vec::new();
        for m in dossier_model::MONTH_NAMES {
            for n in 1..=m.len() {
                let p = &m[..n];
                for w in [p.to_string(), p.to_uppercase(), format!("{p}."), format!("{}.", p.to_uppercase())] {
                    words.push(w);
                }
                words.push(format!("{p}x"));
                words.push(format!("{p}é"));
            }
            let mut capital = m.to_string();
            capital[..1].make_ascii_uppercase();
            words.push(capital);
        }
        words.extend(
            ["", ".", "..", "Sept.", "sept..", "Ma", "j\u{212a}n", "İan", "2025", "Mar,", "Junee"].map(String::from),
        );
        for w in &words {
            assert_eq!(month_number(w), dossier_model::month_from_name(w), "{w:?}");
        }
    }

    #[test]
    fn no_date_field_is_longer_than_the_bound() {
        let longest_prefix = DATE_PREFIXES.iter().map(|p| p.split_whitespace().count()).max().unwrap_or(0);
        // `24 January 2025` and `January 24, 2025` are the longest dates.
        assert!(longest_prefix + 3 <= MAX_DATE_FIELD_WORDS);
        assert_eq!(
            parse_date_field("last updated: 24 January 2025").map(|d| d.to_string()).as_deref(),
            Some("2025-01-24")
        );
        assert_eq!(parse_date_field("a b last updated 24 January 2025"), None);
    }

    /// The field parser on the stack agrees with the plain reading of
    /// every comma-separated field of the corpus and the fuzz inputs.
    #[test]
    fn date_fields_agree_with_the_plain_reading() {
        fn plain(field: &str) -> Option<PartialDate> {
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
        let mut checked = 0;
        for text in crate::test_inputs() {
            for field in text.split([',', ';', '\n', '(', ')']) {
                assert_eq!(parse_date_field(field), plain(field), "{field:?}");
                checked += 1;
            }
        }
        for field in
            ["on 5 May 2020", "  2019  ", "as of March 2026", "1 2 3 4 5 6", "May 2020 x", "Updated: 2026-03-25"]
        {
            assert_eq!(parse_date_field(field), plain(field), "{field:?}");
        }
        assert!(checked > 1000, "{checked}");
    }

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
