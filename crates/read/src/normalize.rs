//! Normalization to one canonical text per source, with the map back.
//!
//! Every reader pushes the text it finds through a [`TextBuilder`], which
//! applies the same rules whatever the format, so that a sentence read from
//! HTML and the same sentence read from a PDF have the same canonical form:
//!
//! - Unicode NFC;
//! - `\r\n` and lone `\r` become `\n`; U+2028/U+2029 become `\n`;
//! - no-break, thin, narrow no-break, figure and other fixed-width spaces
//!   become a plain space (so `2 000` with a thin space reads as `2 000`);
//! - a byte-order mark and control characters other than `\n` and `\t` are
//!   dropped;
//! - curly quotes and dashes are kept: [`fold`] gives their plain forms for
//!   matching without changing the stored text.

use dossier_model::OffsetMap;

use dossier_model::scan::ByteSet;
use unicode_normalization::{IsNormalized, UnicodeNormalization, char::canonical_combining_class, is_nfc_quick};

/// Builds a canonical text from pieces of an original, recording where each
/// canonical byte came from.
#[derive(Debug)]
pub struct TextBuilder {
    text: String,
    map: OffsetMap,
    /// Original offset just past the last consumed piece.
    cursor: usize,
    dropped_controls: usize,
}

impl TextBuilder {
    /// A builder for an original of `original_len` bytes.
    pub fn new(original_len: usize) -> Self {
        TextBuilder { text: String::new(), map: OffsetMap::new(original_len), cursor: 0, dropped_controls: 0 }
    }

    /// Canonical length so far: the offset the next push starts at.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// True when nothing has been pushed.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The canonical text so far.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// How many control characters were dropped.
    pub fn dropped_controls(&self) -> usize {
        self.dropped_controls
    }

    /// Appends `piece`, which starts at byte `original` of the original and
    /// runs in step with it (its UTF-8 bytes are the original's bytes).
    pub fn push_original(&mut self, piece: &str, original: usize) {
        self.map.anchor(self.text.len(), original);
        self.text.reserve(piece.len());
        if nfc_quick_yes(piece) {
            self.push_chars(piece, original);
        } else {
            self.push_clusters(piece, original);
        }
        self.cursor = original + piece.len();
        self.map.anchor(self.text.len(), self.cursor);
    }

    /// Appends one character whose original is `original_len` bytes at
    /// `original` (for decoders whose output does not run in step with the
    /// input, such as Windows-1252).
    pub fn push_char_from(&mut self, c: char, original: usize, original_len: usize) {
        self.map.anchor(self.text.len(), original);
        let mut buf = [0u8; 4];
        self.push_chars(c.encode_utf8(&mut buf), original);
        self.cursor = original + original_len;
        self.map.anchor(self.text.len(), self.cursor);
    }

    /// Appends text that has no original (a block separator, a cell
    /// delimiter); it maps to the current original position.
    pub fn push_synthetic(&mut self, s: &str) {
        self.map.anchor(self.text.len(), self.cursor);
        self.text.push_str(s);
        self.map.anchor(self.text.len(), self.cursor);
    }

    /// Appends `\n\n` unless the text already ends a block, so that readers
    /// can separate blocks without doubling blank lines.
    pub fn end_block(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let trailing = self.text.len() - self.text.trim_end_matches('\n').len();
        if trailing < 2 {
            self.push_synthetic(&"\n\n"[trailing..]);
        }
    }

