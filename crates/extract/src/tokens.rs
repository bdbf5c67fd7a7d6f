//! A small tokenizer: words (letters and digits, with inner hyphens), and
//! punctuation, each with its byte span. Cue matching works on these
//! tokens, never on raw substrings, so `attacked` never matches inside
//! `counterattacked` and `Khar` never inside `Kharkiv`.

use dossier_model::Span;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// Letters, digits and inner hyphens (`Salafist-jihadist`, `2023`).
    Word,
    /// One punctuation character (`,`, `(`, `’`).
    Punct,
}

/// One token of a canonical text: 40 bytes, `Copy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'l> {
    /// Where it is.
    pub span: Span,
    /// Lowercase form with dashes and quotes folded, for cue matching.
    /// Borrowed from the [`Lowered`] copy of the text for ASCII tokens
    /// (nearly all), else from its arena: tokens are the hottest
    /// allocation of extraction, and every rule reads them, so they hold
    /// no string of their own (a `Cow` made them 48 bytes).
    pub lower: &'l str,
    /// Word or punctuation.
    pub kind: TokKind,
    /// The bit of `lower` in a [`Cues`] mask (see [`cue_bit`]): cue lists
    /// reject most tokens on it without comparing a string.
    pub bit: u16,
    /// A word whose first character is uppercase (see
    /// [`Token::is_capitalized`]), decided once while tokenizing.
    pub cap: bool,
}

/// Bits in a [`Cues`] mask. A sentence of 30 words sets 3% of 1,024 bits,
/// so a list of 10 cues still passes a sentence's mask about a quarter of
/// the time by chance (half the time with 512 bits); each false pass costs
/// a rule's token scan. 1,024 bits did 2% less work than 512 over the
/// corpus, 2,048 only 0.4% more, and 4,096 lost it again in mask tests.
const MASK_BITS: u32 = 1024;

/// The mask bit of a word: a multiplicative hash of its ASCII-lowercased
/// bytes, eight at a time, folded to `MASK_BITS`, so that words equal up
/// to ASCII case share it (the date lexer compares that way). A `const
/// fn`, so cue lists get their masks at compile time.
pub const fn cue_bit(word: &str) -> u16 {
    cue_bit_of_bytes(word.as_bytes())
}

/// The hash's multiplier and seed. A bit only filters (a word on a set
/// bit is then compared), so any constants give the same answers; they
/// differ in how many common words land on the bits of cue words and pass
/// a filter for nothing. These were the best of 120 random pairs at that
/// (token and sentence passes over the corpus against every `cues!` list:
/// 45% fewer than FNV-1a, which this replaced; 30% fewer on documents the
/// choice never saw), and hash a word of up to eight bytes in one
/// multiply where FNV-1a took one per byte.
const HASH_K: u64 = 0x31f5_1707_da45_e18b;
const HASH_SEED: u64 = 0x3d48_82a5_ce5b_2a92;

/// One step of the hash: up to eight bytes, little-endian.
#[inline(always)]
const fn cue_round(h: u64, chunk: u64) -> u64 {
    let h = (h ^ chunk).wrapping_mul(HASH_K);
    h ^ (h >> 29)
}

/// The bit of a hash: its top bits, the best mixed.
#[inline(always)]
const fn cue_finish(h: u64) -> u16 {
    (h >> (64 - MASK_BITS.trailing_zeros())) as u16
}

/// [`cue_bit`] of the bytes of a word.
const fn cue_bit_of_bytes(b: &[u8]) -> u16 {
    let mut h = HASH_SEED ^ b.len() as u64;
    let mut i = 0;
    loop {
        let mut chunk = 0u64;
        let mut j = 0;
        while j < 8 && i + j < b.len() {
            chunk |= (b[i + j].to_ascii_lowercase() as u64) << (8 * j);
            j += 1;
        }
        h = cue_round(h, chunk);
        i += 8;
        if i >= b.len() {
            return cue_finish(h);
        }
    }
}

