//! Small text helpers: dates in words, lists, matching values in a
//! source's text (numbers with any digit grouping, number words, dates
//! with month names) and the two escapings.

use dossier_model::PartialDate;

/// English month names, January first.
pub(crate) const MONTHS: [&str; 12] = [
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

/// `2015-01-26` → `26 January 2015`, `2015-01` → `January 2015`, `2015` →
/// `2015`; anything else unchanged.
pub(crate) fn long_date(iso: &str) -> String {
    match PartialDate::parse_iso(iso) {
        Some(d) => date_words(&d),
        None => iso.to_string(),
    }
}

/// A date in words at its precision.
pub(crate) fn date_words(d: &PartialDate) -> String {
    let month = |m: u8| MONTHS.get(usize::from(m).wrapping_sub(1)).copied().unwrap_or("?");
    match (d.month, d.day) {
        (Some(m), Some(day)) => format!("{day} {} {}", month(m), d.year),
        (Some(m), None) => format!("{} {}", month(m), d.year),
        _ => d.year.to_string(),
    }
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The plain form of a character for matching (curly quotes, dashes).
pub(crate) fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{02bc}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}' | '\u{bb}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}' => '-',
        '\u{a0}' | '\u{2007}' | '\u{2009}' | '\u{202f}' => ' ',
        c => c,
    }
}

/// Byte offset of the first occurrence of `needle` in `hay` comparing
/// folded characters (case-insensitive when `ignore_case`), at word
/// boundaries when the needle starts or ends with a word character.
pub(crate) fn find_folded(hay: &str, needle: &str, ignore_case: bool) -> Option<usize> {
    let norm = |c: char| {
        let c = fold_char(c);
        if ignore_case { c.to_lowercase().next().unwrap_or(c) } else { c }
    };
    let n: Vec<char> = needle.chars().map(norm).collect();
    if n.is_empty() {
        return None;
    }
    let h: Vec<(usize, char)> = hay.char_indices().map(|(i, c)| (i, norm(c))).collect();
    let word = |c: char| c.is_alphanumeric();
    let first_word = n.first().is_some_and(|c| word(*c));
    let last_word = n.last().is_some_and(|c| word(*c));
    'outer: for s in 0..h.len() {
        if h.len() - s < n.len() {
            return None;
        }
        for (k, c) in n.iter().enumerate() {
            if h[s + k].1 != *c {
                continue 'outer;
            }
        }
        if first_word && s > 0 && word(h[s - 1].1) {
            continue;
        }
        if last_word && h.get(s + n.len()).is_some_and(|x| word(x.1)) {
            continue;
        }
        return Some(h[s].0);
    }
    None
}

/// Every number written in `text` with its byte offset: digits with or
/// without grouping (`4,000`, `4 000`, `4.000` after a group of at most
/// three digits) and English number words (`seventy-two`, `forty seven`).
pub(crate) fn numbers(text: &str) -> Vec<(usize, u64)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        let mut digits = text[start..j].to_string();
        // Grouping: only after a first group of 1–3 digits.
        if digits.len() <= 3 {
            while let Some(c @ (',' | '.' | ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')) = text[j..].chars().next() {
                let k = j + c.len_utf8();
                let group = text.get(k..k + 3).filter(|g| g.bytes().all(|x| x.is_ascii_digit()));
                let after = b.get(k + 3).copied();
                match group {
                    Some(g) if !after.is_some_and(|x| x.is_ascii_digit()) => {
                        digits.push_str(g);
                        j = k + 3;
                    }
                    _ => break,
                }
            }
        }
        if let Ok(n) = digits.parse() {
            out.push((start, n));
        }
        i = j;
    }
    out.extend(number_words(text));
    out.sort_unstable();
    out
}

/// Number words up to 999,999 (`seventy-two`, `one hundred and five`).
fn number_words(text: &str) -> Vec<(usize, u64)> {
    let words: Vec<(usize, String)> = {
        let mut v = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            if c.is_ascii_alphabetic() {
                start.get_or_insert(i);
            } else if let Some(s) = start.take() {
                v.push((s, text[s..i].to_ascii_lowercase()));
            }
        }
        v
    };
    // A number word's value, and whether it is a ten ("seventy").
    let value = |w: &str| dossier_model::small_number(w).map(|v| (v, v >= 20));
    let mut out = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let Some((first, _)) = value(&words[k].1) else {
            k += 1;
            continue;
        };
        let start = words[k].0;
        let (mut total, mut current) = (0u64, first);
        let mut m = k + 1;
        let mut last_tens = value(&words[k].1).is_some_and(|(_, t)| t);
        while m < words.len() {
            let w = words[m].1.as_str();
            match (w, value(w)) {
                ("hundred", _) => current *= 100,
                ("thousand", _) => {
                    total += current * 1000;
                    current = 0;
                }
                ("and", _) if words.get(m + 1).and_then(|x| value(&x.1)).is_some() => {}
                (_, Some((v, false))) if last_tens && v < 10 => {
                    current += v;
                    last_tens = false;
                }
                (_, Some((v, t))) if current % 100 == 0 && current > 0 => {
                    current += v;
                    last_tens = t;
                }
                _ => break,
            }
            m += 1;
        }
        out.push((start, total + current));
        k = m;
    }
    out
}

