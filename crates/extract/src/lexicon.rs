//! The reviewed actor lexicon (`data/actors.tsv`), compiled into the
//! binary, and its matcher: every alias of every actor, found as whole words
//! in a document's folded text.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use dossier_model::Span;
use dossier_read::normalize::{Folded, fold};
use regex_automata::dfa::{Automaton, dense};

mod compile;

use compile::Alphabet;

/// The lexicon file, embedded at build time.
const ACTORS_TSV: &str = include_str!("../../../data/actors.tsv");

/// The DFA of the lexicon's ASCII patterns that `build.rs` compiles (see
/// [`compile`]), in `regex-automata`'s serialized form, which is read in
/// place: aligned as its `u32` state ids need.
static ASCII_DFA: &Aligned<[u8]> =
    &Aligned { _align: [], bytes: *include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.dfa")) };

/// The lowercased patterns of [`ASCII_DFA`], one per line in its order:
/// what the lexicon checks it derives too.
const ASCII_DFA_PATTERNS: &str = include_str!(concat!(env!("OUT_DIR"), "/lexicon-patterns.txt"));

/// Bytes with the alignment of `u32`.
#[repr(C)]
struct Aligned<B: ?Sized> {
    _align: [u32; 0],
    bytes: B,
}

pub use dossier_model::ActorKind;

/// One lexicon entry.
#[derive(Debug, Clone)]
pub struct LexActor {
    /// Stable slug (`iskp`).
    pub id: String,
    /// Its kind.
    pub kind: ActorKind,
    /// Full English name.
    pub canonical: String,
    /// Id of the organisation it belongs to.
    pub parent: Option<String>,
    /// Main country (ISO alpha-2), when it has one.
    pub country: Option<String>,
}

/// A lexicon alias found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexMention {
    /// Where, in the canonical text.
    pub span: Span,
    /// Index of the actor in the lexicon.
    pub actor: usize,
}

/// The actor lexicon and its automaton.
pub struct Lexicon {
    actors: Vec<LexActor>,
    by_id: HashMap<String, usize>,
    by_alias: HashMap<String, usize>,
    /// The ASCII patterns written in `codes` (all but three), a DFA: most
    /// reports hold no byte of any other pattern (Arabic, Cyrillic, Kurdish
    /// Latin, `/`), and over them it finds the same matches as an automaton
    /// of all patterns, since a pattern that matches nowhere changes no
    /// leftmost-longest result. Compiled at build time ([`ASCII_DFA`]).
    ascii: dense::DFA<&'static [u32]>,
    /// The index in `patterns` of each of `ascii`'s patterns.
    ascii_ids: Vec<usize>,
    /// Each byte's code in `ascii`'s alphabet (see [`Alphabet`]).
    codes: Alphabet,
    /// The other patterns (not ASCII), every occurrence of which
    /// [`Lexicon::matches`] merges into the ASCII automaton's matches; built
    /// the first time a text holds a byte of `non_ascii_leads`.
    others: OnceLock<AhoCorasick>,
    /// The index in `patterns` of each of `others`' patterns, ascending.
    other_ids: Vec<usize>,
    /// The furthest any of `others`' patterns puts its first byte of
    /// `non_ascii_leads` from its start, and their longest length: every
    /// occurrence lies within these distances of such a byte in the text.
    other_reach: (usize, usize),
    /// The lowercased patterns.
    lowered: Vec<String>,
    /// The UTF-8 lead bytes of the non-ASCII patterns' characters, and the
    /// ASCII bytes left out of `ascii`'s alphabet: a text without any of
    /// them cannot match one of `others`' patterns.
    non_ascii_leads: [bool; 256],
    /// Per pattern: the actor and whether the alias must match with its case.
    patterns: Vec<(usize, bool, String)>,
}

/// The lowercase, folded key of a name, for lookups.
pub fn key(name: &str) -> String {
    // Folding changes no ASCII character.
    if name.is_ascii() {
        return name.to_ascii_lowercase();
    }
    fold(name).text.to_lowercase()
}

