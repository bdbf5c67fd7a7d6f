//! Counts in report prose: "at least 169", "Over seventy-two", "4 000–6 000",
//! "between 4,000 and 6,000", "1.5 million", with the noun they count.
//!
//! Same approach as [`dates`](crate::dates): the shared hand tokenizer and
//! bounded look-around per token, so one linear scan and no backtracking.
//! Bounds follow the gold schema: the stated number is the bound ("over 72"
//! is `min: 72`, not 73), "about" keeps it as both ends.
//!
//! What is a number:
//! - digits, with comma groups (`4,000`) or single-space groups (`2 000`:
//!   a first group of 1–3 digits, then groups of exactly 3, joined by one
//!   plain space, none glued to letters, and not right after a month name,
//!   where the first group is a day); `1.5 million` (decimals only count
//!   when a scale word makes them whole; `12.5` is dropped); `lakh` and
//!   `crore` scale too;
//! - number words (`seventy-two`, `one hundred and twenty`, `a dozen`).
//!   "one" alone only counts before a counted noun ("one soldier", not "one
//!   of the most"); "a"/"an" only as "a hundred", "a dozen"; "dozens",
//!   "hundreds" are not numbers.
//!
//! Ranges: `4 000–6 000`, `between 4,000 and 6,000`, `from 4,000 to 6,000`,
//! `4,000 to 6,000`; a scale on the second end carries to the first
//! (`1–2 million`). A footnote marker or a range after "to" keeps two
//! estimates apart ("around 2 000³⁹⁶ to 4 000–6 000": 2000 and 4000–6000).
//! A qualifier before a range bounds it: "at least" keeps only the low end,
//! "up to" only the high end.
//!
//! What is not reported: anything [`find_dates`](crate::dates::find_dates)
//! reads as a date (years, day numbers, `2015–present`); a 4-digit
//! 1900–2100 number unless a counted noun follows it and no "in"/"the"/…
//! precedes it (`killed 2000 people`); days next to a month (`29 August`);
//! ordinals (`36th`, `third`); numbers glued to letters, slashes or codes
//! (`S/2025/482`, `9/11`, `A-10`, `3.2.7`, `10:30`), compound adjectives
//! (`20-year-old`, `three-year`); references (`p. 2`, `para. 86`,
//! `resolution 2734`, `1267 (1999)`, `[392]`); percentages; amounts of money
//! after a currency sign; numbers with a leading zero.

use dossier_model::{NUMBER_TENS, NUMBER_UNITS, Span, small_number};

use crate::dates::{
    self,
    lex::{COUNTED, COUNTED_MASK, Kind, LexBuffers, Lexed, in_list},
};
use crate::tokens::CueMask;

/// How the text bounds a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// The number is a lower bound: "at least", "over", "more than",
    /// "upwards of", "no fewer than", "a minimum of", "100+".
    AtLeast,
    /// The number is an upper bound: "up to", "at most", "fewer than",
    /// "less than", "no more than", "as many as".
    AtMost,
    /// The number is an estimate: "about", "around", "approximately",
    /// "some", "nearly", "almost", "roughly", "an estimated".
    About,
}

/// A count found in a text, with the bounds it states.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Quantity {
    /// The quantity words, qualifier included ("at least 169"), as byte
    /// offsets into the text.
    pub span: Span,
    /// Lower bound; `None` when only an upper bound is stated ("up to 50").
    pub min: Option<u64>,
    /// Upper bound; `None` when open ("at least 131").
    pub max: Option<u64>,
    /// The bounding word, if any.
    pub qualifier: Option<Qualifier>,
    /// The exact text of `span`.
    pub text: String,
    /// The word right after the number, lowercased ("fighters", "afghans",
    /// "american"), or `None` when punctuation or a function word follows
    /// ("killed 63 in Khar"). Deliberately naive: callers decide what counts.
    pub head: Option<String>,
    /// Where `head` is.
    pub head_span: Option<Span>,
}

/// Every quantity in `text[within]`, in order and without overlaps.
/// Returns nothing when `within` is not a valid range of `text` on
/// character boundaries.
pub fn find_quantities(text: &str, within: Span) -> Vec<Quantity> {
    find_quantities_around(text, within, &dates::find_dates(text, within, None))
}

/// [`find_quantities`] for a caller that has found the dates of `within`
/// already: the numbers inside them are not quantities.
pub fn find_quantities_around(text: &str, within: Span, dates: &[dates::DateMention]) -> Vec<Quantity> {
    let Some(lx) = Lexed::new(text, within) else { return Vec::new() };
    let refs = lx.ref_numbers();
    quantities_in(&lx, &refs, dates, &mut Vec::new())
}

/// The dates (resolved against `doc_date`) and the quantities of a
/// passage, lexing it once.
///
/// Most passages hold neither, and are answered by [`may_hold_numbers`]
/// without lexing them.
pub fn find_dates_and_quantities(
    text: &str,
    within: Span,
    doc_date: Option<dossier_model::PartialDate>,
) -> (Vec<dates::DateMention>, Vec<Quantity>) {
    find_dates_and_quantities_of(text, within, doc_date, None, &[], &mut Scratch::default())
}

/// [`find_dates_and_quantities`] of a passage already cut into `words`,
/// tokens of `text` from which the lexer takes the words' cue bits (see
/// [`Lexed::with_tokens`]), with the working vectors of `scratch`, which a
/// caller keeps from one passage to the next.
///
/// `narrative` dates a day and month without a year when there is no
/// `doc_date` (see [`dates::dates_in`]).
pub(crate) fn find_dates_and_quantities_of(
    text: &str,
    within: Span,
    doc_date: Option<dossier_model::PartialDate>,
    narrative: Option<dossier_model::PartialDate>,
    words: &[crate::tokens::Token],
    scratch: &mut Scratch,
) -> (Vec<dates::DateMention>, Vec<Quantity>) {
    match text.get(within.start..within.end) {
        Some(passage) if may_hold_numbers(passage, doc_date.is_some() || narrative.is_some()) => {
            find_dates_and_quantities_lexed(text, within, doc_date, narrative, words, scratch)
        }
        _ => (Vec::new(), Vec::new()),
    }
}

/// [`find_dates_and_quantities`] without the gate: the reference the gate
/// is tested against.
fn find_dates_and_quantities_lexed(
    text: &str,
    within: Span,
    doc_date: Option<dossier_model::PartialDate>,
    narrative: Option<dossier_model::PartialDate>,
    words: &[crate::tokens::Token],
    scratch: &mut Scratch,
) -> (Vec<dates::DateMention>, Vec<Quantity>) {
    let Some(lx) = Lexed::reusing(text, within, words, std::mem::take(&mut scratch.lex)) else {
        return (Vec::new(), Vec::new());
    };
    lx.ref_numbers_into(&mut scratch.refs);
    let found = dates::dates_in(&lx, &scratch.refs, doc_date, narrative);
    let quantities = quantities_in(&lx, &scratch.refs, &found, &mut scratch.mask);
    scratch.lex = lx.into_buffers();
    (found, quantities)
}

/// The working vectors of [`find_dates_and_quantities_of`]: it runs once
/// per passage, and allocating them anew each time made several
/// allocations a passage; extraction keeps one for a whole document.
#[derive(Default)]
pub(crate) struct Scratch {
    lex: LexBuffers,
    /// [`Lexed::ref_numbers_into`].
    refs: Vec<bool>,
    /// [`date_mask`].
    mask: Vec<bool>,
}