/// Whether `text` states the date: its year as a number, its month by
/// name (or as digits next to the year) and its day as a number.
pub(crate) fn mentions_date(text: &str, d: &PartialDate) -> bool {
    let nums = numbers(text);
    if !nums.iter().any(|(_, n)| *n == d.year as u64) {
        return false;
    }
    let iso = d.to_string();
    if find_folded(text, &iso, false).is_some() {
        return true;
    }
    if let Some(m) = d.month {
        let name = MONTHS.get(usize::from(m).wrapping_sub(1)).copied().unwrap_or("");
        let short = name.get(..3).unwrap_or(name);
        if find_folded(text, name, true).is_none() && find_folded(text, short, true).is_none() {
            return false;
        }
    }
    if let Some(day) = d.day {
        return nums.iter().any(|(_, n)| *n == u64::from(day));
    }
    true
}

/// Whether a character belongs to a right-to-left script.
fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// The text cut into runs, each marked right-to-left or not; a
/// right-to-left run spans from its first to its last right-to-left
/// character (spaces and dashes between them included).
pub(crate) fn bidi_runs(s: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        match rest.char_indices().find(|(_, c)| is_rtl(*c)) {
            None => {
                out.push((false, rest));
                break;
            }
            Some((0, _)) => {
                // Up to the last RTL character before a strong LTR one.
                let stop =
                    rest.char_indices().find(|(_, c)| c.is_alphanumeric() && !is_rtl(*c)).map_or(rest.len(), |x| x.0);
                let end = rest[..stop].char_indices().rfind(|(_, c)| is_rtl(*c)).map_or(0, |(k, c)| k + c.len_utf8());
                out.push((true, &rest[..end]));
                i += end;
            }
            Some((k, _)) => {
                out.push((false, &rest[..k]));
                i += k;
            }
        }
    }
    out
}

/// `text` with each right-to-left run wrapped in Unicode isolates
/// (U+2068 … U+2069), for plain-text formats.
pub(crate) fn isolate_rtl(s: &str) -> String {
    bidi_runs(s)
        .into_iter()
        .map(|(rtl, run)| if rtl { format!("\u{2068}{run}\u{2069}") } else { run.to_string() })
        .collect()
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for Markdown (inline), so a source's `*`, `_`, `[` or `<`
/// stays text; `|` too, for table cells. Line breaks become spaces.
pub(crate) fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Whitespace collapsed to single spaces.
pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_words() {
        assert_eq!(long_date("2015-01-26"), "26 January 2015");
        assert_eq!(long_date("2019-05"), "May 2019");
        assert_eq!(long_date("2014"), "2014");
        assert_eq!(long_date("x"), "x");
    }

    #[test]
    fn numbers_with_any_grouping_and_in_words() {
        let n: Vec<u64> = numbers("from around 2 000³⁹⁶ to 4 000–6 000 fighters").into_iter().map(|x| x.1).collect();
        assert_eq!(n, [2000, 4000, 6000]);
        let n: Vec<u64> = numbers("between 4,000 and 6,000 members in 2024 100").into_iter().map(|x| x.1).collect();
        assert_eq!(n, [4000, 6000, 2024, 100]);
        let n: Vec<u64> =
            numbers("Over seventy-two killed; seven in 2019, forty-seven").into_iter().map(|x| x.1).collect();
        assert_eq!(n, [72, 7, 2019, 47]);
        let n: Vec<u64> = numbers("one hundred and five").into_iter().map(|x| x.1).collect();
        assert_eq!(n, [105]);
    }

    #[test]
    fn dates_by_month_name() {
        let d = PartialDate::parse_iso("2015-01-26").unwrap();
        assert!(mentions_date("Foundation26 January 2015", &d));
        assert!(mentions_date("on Jan. 26, 2015", &d));
        assert!(!mentions_date("in 2015", &d));
        assert!(mentions_date("in 2015", &PartialDate::year(2015)));
        assert!(mentions_date("on July 30, 2023", &PartialDate::parse_iso("2023-07-30").unwrap()));
    }

    #[test]
    fn folded_matching_at_word_boundaries() {
        assert_eq!(find_folded("the ISIS–K cell", "ISIS-K", false), Some(4));
        assert_eq!(find_folded("ISKPs", "ISKP", false), None);
        assert_eq!(find_folded("ISKP’s", "ISKP", false), Some(0));
        assert_eq!(find_folded("a Khar b", "khar", true), Some(2));
    }

    #[test]
    fn right_to_left_runs_are_isolated() {
        let s = "as ISKP and الدولة الإسلامية – ولاية خراسان.";
        let runs = bidi_runs(s);
        assert_eq!(runs, [(false, "as ISKP and "), (true, "الدولة الإسلامية – ولاية خراسان"), (false, ".")]);
        assert_eq!(isolate_rtl("a ب c"), "a \u{2068}ب\u{2069} c");
    }

    #[test]
    fn escaping() {
        assert_eq!(html("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        assert_eq!(md("*a* [b] | <c>"), "\\*a\\* \\[b\\] \\| \\<c\\>");
    }
}
