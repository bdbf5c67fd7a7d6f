//! The names of the lexicon file, and the alphabet and pattern order of
//! the DFA of its ASCII names.
//!
//! The crate's build script compiles that DFA from the bundled file
//! (building it took ~4 ms at every start, about as long as extracting
//! from a report of 60 KB), and the lexicon reads it in place; both derive
//! the patterns here, so that the DFA's pattern numbers mean the same
//! patterns at run time. This file uses only `std`, so that the build
//! script can include it as it is.

/// The fields of one line of the lexicon file that has an id, a kind and a
/// canonical name (malformed lines are skipped; the bundled file is checked
/// by a test, so nothing is skipped in practice).
#[derive(Debug, Clone)]
pub struct Line<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub canonical: &'a str,
    pub parent: Option<&'a str>,
    pub country: Option<&'a str>,
    /// The canonical name, then the aliases.
    pub names: Vec<&'a str>,
    /// The names that must match with their case.
    pub case_sensitive: Vec<&'a str>,
}

/// The lines of a lexicon file, in order.
pub fn lines(tsv: &str) -> Vec<Line<'_>> {
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let (id_c, kind_c, canon_c, alias_c) = (col("id"), col("kind"), col("canonical"), col("aliases"));
    let (parent_c, country_c, cs_c) = (col("parent"), col("country"), col("case_sensitive_aliases"));
    let mut out = Vec::new();
    for line in lines {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let get = |c: Option<usize>| c.and_then(|i| cells.get(i)).map(|s| s.trim()).filter(|s| !s.is_empty());
        let (Some(id), Some(kind), Some(canonical)) = (get(id_c), get(kind_c), get(canon_c)) else {
            continue;
        };
        let mut names = vec![canonical];
        names.extend(get(alias_c).map(|s| s.split('|').map(str::trim).filter(|a| !a.is_empty())).into_iter().flatten());
        let case_sensitive = get(cs_c).map(|s| s.split('|').map(str::trim).collect()).unwrap_or_default();
        out.push(Line { id, kind, canonical, parent: get(parent_c), country: get(country_c), names, case_sensitive });
    }
    out
}

/// The patterns of `lines`: per line, each distinct (name, case-sensitive)
/// pair, as `(line index, case-sensitive, name)`.
///
/// Names are matched against folded text (`’` → `'`, `–` → `-`), so the
/// file writes them folded, and a test checks it: the build script, which
/// cannot fold, then derives the same patterns as the lexicon.
pub fn patterns<'a>(lines: &[Line<'a>]) -> Vec<(usize, bool, &'a str)> {
    let mut patterns: Vec<(usize, bool, &str)> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        // Only a pattern of the same line can be the same.
        let first = patterns.len();
        for &name in &line.names {
            let cs = line.case_sensitive.contains(&name);
            if !patterns[first..].iter().any(|&(_, c, p)| c == cs && p == name) {
                patterns.push((index, cs, name));
            }
        }
    }
    patterns
}

/// The bytes of the DFA's patterns numbered densely from 0, every other
/// byte one more code. A DFA's rows are as wide as its byte classes
/// rounded up to a power of two, and every gap between two pattern bytes
/// is a class of its own: over raw bytes the 32 pattern bytes made 38
/// classes (rows of 64, or of 128 with uppercase letters); coded, at most
/// 31 bytes and the rest make 32 classes, and with the DFA's end-of-input
/// class rows of 64. A byte's code is one-to-one on the pattern bytes and
/// the rest share a code no pattern holds, so the matches are those over
/// the raw bytes.
#[derive(Debug, Clone)]
pub struct Alphabet {
    pub code: [u8; 256],
    /// `code` of each byte's ASCII lowercase: what a text is coded with,
    /// so that coding lowercases it too.
    pub text_code: [u8; 256],
    /// The code of every byte no pattern holds.
    pub other: u8,
    /// The bytes of the patterns that did not fit (their patterns are
    /// searched apart).
    pub left_out: Vec<u8>,
}

impl Alphabet {
    /// Most bytes an alphabet keeps: one more code makes 32 classes.
    pub const MAX: usize = 31;

    /// The alphabet of `patterns` (lowercase): their bytes by how many
    /// patterns hold each, the commonest [`Alphabet::MAX`] kept (patterns
    /// with another byte are left to the merged search).
    pub fn of<'p>(patterns: impl Iterator<Item = &'p str>) -> Alphabet {
        let mut count = [0usize; 256];
        for p in patterns {
            let mut seen = [false; 256];
            for b in p.bytes() {
                if !std::mem::replace(&mut seen[usize::from(b)], true) {
                    count[usize::from(b)] += 1;
                }
            }
        }
        let mut used: Vec<u8> = (0..=255u8).filter(|&b| count[usize::from(b)] > 0).collect();
        used.sort_by_key(|&b| std::cmp::Reverse(count[usize::from(b)]));
        let mut left_out = used.split_off(used.len().min(Self::MAX));
        left_out.sort_unstable();
        used.sort_unstable();
        let other = u8::try_from(used.len()).unwrap_or(u8::MAX);
        let mut code = [other; 256];
        for (i, &b) in used.iter().enumerate() {
            code[usize::from(b)] = u8::try_from(i).unwrap_or(other);
        }
        let text_code =
            std::array::from_fn(|b| u8::try_from(b).map_or(other, |b| code[usize::from(b.to_ascii_lowercase())]));
        Alphabet { code, text_code, other, left_out }
    }

    /// Whether `b` has a code of its own.
    pub fn has(&self, b: u8) -> bool {
        self.code[usize::from(b)] != self.other
    }
}

/// The DFA's patterns, as indexes into `lowered` (the lowercased
/// patterns), in the order the DFA numbers them: the ASCII patterns whose
/// bytes all have a code, longest first (ties in file order). The DFA
/// reports leftmost-first matches, the first pattern in this order among
/// those that match at the leftmost start: with the longest first, the
/// longest, which is what the lexicon wants (leftmost-longest).
pub fn dfa_patterns(lowered: &[String], alphabet: &Alphabet) -> Vec<usize> {
    let mut ids: Vec<usize> = (0..lowered.len())
        .filter(|&i| !lowered[i].is_empty() && lowered[i].is_ascii() && lowered[i].bytes().all(|b| alphabet.has(b)))
        .collect();
    ids.sort_by_key(|&i| std::cmp::Reverse(lowered[i].len()));
    ids
}
