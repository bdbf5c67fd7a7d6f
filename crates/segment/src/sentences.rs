//! Sentence boundaries inside a paragraph.
//!
//! A boundary is a terminator (`.`, `!`, `?`, `…`), then any closing quotes
//! or brackets and footnote markers, then whitespace, then something that
//! can start a sentence (not a lowercase letter). A period does not end a
//! sentence after an abbreviation (`Dr.`, `p.`, `pp.`, `No. 5`), an initial
//! (`A.`, `A.Y.`, `U.S.`), or inside brackets (`(see p. 5. Ibid.)`).

use std::borrow::Cow;

use dossier_model::Span;

use crate::markers::superscript_digit;
use crate::trim;
use dossier_model::scan::ByteSet;

/// Abbreviations after which a period does not end a sentence, lowercase and
/// without their final period, sorted (looked up by binary search).
const ABBREVIATIONS: &[&str] = &[
    "adm", "al", "approx", "apr", "art", "assn", "aug", "bros", "ca", "capt", "cf", "ch", "co", "col", "corp", "cpl",
    "dec", "dept", "dr", "ed", "eds", "esp", "est", "feb", "fig", "figs", "ft", "gen", "gov", "govt", "hon", "ibid",
    "inc", "jan", "jr", "jul", "jun", "lt", "ltd", "maj", "mar", "messrs", "mr", "mrs", "ms", "mt", "nov", "oct", "op",
    "p", "para", "paras", "pp", "pres", "prof", "rep", "rev", "sec", "sen", "sep", "sept", "sgt", "sr", "st", "univ",
    "viz", "vol", "vols", "vs",
];

/// Abbreviations that are ordinary words unless a number follows (`No. 5`).
const NUMBER_ABBREVIATIONS: &[&str] = &["no", "nos", "nr"];

/// The length of the longest entry of [`ABBREVIATIONS`] and
/// [`NUMBER_ABBREVIATIONS`].
const LONGEST_ABBREVIATION: usize = 6;

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
    let mut out = Vec::new();
    split_into(text, block, &Markers::new(markers), &mut out);
    out
}

/// Markup markers sorted by start (stably, so that among markers with the
/// same start the first stated is found first), for a binary search at each
/// full stop instead of a walk over all of them.
pub(crate) struct Markers<'m>(Cow<'m, [Span]>);

impl<'m> Markers<'m> {
    pub(crate) fn new(markers: &'m [Span]) -> Self {
        if markers.is_sorted_by_key(|m| m.start) {
            return Markers(Cow::Borrowed(markers));
        }
        let mut sorted = markers.to_vec();
        sorted.sort_by_key(|m| m.start);
        Markers(Cow::Owned(sorted))
    }

    /// The first marker that starts at `at`.
    fn starting_at(&self, at: usize) -> Option<Span> {
        let i = self.0.partition_point(|m| m.start < at);
        self.0.get(i).filter(|m| m.start == at).copied()
    }
}

/// The bytes that can start `(`, `[`, `.`, `!`, `?` or `…` (`E2 80 A6`).
const SENTENCE_STOPS: ByteSet = ByteSet::new(b"([.!?\xe2");

/// The brackets, the only bytes that matter inside brackets.
const BRACKETS: ByteSet = ByteSet::new(b"()[]");

/// The character at byte `i` of `s` (a character boundary, before the end).
fn char_at(s: &str, i: usize) -> char {
    match s.as_bytes()[i] {
        b if b.is_ascii() => char::from(b),
        _ => s[i..].chars().next().unwrap_or_default(),
    }
}

/// Appends the sentence spans of `block` to `out` (see [`split_sentences`]).
///
/// Walks byte offsets rather than a vector of decoded characters: every
/// character the rules look for is ASCII except `…` and the closing quotes,
/// which are decoded where they may stand.
pub(crate) fn split_into(text: &str, block: Span, markers: &Markers<'_>, out: &mut Vec<Span>) {
    split_into_jumping::<true>(text, block, markers, out);
}

