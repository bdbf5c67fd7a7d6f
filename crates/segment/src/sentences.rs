//! Sentence boundaries inside a paragraph.
//!
//! A boundary is a terminator (`.`, `!`, `?`, `…`), then any closing quotes
//! or brackets and footnote markers, then whitespace, then something that
//! can start a sentence (not a lowercase letter). A period does not end a
//! sentence after an abbreviation (`Dr.`, `p.`, `pp.`, `No. 5`), an initial
//! (`A.`, `A.Y.`, `U.S.`), or inside brackets (`(see p. 5. Ibid.)`).

use dossier_model::Span;

use crate::markers::superscript_digit;
use crate::trim;

/// Abbreviations after which a period does not end a sentence, lowercase and
/// without their final period.
const ABBREVIATIONS: &[&str] = &[
    "adm", "al", "apr", "approx", "art", "assn", "aug", "bros", "ca", "capt", "cf", "ch", "co", "col", "corp", "cpl",
    "dec", "dept", "dr", "ed", "eds", "esp", "est", "feb", "fig", "figs", "ft", "gen", "gov", "govt", "hon", "ibid",
    "inc", "jan", "jr", "jul", "jun", "lt", "ltd", "maj", "mar", "messrs", "mr", "mrs", "ms", "mt", "nov", "oct", "op",
    "p", "para", "paras", "pp", "pres", "prof", "rep", "rev", "sec", "sen", "sep", "sept", "sgt", "sr", "st", "univ",
    "viz", "vol", "vols", "vs",
];

/// Abbreviations that are ordinary words unless a number follows (`No. 5`).
const NUMBER_ABBREVIATIONS: &[&str] = &["no", "nos", "nr"];

/// Brackets open longer than this many bytes are taken as unbalanced and
/// stop suppressing boundaries.
const MAX_BRACKET_SPAN: usize = 400;

/// Splits the text of `block` into sentence spans (trimmed, in order,
/// covering every non-blank part of the block).
pub fn split_sentences(text: &str, block: Span) -> Vec<Span> {
    split_sentences_with(text, block, &[])
}

/// [`split_sentences`] knowing the footnote markers that markup stated
/// (`<sup>1</sup>` reads as a plain `1` in the text): a marker right after
/// a full stop belongs to the sentence it ends.
pub fn split_sentences_with(text: &str, block: Span, markers: &[Span]) -> Vec<Span> {
    let s = block.slice(text);
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let n = chars.len();
    let at = |k: usize| if k < n { chars[k].0 } else { s.len() };
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0u32;
    let mut opened_at = 0;
    let mut k = 0;
    while k < n {
        let (i, c) = chars[k];
        match c {
            '(' | '[' => {
                if depth == 0 {
                    opened_at = i;
                }
                depth = (depth + 1).min(64);
            }
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 && i - opened_at > MAX_BRACKET_SPAN {
            depth = 0;
        }
        if !matches!(c, '.' | '!' | '?' | '…') || depth > 0 {
            k += 1;
            continue;
        }
        let mut m = k + 1;
        while m < n && matches!(chars[m].1, '.' | '!' | '?' | '…') {
            m += 1;
        }
        while m < n && matches!(chars[m].1, '"' | '\'' | '’' | '”' | '»' | ')' | ']') {
            m += 1;
        }
        m = skip_markers(s, &chars, m);
        // Markup markers: skip every one that starts where we stand.
        while m < n {
            let at = block.start + chars[m].0;
            let Some(mk) = markers.iter().find(|mk| mk.start == at) else { break };
            while m < n && block.start + chars[m].0 < mk.end {
                m += 1;
            }
            m = skip_markers(s, &chars, m);
        }
        if m >= n || !chars[m].1.is_whitespace() {
            k = m.max(k + 1);
            continue;
        }
        let mut next = m;
        while next < n && chars[next].1.is_whitespace() {
            next += 1;
        }
        if next < n && can_start_sentence(chars[next].1) && !(c == '.' && is_abbreviation(s, i, chars[next].1)) {
            out.push(Span::new(block.start + start, block.start + at(m)));
            start = at(next);
        }
        k = next;
    }
    out.push(Span::new(block.start + start, block.end));
    out.into_iter().map(|sp| trim(text, sp)).filter(|sp| !sp.is_empty()).collect()
}

/// Skips footnote markers after a terminator: superscript digits, `[^n]`,
/// `[12]`.
fn skip_markers(s: &str, chars: &[(usize, char)], mut m: usize) -> usize {
    loop {
        let before = m;
        while m < chars.len() && superscript_digit(chars[m].1).is_some() {
            m += 1;
        }
        if m < chars.len() && chars[m].1 == '[' {
            let rest = &s[chars[m].0 + 1..];
            if let Some(close) = rest.find(']').filter(|&c| c <= 12) {
                let inner = &rest[..close];
                let label = inner.strip_prefix('^').unwrap_or(inner);
                if !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric()) {
                    let end_byte = chars[m].0 + 1 + close + 1;
                    while m < chars.len() && chars[m].0 < end_byte {
                        m += 1;
                    }
                }
            }
        }
        if m == before {
            return m;
        }
    }
}