impl Lexicon {
    /// The bundled lexicon, parsed once.
    pub fn bundled() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| Lexicon::parse(ACTORS_TSV))
    }

    /// Parses the bundled lexicon file, with the DFA compiled from it.
    ///
    /// # Panics
    /// When the DFA is not the one of these patterns (a build that mixed
    /// files; `cargo clean` mends it): its matches would name other actors.
    fn parse(tsv: &str) -> Lexicon {
        let lines = compile::lines(tsv);
        let mut actors = Vec::new();
        let mut by_alias = HashMap::new();
        for line in &lines {
            let Some(kind) = ActorKind::parse(line.kind) else { continue };
            for name in &line.names {
                by_alias.entry(fold(name).text.to_lowercase()).or_insert(actors.len());
            }
            actors.push(LexActor {
                id: line.id.to_string(),
                kind,
                canonical: line.canonical.to_string(),
                parent: line.parent.map(str::to_string),
                country: line.country.map(str::to_string),
            });
        }
        // Line indexes are actor indexes: a test checks every kind parses.
        let patterns: Vec<(usize, bool, String)> =
            compile::patterns(&lines).into_iter().map(|(a, cs, p)| (a, cs, p.to_string())).collect();
        // ASCII-lowercase patterns, matched in the coded text, which the
        // coding lowercases: the same matches as an ASCII-case-insensitive
        // automaton.
        let lowered: Vec<String> = patterns.iter().map(|p| p.2.to_ascii_lowercase()).collect();
        let codes = Alphabet::of(lowered.iter().filter(|p| p.is_ascii()).map(String::as_str));
        let ascii_ids = compile::dfa_patterns(&lowered, &codes);
        let (ascii, _) = dense::DFA::from_bytes(&ASCII_DFA.bytes).expect("the lexicon DFA that build.rs wrote reads");
        assert!(
            ascii_ids.iter().map(|&i| lowered[i].as_str()).eq(ASCII_DFA_PATTERNS.lines())
                && ascii.pattern_len() == ascii_ids.len(),
            "the lexicon DFA was compiled from other patterns than data/actors.tsv's"
        );
        let in_dfa: std::collections::HashSet<usize> = ascii_ids.iter().copied().collect();
        let mut non_ascii_leads = [false; 256];
        for b in lowered.iter().flat_map(|p| p.bytes()).filter(|&b| b >= 0xc0 || b.is_ascii() && !codes.has(b)) {
            non_ascii_leads[usize::from(b)] = true;
        }
        let other_ids: Vec<usize> = (0..lowered.len()).filter(|i| !in_dfa.contains(i)).collect();
        let other_reach = other_ids.iter().map(|&i| lowered[i].as_bytes()).fold((0, 0), |(lead, len), p| {
            let first = p.iter().position(|&b| non_ascii_leads[usize::from(b)]).unwrap_or(0);
            (lead.max(first), len.max(p.len()))
        });
        let by_id = actors.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
        Lexicon {
            actors,
            by_id,
            by_alias,
            ascii,
            ascii_ids,
            codes,
            others: OnceLock::new(),
            other_ids,
            other_reach,
            lowered,
            non_ascii_leads,
            patterns,
        }
    }

    /// The entry at `i`.
    pub fn actor(&self, i: usize) -> &LexActor {
        &self.actors[i]
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.actors.len()
    }

    /// True when the lexicon has no entries.
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
    }

    /// The entry with this id.
    pub fn by_id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The entry one of whose names is `name` (case and dashes folded).
    pub fn by_name(&self, name: &str) -> Option<usize> {
        self.by_alias.get(&key(name)).copied()
    }

    /// True when `child` is `ancestor` or belongs to it through `parent`.
    pub fn is_within(&self, child: usize, ancestor: usize) -> bool {
        let mut cur = Some(child);
        for _ in 0..8 {
            match cur {
                Some(c) if c == ancestor => return true,
                Some(c) => cur = self.actors[c].parent.as_deref().and_then(|p| self.by_id(p)),
                None => return false,
            }
        }
        false
    }

    /// Aliases found in `within` of a text whose folded form is `folded`:
    /// whole words only, case-sensitive aliases with their exact case.
    pub fn find(&self, folded: &Folded, within: Span) -> Vec<LexMention> {
        let f = &folded.text;
        let mut out = Vec::new();
        // Most matches are rejected (`is` in "this" for the case-sensitive
        // `IS`), so the cheapest tests come first and offsets are mapped
        // for the rest only.
        self.matches(f, |m| {
            let (actor, case_sensitive, pattern) = &self.patterns[m.pattern];
            if *case_sensitive && &f[m.start..m.end] != pattern {
                return;
            }
            if !is_boundary(f, m.start, m.end) && !is_glued_label(f, m.start, m.end) {
                return;
            }
            let (start, end) = (folded.to_canonical(m.start), folded.to_canonical(m.end));
            if start < within.start || end > within.end {
                return;
            }
            out.push(LexMention { span: Span::new(start, end), actor: *actor });
        });
        out
    }
}