/// [`cue_bit`] of the word at `start..end` of `buf`, which has no ASCII
/// capital (the lowercased copy of a text): the same hash, each eight
/// bytes read at once.
#[inline]
fn cue_bit_in(buf: &[u8], start: usize, end: usize) -> u16 {
    debug_assert!(!buf[start..end].iter().any(u8::is_ascii_uppercase));
    let len = end - start;
    let mut h = HASH_SEED ^ len as u64;
    // Most words: one load, one round.
    if (1..=8).contains(&len)
        && let Some(w) = buf.get(start..start + 8).and_then(|w| <[u8; 8]>::try_from(w).ok())
    {
        return cue_finish(cue_round(h, u64::from_le_bytes(w) & u64::MAX >> (64 - 8 * len)));
    }
    let mut i = start;
    loop {
        let n = (end - i).min(8);
        let chunk = match buf.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
            // The bytes past the word are masked off.
            Some(w) => u64::from_le_bytes(w) & u64::MAX.checked_shr(8 * (8 - n) as u32).unwrap_or(0),
            None => buf[i..i + n].iter().rev().fold(0, |c, &b| c << 8 | u64::from(b)),
        };
        h = cue_round(h, chunk);
        i += 8;
        if i >= end {
            return cue_finish(h);
        }
    }
}

/// A set of mask bits: a word whose bit is not set is in none of the words
/// the mask was made from (a set bit proves nothing: the words are then
/// compared).
#[derive(Debug, Clone, Copy)]
pub struct CueMask([u64; (MASK_BITS / 64) as usize]);

impl CueMask {
    /// The mask of `words`.
    pub const fn of(words: &[&str]) -> CueMask {
        let mut m = [0u64; (MASK_BITS / 64) as usize];
        let mut i = 0;
        while i < words.len() {
            let b = cue_bit(words[i]);
            m[(b / 64) as usize] |= 1 << (b % 64);
            i += 1;
        }
        CueMask(m)
    }

    /// The mask of the first words of `seqs` (multi-word cues).
    pub const fn of_firsts(seqs: &[&[&str]]) -> CueMask {
        let mut m = [0u64; (MASK_BITS / 64) as usize];
        let mut i = 0;
        while i < seqs.len() {
            if !seqs[i].is_empty() {
                let b = cue_bit(seqs[i][0]);
                m[(b / 64) as usize] |= 1 << (b % 64);
            }
            i += 1;
        }
        CueMask(m)
    }

    /// The mask of every token's bit: a sentence whose mask shares no bit
    /// with a cue list has none of its words, so a rule that needs one can
    /// skip the sentence without looking at a token.
    pub fn of_tokens(toks: &[Token]) -> CueMask {
        let mut m = [0u64; (MASK_BITS / 64) as usize];
        for t in toks {
            m[usize::from(t.bit / 64)] |= 1 << (t.bit % 64);
        }
        CueMask(m)
    }

    /// The bits of both masks (for a rule with several cue lists).
    pub const fn union(self, other: CueMask) -> CueMask {
        let mut m = self.0;
        let mut i = 0;
        while i < m.len() {
            m[i] |= other.0[i];
            i += 1;
        }
        CueMask(m)
    }

    /// True when the two masks share a bit.
    #[inline]
    pub fn intersects(&self, other: &CueMask) -> bool {
        self.0.iter().zip(&other.0).any(|(a, b)| a & b != 0)
    }

    /// False when the token is certainly none of the mask's words.
    #[inline]
    pub fn may_hold(&self, t: &Token) -> bool {
        self.has(t.bit)
    }

    /// False when no word of the mask has the bit `bit` ([`cue_bit`]).
    #[inline]
    pub fn has(&self, bit: u16) -> bool {
        self.0.get(usize::from(bit / 64)).is_some_and(|w| w >> (bit % 64) & 1 == 1)
    }
}