/// False when `passage` certainly holds no date and no quantity, so that
/// [`find_dates_and_quantities`] need not lex it; `relative` says whether
/// relative dates can be resolved (a document date is known).
///
/// Why a passage without these words finds nothing (read from the
/// grammar, every path of which needs one of them):
/// - every quantity is a [`Kind::Num`] token (`Scanner::digit_lit`) or a
///   run of number words that [`parse_number_words`] reads, and that needs
///   one word of [`is_number_word`] ("a", "an", "and" alone are nothing;
///   "between", "from" and the qualifiers only open a number);
/// - every date is built from a `Parser::point` or `Parser::day_at` (the
///   openers "since", "between", "from" need one too): a day, year or ISO
///   date is a `Num`; a month is a capitalised word [`dates::parse_month`]
///   reads (`Parser::month_at`); a relative date needs the document date
///   and a unit of [`dates::RELATIVE_UNITS`] (`Parser::relative`) or a
///   weekday of [`dates::WEEKDAYS`] (`Parser::weekday`); a part prefix
///   ("late", "the end of") only narrows one of these.
///
/// A `Num` is a run of ASCII digits, so any digit byte sends the passage to
/// the lexer. Every word above is ASCII, and the lexer's words are runs of
/// letters that match them up to ASCII case, so such a word is a maximal
/// run of ASCII letters (its neighbours are not letters; a non-ASCII
/// letter next to it would make the lexer's word non-ASCII and no match).
/// The scan below therefore tests every maximal run of ASCII letters, with
/// the grammar's own predicates, behind a bit filter that only skips runs
/// certainly none of the words. `the_gate_changes_nothing` compares gated
/// and ungated results on every fixture.
pub(crate) fn may_hold_numbers(passage: &str, relative: bool) -> bool {
    let bytes = passage.as_bytes();
    let class = |i: usize| bytes.get(i).map(|&b| GATE_CLASS[usize::from(b)]);
    let mut i = 0;
    while let Some(c) = class(i) {
        if c == OTHER {
            i += 1;
            continue;
        }
        if c == DIGIT {
            return true;
        }
        // A maximal run of ASCII letters, hashed as it is read.
        let start = i;
        let mut hash = TRIGGER_SEED;
        while let Some(lower) = class(i).filter(|&c| c > DIGIT) {
            hash = trigger_step(hash, lower);
            i += 1;
        }
        if trigger_run(&bytes[start..i], hash, relative) {
            return true;
        }
    }
    false
}

/// [`GATE_CLASS`] of a byte that is neither an ASCII letter nor a digit.
const OTHER: u8 = 0;
/// [`GATE_CLASS`] of an ASCII digit.
const DIGIT: u8 = 1;

/// What [`may_hold_numbers`] needs of each byte, in one table lookup: an
/// ASCII letter's lowercase form, [`DIGIT`] or [`OTHER`].
const GATE_CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphabetic() {
            t[b] = c.to_ascii_lowercase();
        } else if c.is_ascii_digit() {
            t[b] = DIGIT;
        }
        b += 1;
    }
    t
};

/// Whether the ASCII letter run `w`, of hash `hash`, is a word that can
/// make a date or quantity (see [`may_hold_numbers`]). Every such word has
/// 3 to 9 letters.
#[inline]
fn trigger_run(run: &[u8], hash: u32, relative: bool) -> bool {
    (3..=9).contains(&run.len())
        && TRIGGERS.has(hash)
        && std::str::from_utf8(run).is_ok_and(|w| is_trigger(w, relative))
}

/// The exact test behind [`TRIGGERS`]: the grammar's own predicates.
#[cold]
fn is_trigger(w: &str, relative: bool) -> bool {
    if is_number_word(w) {
        return true;
    }
    if w.as_bytes().first().is_some_and(u8::is_ascii_uppercase) && dates::parse_month(w).is_some() {
        return true;
    }
    relative && (in_list(w, &dates::RELATIVE_UNITS) || in_list(w, &dates::WEEKDAYS))
}

/// FNV-1a start value of [`trigger_step`].
const TRIGGER_SEED: u32 = 0x811c_9dc5;

/// One step of FNV-1a over a lowercased letter.
#[inline]
const fn trigger_step(h: u32, lower: u8) -> u32 {
    (h ^ lower as u32).wrapping_mul(0x0100_0193)
}

/// A bit set over word hashes: a clear bit means no trigger word.
struct HashSet4k([u64; 64]);

impl HashSet4k {
    const fn of(lists: &[&[&str]]) -> Self {
        let mut m = [0u64; 64];
        let mut l = 0;
        while l < lists.len() {
            let mut i = 0;
            while i < lists[l].len() {
                let w = lists[l][i].as_bytes();
                let mut h = TRIGGER_SEED;
                let mut k = 0;
                while k < w.len() {
                    h = trigger_step(h, w[k] | 0x20);
                    k += 1;
                }
                let b = Self::bit(h);
                m[b / 64] |= 1 << (b % 64);
                i += 1;
            }
            l += 1;
        }
        HashSet4k(m)
    }

    const fn bit(h: u32) -> usize {
        ((h ^ (h >> 16)) & 4095) as usize
    }

    #[inline]
    fn has(&self, h: u32) -> bool {
        let b = Self::bit(h);
        self.0[b / 64] >> (b % 64) & 1 == 1
    }
}

/// Every word a date or quantity can be read from without a digit (see
/// [`may_hold_numbers`]), by list.
const TRIGGER_LISTS: [&[&str]; 7] = [
    &NUMBER_UNITS,
    &NUMBER_TENS,
    &SCALE_WORDS,
    &dossier_model::MONTH_NAMES,
    &MONTH_ABBREVIATIONS,
    &dates::RELATIVE_UNITS,
    &dates::WEEKDAYS,
];

/// [`TRIGGER_LISTS`] as one set.
const TRIGGERS: HashSet4k = HashSet4k::of(&TRIGGER_LISTS);

/// The words of [`dates::ABBR`].
const MONTH_ABBREVIATIONS: [&str; 12] = {
    let mut out = [""; 12];
    let mut i = 0;
    while i < 12 {
        out[i] = dates::ABBR[i].0;
        i += 1;
    }
    out
};

/// The quantities of a lexed text, outside its `dates`; `mask` is memory
/// for [`date_mask`].
fn quantities_in(lx: &Lexed<'_>, refs: &[bool], dates: &[dates::DateMention], mask: &mut Vec<bool>) -> Vec<Quantity> {
    date_mask(lx, dates, mask);
    let scanner = Scanner { refs, lx, masked: mask };
    let mut out = Vec::new();
    let mut i = 0;
    let mut last_end = 0;
    // `Scanner::at` skips any token off the lexer's candidates by one
    // (`Lexed::candidates`): go to the next candidate at once.
    let cands = lx.candidates();
    let mut c = 0;
    while i < lx.len() {
        while cands.get(c).is_some_and(|&k| k < i) {
            c += 1;
        }
        let Some(&k) = cands.get(c) else { break };
        i = k;
        match scanner.at(i, last_end) {
            Step::Emit(q, end) => {
                out.push(scanner.quantity(q));
                last_end = end;
                i = end.max(i + 1);
            }
            Step::Skip(end) => i = end.max(i + 1),
        }
    }
    out
}

/// The value of a number written in words: "seventy-two", "thirteen",
/// "one hundred and twenty", "two thousand", "a hundred", "a dozen" (12),
/// "two dozen" (24). `None` for anything else, including "dozens",
/// "hundreds", ordinals and malformed sequences ("two three").
pub fn parse_number_words(s: &str) -> Option<u64> {
    number_words_value(s.split(|c: char| c.is_whitespace() || c == '-').filter(|w| !w.is_empty()))
}

/// [`parse_number_words`] over words already split (none empty, none
/// holding a space or hyphen), compared up to ASCII case: no allocation.
fn number_words_value<'w>(words: impl IntoIterator<Item = &'w str>) -> Option<u64> {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Prev {
        Start,
        A,
        Unit,
        Teen,
        Tens,
        TensUnit,
        Hundred,
        And,
        Scale,
        Dozen,
    }
    let mut total: u64 = 0;
    let mut group: u64 = 0;
    let mut last_scale = u64::MAX;
    let mut prev = Prev::Start;
    for w in words {
        if prev == Prev::Dozen {
            return None;
        }
        let is = |x: &str| w.eq_ignore_ascii_case(x);
        match () {
            () if (is("a") || is("an")) && prev == Prev::Start => {
                prev = Prev::A;
                group = 1;
            }
            () if is("and") && matches!(prev, Prev::Hundred | Prev::Scale) => prev = Prev::And,
            () if is("hundred") => {
                if !matches!(prev, Prev::A | Prev::Unit | Prev::Teen | Prev::TensUnit | Prev::Tens) || group >= 100 {
                    return None;
                }
                group = group.checked_mul(100)?;
                prev = Prev::Hundred;
            }
            () if is("thousand") || is("million") || is("billion") => {
                let scale = if is("thousand") {
                    1_000
                } else if is("million") {
                    1_000_000
                } else {
                    1_000_000_000
                };
                let after_number =
                    matches!(prev, Prev::A | Prev::Unit | Prev::Teen | Prev::Tens | Prev::TensUnit | Prev::Hundred);
                if !after_number || group == 0 || scale >= last_scale {
                    return None;
                }
                total = total.checked_add(group.checked_mul(scale)?)?;
                group = 0;
                last_scale = scale;
                prev = Prev::Scale;
            }
            () if is("dozen") => {
                if !matches!(prev, Prev::A | Prev::Unit) || total != 0 {
                    return None;
                }
                group *= 12;
                prev = Prev::Dozen;
            }
            () => {
                let v = small_number(w)?;
                match prev {
                    Prev::Tens if (1..10).contains(&v) => prev = Prev::TensUnit,
                    Prev::Start | Prev::Hundred | Prev::And | Prev::Scale => {
                        prev = match v {
                            0..=9 => Prev::Unit,
                            10..=19 => Prev::Teen,
                            _ => Prev::Tens,
                        };
                    }
                    _ => return None,
                }
                // After "hundred" only what fits below it.
                if group % 100 + v >= 100 && group >= 100 {
                    return None;
                }
                group += v;
            }
        }
    }
    if matches!(prev, Prev::Start | Prev::A | Prev::And) {
        return None;
    }
    total.checked_add(group)
}

