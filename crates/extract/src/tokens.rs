//! A small tokenizer: words (letters and digits, with inner hyphens), and
//! punctuation, each with its byte span. Cue matching works on these
//! tokens, never on raw substrings, so `attacked` never matches inside
//! `counterattacked` and `Khar` never inside `Kharkiv`.

use compact_str::CompactString;
use dossier_model::Span;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// Letters, digits and inner hyphens (`Salafist-jihadist`, `2023`).
    Word,
    /// One punctuation character (`,`, `(`, `’`).
    Punct,
}

/// One token of a canonical text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Where it is.
    pub span: Span,
    /// Lowercase form with dashes and quotes folded, for cue matching.
    /// Inline for words up to 24 bytes: tokens are the hottest allocation
    /// of extraction.
    pub lower: CompactString,
    /// Word or punctuation.
    pub kind: TokKind,
}

impl Token {
    /// True for a word token equal (lowercase) to one of `words`.
    pub fn is(&self, words: &[&str]) -> bool {
        self.kind == TokKind::Word && words.contains(&self.lower.as_str())
    }

    /// True for a punctuation token equal to `c` (after folding).
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokKind::Punct && self.lower.starts_with(c)
    }

    /// The token's text in `text`.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        self.span.slice(text)
    }

    /// True when the word starts with an uppercase letter.
    pub fn is_capitalized(&self, text: &str) -> bool {
        self.kind == TokKind::Word && self.text(text).chars().next().is_some_and(char::is_uppercase)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || superscript(c)
}

fn superscript(c: char) -> bool {
    matches!(c, '⁰' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹')
}

/// Tokens of `text` within `within`. Superscript footnote markers are
/// dropped (they are citations, not words); whitespace separates.
pub fn tokenize(text: &str, within: Span) -> Vec<Token> {
    let s = within.slice(text);
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if superscript(c) {
            while chars.next_if(|&(_, d)| superscript(d)).is_some() {}
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        if !c.is_alphanumeric() {
            let start = within.start + i;
            let folded = dossier_read::normalize::fold_char(c);
            out.push(Token {
                span: Span::new(start, start + c.len_utf8()),
                lower: CompactString::from(&*folded.encode_utf8(&mut [0u8; 4])),
                kind: TokKind::Punct,
            });
            continue;
        }
        let mut end = i + c.len_utf8();
        loop {
            match chars.peek().copied() {
                Some((j, d)) if d.is_alphanumeric() => {
                    end = j + d.len_utf8();
                    chars.next();
                }
                // An inner hyphen or dash joins two word parts.
                Some((j, d)) if matches!(dossier_read::normalize::fold_char(d), '-') => {
                    let after = s[j + d.len_utf8()..].chars().next();
                    if after.is_some_and(is_word_char) && !after.is_some_and(superscript) {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        let word = &s[i..end];
        // Most words are ASCII: lowercase them without per-character folding.
        let lower: CompactString = if word.is_ascii() {
            CompactString::from(word).to_ascii_lowercase()
        } else {
            word.chars().map(dossier_read::normalize::fold_char).flat_map(char::to_lowercase).collect()
        };
        out.push(Token { span: Span::new(within.start + i, within.start + end), lower, kind: TokKind::Word });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_punctuation_and_markers() {
        let t = "ISKP’s first strike, in 2016.³⁹⁷ Salafist-jihadist (TTP)";
        let toks = tokenize(t, Span::new(0, t.len()));
        let got: Vec<&str> = toks.iter().map(|k| k.lower.as_str()).collect();
        assert_eq!(
            got,
            ["iskp", "'", "s", "first", "strike", ",", "in", "2016", ".", "salafist-jihadist", "(", "ttp", ")"]
        );
        assert_eq!(toks[0].text(t), "ISKP");
    }

    #[test]
    fn en_dash_inside_a_word_joins_it() {
        let t = "ISIS–K and 4 000–6 000";
        let toks = tokenize(t, Span::new(0, t.len()));
        assert_eq!(toks[0].lower, "isis-k");
        assert_eq!(toks[0].text(t), "ISIS–K");
    }
}