/// A pattern matched in a lowercased text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PatternMatch {
    start: usize,
    end: usize,
    /// Index into `Lexicon::patterns`.
    pattern: usize,
}

impl Lexicon {
    /// Hands `found` the leftmost-longest, non-overlapping matches of all
    /// the patterns in a text, ASCII case ignored, in order: the ASCII
    /// automaton's, and, when the text holds a lead byte of another
    /// pattern, those merged with every occurrence of the other patterns.
    fn matches(&self, text: &str, mut found: impl FnMut(PatternMatch)) {
        // The DFA finds a match's end; the pattern gives its start.
        let ascii_match = |m: regex_automata::HalfMatch| {
            let pattern = self.ascii_ids[m.pattern().as_usize()];
            PatternMatch { start: m.offset() - self.lowered[pattern].len(), end: m.offset(), pattern }
        };
        // Whether a byte leads another pattern: the ASCII ones (in either
        // case) by `memchr`, the others only in a text that is not all
        // ASCII (both vectorized).
        let bytes = text.as_bytes();
        let has_lead = self
            .codes
            .left_out
            .iter()
            .any(|&b| bytes.contains(&b) || b.is_ascii_lowercase() && bytes.contains(&b.to_ascii_uppercase()))
            || !text.is_ascii() && bytes.iter().any(|&b| self.non_ascii_leads[usize::from(b)]);
        // Coding lowercases too: one pass and one copy of the text.
        let encoded: Vec<u8> = bytes.iter().map(|&b| self.codes.text_code[usize::from(b)]).collect();
        let others = if has_lead { self.other_occurrences(&text.to_ascii_lowercase()) } else { Vec::new() };
        if others.is_empty() {
            // A pattern that occurs nowhere changes no leftmost-longest match.
            let mut at = 0;
            while let Some(m) = self.ascii_find(&encoded, at).map(ascii_match) {
                at = m.end;
                found(m);
            }
            return;
        }
        // Leftmost-longest by hand: from `at`, the match that starts first,
        // the longer of two that start together (never equal: an ASCII and
        // another pattern differ in some byte).
        let mut next_other = others.iter().peekable();
        // The last ASCII search: while its match starts at or after `at`,
        // a search from `at` finds that same match (none starts between),
        // and when it found none a later search finds none either. So each
        // stretch of text is searched about once.
        let mut ascii: Option<Option<PatternMatch>> = None;
        let mut at = 0;
        loop {
            let a = match ascii {
                Some(Some(m)) if m.start >= at => Some(m),
                Some(None) => None,
                _ => {
                    let m = self.ascii_find(&encoded, at).map(ascii_match);
                    ascii = Some(m);
                    m
                }
            };
            while next_other.next_if(|o| o.start < at).is_some() {}
            let m = match (a, next_other.peek()) {
                (Some(a), Some(&&o)) if o.start < a.start || o.start == a.start && o.end > a.end => o,
                (Some(a), _) => a,
                (None, Some(&&o)) => o,
                (None, None) => return,
            };
            found(m);
            at = m.end;
        }
    }

    /// The DFA's first match in `coded` that starts at or after `at` (the
    /// leftmost, the longest of those that start there).
    fn ascii_find(&self, coded: &[u8], at: usize) -> Option<regex_automata::HalfMatch> {
        let input = regex_automata::Input::new(coded).range(at..);
        // Errors come only from quit bytes and look-arounds, which the
        // DFA has none of.
        self.ascii.try_search_fwd(&input).ok().flatten()
    }

