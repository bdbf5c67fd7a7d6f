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
        if is_nfc_quick(piece.chars()) == IsNormalized::Yes {
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

    /// Pushes chars one by one, applying the character rules. `original` is
    /// where `s` starts in the original; `s` runs in step with it.
    fn push_chars(&mut self, s: &str, original: usize) {
        let mut copied_from = 0; // start of the pending verbatim run in `s`
        let mut iter = s.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let replacement: Option<&str> = match c {
                '\r' => Some(if matches!(iter.peek(), Some((_, '\n'))) { "" } else { "\n" }),
                '\u{2028}' | '\u{2029}' | '\u{85}' => Some("\n"),
                '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => Some(" "),
                '\u{feff}' | '\u{200b}' => Some(""),
                '\n' | '\t' => None,
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
                copied_from = i + c.len_utf8();
                self.map.anchor(self.text.len(), original + copied_from);
            }
        }
        self.text.push_str(&s[copied_from..]);
    }

    /// NFC-normalizes `s` one cluster (a starter and its combining marks) at
    /// a time, anchoring each cluster that changed.
    fn push_clusters(&mut self, s: &str, original: usize) {
        let mut start = 0;
        let mut chars = s.char_indices().peekable();
        while let Some((_, _)) = chars.next() {
            // Extend the cluster over following non-starters.
            while let Some(&(_, next)) = chars.peek() {
                if canonical_combining_class(next) == 0 {
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
pub fn fold(text: &str) -> Folded {
    let mut out = String::with_capacity(text.len());
    let mut anchors = Vec::new();
    for (i, c) in text.char_indices() {
        let f = fold_char(c);
        if f != c {
            out.push(f);
            anchors.push((out.len(), i + c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Folded { text: out, anchors }
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
}