/// [`split_into`], which inside brackets jumps to the next bracket (or to
/// where the bracket has been open too long) when `JUMP` is set, and else
/// looks at every character there as the plain rule does (for the test
/// that compares the two).
fn split_into_jumping<const JUMP: bool>(text: &str, block: Span, markers: &Markers<'_>, out: &mut Vec<Span>) {
    let s = block.slice(text);
    let n = s.len();
    let from = out.len();
    let mut start = 0;
    let mut depth = 0u32;
    let mut opened_at = 0;
    let mut k = 0;
    while k < n {
        if depth == 0 {
            // Outside brackets only an opening bracket or a terminator
            // matters (a closing one leaves the depth at 0, and the
            // bracket span check has nothing to close).
            k = SENTENCE_STOPS.find_from(s.as_bytes(), k);
            if k >= n {
                break;
            }
        } else if JUMP {
            // Inside brackets nothing but another bracket matters until
            // the first character past `MAX_BRACKET_SPAN`, where the
            // bracket is taken as unbalanced.
            let limit = (opened_at + MAX_BRACKET_SPAN + 1).min(n);
            if k < limit {
                k = BRACKETS.find_from(&s.as_bytes()[..limit], k);
                while k < n && !s.is_char_boundary(k) {
                    k += 1;
                }
                if k >= n {
                    break;
                }
            }
        }
        let c = char_at(s, k);
        let c_len = c.len_utf8();
        match c {
            '(' | '[' => {
                if depth == 0 {
                    opened_at = k;
                }
                depth = (depth + 1).min(64);
            }
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 && k - opened_at > MAX_BRACKET_SPAN {
            depth = 0;
        }
        if !matches!(c, '.' | '!' | '?' | '…') || depth > 0 {
            k += c_len;
            continue;
        }
        let mut m = k + c_len;
        while m < n && matches!(char_at(s, m), '.' | '!' | '?' | '…') {
            m += char_at(s, m).len_utf8();
        }
        while m < n && matches!(char_at(s, m), '"' | '\'' | '’' | '”' | '»' | ')' | ']') {
            m += char_at(s, m).len_utf8();
        }
        m = skip_markers(s, m);
        // Markup markers: skip every one that starts where we stand.
        while m < n {
            let Some(mk) = markers.starting_at(block.start + m) else { break };
            while m < n && block.start + m < mk.end {
                m += char_at(s, m).len_utf8();
            }
            m = skip_markers(s, m);
        }
        if m >= n || !char_at(s, m).is_whitespace() {
            k = m.max(k + c_len);
            continue;
        }
        let mut next = m;
        while next < n && char_at(s, next).is_whitespace() {
            next += char_at(s, next).len_utf8();
        }
        if next < n && can_start_sentence(char_at(s, next)) && !(c == '.' && is_abbreviation(s, k, char_at(s, next))) {
            out.push(Span::new(block.start + start, block.start + m));
            start = next;
        }
        k = next;
    }
    out.push(Span::new(block.start + start, block.end));
    // Trim in place and drop the blank ones.
    let mut kept = from;
    for j in from..out.len() {
        let sp = trim(text, out[j]);
        if !sp.is_empty() {
            out[kept] = sp;
            kept += 1;
        }
    }
    out.truncate(kept);
}

/// Skips footnote markers after a terminator, from byte `m` of `s`:
/// superscript digits, `[^n]`, `[12]`.
fn skip_markers(s: &str, mut m: usize) -> usize {
    let n = s.len();
    loop {
        let before = m;
        while m < n && superscript_digit(char_at(s, m)).is_some() {
            m += char_at(s, m).len_utf8();
        }
        if m < n && s.as_bytes()[m] == b'[' {
            let rest = &s.as_bytes()[m + 1..];
            // The first `]`, if it is close enough.
            if let Some(close) = rest[..rest.len().min(13)].iter().position(|&b| b == b']') {
                let inner = &s[m + 1..m + 1 + close];
                let label = inner.strip_prefix('^').unwrap_or(inner);
                if !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric()) {
                    m += 1 + close + 1;
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
    // Lowercased on the stack: an ASCII token longer than the longest
    // abbreviation names none; only other tokens need `to_lowercase`.
    let mut buf = [0u8; LONGEST_ABBREVIATION];
    let owned;
    let lower: &str = if token.is_ascii() {
        if token.len() <= LONGEST_ABBREVIATION {
            buf[..token.len()].copy_from_slice(token.as_bytes());
            buf[..token.len()].make_ascii_lowercase();
            std::str::from_utf8(&buf[..token.len()]).unwrap_or_default()
        } else {
            ""
        }
    } else {
        owned = token.to_lowercase();
        &owned
    };
    if ABBREVIATIONS.binary_search(&lower).is_ok() {
        return true;
    }
    if NUMBER_ABBREVIATIONS.contains(&lower) {
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

    /// Jumping between brackets finds the sentences that looking at every
    /// character inside them finds, on the corpus and fuzz inputs and on
    /// long and unbalanced brackets.
    #[test]
    fn jumping_inside_brackets_changes_nothing() {
        let mut texts = crate::test_inputs();
        let long = "x".repeat(MAX_BRACKET_SPAN - 3);
        for pad in ["", "é", "ab", "—", "a\u{2026}"] {
            texts.push(format!("A (see {long}{pad}. Next one. Then (a [b. C] d. E) f. G.) End. H."));
            texts.push(format!("A [{long}{pad}é. B. C. (D. E. F. G.) H."));
            texts.push(format!("A ({pad}{long}))). B. [[[{long}. C] D."));
        }
        let mut checked = 0;
        for text in &texts {
            let mut start = 0;
            for para in text.split_inclusive("\n\n") {
                let block = Span::new(start, start + para.len());
                start += para.len();
                let (mut fast, mut plain) = (Vec::new(), Vec::new());
                split_into_jumping::<true>(text, block, &Markers::new(&[]), &mut fast);
                split_into_jumping::<false>(text, block, &Markers::new(&[]), &mut plain);
                assert_eq!(fast, plain, "{para:?}");
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked}");
    }

    #[test]
    fn abbreviations_are_sorted() {
        assert!(ABBREVIATIONS.is_sorted());
    }

    #[test]
    fn longest_abbreviation_is_the_longest() {
        let longest = ABBREVIATIONS.iter().chain(NUMBER_ABBREVIATIONS).map(|a| a.len()).max();
        assert_eq!(longest, Some(LONGEST_ABBREVIATION));
    }

    #[test]
    fn lowercase_continuation_is_not_a_boundary() {
        check("It rose approx. three times. Then fell.", &["It rose approx. three times.", "Then fell."]);
    }
}