/// A list of cue words with its mask, made at compile time by [`cues!`].
/// Frame builders test every token against dozens of such lists; the mask
/// turns most tests into one bit test instead of a string comparison per
/// word, with the same answers.
#[derive(Debug, Clone, Copy)]
pub struct Cues {
    words: &'static [&'static str],
    mask: CueMask,
}

impl Cues {
    /// The cue list `words` (lowercase, as tokens' `lower`).
    pub const fn new(words: &'static [&'static str]) -> Cues {
        Cues { words, mask: CueMask::of(words) }
    }

    /// The mask of the words.
    pub const fn mask(&self) -> &CueMask {
        &self.mask
    }

    /// The words.
    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }

    /// True when `word` is one of the cues.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(&word)
    }

    /// True when `word` equals one of the cues up to ASCII case (what
    /// `eq_ignore_ascii_case` says), mostly decided by the mask.
    pub fn contains_ignore_ascii_case(&self, word: &str) -> bool {
        self.contains_ignore_ascii_case_with_bit(word, cue_bit(word))
    }

    /// [`Cues::contains_ignore_ascii_case`] for a word whose [`cue_bit`]
    /// is already known.
    #[inline]
    pub fn contains_ignore_ascii_case_with_bit(&self, word: &str, bit: u16) -> bool {
        self.mask.has(bit) && self.words.iter().any(|w| w.eq_ignore_ascii_case(word))
    }
}

/// `cues!["a", "b"]`: a `&'static Cues` built at compile time.
macro_rules! cues {
    ($($w:expr),* $(,)?) => {{
        const CUES: $crate::tokens::Cues = $crate::tokens::Cues::new(&[$($w),*]);
        &CUES
    }};
}
pub(crate) use cues;

impl Token<'_> {
    /// True for a word token equal (lowercase) to one of `words`.
    pub fn is(&self, words: &[&str]) -> bool {
        self.kind == TokKind::Word && words.contains(&self.lower)
    }

    /// True for a word token equal (lowercase) to one of `cues`: the same
    /// answer as [`Token::is`] on its words, mostly without comparing.
    #[inline]
    pub fn is_in(&self, cues: &Cues) -> bool {
        self.kind == TokKind::Word && cues.mask.may_hold(self) && cues.words.contains(&self.lower)
    }

    /// True for a word token equal (lowercase) to `word`.
    #[inline]
    pub fn is_word(&self, word: &str) -> bool {
        self.kind == TokKind::Word && self.lower == word
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
    pub fn is_capitalized(&self) -> bool {
        self.kind == TokKind::Word && self.cap
    }
}

fn is_word_char(c: char) -> bool {
    is_alphanumeric(c) || superscript(c)
}

/// `char::is_alphanumeric`, answering at once for the General Punctuation
/// block (U+2000–U+206F: curly quotes, dashes, special spaces, none a
/// letter or digit), whose characters otherwise take the slow Unicode
/// table lookup; reports are full of them.
#[inline]
fn is_alphanumeric(c: char) -> bool {
    !matches!(c, '\u{2000}'..='\u{206f}') && c.is_alphanumeric()
}

fn superscript(c: char) -> bool {
    matches!(c, '⁰' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹')
}

/// A text and its ASCII-lowercased copy (the same bytes but `A`–`Z`, so
/// the same offsets), from which tokens borrow their lowercase forms.
#[derive(Debug)]
pub struct Lowered<'t> {
    text: &'t str,
    lower: String,
    /// The lowercase forms of the tokens that are not ASCII (`Ünïcödé`,
    /// `’`→`'` is static), which the ASCII copy cannot hold at their
    /// offsets: they live as long as the tokens that borrow them.
    arena: bumpalo::Bump,
}

impl<'t> Lowered<'t> {
    /// The lowercased copy of `text`.
    pub fn new(text: &'t str) -> Self {
        Lowered { text, lower: text.to_ascii_lowercase(), arena: bumpalo::Bump::new() }
    }