    /// Appends `\n` unless the text is empty or already ends a line.
    pub fn end_line(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.push_synthetic("\n");
        }
    }

    /// Trims trailing whitespace (spaces, tabs, newlines) from the text.
    pub fn trim_end(&mut self) {
        let keep = self.text.trim_end().len();
        self.text.truncate(keep);
    }

    /// Finishes: the canonical text and its map.
    pub fn finish(self) -> (String, OffsetMap) {
        (self.text, self.map)
    }

    /// Pushes `s`, applying the character rules. `original` is where `s`
    /// starts in the original; `s` runs in step with it. Printable ASCII,
    /// `\n` and `\t` are copied in runs without decoding: only the rare
    /// characters that a rule touches are looked at one by one.
    fn push_chars(&mut self, s: &str, original: usize) {
        let bytes = s.as_bytes();
        let mut copied_from = 0; // start of the pending verbatim run in `s`
        let mut i = 0;
        loop {
            i = next_rule_start(bytes, i);
            if i >= bytes.len() {
                break;
            }
            let c = s[i..].chars().next().unwrap_or_default();
            let len = c.len_utf8();
            let replacement: Option<&str> = match c {
                '\r' => Some(if bytes.get(i + 1) == Some(&b'\n') { "" } else { "\n" }),
                '\u{2028}' | '\u{2029}' | '\u{85}' => Some("\n"),
                '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => Some(" "),
                '\u{feff}' | '\u{200b}' => Some(""),
                c if c.is_control() => {
                    self.dropped_controls += 1;
                    Some("")
                }
                _ => None,
            };
            if let Some(rep) = replacement {
                self.text.push_str(&s[copied_from..i]);
                self.map.anchor(self.text.len(), original + i);
                self.text.push_str(rep);
                copied_from = i + len;
                self.map.anchor(self.text.len(), original + copied_from);
            }
            i += len;
        }
        self.text.push_str(&s[copied_from..]);
    }

    /// NFC-normalizes `s` one cluster (a starter and its combining marks) at
    /// a time, anchoring each cluster that changed.
    fn push_clusters(&mut self, s: &str, original: usize) {
        let mut start = 0;
        let mut chars = s.char_indices().peekable();
        while let Some((_, _)) = chars.next() {
            // Extend the cluster over following non-starters, over starters
            // that may compose with what precedes them (NFC_QC = Maybe:
            // Hangul vowel and final jamo, some Brahmic vowel signs), so that
            // "\u{1100}\u{1161}" becomes "\u{AC00}" as NFC says, and over
            // characters NFC replaces (NFC_QC = No), some of which decompose
            // into marks that reorder with the ones before (U+0F73 after
            // U+1A75). A cluster ends only before a starter NFC keeps as it
            // is, which nothing before it can touch.
            while let Some(&(_, next)) = chars.peek() {
                if canonical_combining_class(next) == 0 && is_nfc_quick(std::iter::once(next)) == IsNormalized::Yes {
                    break;
                }
                chars.next();
            }
            let end = chars.peek().map_or(s.len(), |&(j, _)| j);
            let cluster = &s[start..end];
            if is_nfc_quick(cluster.chars()) == IsNormalized::Yes {
                self.push_chars(cluster, original + start);
            } else {
                let composed: String = cluster.nfc().collect();
                let from = self.text.len();
                self.map.anchor(from, original + start);
                self.push_chars(&composed, original + start);
                // Every character of a recomposed cluster maps to the
                // cluster's start: the two sides no longer run in step.
                let boundaries: Vec<usize> = self.text[from..].char_indices().skip(1).map(|(j, _)| from + j).collect();
                for b in boundaries {
                    self.map.anchor(b, original + start);
                }
                self.map.anchor(self.text.len(), original + end);
            }
            start = end;
        }
    }
}

/// The bytes a character that [`TextBuilder::push_chars`] changes can
/// start with: ASCII controls (but `\n` and `\t`), and the UTF-8 leads of
/// C1 controls and U+A0 (`C2`), U+2000–U+205F (`E2`), U+3000 (`E3`) and
/// U+FEFF (`EF`).
const RULE_STARTS: ByteSet = ByteSet::from_table({
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b != 0x09 && b != 0x0a;
        b += 1;
    }
    t[0x7f] = true;
    t[0xc2] = true;
    t[0xe2] = true;
    t[0xe3] = true;
    t[0xef] = true;
    t
});

/// The first index at or after `i` whose byte is in [`RULE_STARTS`], else
/// `bytes.len()`. Words of eight printable ASCII bytes, most of any text,
/// are passed with three arithmetic operations (no table lookup per
/// byte); only a word holding another byte (often just a `\n`) is looked
/// at byte by byte.
fn next_rule_start(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    loop {
        while let Some(word) = bytes.get(i..i + 8) {
            let w = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
            // A high bit is set in the sum where some byte is non-ASCII,
            // 0x7F (plus one) or below 0x20 (minus 0x20, which borrows).
            if (w | w.wrapping_add(ONES) | w.wrapping_sub(0x20 * ONES)) & (0x80 * ONES) != 0 {
                break;
            }
            i += 8;
        }
        let end = bytes.len().min(i + 8);
        if let Some(k) = bytes.get(i..end).and_then(|w| w.iter().position(|&b| RULE_STARTS.contains(b))) {
            return i + k;
        }
        if end >= bytes.len() {
            return bytes.len();
        }
        i = end;
    }
}