/// The mask of the words a quantity may start with: range openers,
/// articles ("a dozen") and the number words of [`is_number_word`].
pub(crate) const QUANTITY_WORDS: CueMask = CueMask::of(&NUMBER_UNITS)
    .union(CueMask::of(&NUMBER_TENS))
    .union(CueMask::of(&SCALE_WORDS))
    .union(CueMask::of(&["between", "from", "a", "an"]));

/// Words that scale a number ("two thousand", "a dozen").
const SCALE_WORDS: [&str; 5] = ["hundred", "thousand", "million", "billion", "dozen"];

fn is_number_word(w: &str) -> bool {
    small_number(w).is_some() || in_list(w, &SCALE_WORDS)
}

/// Qualifier phrases, longer first so "no more than" wins over "more than".
const QUALIFIERS: &[(&[&str], Qualifier)] = &[
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["no", "less", "than"], Qualifier::AtLeast),
    (&["not", "less", "than"], Qualifier::AtLeast),
    (&["a", "minimum", "of"], Qualifier::AtLeast),
    (&["in", "excess", "of"], Qualifier::AtLeast),
    (&["no", "more", "than"], Qualifier::AtMost),
    (&["not", "more", "than"], Qualifier::AtMost),
    (&["a", "maximum", "of"], Qualifier::AtMost),
    (&["as", "many", "as"], Qualifier::AtMost),
    (&["an", "estimate", "of"], Qualifier::About),
    (&["at", "least"], Qualifier::AtLeast),
    (&["more", "than"], Qualifier::AtLeast),
    (&["upwards", "of"], Qualifier::AtLeast),
    (&["up", "to"], Qualifier::AtMost),
    (&["at", "most"], Qualifier::AtMost),
    (&["fewer", "than"], Qualifier::AtMost),
    (&["less", "than"], Qualifier::AtMost),
    (&["an", "estimated"], Qualifier::About),
    (&["close", "to"], Qualifier::About),
    (&["over"], Qualifier::AtLeast),
    (&["about"], Qualifier::About),
    (&["around"], Qualifier::About),
    (&["approximately"], Qualifier::About),
    (&["some"], Qualifier::About),
    (&["nearly"], Qualifier::About),
    (&["almost"], Qualifier::About),
    (&["roughly"], Qualifier::About),
    (&["circa"], Qualifier::About),
];

/// The mask of the last words of [`QUALIFIERS`].
const QUALIFIER_LASTS: CueMask = {
    let mut lasts = [""; QUALIFIERS.len()];
    let mut i = 0;
    while i < QUALIFIERS.len() {
        let words = QUALIFIERS[i].0;
        lasts[i] = words[words.len() - 1];
        i += 1;
    }
    CueMask::of(&lasts)
};

/// Scale words after digits: "2 million", "1.5 lakh".
const SCALES: &[(&str, u64)] = &[
    ("thousand", 1_000),
    ("million", 1_000_000),
    ("billion", 1_000_000_000),
    ("lakh", 100_000),
    ("lakhs", 100_000),
    ("crore", 10_000_000),
    ("crores", 10_000_000),
];

/// [`STOP`] as a mask, for [`Lexed::word_in_list`].
const STOP_MASK: CueMask = CueMask::of(STOP);

/// Words after a number that say it is not the count itself.
const STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "at",
    "to",
    "from",
    "by",
    "for",
    "with",
    "and",
    "or",
    "but",
    "nor",
    "as",
    "than",
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "this",
    "these",
    "those",
    "it",
    "its",
    "they",
    "their",
    "them",
    "he",
    "she",
    "his",
    "her",
    "we",
    "our",
    "you",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "may",
    "might",
    "should",
    "must",
    "do",
    "did",
    "does",
    "not",
    "no",
    "per",
    "percent",
    "into",
    "onto",
    "over",
    "under",
    "between",
    "during",
    "since",
    "until",
    "after",
    "before",
    "among",
    "across",
    "against",
    "about",
    "around",
    "while",
    "when",
    "where",
    "if",
    "so",
    "also",
    "each",
    "more",
    "less",
    "most",
    "least",
    "such",
    "other",
    "others",
    "all",
    "some",
    "any",
    "both",
    "either",
    "neither",
    "up",
    "down",
    "out",
    "off",
    "s",
    "approximately",
    "approx",
    "nearly",
    "almost",
    "roughly",
    "circa",
    "upwards",
    "fewer",
    "close",
    "estimated",
];

/// A number over tokens `start..end`.
#[derive(Debug, Clone, Copy)]
struct Lit {
    start: usize,
    end: usize,
    /// Digits as written, without separators or decimal point.
    num: u64,
    /// Digits after the decimal point.
    frac: u32,
    /// Multiplier from a scale word ("million"), 1 without one.
    scale: u64,
    /// The whole value, `None` when it is not a whole number.
    value: Option<u64>,
    /// Written in digits.
    digits: bool,
    /// Four plain digits 1900–2100: a year unless it counts something.
    year_like: bool,
    /// A lone "one", which needs a counted noun.
    weak: bool,
    /// Followed by "+": a lower bound.
    plus: bool,
}

impl Lit {
    /// The value with `scale` instead of its own: "1" in "1–2 million".
    fn scaled(&self, scale: u64) -> Option<u64> {
        let whole = u128::from(self.num) * u128::from(scale);
        let div = 10u128.pow(self.frac);
        if whole % div != 0 {
            return None;
        }
        u64::try_from(whole / div).ok()
    }
}

enum Scan {
    /// Not a number at all.
    No,
    /// Number-shaped but not a count; skip to the token given.
    Reject(usize),
    Lit(Lit),
}

/// A quantity over tokens `start..end` before it is rendered.
struct Found {
    start: usize,
    end: usize,
    min: Option<u64>,
    max: Option<u64>,
    qualifier: Option<Qualifier>,
}

enum Step {
    Emit(Found, usize),
    Skip(usize),
}

/// Marks in `mask` the tokens inside a date span, which numbers must leave
/// alone.
fn date_mask(lx: &Lexed<'_>, found: &[dates::DateMention], mask: &mut Vec<bool>) {
    mask.clear();
    mask.resize(lx.len(), false);
    // Tokens before `next` are decided. Each mention marks the undecided
    // tokens that start inside it, found by binary search rather than by a
    // walk over every token (`date_mask_by_walk`, the plain version).
    let mut next = 0;
    for f in found {
        let end = lx.tokens_before(f.span.end);
        if end <= next {
            continue;
        }
        let start = lx.tokens_before(f.span.start).max(next);
        mask[start..end].fill(true);
        next = end;
    }
}

struct Scanner<'a, 't> {
    lx: &'a Lexed<'t>,
    refs: &'a [bool],
    masked: &'a [bool],
}

impl Scanner<'_, '_> {
    fn masked(&self, i: usize) -> bool {
        self.masked.get(i).copied().unwrap_or(false)
    }

    fn is_ref(&self, i: usize) -> bool {
        self.refs.get(i).copied().unwrap_or(false)
    }

    fn at(&self, i: usize, last_end: usize) -> Step {
        let lx = self.lx;
        if self.masked(i) {
            return Step::Skip(i + 1);
        }
        match lx.kind(i) {
            // Every word the tests below accept, so that the others (nearly
            // all) are skipped on their cue bit.
            Some(Kind::Word) if !lx.may_be_in(i, &QUANTITY_WORDS) => Step::Skip(i + 1),
            Some(Kind::Word) => {
                if (lx.is_word(i, "between") || lx.is_word(i, "from"))
                    && let Some(found) = self.word_range(i, last_end)
                {
                    return found;
                }
                if is_number_word(lx.str(i)) || lx.is_word(i, "a") || lx.is_word(i, "an") {
                    return self.single(i, last_end);
                }
                Step::Skip(i + 1)
            }
            Some(Kind::Num) => self.single(i, last_end),
            _ => Step::Skip(i + 1),
        }
    }

