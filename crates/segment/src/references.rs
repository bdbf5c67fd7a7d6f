//! Citations parsed into author or publisher, title, date, pages and
//! address, in the comma-separated style of COI reports:
//!
//! `US, CRS, Terrorist and Other Militant Groups in Pakistan, last updated 25 March 2026, [url](#), p. 2`
//! `Jadoon, A., Confronting Pakistan's Deadly Trifecta of Terrorist Groups, South Asian Voices, 17 October 2025, [url](#)`
//!
//! A note may cite several works separated by `;`.

use std::borrow::Cow;

use dossier_model::{Reference, Span};

use crate::refdate::parse_date_field;
use crate::{find_link_middle, trim};
use dossier_model::scan::ByteSet;

/// Parses the works cited by the note text at `span`.
pub fn parse_references(text: &str, span: Span) -> Vec<Reference> {
    parse_references_with(text, span, &mut Vec::new())
}

/// [`parse_references`] with scratch space for the fields, reused across
/// notes.
pub(crate) fn parse_references_with<'t>(text: &'t str, span: Span, fields: &mut Vec<Cow<'t, str>>) -> Vec<Reference> {
    let mut out = Vec::new();
    for_each_top_level(text, span, b';', |piece| {
        let piece = trim(text, piece);
        if !piece.is_empty() {
            out.push(parse_one(text, piece, fields));
        }
    });
    out
}

/// Calls `f` with each piece of `span` between separators: `sep` where it
/// stands outside brackets and guillemets and is followed by whitespace or
/// the end. Walks bytes: the brackets and separators are ASCII and the
/// guillemets (U+AB, U+BB) are `C2 AB` and `C2 BB`, bytes that occur
/// nowhere else in UTF-8 as a lead and its continuation.
fn for_each_top_level(text: &str, span: Span, sep: u8, mut f: impl FnMut(Span)) {
    let s = span.slice(text);
    let bytes = s.as_bytes();
    let mut depth = 0i32;
    let mut guillemets = 0u32;
    let mut start = 0;
    let mut i = 0;
    loop {
        i = TOP_LEVEL_STOPS.find_from(bytes, i);
        let Some(&b) = bytes.get(i) else { break };
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = (depth - 1).max(0),
            0xab | 0xbb if i > 0 && bytes[i - 1] == 0xc2 => guillemets += 1,
            b if b == sep
                && depth == 0
                && guillemets.is_multiple_of(2)
                && s[i + 1..].chars().next().is_none_or(char::is_whitespace) =>
            {
                f(Span::new(span.start + start, span.start + i));
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    f(Span::new(span.start + start, span.end));
}

/// The bytes [`for_each_top_level`] acts on: brackets, both separators and
/// the second bytes of the guillemets.
const TOP_LEVEL_STOPS: ByteSet = ByteSet::new(b"([{)]},;\xab\xbb");

/// `s` with its whitespace runs collapsed to one space and its ends
/// trimmed, borrowed when it already is (as most citation fields are).
fn collapse(s: &str) -> Cow<'_, str> {
    let t = s.trim();
    if is_collapsed(t) {
        return Cow::Borrowed(t);
    }
    let mut out = String::with_capacity(t.len());
    for w in t.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    Cow::Owned(out)
}

/// Whether every whitespace character of `t` is a space and no two
/// spaces follow each other. Spaces are everywhere, so the double space is
/// looked for on its own (a vectorised substring search) and the scan
/// stops only at the other whitespace characters' first bytes.
fn is_collapsed(t: &str) -> bool {
    if t.contains("  ") {
        return false;
    }
    let bytes = t.as_bytes();
    let mut i = 0;
    loop {
        i = OTHER_WHITESPACE_STARTS.find_from(bytes, i);
        let Some(&b) = bytes.get(i) else { return true };
        if b.is_ascii() {
            return false;
        }
        let c = t[i..].chars().next().unwrap_or_default();
        if c.is_whitespace() {
            return false;
        }
        i += c.len_utf8();
    }
}

/// The bytes a whitespace character other than the space can start with:
/// ASCII whitespace and the UTF-8 leads of the others (U+85, U+A0, U+1680,
/// U+2000–U+205F, U+3000).
const OTHER_WHITESPACE_STARTS: ByteSet = ByteSet::new(b"\t\n\x0b\x0c\r\xc2\xe1\xe2\xe3");

/// Parses one cited work. `fields` is scratch space reused across works.
fn parse_one<'t>(text: &'t str, span: Span, fields: &mut Vec<Cow<'t, str>>) -> Reference {
    let raw = collapse(span.slice(text));
    // Every field is a part of the work's text: when that needed no
    // collapsing (the usual case), neither does any field once trimmed,
    // and the fields need no second scan.
    let collapsed = matches!(raw, Cow::Borrowed(_));
    let raw = raw.into_owned();
    fields.clear();
    for_each_top_level(text, span, b',', |f| {
        let f = f.slice(text);
        let f = if collapsed { Cow::Borrowed(f.trim()) } else { collapse(f) };
        if !f.is_empty() {
            fields.push(f);
        }
    });
    let mut r = Reference { span, raw, ..Reference::default() };

    // Address: a Markdown link or a bare URL. `[url](#)` says a link existed
    // without giving it, so it leaves the address empty.
    if let Some(i) = fields.iter().position(|f| link_target(f).is_some() || is_url(f)) {
        let f = fields.remove(i);
        r.address = match link_target(&f) {
            Some(t) if is_url(t) => Some(t.to_string()),
            Some(_) => None,
            None => Some(f.into_owned()),
        };
    }
    // Pages: `p. 2`, `pp. 6, 23`, `para. 86` and the numbers that follow.
    // (Joined and drained at once: removing them one by one was quadratic
    // in a long list of numbers.)
    if let Some(i) = fields.iter().position(|f| is_pages(f)) {
        let numbers = fields[i + 1..]
            .iter()
            .take_while(|f| f.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '–' | ' ')))
            .count();
        r.pages = Some(fields[i..=i + numbers].join(", "));
        fields.drain(i..=i + numbers);
    }
    // Date: the last field that is a date and nothing else.
    if let Some((i, date)) = fields.iter().enumerate().rev().find_map(|(i, f)| Some((i, parse_date_field(f)?))) {
        fields.remove(i);
        r.date = Some(date);
    }
    if fields.len() <= 1 {
        r.title = fields.pop().map(Cow::into_owned);
        return r;
    }
    let rest: &[Cow<'_, str>];
    if is_initials(&fields[1]) {
        r.author = Some(format!("{}, {}", fields[0], fields[1]));
        // Author, Title, Publisher: a short last field names the outlet.
        if fields.len() >= 4 && fields.last().is_some_and(|p| p.split_whitespace().count() <= 6) {
            r.publisher = fields.pop().map(Cow::into_owned);
        }
        rest = &fields[2..];
    } else if fields.len() >= 3 && is_state(&fields[0]) && fields[1].split_whitespace().count() <= 6 {
        // `US, CRS, …`, `UK, Home Office, …`: a state and its agency.
        r.publisher = Some(format!("{}, {}", fields[0], fields[1]));
        rest = &fields[2..];
    } else {
        r.publisher = Some(fields[0].to_string());
        rest = &fields[1..];
    }
    if !rest.is_empty() {
        r.title = Some(rest.join(", "));
    }
    r
}