    /// The text itself.
    pub fn text(&self) -> &'t str {
        self.text
    }
}

/// Tokens of the text of `src` within `within`. Superscript footnote markers are
/// dropped (they are citations, not words); whitespace separates.
///
/// One pass over the bytes: ASCII bytes (nearly all of a report, even one
/// with curly quotes and dashes) are classified directly, and only
/// non-ASCII characters are decoded, so a passage with one `’` does not
/// pay for decoding every character.
pub fn tokenize<'l>(src: &'l Lowered<'_>, within: Span) -> Vec<Token<'l>> {
    let mut out = Vec::with_capacity(within.len() / 4 + 1);
    tokenize_into(src, within, &mut out);
    out
}

/// The tokens of every span of `spans`, in one vector, and the range of
/// each span's tokens in it: one allocation per document instead of one
/// per passage (a passage's vector was grown, then shrunk, each a copy).
pub fn tokenize_all<'l>(src: &'l Lowered<'_>, spans: &[Span]) -> (Vec<Token<'l>>, Vec<std::ops::Range<usize>>) {
    // About one token per 4.6 bytes of report prose.
    let mut out = Vec::with_capacity(spans.iter().map(|s| s.len()).sum::<usize>() / 4 + 1);
    let ranges = spans
        .iter()
        .map(|&s| {
            let from = out.len();
            tokenize_into(src, s, &mut out);
            from..out.len()
        })
        .collect();
    (out, ranges)
}

/// [`tokenize`], appending to `out`.
fn tokenize_into<'l>(src: &'l Lowered<'_>, within: Span, out: &mut Vec<Token<'l>>) {
    let s = within.slice(src.text);
    let lowered = within.slice(&src.lower);
    let b = s.as_bytes();
    let offset = within.start;
    let mut i = 0;
    while i < b.len() {
        let c0 = b[i];
        let start = offset + i;
        let first_len = if c0.is_ascii() {
            if matches!(c0, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ') {
                i += 1;
                continue;
            }
            if !c0.is_ascii_alphanumeric() {
                out.push(Token {
                    cap: false,
                    span: Span::new(start, start + 1),
                    lower: ascii_str(c0),
                    kind: TokKind::Punct,
                    bit: ASCII_BITS[usize::from(c0)],
                });
                i += 1;
                continue;
            }
            1
        } else {
            let c = char_at(s, i);
            let len = c.len_utf8();
            if superscript(c) {
                i += len;
                while i < b.len() && !b[i].is_ascii() && superscript(char_at(s, i)) {
                    i += char_at(s, i).len_utf8();
                }
                continue;
            }
            if c.is_whitespace() {
                i += len;
                continue;
            }
            if !is_alphanumeric(c) {
                let folded = dossier_read::normalize::fold_char(c);
                // Curly quotes and dashes fold to ASCII: a static string.
                let lower = match u8::try_from(folded) {
                    Ok(a) if a.is_ascii() => ascii_str(a),
                    _ => &*src.arena.alloc_str(folded.encode_utf8(&mut [0; 4])),
                };
                let bit = cue_bit(lower);
                out.push(Token { span: Span::new(start, start + len), lower, kind: TokKind::Punct, bit, cap: false });
                i += len;
                continue;
            }
            len
        };
        let mut ascii = c0.is_ascii();
        let mut end = i + first_len;
        while end < b.len() {
            let d0 = b[end];
            let (d, dlen) = if d0.is_ascii() {
                if d0.is_ascii_alphanumeric() {
                    end += 1;
                    continue;
                }
                (char::from(d0), 1)
            } else {
                let d = char_at(s, end);
                if is_alphanumeric(d) {
                    ascii = false;
                    end += d.len_utf8();
                    continue;
                }
                (d, d.len_utf8())
            };
            // An inner hyphen or dash joins two word parts.
            if dossier_read::normalize::fold_char(d) != '-' {
                break;
            }
            let after = s[end + dlen..].chars().next();
            if after.is_some_and(is_word_char) && !after.is_some_and(superscript) {
                ascii &= d0.is_ascii();
                end += dlen;
            } else {
                break;
            }
        }
        let word = &s[i..end];
        let span = Span::new(start, offset + end);
        if ascii {
            // The ASCII-lowercased copy holds the word's lowercase form at
            // the same offsets.
            let lower = lowered.get(i..end).unwrap_or("");
            let (bit, cap) = (cue_bit_in(src.lower.as_bytes(), start, offset + end), c0.is_ascii_uppercase());
            out.push(Token { span, lower, kind: TokKind::Word, bit, cap });
        } else {
            let lower: String =
                word.chars().map(dossier_read::normalize::fold_char).flat_map(char::to_lowercase).collect();
            let lower = &*src.arena.alloc_str(&lower);
            let bit = cue_bit(lower);
            let cap = word.chars().next().is_some_and(char::is_uppercase);
            out.push(Token { span, lower, kind: TokKind::Word, bit, cap });
        }
        i = end;
    }
}