fn can_start_sentence(c: char) -> bool {
    !c.is_lowercase()
}

/// Whether the period at byte `dot` of `s` closes an abbreviation or an
/// initial rather than a sentence.
fn is_abbreviation(s: &str, dot: usize, next: char) -> bool {
    let before = &s[..dot];
    let token_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, '(' | '[' | '"' | '“' | '‘' | '/'))
        .map_or(0, |(j, c)| j + c.len_utf8());
    let token = &before[token_start..];
    if token.is_empty() {
        return false;
    }
    let lower = token.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    if NUMBER_ABBREVIATIONS.contains(&lower.as_str()) {
        return next.is_ascii_digit();
    }
    // A single capital is an initial (`Zelin, A.`); dotted letters are
    // initials or acronyms (`A.Y`, `U.S`, `e.g`, `i.e`).
    let mut parts = token.split('.');
    let single_caps = token.chars().count() == 1 && token.chars().all(char::is_uppercase);
    let dotted = token.contains('.')
        && parts.all(|p| (1..=2).contains(&p.chars().count()) && p.chars().all(char::is_alphabetic));
    single_caps || dotted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &[&str]) {
        let spans = split_sentences(input, Span::new(0, input.len()));
        let got: Vec<&str> = spans.iter().map(|s| s.slice(input)).collect();
        assert_eq!(got, expect, "input: {input}");
    }

    #[test]
    fn splits_after_markers_and_quotes() {
        check(
            "It is a regional affiliate of the Islamic State (IS) group.³⁹² ISKP follows an ideology.³⁹³ Then.",
            &[
                "It is a regional affiliate of the Islamic State (IS) group.³⁹²",
                "ISKP follows an ideology.³⁹³",
                "Then.",
            ],
        );
        check("He called it ‘blurry.’ They agreed.", &["He called it ‘blurry.’", "They agreed."]);
        check("See the note.[^3] Next one.", &["See the note.[^3]", "Next one."]);
    }

    #[test]
    fn no_split_inside_abbreviations_initials_decimals_brackets() {
        check("Following the U.S. withdrawal, they left.", &["Following the U.S. withdrawal, they left."]);
        check("Dr. Basit said so. He left.", &["Dr. Basit said so.", "He left."]);
        check("Zelin, A.Y., ISKP Goes Global, p. 2. Second.", &["Zelin, A.Y., ISKP Goes Global, p. 2.", "Second."]);
        check("See pp. 6, 23 and No. 5 for 2.5 million. Done.", &["See pp. 6, 23 and No. 5 for 2.5 million.", "Done."]);
        check(
            "A claim (Jadoon, A. Confronting. 2025. Online.) stands. Next.",
            &["A claim (Jadoon, A. Confronting. 2025. Online.) stands.", "Next."],
        );
        check("It was 7 Jan. 2024 when it began.", &["It was 7 Jan. 2024 when it began."]);
        check("He said no. Then he left.", &["He said no.", "Then he left."]);
    }

    #[test]
    fn lowercase_continuation_is_not_a_boundary() {
        check("It rose approx. three times. Then fell.", &["It rose approx. three times.", "Then fell."]);
    }
}