    /// Every occurrence of the non-ASCII patterns in a lowercased text,
    /// overlapping ones too, ordered by start, the longest first, then by
    /// pattern (of two equal patterns, leftmost-longest reports the first).
    ///
    /// Only the stretches around bytes of `non_ascii_leads` are searched
    /// (an accented letter in an English report makes a short one), each
    /// reaching far enough either side to hold every occurrence that takes
    /// in such a byte; stretches that would overlap are searched as one.
    fn other_occurrences(&self, lower: &str) -> Vec<PatternMatch> {
        let others = self.others.get_or_init(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(self.other_ids.iter().map(|&i| self.lowered[i].as_str()))
                .expect("lexicon automaton builds")
        });
        let bytes = lower.as_bytes();
        let (reach, longest) = self.other_reach;
        let next_lead = |from: usize, to: usize| {
            let to = to.min(bytes.len());
            bytes.get(from..to)?.iter().position(|&b| self.non_ascii_leads[usize::from(b)]).map(|p| from + p)
        };
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(first) = next_lead(at, bytes.len()) {
            // A lead byte within `reach` of the end takes in text of this
            // stretch, so the stretch grows to hold its occurrences.
            let mut end = first + longest;
            let mut from = first + 1;
            while let Some(lead) = next_lead(from, end + reach) {
                end = end.max(lead + longest);
                from = lead + 1;
            }
            let end = end.min(bytes.len());
            let input = aho_corasick::Input::new(lower).span(first.saturating_sub(reach)..end);
            found.extend(others.find_overlapping_iter(input).map(|m| PatternMatch {
                start: m.start(),
                end: m.end(),
                pattern: self.other_ids[m.pattern().as_usize()],
            }));
            at = end;
        }
        found.sort_unstable_by_key(|m| (m.start, std::cmp::Reverse(m.end), m.pattern));
        found
    }
}

/// A flattened infobox glues a label to its value (`Split fromTehreek-i-Taliban
/// Pakistan`): a name of four or more characters that starts with a capital
/// right after a lowercase letter is taken as starting there.
fn is_glued_label(s: &str, start: usize, end: usize) -> bool {
    let before = s[..start].chars().next_back();
    let first = s[start..end].chars().next();
    let after = s[end..].chars().next();
    end - start >= 4
        && before.is_some_and(char::is_lowercase)
        && first.is_some_and(char::is_uppercase)
        && !after.is_some_and(char::is_alphanumeric)
}