/// The plain form of a character for matching: curly quotes become straight,
/// dashes and the minus sign become `-`. Returns the character unchanged
/// when it has no plain form.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{02bc}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}' | '\u{bb}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}' => '-',
        c => c,
    }
}

/// A folded copy of a canonical text for matching, with the map from
/// folded offsets back to canonical ones.
#[derive(Debug, Clone)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// `(folded, canonical)` anchors where the lengths diverge.
    anchors: Vec<(usize, usize)>,
}

impl Folded {
    /// The canonical offset of a folded offset.
    pub fn to_canonical(&self, folded: usize) -> usize {
        let i = self.anchors.partition_point(|a| a.0 <= folded);
        let (f, c) = if i == 0 { (0, 0) } else { self.anchors[i - 1] };
        c + (folded - f)
    }
}

/// Folds a canonical text for matching (see [`fold_char`]): `ISIS–K`
/// matches `ISIS-K`, `ISKP’s` matches `ISKP's`.
///
/// Runs over bytes: every character [`fold_char`] changes starts with one
/// of [`FOLD_LEADS`], so everything else is copied in runs, ASCII eight
/// bytes at a time.
pub fn fold(text: &str) -> Folded {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut anchors = Vec::new();
    let mut copied = 0; // start of the pending verbatim run
    let mut i = 0;
    loop {
        i = next_non_ascii(bytes, i);
        let Some(b) = bytes.get(i) else { break };
        if !FOLD_LEADS.contains(b) {
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or_default();
        let len = c.len_utf8();
        let f = fold_char(c);
        if f != c {
            out.push_str(&text[copied..i]);
            out.push(f);
            copied = i + len;
            anchors.push((out.len(), copied));
        }
        i += len;
    }
    out.push_str(&text[copied..]);
    Folded { text: out, anchors }
}

/// The UTF-8 lead bytes of the characters [`fold_char`] changes.
const FOLD_LEADS: [u8; 4] = [0xc2, 0xca, 0xe2, 0xef];

/// The index of the first non-ASCII byte at or after `i`, else
/// `bytes.len()`. Plain text is skipped a word of eight bytes at a time,
/// and a word that holds a non-ASCII byte tells where it is (its lowest
/// high bit), rather than being read again from each byte before it.
#[inline]
fn next_non_ascii(bytes: &[u8], mut i: usize) -> usize {
    while let Some(word) = bytes.get(i..i + 8) {
        let high = u64::from_le_bytes(word.try_into().unwrap_or([0; 8])) & 0x8080_8080_8080_8080;
        if high != 0 {
            return i + (high.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(u8::is_ascii) {
        i += 1;
    }
    i.min(bytes.len())
}

/// `is_nfc_quick(s) == Yes`, without looking up ASCII: an ASCII character
/// is always allowed and a starter, so the check only needs the runs of
/// non-ASCII characters, each starting afresh.
fn nfc_quick_yes(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    loop {
        i = next_non_ascii(bytes, i);
        if i >= bytes.len() {
            break;
        }
        let end = bytes[i..].iter().position(u8::is_ascii).map_or(bytes.len(), |n| i + n);
        if is_nfc_quick(s[i..end].chars()) != IsNormalized::Yes {
            return false;
        }
        i = end;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> (String, OffsetMap) {
        let mut b = TextBuilder::new(s.len());
        b.push_original(s, 0);
        b.finish()
    }

    #[test]
    fn spaces_inside_numbers_become_plain() {
        assert_eq!(canon("2\u{a0}000 and 4\u{202f}000\u{2009}fighters").0, "2 000 and 4 000 fighters");
    }

    #[test]
    fn line_ends_and_controls() {
        let (t, m) = canon("a\r\nb\rc\u{7}d");
        assert_eq!(t, "a\nb\ncd");
        // "d" is canonical 5, original 7.
        assert_eq!(m.to_original(5), 7);
        assert_eq!(m.to_original(2), 3);
    }

    #[test]
    fn nfc_composes_starters_that_combine() {
        // Hangul leading consonant + vowel (+ final), and a Tulu-Tigalari
        // vowel sign that NFC joins to the vowel before it: two starters each.
        // A Tibetan vowel sign that NFC decomposes into marks, which then
        // go before the Tai Tham mark that precedes it (found by the
        // segmenter's property test).
        for s in [
            "x \u{1100}\u{1161} y",
            "\u{1100}\u{1161}\u{11a8}",
            "a \u{113c2}\u{113c5} b",
            "\u{ac00}\u{11a8}",
            "\u{1a75}\u{f73}",
            "a\u{301}\u{f73}\u{f75} b",
        ] {
            let (t, m) = canon(s);
            assert!(unicode_normalization::is_nfc(&t), "{s:?} gave {t:?}");
            assert_eq!(t, s.nfc().collect::<String>());
            assert_eq!(m.to_original(t.len()), s.len());
        }
    }

    #[test]
    fn nfc_composes_and_maps_back() {
        let s = "Cafe\u{301} x";
        let (t, m) = canon(s);
        assert_eq!(t, "Caf\u{e9} x");
        // 'x' is canonical 6 and original 7.
        assert_eq!(m.to_original(t.find('x').unwrap()), s.find('x').unwrap());
    }

    #[test]
    fn curly_forms_are_kept_but_fold() {
        let (t, _) = canon("ISIS\u{2013}K\u{2019}s");
        assert_eq!(t, "ISIS\u{2013}K\u{2019}s");
        let f = fold(&t);
        assert_eq!(f.text, "ISIS-K's");
        assert_eq!(f.to_canonical(6), t.find('\u{2019}').unwrap());
        assert_eq!(f.to_canonical(8), t.len());
    }

    #[test]
    fn rule_starts_cover_every_character_the_rules_change() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let s = c.encode_utf8(&mut buf);
            if oracle::push_chars(s, 0).0 != *s {
                assert!(RULE_STARTS.contains(s.as_bytes()[0]), "{c:?}");
            }
        }
    }

    #[test]
    fn next_non_ascii_is_the_byte_scan() {
        for b in 0..=255u8 {
            for at in 0..20 {
                let mut v = vec![b'a'; 20];
                v[at] = b;
                for from in 0..=v.len() {
                    let want = v[from..].iter().position(|b| !b.is_ascii()).map_or(v.len(), |k| from + k);
                    assert_eq!(next_non_ascii(&v, from), want, "{v:?} {from}");
                }
            }
        }
        assert_eq!(next_non_ascii(b"", 0), 0);
    }

    #[test]
    fn next_rule_start_is_the_byte_scan() {
        let mut inputs: Vec<Vec<u8>> = vec![Vec::new(), b"abcdefgh".to_vec(), b"abcdefgh\x7f".to_vec()];
        for b in 0..=255u8 {
            for at in 0..20 {
                let mut v = vec![b'a'; 20];
                v[at] = b;
                inputs.push(v);
            }
        }
        inputs.push(b"line one\nline two\n\tand\r\nthree".to_vec());
        for v in &inputs {
            for from in 0..=v.len() {
                assert_eq!(next_rule_start(v, from), RULE_STARTS.find_from(v, from), "{v:?} {from}");
            }
        }
    }

    #[test]
    fn fold_leads_cover_every_folded_character() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if fold_char(c) != c {
                let mut buf = [0u8; 4];
                assert!(FOLD_LEADS.contains(&c.encode_utf8(&mut buf).as_bytes()[0]), "{c:?}");
                assert!(fold_char(c).is_ascii(), "{c:?}");
            }
        }
    }

    /// The straightforward forms that the fast paths must agree with.
    mod oracle {
        use super::super::*;

        pub fn fold(text: &str) -> (String, Vec<(usize, usize)>) {
            let mut out = String::new();
            let mut anchors = Vec::new();
            for (i, c) in text.char_indices() {
                let f = fold_char(c);
                out.push(f);
                if f != c {
                    anchors.push((out.len(), i + c.len_utf8()));
                }
            }
            (out, anchors)
        }

        /// The character rules one char at a time: the text, its anchors
        /// and the dropped-control count.
        pub fn push_chars(s: &str, original: usize) -> (String, Vec<(usize, usize)>, usize) {
            let mut text = String::new();
            let mut map = OffsetMap::new(original + s.len());
            let mut dropped = 0;
            let mut copied_from = 0;
            let mut iter = s.char_indices().peekable();
            while let Some((i, c)) = iter.next() {
                let replacement: Option<&str> = match c {
                    '\r' => Some(if matches!(iter.peek(), Some((_, '\n'))) { "" } else { "\n" }),
                    '\u{2028}' | '\u{2029}' | '\u{85}' => Some("\n"),
                    '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => Some(" "),
                    '\u{feff}' | '\u{200b}' => Some(""),
                    '\n' | '\t' => None,
                    c if c.is_control() => {
                        dropped += 1;
                        Some("")
                    }
                    _ => None,
                };
                if let Some(rep) = replacement {
                    text.push_str(&s[copied_from..i]);
                    map.anchor(text.len(), original + i);
                    text.push_str(rep);
                    copied_from = i + c.len_utf8();
                    map.anchor(text.len(), original + copied_from);
                }
            }
            text.push_str(&s[copied_from..]);
            (text, map.anchors().collect(), dropped)
        }
    }

    /// Characters the rules and the fold treat specially, mixed with
    /// plain and combining ones.
    fn tricky() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let special = prop::sample::select(vec![
            '\r', '\n', '\t', '\u{0}', '\u{7}', '\u{7f}', '\u{85}', '\u{9f}', '\u{a0}', '\u{ab}', '\u{bb}', '\u{2bc}',
            '\u{301}', '\u{327}', 'é', '\u{2000}', '\u{200a}', '\u{200b}', '\u{2010}', '\u{2013}', '\u{2018}',
            '\u{2019}', '\u{201c}', '\u{2028}', '\u{2029}', '\u{202f}', '\u{2032}', '\u{205f}', '\u{2212}', '\u{3000}',
            '\u{fe58}', '\u{fe63}', '\u{feff}', '\u{ff0d}', '¹', '⁴', 'a', ' ', '.',
        ]);
        prop::collection::vec(prop_oneof![special, any::<char>()], 0..40).prop_map(|v| v.into_iter().collect())
    }

    proptest::proptest! {
        #[test]
        fn fast_paths_agree_with_the_oracle(s in tricky(), original in 0usize..5) {
            let f = fold(&s);
            let (text, anchors) = oracle::fold(&s);
            proptest::prop_assert_eq!(&f.text, &text);
            proptest::prop_assert_eq!(&f.anchors, &anchors);

            let mut b = TextBuilder::new(original + s.len());
            b.push_chars(&s, original);
            let dropped = b.dropped_controls();
            let (t, m) = b.finish();
            let (ot, om, od) = oracle::push_chars(&s, original);
            proptest::prop_assert_eq!(t, ot);
            proptest::prop_assert_eq!(m.anchors().collect::<Vec<_>>(), om);
            proptest::prop_assert_eq!(dropped, od);

            proptest::prop_assert_eq!(nfc_quick_yes(&s), is_nfc_quick(s.chars()) == IsNormalized::Yes);
        }
    }

    /// Random short strings of marks, composites and starters that NFC
    /// touches come out as `nfc()` makes them (strings with characters the
    /// builder rewrites on purpose, controls and special spaces, aside).
    #[test]
    fn clusters_normalize_like_nfc_on_random_marks() {
        use unicode_normalization::char::canonical_combining_class;
        let touched =
            |c: char| canonical_combining_class(c) != 0 || is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes;
        let mut chars: Vec<char> = (0u32..0x30000).filter_map(char::from_u32).filter(|&c| touched(c)).collect();
        chars.extend(['a', 'e', 'o', ' ', '\u{1100}', '\u{ac00}']);
        let rewritten =
            |c: char| c.is_control() || matches!(c, '\u{a0}' | '\u{3000}' | '\u{feff}' | '\u{2000}'..='\u{205f}');
        let mut seed = 0x1234_5678_9abc_def1_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % n as u64).unwrap_or(0)
        };
        let mut checked = 0;
        for _ in 0..30_000 {
            let s: String = (0..1 + next(5)).map(|_| chars[next(chars.len())]).collect();
            let (t, m) = canon(&s);
            assert!(m.to_original(t.len()) <= s.len());
            if !s.chars().any(rewritten) {
                assert_eq!(t, s.nfc().collect::<String>(), "{s:?}");
                checked += 1;
            }
        }
        assert!(checked > 20_000, "{checked}");
    }
}