/// The target of a Markdown link that fills the whole field.
fn link_target(f: &str) -> Option<&str> {
    let inner = f.strip_prefix('[')?;
    let close = find_link_middle(inner)?;
    let target = inner[close + 2..].strip_suffix(')')?;
    Some(target)
}

fn is_url(f: &str) -> bool {
    f.starts_with("http://") || f.starts_with("https://") || f.starts_with("www.")
}

fn is_pages(f: &str) -> bool {
    ["p. ", "pp. ", "para. ", "paras. ", "page ", "pages ", "§"]
        .iter()
        .any(|p| f.as_bytes().get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p.as_bytes())))
}

/// `A.`, `A.Y.`, `M.-A.`: a person's initials.
fn is_initials(f: &str) -> bool {
    f.len() <= 10
        && f.ends_with('.')
        && f.chars().all(|c| c.is_uppercase() || matches!(c, '.' | '-' | ' '))
        && f.chars().any(char::is_uppercase)
}

/// States and unions that EUAA-style citations put before an agency
/// (`US, CRS`; `UK, Home Office`; `Pakistan, Ministry of Interior`).
const STATES: &[&str] = &[
    "USA",
    "Afghanistan",
    "Australia",
    "Austria",
    "Belgium",
    "Canada",
    "China",
    "Denmark",
    "Finland",
    "France",
    "Germany",
    "India",
    "Iran",
    "Netherlands",
    "Norway",
    "Pakistan",
    "Russia",
    "Sweden",
    "Switzerland",
    "Turkey",
    "Türkiye",
];