/// Whole-word check on both sides: a letter or digit must not touch the
/// match. A possessive (`ISKP's`) is fine, and so is a hyphen joining a
/// lowercase word (`al-Qaeda-aligned`, `ex-TTP`), but not one joining
/// another name (`IS-Ableger`, `ISIS-K`).
fn is_boundary(s: &str, start: usize, end: usize) -> bool {
    let mut back = s[..start].chars().rev();
    let mut fwd = s[end..].chars();
    let (before, before2) = (back.next(), back.next());
    let (after, after2) = (fwd.next(), fwd.next());
    // Superscript footnote markers (`HGB/IMP⁴⁰²`) are not part of a word.
    let word = |c: char| c.is_alphanumeric() && !matches!(c, '⁰' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹');
    let name_like = |c: Option<char>| c.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    if before.is_some_and(word) || after.is_some_and(word) {
        return false;
    }
    !(before == Some('-') && name_like(before2) || after == Some('-') && name_like(after2))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Leftmost-longest matches of every pattern, from one automaton.
    fn reference(lex: &Lexicon) -> AhoCorasick {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&lex.lowered)
            .expect("reference automaton")
    }

    fn matches_of(lex: &Lexicon, lower: &str) -> Vec<(usize, usize, usize)> {
        let mut got = Vec::new();
        lex.matches(lower, |m| got.push((m.start, m.end, m.pattern)));
        got
    }

    /// Splitting the patterns by script finds exactly what one automaton
    /// of all of them finds in the lowercased text, on texts with and
    /// without other scripts, in any ASCII case: the corpus, the fuzz
    /// inputs and every pattern run together.
    #[test]
    fn split_automata_match_like_one_automaton_of_all_patterns() {
        let lex = Lexicon::bundled();
        let reference = reference(lex);
        let mut texts: Vec<String> = vec![lex.lowered.join(" "), lex.lowered.join(""), lex.lowered.join("\n")];
        texts.extend(crate::fixture_texts(&["extract_text"]));
        let (mut with_other_scripts, mut found) = (0, 0);
        for t in &texts {
            let folded = fold(t).text;
            let lower = folded.to_ascii_lowercase();
            let expected: Vec<(usize, usize, usize)> =
                reference.find_iter(lower.as_str()).map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect();
            assert_eq!(matches_of(lex, &lower), expected, "{t:?}");
            // The text as written: the coding lowercases it.
            assert_eq!(matches_of(lex, &folded), expected, "{t:?}");
            let upper = folded.to_ascii_uppercase();
            assert_eq!(matches_of(lex, &upper), expected, "{t:?}");
            with_other_scripts += usize::from(lower.bytes().any(|b| lex.non_ascii_leads[usize::from(b)]));
            found += expected.len();
        }
        assert!(
            with_other_scripts >= 3 && found > 1000,
            "{with_other_scripts} texts with other scripts, {found} matches"
        );
    }

    /// The DFA's patterns are written in at most 31 codes and every other
    /// byte in one more, one-to-one on the kept bytes: rows of 64, a table
    /// half as large as over raw bytes with both cases (4 MB then).
    #[test]
    fn the_dfa_alphabet_keeps_rows_of_32() {
        let lex = Lexicon::bundled();
        let kept: Vec<u8> = (0..=255u8).filter(|&b| lex.codes.has(b)).collect();
        assert!(kept.len() <= Alphabet::MAX && kept.len() >= 26, "{} bytes kept", kept.len());
        let mut codes: Vec<u8> = kept.iter().map(|&b| lex.codes.code[usize::from(b)]).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), kept.len(), "codes are one-to-one on the kept bytes");
        assert!(lex.ascii_ids.iter().all(|&i| lex.lowered[i].bytes().all(|b| lex.codes.has(b))));
        assert!(lex.ascii_ids.len() + lex.other_ids.len() == lex.lowered.len());
        // Rows of 64 (32 classes and the DFA's end of input): 2 MB.
        assert!(lex.ascii.memory_usage() < 2_200_000, "DFA of {} bytes", lex.ascii.memory_usage());
    }

    /// The lexicon file writes its names folded (`'` not `’`, `-` not
    /// `–`): text is folded before matching, so the folded name matches
    /// every typographic variant, and build.rs, which cannot fold, derives
    /// the DFA's patterns from the names as written. Every kind parses, so
    /// the file's lines are the lexicon's actors, in order.
    #[test]
    fn the_lexicon_file_writes_names_folded_and_every_kind_parses() {
        let lines = compile::lines(ACTORS_TSV);
        for line in &lines {
            for name in line.names.iter().chain(&line.case_sensitive) {
                assert_eq!(&fold(name).text, name, "{}: write {name:?} folded", line.id);
            }
            assert!(ActorKind::parse(line.kind).is_some(), "{}: kind {:?}", line.id, line.kind);
        }
        let lex = Lexicon::bundled();
        assert_eq!(lex.len(), lines.len());
        assert!(lines.iter().enumerate().all(|(i, l)| lex.actor(i).id == l.id));
    }

    /// The merge of ASCII matches and other-script occurrences agrees with
    /// one automaton where they overlap and abut: texts of pieces of
    /// patterns (whole, heads, tails) of both kinds, in pseudo-random order.
    #[test]
    fn merged_matches_agree_where_scripts_overlap() {
        let lex = Lexicon::bundled();
        let reference = reference(lex);
        let pieces: Vec<&str> = lex
            .lowered
            .iter()
            .flat_map(|p| {
                let cut = |n: usize| p.char_indices().nth(n).map_or(p.len(), |(i, _)| i);
                let (head, tail) = (cut(3), cut(p.chars().count().saturating_sub(3)));
                [p.as_str(), &p[..head], &p[tail..], " ", "-"]
            })
            .collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % n as u64).unwrap_or(0)
        };
        let (mut merged, mut other_matches) = (0, 0);
        for _ in 0..300 {
            let text: String = (0..200).map(|_| pieces[next(pieces.len())]).collect();
            let expected: Vec<(usize, usize, usize)> =
                reference.find_iter(text.as_str()).map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect();
            assert_eq!(matches_of(lex, &text), expected, "{text:?}");
            let others = expected.iter().filter(|m| !lex.lowered[m.2].is_ascii()).count();
            merged += usize::from(others > 0 && others < expected.len());
            other_matches += others;
        }
        assert!(merged > 150 && other_matches > 300, "{merged} merged texts, {other_matches} other matches");
    }
}