/// Every ASCII character, at its own index: one-character strings that
/// punctuation tokens borrow, including curly quotes and dashes (folded).
static ASCII: &str = {
    const BYTES: [u8; 128] = {
        let mut a = [0u8; 128];
        let mut i = 0;
        while i < 128 {
            a[i] = i as u8;
            i += 1;
        }
        a
    };
    match std::str::from_utf8(&BYTES) {
        Ok(s) => s,
        Err(_) => panic!("ASCII is UTF-8"),
    }
};

/// [`cue_bit`] of each ASCII character, made at compile time.
const ASCII_BITS: [u16; 128] = {
    let mut t = [0u16; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = cue_bit_of_bytes(&[i as u8]);
        i += 1;
    }
    t
};

/// The one-character string of an ASCII byte (`""` for any other byte,
/// which callers never pass).
fn ascii_str(c: u8) -> &'static str {
    let i = usize::from(c);
    ASCII.get(i..i + 1).unwrap_or("")
}

/// The character starting at byte `i` of `s` (a character boundary).
#[inline]
fn char_at(s: &str, i: usize) -> char {
    s[i..].chars().next().unwrap_or('\0')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash read eight bytes at a time from a buffer is the hash of
    /// the word's own bytes: every slice of a text, at its end too.
    #[test]
    fn bits_read_in_place_equal_the_bits_of_the_words() {
        let text = "the group's twin bombings, al-qaeda-aligned 0123456789abcdefghij - ’ x";
        let b = text.as_bytes();
        for start in 0..b.len() {
            for end in start..b.len().min(start + 24) + 1 {
                assert_eq!(cue_bit_in(b, start, end), cue_bit_of_bytes(&b[start..end]), "{start}..{end}");
            }
        }
        // scripts/cue-hash-search.py, which chose the constants, computes
        // these same bits.
        assert_eq!([cue_bit("attack"), cue_bit("responsibility"), cue_bit("the"), cue_bit("(")], [388, 984, 509, 955]);
        // Lowercasing is part of the hash, and bits spread over the mask.
        assert_eq!(cue_bit("Attack"), cue_bit("attack"));
        let bits: std::collections::HashSet<u16> = text.split(' ').map(cue_bit).collect();
        assert!(bits.len() >= 8 && bits.iter().all(|&b| u32::from(b) < MASK_BITS), "{bits:?}");
    }

    #[test]
    fn ascii_strings_and_bits_match_the_characters() {
        for c in 0u8..128 {
            let want = char::from(c).to_string();
            assert_eq!(ascii_str(c), want, "byte {c}");
            assert_eq!(ASCII_BITS[usize::from(c)], cue_bit(&want), "byte {c}");
        }
        assert_eq!(ascii_str(200), "");
    }

    #[test]
    fn words_punctuation_and_markers() {
        let t = "ISKP’s first strike, in 2016.³⁹⁷ Salafist-jihadist (TTP)";
        let lowered = Lowered::new(t);
        let toks = tokenize(&lowered, Span::new(0, t.len()));
        let got: Vec<&str> = toks.iter().map(|k| k.lower).collect();
        assert_eq!(
            got,
            ["iskp", "'", "s", "first", "strike", ",", "in", "2016", ".", "salafist-jihadist", "(", "ttp", ")"]
        );
        assert_eq!(toks[0].text(t), "ISKP");
    }

    /// The char-by-char tokenizer this module had before the byte-driven
    /// one: the oracle the fast one must agree with.
    fn tokenize_by_chars<'a>(text: &str, within: Span, arena: &'a bumpalo::Bump) -> Vec<Token<'a>> {
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
            let start = within.start + i;
            if !c.is_alphanumeric() {
                let lower = &*arena.alloc_str(&dossier_read::normalize::fold_char(c).to_string());
                let bit = cue_bit(lower);
                out.push(Token {
                    span: Span::new(start, start + c.len_utf8()),
                    lower,
                    kind: TokKind::Punct,
                    bit,
                    cap: false,
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
                    Some((j, d)) if dossier_read::normalize::fold_char(d) == '-' => {
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
            let lower: String =
                s[i..end].chars().map(dossier_read::normalize::fold_char).flat_map(char::to_lowercase).collect();
            let lower = &*arena.alloc_str(&lower);
            let bit = cue_bit(lower);
            let cap = c.is_uppercase();
            out.push(Token { span: Span::new(start, within.start + end), lower, kind: TokKind::Word, bit, cap });
        }
        out
    }

    #[test]
    fn the_punctuation_shortcut_agrees_with_unicode() {
        for c in ('\u{1f00}'..='\u{2100}').chain(['a', '1', '\u{2019}']) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn byte_driven_tokens_equal_char_by_char_ones() {
        let samples = [
            "ISKP's first strike, in 2016. Salafist-jihadist (TTP) a--b c- -d x-1 \u{b}\u{c}\t\r\n end-",
            "ISKP’s “first” strike — in 2016.³⁹⁷ Al‑Qaeda–linked ISIS–K é-a a-é a-² ²a word²³ x\u{a0}y Ünïcödé-Wörd",
            "Kabul‐based, Jalālābād’s 4 000–6 000 men; اعلام دولة\u{2003}end – − ‒ a−b a﹣b ａ－ｂ",
        ];
        for t in samples {
            for (a, b) in [(0, t.len()), (3, t.len())] {
                let within = Span::new(a, b);
                let arena = bumpalo::Bump::new();
                assert_eq!(
                    tokenize(&Lowered::new(t), within),
                    tokenize_by_chars(t, within, &arena),
                    "{t:?} {within:?}"
                );
            }
        }
        // Every fuzz input of the extraction target, as text.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fuzz/extract_text");
        let mut n = 0;
        for entry in std::fs::read_dir(dir).expect("fuzz fixtures") {
            let bytes = std::fs::read(entry.expect("entry").path()).expect("fixture");
            let t = String::from_utf8_lossy(&bytes);
            let all = Span::new(0, t.len());
            let arena = bumpalo::Bump::new();
            assert_eq!(tokenize(&Lowered::new(&t), all), tokenize_by_chars(&t, all, &arena), "{t:?}");
            n += 1;
        }
        assert!(n > 100, "only {n} fuzz fixtures");
    }

    #[test]
    fn en_dash_inside_a_word_joins_it() {
        let t = "ISIS–K and 4 000–6 000";
        let lowered = Lowered::new(t);
        let toks = tokenize(&lowered, Span::new(0, t.len()));
        assert_eq!(toks[0].lower, "isis-k");
        assert_eq!(toks[0].text(t), "ISIS–K");
    }
}
