//! The reviewed actor lexicon (`data/actors.tsv`), compiled into the
//! binary, and its matcher: every alias of every actor, found as whole words
//! in a document's folded text.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use dossier_model::Span;
use dossier_read::normalize::{Folded, fold};

/// The lexicon file, embedded at build time.
const ACTORS_TSV: &str = include_str!("../../../data/actors.tsv");

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
    /// The ASCII patterns only, a DFA: most reports hold no byte of any
    /// other pattern (Arabic, Cyrillic, Kurdish Latin), and over them it
    /// finds the same matches as an automaton of all patterns, since a
    /// pattern that matches nowhere changes no leftmost-longest result.
    ascii: AhoCorasick,
    /// The index in `patterns` of each of `ascii`'s patterns.
    ascii_ids: Vec<usize>,
    /// Every pattern, a contiguous NFA (fast to build, slower to search),
    /// built the first time a text holds a byte of `non_ascii_leads`.
    all: OnceLock<AhoCorasick>,
    /// The lowercased patterns, for building `all`.
    lowered: Vec<String>,
    /// The UTF-8 lead bytes of the non-ASCII patterns' characters: a text
    /// without any of them cannot match one of those patterns.
    non_ascii_leads: [bool; 256],
    /// Per pattern: the actor and whether the alias must match with its case.
    patterns: Vec<(usize, bool, String)>,
}

/// The lowercase, folded key of a name, for lookups.
pub fn key(name: &str) -> String {
    fold(name).text.to_lowercase()
}

impl Lexicon {
    /// The bundled lexicon, parsed once.
    pub fn bundled() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| Lexicon::parse(ACTORS_TSV))
    }

    /// Parses a lexicon file; malformed lines are skipped (the bundled file
    /// is checked by a test, so nothing is skipped in practice).
    pub fn parse(tsv: &str) -> Lexicon {
        let mut lines = tsv.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
        let col = |name: &str| header.iter().position(|h| h.trim() == name);
        let (id_c, kind_c, canon_c, alias_c) = (col("id"), col("kind"), col("canonical"), col("aliases"));
        let (parent_c, country_c, cs_c) = (col("parent"), col("country"), col("case_sensitive_aliases"));
        let mut actors = Vec::new();
        let mut patterns = Vec::new();
        let mut by_alias = HashMap::new();
        for line in lines {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').collect();
            let get = |c: Option<usize>| c.and_then(|i| cells.get(i)).map(|s| s.trim()).filter(|s| !s.is_empty());
            let (Some(id), Some(kind), Some(canonical)) =
                (get(id_c), get(kind_c).and_then(ActorKind::parse), get(canon_c))
            else {
                continue;
            };
            let index = actors.len();
            let case_sensitive: Vec<&str> =
                get(cs_c).map(|s| s.split('|').map(str::trim).collect()).unwrap_or_default();
            let mut names: Vec<&str> = vec![canonical];
            names.extend(
                get(alias_c).map(|s| s.split('|').map(str::trim).filter(|a| !a.is_empty())).into_iter().flatten(),
            );
            for name in names {
                let folded = fold(name).text;
                let cs = case_sensitive.contains(&name);
                by_alias.entry(folded.to_lowercase()).or_insert(index);
                if !patterns.iter().any(|(a, c, p): &(usize, bool, String)| *a == index && *c == cs && *p == folded) {
                    patterns.push((index, cs, folded));
                }
            }
            actors.push(LexActor {
                id: id.to_string(),
                kind,
                canonical: canonical.to_string(),
                parent: get(parent_c).map(str::to_string),
                country: get(country_c).map(str::to_string),
            });
        }
        // ASCII-lowercase patterns, matched in an ASCII-lowercased copy of
        // the text: the same matches as an ASCII-case-insensitive
        // automaton, which takes markedly longer to build. A DFA for the
        // ASCII patterns rather than a contiguous NFA: over 10 MB of
        // reports its search saves several times its build; leaving the
        // other scripts out halves its table (their UTF-8 bytes each made a
        // byte class), so more of it stays in the caches.
        let lowered: Vec<String> = patterns.iter().map(|p| p.2.to_ascii_lowercase()).collect();
        let ascii_ids: Vec<usize> = (0..lowered.len()).filter(|&i| lowered[i].is_ascii()).collect();
        let ascii = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(ascii_ids.iter().map(|&i| lowered[i].as_str()))
            .expect("lexicon automaton builds");
        let mut non_ascii_leads = [false; 256];
        for b in lowered.iter().flat_map(|p| p.bytes()).filter(|&b| b >= 0xc0) {
            non_ascii_leads[usize::from(b)] = true;
        }
        let by_id = actors.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
        Lexicon { actors, by_id, by_alias, ascii, ascii_ids, all: OnceLock::new(), lowered, non_ascii_leads, patterns }
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
        let lower = f.to_ascii_lowercase();
        let mut out = Vec::new();
        for m in self.matches(&lower) {
            let (start, end) = (folded.to_canonical(m.start), folded.to_canonical(m.end));
            if start < within.start || end > within.end {
                continue;
            }
            let (actor, case_sensitive, pattern) = &self.patterns[m.pattern];
            if *case_sensitive && &f[m.start..m.end] != pattern {
                continue;
            }
            if !is_boundary(f, m.start, m.end) && !is_glued_label(f, m.start, m.end) {
                continue;
            }
            out.push(LexMention { span: Span::new(start, end), actor: *actor });
        }
        out
    }
}