/// A two-letter code (`US`, `UK`, `EU`, `UN`) or a state's name.
fn is_state(f: &str) -> bool {
    (f.len() == 2 && f.chars().all(|c| c.is_ascii_uppercase())) || STATES.contains(&f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_page_list_is_one_pages_field() {
        let numbers: Vec<String> = (1..=3000).map(|n| n.to_string()).collect();
        let r = &parse(&format!("CRSS, Title, 2024, p. {}", numbers.join(", ")))[0];
        assert_eq!(r.pages, Some(format!("p. {}", numbers.join(", "))));
        assert_eq!(r.title.as_deref(), Some("Title"));
    }

    #[test]
    fn whitespace_starts_cover_every_whitespace_character() {
        for c in (0..=0x10ffff).filter_map(char::from_u32).filter(|&c| c.is_whitespace() && c != ' ') {
            let mut buf = [0u8; 4];
            assert!(OTHER_WHITESPACE_STARTS.contains(c.encode_utf8(&mut buf).as_bytes()[0]), "{c:?}");
        }
    }

    #[test]
    fn collapse_borrows_only_what_is_collapsed() {
        for s in ["a b", " a b ", "a  b", "a \u{a0}b", "a\tb", "a\u{a0}b", "a\u{3000}b", "é ü", "a\u{2019}b", "", "  "]
        {
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
            let got = collapse(s);
            assert_eq!(got, want, "{s:?}");
            assert_eq!(matches!(got, Cow::Borrowed(_)), s.trim() == want, "{s:?}");
        }
    }

    /// The parts of a collapsed text collapse to themselves trimmed, as
    /// [`parse_one`] takes for granted.
    #[test]
    fn parts_of_collapsed_text_are_collapsed_once_trimmed() {
        for text in crate::test_inputs() {
            for piece in text.split([';', '\n']) {
                let piece = piece.trim();
                if !matches!(collapse(piece), Cow::Borrowed(_)) {
                    continue;
                }
                for field in piece.split(',') {
                    assert_eq!(collapse(field), Cow::Borrowed(field.trim()), "{field:?}");
                }
            }
        }
    }

    fn parse(s: &str) -> Vec<Reference> {
        parse_references(s, Span::new(0, s.len()))
    }

    #[test]
    fn state_agency_with_update_date_and_page() {
        let r = &parse(
            "US, CRS, Terrorist and Other Militant Groups in Pakistan, last updated 25 March 2026, [url](#), p. 2",
        )[0];
        assert_eq!(r.publisher.as_deref(), Some("US, CRS"));
        assert_eq!(r.title.as_deref(), Some("Terrorist and Other Militant Groups in Pakistan"));
        assert_eq!(r.date.map(|d| d.to_string()).as_deref(), Some("2026-03-25"));
        assert_eq!(r.pages.as_deref(), Some("p. 2"));
        assert_eq!(r.address, None);
        assert_eq!(r.author, None);
    }

    #[test]
    fn two_authored_works_across_a_line_break() {
        let refs = parse(
            "Jadoon, A., Confronting Pakistan's Deadly Trifecta of Terrorist Groups, South Asian Voices, 17 October 2025, [url](#); Basit, A., Is the Islamic State of Khorasan Province Losing\n\nMomentum?, The Diplomat, 26 June 2025, [url](#)",
        );
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[0].author.as_deref(), Some("Jadoon, A."));
        assert_eq!(refs[0].publisher.as_deref(), Some("South Asian Voices"));
        assert_eq!(refs[1].author.as_deref(), Some("Basit, A."));
        assert_eq!(refs[1].title.as_deref(), Some("Is the Islamic State of Khorasan Province Losing Momentum?"));
        assert_eq!(refs[1].publisher.as_deref(), Some("The Diplomat"));
        assert_eq!(refs[1].date.map(|d| d.to_string()).as_deref(), Some("2025-06-26"));
    }

    #[test]
    fn an_outlet_is_not_a_state() {
        let r = &parse(
            "CNN, At least 30 dead in Balochistan explosions, day before Pakistan election, 7 February 2024, [url](#)",
        )[0];
        assert_eq!(r.publisher.as_deref(), Some("CNN"));
        assert_eq!(
            r.title.as_deref(),
            Some("At least 30 dead in Balochistan explosions, day before Pakistan election")
        );
    }

    #[test]
    fn pages_lists_addresses_and_plain_notes() {
        let r = &parse("CRSS, Complex terrorism landscape, 24 January 2025, [url](https://crss.pk/x), pp. 6, 23")[0];
        assert_eq!(r.pages.as_deref(), Some("pp. 6, 23"));
        assert_eq!(r.address.as_deref(), Some("https://crss.pk/x"));
        assert_eq!(r.publisher.as_deref(), Some("CRSS"));
        let r = &parse("EUAA map visualisation based on ACLED data for the reference period.")[0];
        assert_eq!(r.title.as_deref(), Some("EUAA map visualisation based on ACLED data for the reference period."));
        let r = &parse(
            "Zelin, A.Y., ISKP Goes Global: External Operations from Afghanistan, TWI, 11 September 2023, [url](#)",
        )[0];
        assert_eq!(r.author.as_deref(), Some("Zelin, A.Y."));
        assert_eq!(r.publisher.as_deref(), Some("TWI"));
    }
}