    /// A number at `i`, alone or as the start of a dash or "to" range.
    fn single(&self, i: usize, last_end: usize) -> Step {
        let l1 = match self.lit(i, false) {
            Scan::No => return Step::Skip(i + 1),
            Scan::Reject(end) => return Step::Skip(end),
            Scan::Lit(l) => l,
        };
        if self.not_a_count(&l1) {
            return Step::Skip(l1.end);
        }
        let qualifier = self.qualifier_before(l1.start, last_end);
        let start = qualifier.map_or(l1.start, |(_, s)| s);
        let mut qualifier = qualifier.map(|(q, _)| q);
        if let Some(l2) = self.dash_range(&l1) {
            return self.range(start, &l1, &l2, qualifier);
        }
        if self.lx.punct(l1.end) == Some('-') && self.lx.kind(l1.end + 1) == Some(Kind::Num) {
            // "2-1", "12-2019": a code or score, not a count.
            return Step::Skip(l1.end);
        }
        if !l1.plus
            && let Some(l2) = self.to_range(&l1)
        {
            return self.range(start, &l1, &l2, qualifier);
        }
        let Some(v) = l1.value else { return Step::Skip(l1.end) };
        if self.percent_after(l1.end) || self.is_day(&l1) || self.ref_before_year(&l1) {
            return Step::Skip(l1.end);
        }
        if l1.weak && !self.lx.word_after(l1.end).is_some_and(|w| self.lx.word_in_list(w, COUNTED, &COUNTED_MASK)) {
            return Step::Skip(l1.end);
        }
        if l1.plus && qualifier.is_none() {
            qualifier = Some(Qualifier::AtLeast);
        }
        let (min, max) = match qualifier {
            Some(Qualifier::AtLeast) => (Some(v), None),
            Some(Qualifier::AtMost) => (None, Some(v)),
            _ => (Some(v), Some(v)),
        };
        Step::Emit(Found { start, end: l1.end, min, max, qualifier }, l1.end)
    }

    /// "between 4,000 and 6,000", "from 4,000 to 6,000" at the word `i`.
    fn word_range(&self, i: usize, last_end: usize) -> Option<Step> {
        let lx = self.lx;
        let k = lx.after_space(i + 1)?;
        let Scan::Lit(l1) = self.lit(k, false) else { return None };
        if self.not_a_count(&l1) || l1.plus {
            return None;
        }
        let l2 = if lx.is_word(i, "between") {
            let and = lx.word_after(l1.end).filter(|&a| lx.is_word(a, "and"))?;
            let Scan::Lit(l2) = self.lit(lx.after_space(and + 1)?, false) else { return None };
            if self.not_a_count(&l2) || self.dash_range(&l2).is_some() {
                return None;
            }
            l2
        } else {
            if l1.weak {
                return None;
            }
            self.to_range(&l1)?
        };
        let qualifier = self.qualifier_before(i, last_end);
        let start = qualifier.map_or(i, |(_, s)| s);
        Some(self.range(start, &l1, &l2, qualifier.map(|(q, _)| q)))
    }

    /// "4 000–6 000", "4,000 - 6,000" after `l1`.
    fn dash_range(&self, l1: &Lit) -> Option<Lit> {
        if !l1.digits || l1.plus {
            return None;
        }
        let k = self.lx.dash_after(l1.end)?;
        if self.lx.kind(k) != Some(Kind::Num) {
            return None;
        }
        let Scan::Lit(l2) = self.lit(k, true) else { return None };
        (l2.digits && !self.not_a_count(&l2) && range_values(l1, &l2).is_some()).then_some(l2)
    }

    /// "4,000 to 6,000" after `l1`: only when nothing (not even a footnote
    /// marker) separates them and the second is not itself a range, so
    /// that "around 2 000³⁹⁶ to 4 000–6 000" stays two estimates.
    fn to_range(&self, l1: &Lit) -> Option<Lit> {
        let lx = self.lx;
        let to = lx.word_after(l1.end).filter(|&t| lx.is_word(t, "to"))?;
        let Scan::Lit(l2) = self.lit(lx.after_space(to + 1)?, false) else { return None };
        if l2.weak || self.not_a_count(&l2) || self.dash_range(&l2).is_some() {
            return None;
        }
        range_values(l1, &l2).is_some().then_some(l2)
    }

    fn range(&self, start: usize, l1: &Lit, l2: &Lit, qualifier: Option<Qualifier>) -> Step {
        // "between 10 and 20 May" are days; "10–20 percent" a share.
        if self.percent_after(l2.end) || self.is_day(l2) {
            return Step::Skip(l2.end);
        }
        let Some((lo, hi)) = range_values(l1, l2) else { return Step::Skip(l2.end) };
        let (min, max) = match qualifier {
            Some(Qualifier::AtLeast) => (Some(lo), None),
            Some(Qualifier::AtMost) => (None, Some(hi)),
            _ => (Some(lo), Some(hi)),
        };
        Step::Emit(Found { start, end: l2.end, min, max, qualifier }, l2.end)
    }

    /// Masked by a date, a reference number, or a year that counts nothing.
    fn not_a_count(&self, l: &Lit) -> bool {
        self.masked(l.start)
            || (l.digits && self.is_ref(l.start))
            || (l.year_like && !self.lx.year_is_count(l.start, l.end))
    }