/// A pattern matched in a lowercased text.
struct PatternMatch {
    start: usize,
    end: usize,
    /// Index into `Lexicon::patterns`.
    pattern: usize,
}

impl Lexicon {
    /// The leftmost-longest, non-overlapping matches of the patterns in a
    /// lowercased text: from the ASCII automaton when the text holds no
    /// lead byte of another pattern, else from the automaton of all.
    fn matches(&self, lower: &str) -> Vec<PatternMatch> {
        if lower.bytes().any(|b| self.non_ascii_leads[usize::from(b)]) {
            let all = self.all.get_or_init(|| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .build(&self.lowered)
                    .expect("lexicon automaton builds")
            });
            let found = all.find_iter(lower);
            found.map(|m| PatternMatch { start: m.start(), end: m.end(), pattern: m.pattern().as_usize() }).collect()
        } else {
            let found = self.ascii.find_iter(lower);
            found
                .map(|m| PatternMatch {
                    start: m.start(),
                    end: m.end(),
                    pattern: self.ascii_ids[m.pattern().as_usize()],
                })
                .collect()
        }
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

    /// Splitting the patterns by script finds exactly what one automaton
    /// of all of them finds, on texts with and without other scripts: the
    /// corpus, the fuzz inputs and every pattern run together.
    #[test]
    fn split_automata_match_like_one_automaton_of_all_patterns() {
        let lex = Lexicon::bundled();
        let reference = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&lex.lowered)
            .expect("reference automaton");
        let root = env!("CARGO_MANIFEST_DIR");
        let mut texts: Vec<String> = vec![lex.lowered.join(" "), lex.lowered.join(""), lex.lowered.join("\n")];
        for dir in [format!("{root}/../../corpus"), format!("{root}/tests/fixtures/fuzz/extract_text")] {
            for entry in std::fs::read_dir(&dir).expect("fixture directory") {
                let bytes = std::fs::read(entry.expect("entry").path()).expect("fixture");
                texts.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
        let (mut with_other_scripts, mut found) = (0, 0);
        for t in &texts {
            let lower = fold(t).text.to_ascii_lowercase();
            let expected: Vec<(usize, usize, usize)> =
                reference.find_iter(lower.as_str()).map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect();
            let got: Vec<(usize, usize, usize)> =
                lex.matches(&lower).iter().map(|m| (m.start, m.end, m.pattern)).collect();
            assert_eq!(got, expected, "{t:?}");
            with_other_scripts += usize::from(lower.bytes().any(|b| lex.non_ascii_leads[usize::from(b)]));
            found += expected.len();
        }
        assert!(
            with_other_scripts >= 3 && found > 1000,
            "{with_other_scripts} texts with other scripts, {found} matches"
        );
    }
}