    /// The qualifier phrase right before token `i` and where it starts,
    /// unless it belongs to an earlier quantity or a date.
    fn qualifier_before(&self, i: usize, last_end: usize) -> Option<(Qualifier, usize)> {
        let lx = self.lx;
        // Every phrase ends with the word right before `i`: most words end none.
        let phrases =
            if lx.word_before(i).is_some_and(|p| lx.may_be_in(p, &QUALIFIER_LASTS)) { QUALIFIERS } else { &[] };
        for (words, q) in phrases {
            let mut j = i;
            let mut ok = true;
            for w in words.iter().rev() {
                match lx.word_before(j) {
                    Some(p) if lx.is_word(p, w) => j = p,
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok && j >= last_end && !(j..i).any(|t| self.masked(t)) {
                return Some((*q, j));
            }
        }
        // "approx. 100"
        let dot = i.checked_sub(2)?;
        let ok = lx.kind(i - 1) == Some(Kind::Space) && lx.punct(dot) == Some('.');
        let w = dot.checked_sub(1)?;
        (ok && lx.is_word(w, "approx") && w >= last_end).then_some((Qualifier::About, w))
    }

    /// "75 percent", "75 per cent", "75 %".
    fn percent_after(&self, end: usize) -> bool {
        let lx = self.lx;
        let k = if lx.kind(end) == Some(Kind::Space) { end + 1 } else { end };
        if lx.punct(k) == Some('%') {
            return true;
        }
        let Some(w) = lx.word_after(end) else { return false };
        in_list(lx.str(w), &["percent", "percentage", "pct"])
            || (lx.is_word(w, "per") && lx.word_after(w + 1).is_some_and(|c| lx.is_word(c, "cent")))
    }

    /// A day next to a month: "29 August", "on July 30, the".
    fn is_day(&self, l: &Lit) -> bool {
        let lx = self.lx;
        if !l.digits || l.end != l.start + 1 || l.value.is_none_or(|v| v > 31) {
            return false;
        }
        if lx.word_after(l.end).is_some_and(|w| self.is_month(w)) {
            return true;
        }
        let before = lx.word_before(l.start).or_else(|| {
            // "Jan. 30"
            let dot = l.start.checked_sub(2)?;
            let ok = lx.kind(l.start - 1) == Some(Kind::Space) && lx.punct(dot) == Some('.');
            ok.then(|| dot.checked_sub(1)).flatten()
        });
        if before.is_some_and(|m| self.is_month(m)) {
            // "In July 30 people died": a noun after it makes it a count.
            return lx.word_after(l.end).is_none_or(|w| lx.word_in_list(w, STOP, &STOP_MASK));
        }
        false
    }

    fn is_month(&self, w: usize) -> bool {
        self.lx.month(w).is_some()
    }

    /// "1267 (1999)": a number before a parenthesised year is a
    /// resolution or similar reference.
    fn ref_before_year(&self, l: &Lit) -> bool {
        let lx = self.lx;
        let Some(open) = lx.after_space(l.end) else { return false };
        lx.punct(open) == Some('(')
            && lx.kind(open + 1) == Some(Kind::Num)
            && lx.str(open + 1).len() == 4
            && lx.punct(open + 2) == Some(')')
    }

    /// A number starting at token `i`: digits (with groups, decimals,
    /// scale) or number words. `after_dash` accepts a dash glued on the
    /// left (the second half of "4,000-6,000").
    fn lit(&self, i: usize, after_dash: bool) -> Scan {
        match self.lx.kind(i) {
            Some(Kind::Num) => self.digit_lit(i, after_dash),
            Some(Kind::Word) => self.word_lit(i),
            _ => Scan::No,
        }
    }

    fn digit_lit(&self, i: usize, after_dash: bool) -> Scan {
        let lx = self.lx;
        let glued_dash = after_dash && matches!(lx.punct(i.wrapping_sub(1)), Some('-' | '–' | '—'));
        if !(glued_dash || lx.free_left(i, false)) {
            return Scan::Reject(i + 1);
        }
        // "[392]": a footnote or list marker.
        if i > 0 && lx.punct(i - 1) == Some('[') && lx.punct(i + 1) == Some(']') {
            return Scan::Reject(i + 1);
        }
        let first = lx.str(i);
        let Some(mut num) = lx.num(i) else { return Scan::Reject(i + 1) };
        let mut j = i + 1;
        let mut grouped = false;
        if lx.punct(j) == Some(',') && lx.kind(j + 1) == Some(Kind::Num) {
            // "4,000", "1,000,000"; anything else ("1,5", "1234,567") is a code.
            if first.len() > 3 {
                return Scan::Reject(j + 2);
            }
            while lx.punct(j) == Some(',') && lx.kind(j + 1) == Some(Kind::Num) {
                if lx.str(j + 1).len() != 3 {
                    return Scan::Reject(j + 2);
                }
                let Some(n) = num.checked_mul(1000).and_then(|n| n.checked_add(lx.num(j + 1).unwrap_or(0))) else {
                    return Scan::Reject(j + 2);
                };
                num = n;
                j += 2;
                grouped = true;
            }
        } else if first.len() <= 3 && !first.starts_with('0') && !self.after_month(i) {
            // "2 000", "1 000 000": one plain space, then exactly three digits.
            while lx.kind(j) == Some(Kind::Space)
                && lx.str(j) == " "
                && lx.kind(j + 1) == Some(Kind::Num)
                && lx.str(j + 1).len() == 3
                && lx.free_right(j + 2)
                && !(lx.punct(j + 2) == Some('-') && lx.kind(j + 3) == Some(Kind::Word))
            {
                let Some(n) = num.checked_mul(1000).and_then(|n| n.checked_add(lx.num(j + 1).unwrap_or(0))) else {
                    return Scan::Reject(j + 2);
                };
                num = n;
                j += 2;
                grouped = true;
            }
        }
        if first.len() > 1 && first.starts_with('0') {
            return Scan::Reject(j);
        }
        let mut frac = 0;
        if lx.punct(j) == Some('.') && lx.kind(j + 1) == Some(Kind::Num) {
            let f = lx.str(j + 1);
            let Some(n) = u32::try_from(f.len())
                .ok()
                .filter(|&d| d <= 9)
                .and_then(|d| num.checked_mul(10u64.pow(d)))
                .and_then(|n| n.checked_add(lx.num(j + 1)?))
            else {
                return Scan::Reject(j + 2);
            };
            num = n;
            frac = u32::try_from(f.len()).unwrap_or(0);
            j += 2;
            // "3.2.7": a section number.
            if lx.punct(j) == Some('.') && lx.kind(j + 1) == Some(Kind::Num) {
                return Scan::Reject(j + 2);
            }
        }
        if !lx.free_right(j) {
            return Scan::Reject(j);
        }
        // "20-year-old", "1990's".
        let compound = lx.punct(j) == Some('-') && lx.kind(j + 1) == Some(Kind::Word);
        let decade = matches!(lx.punct(j), Some('\'' | '’')) && lx.is_word(j + 1, "s");
        if compound || decade {
            return Scan::Reject(j);
        }
        let plus = lx.punct(j) == Some('+');
        if plus {
            j += 1;
            if matches!(lx.kind(j), Some(Kind::Word | Kind::Num)) {
                return Scan::Reject(j);
            }
        }
        let mut scale = 1;
        if let Some(w) = lx.word_after(j)
            && let Some(&(_, s)) = SCALES.iter().find(|(name, _)| lx.is_word(w, name))
        {
            scale = s;
            j = w + 1;
        }
        let mut lit =
            Lit { start: i, end: j, num, frac, scale, value: None, digits: true, year_like: false, weak: false, plus };
        lit.value = lit.scaled(scale);
        lit.year_like = !grouped && frac == 0 && scale == 1 && first.len() == 4 && (1900..=2100).contains(&num);
        Scan::Lit(lit)
    }

    /// "seventy-two", "one hundred and twenty", "a dozen": the longest
    /// run of number words that parses, never half of a hyphenated word
    /// ("thirty-sixth", "three-year").
    fn word_lit(&self, i: usize) -> Scan {
        let lx = self.lx;
        let glued_left = i >= 2 && lx.punct(i - 1) == Some('-') && lx.kind(i - 2) == Some(Kind::Word);
        if glued_left || lx.word_before(i).is_some_and(|h| lx.is_word(h, "half")) {
            return Scan::Reject(i + 1);
        }
        // The run: number words joined by one space or a hyphen, bounded.
        let mut run = [i; 16];
        let mut len = 1;
        let mut j = i + 1;
        while len < run.len() {
            let sep = lx.kind(j) == Some(Kind::Space) || lx.punct(j) == Some('-');
            let w = j + 1;
            let fits = lx.kind(w) == Some(Kind::Word) && {
                let s = lx.str(w);
                is_number_word(s) || s.eq_ignore_ascii_case("and")
            };
            if !sep || !fits {
                break;
            }
            run[len] = w;
            len += 1;
            j = w + 1;
        }
        let words = &run[..len];
        for n in (1..=words.len()).rev() {
            let last = words[n - 1];
            if ["and", "a", "an"].iter().any(|w| lx.is_word(last, w)) {
                continue;
            }
            // What `parse_number_words` reads in the words joined by spaces.
            let Some(value) = number_words_value(words[..n].iter().map(|&w| lx.str(w))) else { continue };
            let end = last + 1;
            let compound = lx.punct(end) == Some('-') && lx.kind(end + 1) == Some(Kind::Word);
            let possessive = matches!(lx.punct(end), Some('\'' | '’')) && lx.is_word(end + 1, "s");
            if compound || possessive {
                return Scan::Reject(end);
            }
            // "four thousand" keeps its scale apart, so that "three to four
            // thousand" scales the three as well.
            let scale = [("thousand", 1_000), ("million", 1_000_000), ("billion", 1_000_000_000)]
                .iter()
                .find(|(w, _)| lx.is_word(last, w))
                .map_or(1, |&(_, s)| s);
            return Scan::Lit(Lit {
                start: i,
                end,
                num: value / scale,
                frac: 0,
                scale,
                value: Some(value),
                digits: false,
                year_like: false,
                weak: n == 1 && lx.is_word(i, "one"),
                plus: false,
            });
        }
        if words.len() > 1 || is_number_word(lx.str(i)) { Scan::Reject(i + 1) } else { Scan::No }
    }

    /// Whether the number at `i` comes right after a month name, where a
    /// short first group is a day ("May 2 000" is not 2000).
    fn after_month(&self, i: usize) -> bool {
        self.lx.word_before(i).is_some_and(|w| self.is_month(w))
    }

    fn quantity(&self, f: Found) -> Quantity {
        let lx = self.lx;
        let span = lx.span(f.start, f.end);
        let mut k = f.end;
        while lx.kind(k) == Some(Kind::Sup) {
            k += 1;
        }
        let head = lx.word_after(k).filter(|&w| !lx.word_in_list(w, STOP, &STOP_MASK));
        Quantity {
            span,
            min: f.min,
            max: f.max,
            qualifier: f.qualifier,
            text: lx.text_of(span).to_owned(),
            head: head.map(|w| lx.str(w).to_lowercase()),
            head_span: head.map(|w| lx.span(w, w + 1)),
        }
    }
}

/// Bounds of a range; a scale on the second end carries to the first
/// when the first is smaller as written ("1–2 million").
fn range_values(l1: &Lit, l2: &Lit) -> Option<(u64, u64)> {
    let hi = l2.value?;
    let smaller = u128::from(l1.num) * 10u128.pow(l2.frac) <= u128::from(l2.num) * 10u128.pow(l1.frac);
    let lo = if l1.scale == 1 && l2.scale > 1 && smaller { l1.scaled(l2.scale)? } else { l1.value? };
    (lo <= hi).then_some((lo, hi))
}

#[cfg(test)]
mod tests {
    use dossier_model::PartialDate;

    /// The token walk [`super::date_mask`] replaced: a token is masked when
    /// the first mention not ending before it starts at or before it.
    fn date_mask_by_walk(lx: &Lexed<'_>, found: &[dates::DateMention]) -> Vec<bool> {
        let mut mask = vec![false; lx.len()];
        let mut d = 0;
        for (i, m) in mask.iter_mut().enumerate() {
            let start = lx.span(i, i + 1).start;
            while d < found.len() && found[d].span.end <= start {
                d += 1;
            }
            *m = found.get(d).is_some_and(|f| f.span.start <= start);
        }
        mask
    }

    #[test]
    fn date_mask_agrees_with_the_token_walk() {
        let mut masked = 0;
        for_each_fixture_window(|text, w| {
            let Some(lx) = Lexed::new(text, w) else { return };
            for doc in [None, PartialDate::day(2024, 5, 5)] {
                let found = dates::find_dates(text, w, doc);
                let mut mask = vec![true; 3];
                super::date_mask(&lx, &found, &mut mask);
                assert_eq!(mask, date_mask_by_walk(&lx, &found), "{:?}", w.slice(text));
                masked += mask.iter().filter(|&&m| m).count();
            }
            // Out of order and overlapping, as a caller may pass them.
            let mut found = dates::find_dates(text, w, None);
            found.reverse();
            if let Some(first) = found.first().copied() {
                found.push(first);
            }
            let mut mask = Vec::new();
            super::date_mask(&lx, &found, &mut mask);
            assert_eq!(mask, date_mask_by_walk(&lx, &found), "{:?}", w.slice(text));
        });
        assert!(masked > 1_000, "only {masked} masked tokens");
    }

    /// [`Lexed::word_in_list`] rejects on the mask: no word of a list fails
    /// its mask, in any ASCII case.
    #[test]
    fn word_list_masks_hold_their_words() {
        let lists: [(&[&str], &CueMask); 2] = [(super::STOP, &super::STOP_MASK), (COUNTED, &COUNTED_MASK)];
        for (list, mask) in lists {
            for w in list {
                assert!(mask.has(crate::tokens::cue_bit(w)), "{w}");
                assert!(mask.has(crate::tokens::cue_bit(&w.to_uppercase())), "{w}");
            }
        }
    }

    #[test]
    fn quantity_words_hold_every_word_a_quantity_starts_with() {
        let all = dossier_model::NUMBER_UNITS
            .iter()
            .chain(&dossier_model::NUMBER_TENS)
            .chain(&super::SCALE_WORDS)
            .chain(&["between", "from", "a", "an"]);
        for w in all {
            assert!(super::QUANTITY_WORDS.has(crate::tokens::cue_bit(w)), "{w}");
            assert!(super::QUANTITY_WORDS.has(crate::tokens::cue_bit(&w.to_uppercase())), "{w}");
        }
    }
    use super::*;
    use expect_test::{Expect, expect};
    use proptest::prelude::*;

    /// Every quantity as `"text"=min..max [>=|<=|~] [head]`, joined by ` | `.
    fn render(text: &str) -> String {
        let found = find_quantities(text, Span::new(0, text.len()));
        let parts: Vec<String> = found
            .iter()
            .map(|q| {
                assert_eq!(q.span.slice(text), q.text);
                let bound = |b: Option<u64>| b.map_or(String::new(), |v| v.to_string());
                let value = if q.min.is_some() && q.min == q.max {
                    bound(q.min)
                } else {
                    format!("{}..{}", bound(q.min), bound(q.max))
                };
                let mut s = format!("{:?}={value}", q.text);
                match q.qualifier {
                    Some(Qualifier::AtLeast) => s.push_str(" >="),
                    Some(Qualifier::AtMost) => s.push_str(" <="),
                    Some(Qualifier::About) => s.push_str(" ~"),
                    None => {}
                }
                if let (Some(head), Some(span)) = (&q.head, q.head_span) {
                    assert_eq!(span.slice(text).to_lowercase(), *head);
                    s.push(' ');
                    s.push_str(head);
                }
                s
            })
            .collect();
        parts.join(" | ")
    }

    fn check(input: &str, expect: Expect) {
        expect.assert_eq(&render(input));
    }

    #[test]
    fn plain_and_qualified() {
        check("killed 72 people", expect![[r#""72"=72 people"#]]);
        check("at least 131 were killed", expect![[r#""at least 131"=131.. >="#]]);
        check("Over seventy-two individuals were killed", expect![[r#""Over seventy-two"=72.. >= individuals"#]]);
        check("more than 100 attacks", expect![[r#""more than 100"=100.. >= attacks"#]]);
        check("no more than 100 attacks", expect![[r#""no more than 100"=..100 <= attacks"#]]);
        check("no fewer than 100 attacks", expect![[r#""no fewer than 100"=100.. >= attacks"#]]);
        check("about 100 attacks", expect![[r#""about 100"=100 ~ attacks"#]]);
        check("around 2 000 fighters", expect![[r#""around 2 000"=2000 ~ fighters"#]]);
        check("up to 50 militants", expect![[r#""up to 50"=..50 <= militants"#]]);
        check("fewer than 10 civilians", expect![[r#""fewer than 10"=..10 <= civilians"#]]);
        check("an estimated 1,500 members", expect![[r#""an estimated 1,500"=1500 ~ members"#]]);
        check("some 300 families", expect![[r#""some 300"=300 ~ families"#]]);
        check("nearly 40 dead", expect![[r#""nearly 40"=40 ~ dead"#]]);
        check("approx. 200 recruits", expect![[r#""approx. 200"=200 ~ recruits"#]]);
        check("upwards of 500 fighters", expect![[r#""upwards of 500"=500.. >= fighters"#]]);
        check("a minimum of 12 soldiers", expect![[r#""a minimum of 12"=12.. >= soldiers"#]]);
        check("as many as 9 attacks", expect![[r#""as many as 9"=..9 <= attacks"#]]);
        check("100+ fighters", expect![[r#""100+"=100.. >= fighters"#]]);
    }

    #[test]
    fn digit_groups_and_scales() {
        check("1,000 and 1 000 and 12,345,678", expect![[r#""1,000"=1000 | "1 000"=1000 | "12,345,678"=12345678"#]]);
        check("around 2 000³⁹⁶ fighters", expect![[r#""around 2 000"=2000 ~ fighters"#]]);
        check(
            "1.5 million refugees and 2 million people",
            expect![[r#""1.5 million"=1500000 refugees | "2 million"=2000000 people"#]],
        );
        check("3 lakh people", expect![[r#""3 lakh"=300000 people"#]]);
        check("12.5 and 1.25 and 3.2.7.", expect![[""]]);
        check("1,5 and 1234,567 and 007", expect![[""]]);
        check("in 2019 2 attacks", expect![[r#""2"=2 attacks"#]]);
        check("On 5 May 200 people", expect![[r#""200"=200 people"#]]);
    }

    #[test]
    fn ranges() {
        check("4 000–6 000 fighters", expect![[r#""4 000–6 000"=4000..6000 fighters"#]]);
        check("4,000-6,000 fighters", expect![[r#""4,000-6,000"=4000..6000 fighters"#]]);
        check("4,000 – 6,000 fighters", expect![[r#""4,000 – 6,000"=4000..6000 fighters"#]]);
        check("between 4,000 and 6,000 members", expect![[r#""between 4,000 and 6,000"=4000..6000 members"#]]);
        check("from 4,000 to 6,000 members", expect![[r#""from 4,000 to 6,000"=4000..6000 members"#]]);
        check("4,000 to 6,000 members", expect![[r#""4,000 to 6,000"=4000..6000 members"#]]);
        check(
            "three to four thousand fighters, between two and 3 million",
            expect![[r#""three to four thousand"=3000..4000 fighters | "between two and 3 million"=2000000..3000000"#]],
        );
        check(
            "some 2,500 to 3,000 members; from around 2 000 to 4 000",
            expect![[r#""some 2,500 to 3,000"=2500..3000 ~ members | "around 2 000 to 4 000"=2000..4000 ~"#]],
        );
        check("seven to ten attacks", expect![[r#""seven to ten"=7..10 attacks"#]]);
        check("1–2 million people", expect![[r#""1–2 million"=1000000..2000000 people"#]]);
        check("approximately 4,000–6,000 fighters", expect![[r#""approximately 4,000–6,000"=4000..6000 ~ fighters"#]]);
        check("at least 10–15 killed", expect![[r#""at least 10–15"=10.. >= killed"#]]);
        check("between one and five people", expect![[r#""between one and five"=1..5 people"#]]);
        check("a 2-1 vote", expect![[""]]);
        check("between 10 and 20 May, 10–12 June", expect![[""]]);
        check("5 approx. 10 people", expect![[r#""5"=5 | "approx. 10"=10 ~ people"#]]);
        check("6 000–4 000", expect![[r#""6 000"=6000 | "4 000"=4000"#]]);
        check(
            "Estimates of the size of the group during the reference period ranged from around 2 000³⁹⁶ \
             to 4 000–6 000 fighters.³⁹⁷",
            expect![[r#""around 2 000"=2000 ~ | "4 000–6 000"=4000..6000 fighters"#]],
        );
    }

    #[test]
    fn number_words() {
        check(
            "thirteen soldiers and forty-seven attacks",
            expect![[r#""thirteen"=13 soldiers | "forty-seven"=47 attacks"#]],
        );
        check("one hundred and twenty people", expect![[r#""one hundred and twenty"=120 people"#]]);
        check("two thousand refugees", expect![[r#""two thousand"=2000 refugees"#]]);
        check("a hundred men and a dozen women", expect![[r#""a hundred"=100 men | "a dozen"=12 women"#]]);
        check("half a dozen men", expect![[""]]);
        check("dozens of people, hundreds of families, thousands", expect![[""]]);
        check("one soldier and one attacker", expect![[r#""one"=1 soldier | "one"=1 attacker"#]]);
        check("one of the most pressing threats; just one example; no one", expect![[""]]);
        check("the thirty-sixth report, the third most deaths", expect![[""]]);
        check("a three-year-old and a twenty-one-gun salute", expect![[""]]);
        check("All eight were said to", expect![[r#""eight"=8"#]]);
        check("In the past three years", expect![[r#""three"=3 years"#]]);
    }

    #[test]
    fn not_counts() {
        check("in 2019, since 2021, 2015–present, the 2021 Kabul airport attack", expect![[""]]);
        check("on 30 July 2023 and on July 30, 2023", expect![[""]]);
        check("30–31 July 2023", expect![[""]]);
        check("(WR:29 August-4 September)", expect![[""]]);
        check("on July 30, the group", expect![[""]]);
        check("In July 30 people died", expect![[r#""30"=30 people"#]]);
        check("the 36th and 1st and 2nd", expect![[""]]);
        check("S/2025/482 and 9/11 and pre-9/11 and A-10 and A10", expect![[""]]);
        check("pp. 6, 23; p. 2; para. 86; pp. 8-9", expect![[""]]);
        check("resolution 2734 (2024)", expect![[""]]);
        check("resolutions 1267 (1999), 1989 (2011) and 2253 (2015)", expect![[""]]);
        check("almost 75 percent of attacks, 10 per cent, 5% and 12 %", expect![[""]]);
        check("10–20 percent", expect![[""]]);
        check("attacks³⁹⁷ and footnote ³⁹⁸", expect![[""]]);
        check("- [392](#)", expect![[""]]);
        check("Map 3: ISPP", expect![[""]]);
        check("a 20-year-old man, the 1990s, the 1990's", expect![[""]]);
        check("$5 million and €300", expect![[""]]);
        check("at 10:30 on v2.0", expect![[""]]);
        check("pandoc_image_10.png", expect![[""]]);
    }

    #[test]
    fn years_that_count() {
        check("killed 2000 people", expect![[r#""2000"=2000 people"#]]);
        check("claimed 2019 attacks", expect![[r#""2019"=2019 attacks"#]]);
        check("in 2000 people fled", expect![[""]]);
        check("the 2021 attacks", expect![[""]]);
        check("2,019 attacks", expect![[r#""2,019"=2019 attacks"#]]);
    }

    #[test]
    fn realistic_sentences() {
        check(
            "Some of its most notable attacks include the 2021 Kabul airport attack that killed 13 American \
             military personnel and at least 169 Afghans in Kabul",
            expect![[r#""13"=13 american | "at least 169"=169.. >= afghans"#]],
        );
        check(
            "twin suicide bombings in July 2018 that killed at least 131 at election rallies",
            expect![[r#""at least 131"=131.. >="#]],
        );
        check("ISPP claimed 68 assaults between 2019 and 2022.", expect![[r#""68"=68 assaults"#]]);
        check(
            "The number of assaults in KP rose from seven in 2019 (while ISPP was still active there) to \
             forty-seven in 2022",
            expect![[r#""seven"=7 | "forty-seven"=47"#]],
        );
        check(
            "killing 170 Afghan civilians and 13 United States servicemen",
            expect![[r#""170"=170 afghan | "13"=13 united"#]],
        );
        check("in April and May 2022, respectively", expect![[""]]);
        check(
            "It is estimated that ISKP has between 4,000 and 6,000 members.",
            expect![[r#""between 4,000 and 6,000"=4000..6000 members"#]],
        );
        check("ISKP has claimed 17 attacks so far in 2023.", expect![[r#""17"=17 attacks"#]]);
        check("since 2019, ISPP carried out about 100 attacks", expect![[r#""about 100"=100 ~ attacks"#]]);
        check("killing 94. In March 2024, four Tajik ISIS–K gunmen", expect![[r#""94"=94 | "four"=4 tajik"#]]);
    }

    #[test]
    fn parse_words() {
        let cases = [
            "seventy-two",
            "forty-seven",
            "thirteen",
            "eight",
            "Two",
            "zero",
            "a hundred",
            "one hundred and twenty",
            "one hundred twenty-five",
            "two thousand",
            "two thousand and five",
            "three million four hundred thousand",
            "fifteen hundred",
            "a dozen",
            "two dozen",
            "dozens",
            "hundreds",
            "hundred",
            "thousand",
            "a",
            "and",
            "",
            "two three",
            "twenty thirty",
            "seventy-two hundred",
            "one hundred one hundred",
            "thousand million",
            "two thousand three thousand",
            "a two",
            "thirty-sixth",
            "one and",
            "dozen two",
        ];
        let got: Vec<String> = cases
            .iter()
            .map(|c| format!("{c}={}", parse_number_words(c).map_or("-".into(), |v| v.to_string())))
            .collect();
        expect!["seventy-two=72, forty-seven=47, thirteen=13, eight=8, Two=2, zero=0, a hundred=100, one hundred and twenty=120, one hundred twenty-five=125, two thousand=2000, two thousand and five=2005, three million four hundred thousand=3400000, fifteen hundred=1500, a dozen=12, two dozen=24, dozens=-, hundreds=-, hundred=-, thousand=-, a=-, and=-, =-, two three=-, twenty thirty=-, seventy-two hundred=7200, one hundred one hundred=-, thousand million=-, two thousand three thousand=-, a two=-, thirty-sixth=-, one and=-, dozen two=-"].assert_eq(&got.join(", "));
    }

    #[test]
    fn spans_are_absolute_and_stay_within() {
        let text = "killed 12 and at least 40 people";
        let found = find_quantities(text, Span::new(10, text.len()));
        let texts: Vec<&str> = found.iter().map(|q| q.span.slice(text)).collect();
        assert_eq!(texts, ["at least 40"]);
        assert_eq!(found[0].head_span.map(|s| s.slice(text)), Some("people"));
        assert!(find_quantities(text, Span { start: 3, end: 99 }).is_empty());
        assert!(find_quantities("é12", Span::new(1, 4)).is_empty());
    }

    #[test]
    fn long_inputs_stay_linear() {
        let text = "one one one and a hundred 1 000 000 4,000-6,000 seventy-two p. 3, 4, 5 ".repeat(20_000);
        let start = std::time::Instant::now();
        let found = find_quantities(&text, Span::new(0, text.len()));
        assert!(!found.is_empty());
        assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    }

    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("2019".to_owned()),
            Just("2 000".to_owned()),
            Just("4,000".to_owned()),
            Just("1.5".to_owned()),
            Just("million".to_owned()),
            Just("seventy".to_owned()),
            Just("-two".to_owned()),
            Just("one".to_owned()),
            Just("a".to_owned()),
            Just("hundred".to_owned()),
            Just("and".to_owned()),
            Just("at least".to_owned()),
            Just("between".to_owned()),
            Just("from".to_owned()),
            Just("to".to_owned()),
            Just("approx.".to_owned()),
            Just("people".to_owned()),
            Just("July".to_owned()),
            Just("p.".to_owned()),
            Just("percent".to_owned()),
            Just("-".to_owned()),
            Just("–".to_owned()),
            Just("+".to_owned()),
            Just(",".to_owned()),
            Just("/".to_owned()),
            Just("³⁹⁷".to_owned()),
            Just("é".to_owned()),
            Just("(".to_owned()),
            Just(")".to_owned()),
            "[0-9]{1,21}",
            ".{0,3}",
        ]
    }

    fn text_and_within() -> impl Strategy<Value = (String, usize, usize)> {
        (prop::collection::vec((fragment(), prop::bool::ANY), 0..30), any::<usize>(), any::<usize>()).prop_map(
            |(parts, a, b)| {
                let mut text = String::new();
                for (p, space) in parts {
                    text.push_str(&p);
                    if space {
                        text.push(' ');
                    }
                }
                (text, a, b)
            },
        )
    }

    fn boundary(text: &str, n: usize) -> usize {
        let mut n = n % (text.len() + 1);
        while !text.is_char_boundary(n) {
            n -= 1;
        }
        n
    }

    /// Gated and ungated results, with and without a document date.
    fn gate_agrees(text: &str, within: Span) -> Result<(), String> {
        for doc in [None, PartialDate::day(2024, 5, 5), PartialDate::month(2024, 1)] {
            let gated = find_dates_and_quantities(text, within, doc);
            let lexed = find_dates_and_quantities_lexed(text, within, doc, None, &[], &mut Scratch::default());
            if gated != lexed {
                return Err(format!(
                    "{:?} {within:?} {doc:?}: {gated:?} != {lexed:?}",
                    text.get(within.start..within.end)
                ));
            }
        }
        Ok(())
    }

    /// Every passage-like window of `text`: the whole, each line, each
    /// sentence-ish piece, each word with its neighbours.
    fn windows(text: &str) -> Vec<Span> {
        let mut out = vec![Span::new(0, text.len())];
        let mut cut = |sep: &[char]| {
            let mut start = 0;
            for (i, c) in text.char_indices().filter(|(_, c)| sep.contains(c)) {
                out.push(Span::new(start, i));
                start = i + c.len_utf8();
            }
            out.push(Span::new(start, text.len()));
        };
        cut(&['\n']);
        cut(&['.', ';', '\n']);
        cut(&[' ', '-', '\n']);
        out
    }

    /// Calls `f` with the text of every corpus and fuzz fixture and each
    /// of its [`windows`]; returns how many files there were.
    fn for_each_fixture_window(mut f: impl FnMut(&str, Span)) -> usize {
        let texts = crate::fixture_texts(&["dates_numbers", "extract_text"]);
        for text in &texts {
            for w in windows(text) {
                f(text, w);
            }
        }
        texts.len()
    }

    #[test]
    fn the_gate_changes_nothing_on_the_fixtures() {
        let files = for_each_fixture_window(|text, w| {
            if let Err(e) = gate_agrees(text, w) {
                panic!("{e}");
            }
        });
        assert!(files > 200, "only {files} fixtures");
    }

    /// The date parser and the number scanner find nothing at a token off
    /// the lexer's candidates, which they therefore step over.
    #[test]
    fn off_candidate_tokens_start_nothing() {
        let mut candidates = 0;
        for_each_fixture_window(|text, w| {
            let Some(lx) = Lexed::new(text, w) else { return };
            candidates += lx.candidates().len();
            for doc in [None, PartialDate::day(2024, 5, 5)] {
                let at = dates::off_candidate_mention(&lx, doc);
                assert!(at.is_none(), "{:?} at token {at:?}", w.slice(text));
            }
            let refs = lx.ref_numbers();
            let scanner = Scanner { lx: &lx, refs: &refs, masked: &vec![false; lx.len()] };
            for i in (0..lx.len()).filter(|i| !lx.candidates().contains(i)) {
                let skipped = matches!(scanner.at(i, 0), Step::Skip(end) if end <= i + 1);
                assert!(skipped, "{:?} at token {i}", w.slice(text));
            }
        });
        assert!(candidates > 10_000, "only {candidates} candidates");
    }

    #[test]
    fn every_trigger_word_passes_the_gate() {
        for w in TRIGGER_LISTS.iter().flat_map(|l| l.iter()) {
            assert!((3..=9).contains(&w.len()), "{w}");
            let capital = format!("{}{}", w[..1].to_ascii_uppercase(), &w[1..]);
            for form in [capital.clone(), w.to_ascii_uppercase(), format!("({capital}),")] {
                assert!(may_hold_numbers(&form, true), "{form}");
            }
        }
        assert!(!may_hold_numbers("the group was active may be", false));
        assert!(may_hold_numbers("the group was active in May", false));
        assert!(!may_hold_numbers("last year", false));
        assert!(may_hold_numbers("last year", true));
        assert!(may_hold_numbers("é2", false));
    }

    /// Every word written as a string literal in the date and number
    /// grammars, and the model's number and month words: a word added to a
    /// rule shows up here without anyone remembering the gate.
    fn grammar_words() -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        for src in [include_str!("dates.rs"), include_str!("numbers.rs")] {
            for (k, lit) in src.split('"').enumerate() {
                if k % 2 == 1 && !lit.is_empty() && lit.len() < 20 && lit.chars().all(char::is_alphabetic) {
                    words.push(lit.to_owned());
                }
            }
        }
        let model = NUMBER_UNITS.iter().chain(&NUMBER_TENS).chain(&dossier_model::MONTH_NAMES);
        words.extend(model.map(|w| (*w).to_owned()));
        words.sort();
        words.dedup();
        words
    }

    fn gate_piece() -> impl Strategy<Value = String> {
        let words = grammar_words();
        prop_oneof![
            4 => prop::sample::select(words.clone()),
            2 => prop::sample::select(words).prop_map(|w| {
                let mut c = w.chars();
                c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
            }),
            1 => "[0-9]{1,5}",
            1 => prop::sample::select(vec![" ", " ", " ", "-", "–", ".", ",", "(", ")", "é", "½", "³", "\n\n", "’s", "/"])
                .prop_map(str::to_owned),
            1 => ".{0,3}",
        ]
    }

    proptest! {
        #[test]
        fn the_gate_changes_nothing_on_grammar_words(
            pieces in prop::collection::vec((gate_piece(), prop::bool::ANY), 0..24),
            a in any::<usize>(),
            b in any::<usize>(),
        ) {
            let mut text = String::new();
            for (p, space) in pieces {
                text.push_str(&p);
                if space {
                    text.push(' ');
                }
            }
            let (a, b) = (boundary(&text, a), boundary(&text, b));
            let within = Span::new(a.min(b), a.max(b));
            if let Err(e) = gate_agrees(&text, within) {
                prop_assert!(false, "{}", e);
            }
        }

        #[test]
        fn quantities_are_ordered_and_inside_within((text, a, b) in text_and_within()) {
            let (a, b) = (boundary(&text, a), boundary(&text, b));
            let within = Span::new(a.min(b), a.max(b));
            let mut last = within.start;
            for q in find_quantities(&text, within) {
                prop_assert!(within.contains(q.span));
                prop_assert!(q.span.start >= last && !q.span.is_empty());
                prop_assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
                prop_assert_eq!(q.span.slice(&text), q.text.as_str());
                prop_assert!(q.min.is_some() || q.max.is_some());
                if let (Some(lo), Some(hi)) = (q.min, q.max) {
                    prop_assert!(lo <= hi);
                }
                if let Some(h) = q.head_span {
                    prop_assert!(within.contains(h) && h.start >= q.span.end);
                }
                last = q.span.end;
            }
        }

        #[test]
        fn arbitrary_text_never_panics(text in ".{0,200}", a in any::<usize>(), b in any::<usize>()) {
            let _ = find_quantities(&text, Span { start: a % (text.len() + 2), end: b % (text.len() + 2) });
        }

        #[test]
        fn words_never_panic(s in "[a-z -]{0,60}") {
            let _ = parse_number_words(&s);
        }
    }
}
