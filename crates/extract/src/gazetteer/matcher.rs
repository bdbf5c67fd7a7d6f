//! Finding place names in a text.

use dossier_model::Span;
use dossier_read::normalize::{Folded, fold, fold_char};

use super::keys::{KeyHash, is_word_char, plain_gap, push_gap};
use super::table;
use super::words::{ARTICLES, ORG_WORDS, PERSON_TOKENS};
use super::{Gazetteer, PlaceId, PlaceKind, PlaceMention};

impl Gazetteer {
    /// Every place name in `text[within]`: leftmost-longest, non-overlapping,
    /// whole words only, each with all the places it may denote.
    ///
    /// Matching runs over the folded text (curly quotes and dashes made
    /// plain), ASCII-case-insensitively: every run of up to twelve words (a
    /// name may span a single line break) is looked up in the name table
    /// the build script compiled (see `table`), its hash extended word by
    /// word; a run stops at the first words that begin no longer name.
    /// Names are whole words by construction. A match is kept only when
    /// - it is a whole word: no letter or digit on either side, and no
    ///   apostrophe joining it to a letter, except a possessive `’s`
    ///   (`Kabul’s` matches Kabul, `Kharkiv` does not match Khar);
    /// - it reads as a proper noun: it starts with an uppercase Latin letter
    ///   (or `al-` and one), or is in another script, so `kabul river` and
    ///   `split` do not match; acronyms (`KP`, `US`) must match exactly;
    /// - the next word is not an organisation word (`Quds Force`,
    ///   `Pakistan Army`: see `ORG_WORDS` in `words.rs`), and the previous
    ///   word is not part of a person's name (`Habib ur Rahman`, `Ahmad
    ///   Sofi`: see `PERSON_TOKENS`).
    ///
    /// Among the matches kept, the leftmost-longest ones win, so a rejected
    /// longer name never hides a valid shorter one. An invalid `within`
    /// (out of range, not on character boundaries) finds nothing.
    pub fn find(&self, text: &str, within: Span) -> Vec<PlaceMention> {
        let mut pick = Pick::default();
        self.scan(text, within, |m| pick.offer(self, text, m));
        pick.finish(self, text)
    }

    /// Every name `find` may keep, with its candidates, as (canonical
    /// start, canonical end, candidates): in order of start, and of end
    /// for one start.
    pub(super) fn scan(&self, text: &str, within: Span, mut found: impl FnMut(Match)) {
        let Some(slice) = text.get(within.start..within.end) else { return };
        // Most passages have nothing to fold: match them as they are.
        let folded = may_fold(slice).then(|| fold(slice));
        let f = folded.as_ref().map_or(slice, |x| x.text.as_str());
        // The words so far as keys write them (see `keys::push_gap`), and
        // their hash, extended word by word. While every gap is written as
        // it is (nearly always), the key is the text itself, `f[first..end]`,
        // and `written` stays empty.
        let mut written = String::new();
        let mut from = 0;
        // A name starts like a proper noun (see `check_match`): only words
        // that begin with an uppercase ASCII letter or a non-ASCII letter
        // are tried (`next_head`); lowercase words and numbers are skipped
        // without building any key.
        while let Some((first, first_end)) = next_head(f, from) {
            from = first_end;
            let mut copied = false;
            let mut hash = KeyHash::default();
            let mut prev_end = first;
            let mut next = Some((first, first_end));
            for _ in 0..self.t.max_words {
                let Some((start, end)) = next else { break };
                let (Some(gap), Some(word)) = (f.get(prev_end..start), f.get(start..end)) else { break };
                if gap.len() > MAX_GAP || gap.bytes().filter(|&b| b == b'\n').count() > 1 {
                    break;
                }
                if !copied && !plain_gap(gap) {
                    // From here on the key differs from the text: write it.
                    copied = true;
                    written.clear();
                    written.push_str(f.get(first..prev_end).unwrap_or_default());
                }
                if copied {
                    let at = written.len();
                    push_gap(&mut written, gap);
                    written.push_str(word);
                    hash.feed(written.as_bytes().get(at..).unwrap_or_default());
                } else {
                    hash.feed(f.as_bytes().get(prev_end..end).unwrap_or_default());
                }
                prev_end = end;
                let key = if copied { written.as_str() } else { f.get(first..end).unwrap_or_default() };
                // Whether a longer name continues these words: when none
                // does, no later word can match.
                let (hit, continued) = self.t.lookup(hash.finish(), key.as_bytes());
                if let Some(k) = hit
                    && let Some(m) = self.check_match(text, folded.as_ref(), f, within.start, (first, end), k, key)
                {
                    found(m);
                }
                if f.get(end..).is_some_and(|rest| rest.starts_with('.')) {
                    let mut dotted = hash;
                    dotted.feed(b".");
                    if copied {
                        written.push('.');
                    }
                    let key = if copied { written.as_str() } else { f.get(first..end + 1).unwrap_or_default() };
                    if let (Some(k), _) = self.t.lookup(dotted.finish(), key.as_bytes()) {
                        let span = (first, end + 1);
                        if let Some(m) = self.check_match(text, folded.as_ref(), f, within.start, span, k, key) {
                            found(m);
                        }
                    }
                    if copied {
                        written.pop();
                    }
                }
                if !continued {
                    break;
                }
                next = word_at(f, end);
            }
        }
    }

    /// A looked-up name (key `key`) at folded `span` that passes the
    /// checks, as (canonical start, canonical end, candidates). `folded` is
    /// `None` when `f` is the canonical text itself.
    #[allow(clippy::too_many_arguments)]
    fn check_match(
        &self,
        text: &str,
        folded: Option<&Folded>,
        f: &str,
        offset: usize,
        span: (usize, usize),
        key: u32,
        written: &str,
    ) -> Option<Match> {
        let matched = f.get(span.0..span.1)?;
        let canonical = |i: usize| folded.map_or(i, |x| x.to_canonical(i));
        let start = offset + canonical(span.0);
        let end = offset + canonical(span.1);
        text.get(start..end)?;
        if !self.accept(text, start, end, matched) {
            return None;
        }
        let candidates = self.candidates(key, written);
        (!candidates.is_empty()).then_some((start, end, candidates))
    }

    /// Whether the match `text[start..end]` (folded: `matched`) is a whole
    /// word, a proper noun and not part of an organisation's name.
    fn accept(&self, text: &str, start: usize, end: usize, matched: &str) -> bool {
        let before = text.get(..start).unwrap_or_default();
        let after = text.get(end..).unwrap_or_default();
        let mut back = before.chars().rev().map(fold_char);
        match back.next() {
            Some(c) if is_word_char(c) => return false,
            Some('\'') if back.next().is_some_and(char::is_alphabetic) => return false,
            _ => {}
        }
        let mut ahead = after.chars().map(fold_char);
        match ahead.next() {
            Some(c) if is_word_char(c) => return false,
            Some('\'') => {
                // A possessive `'s` ends the word; `'a` in `Sana'a` does not.
                match ahead.next() {
                    Some('s' | 'S') if !ahead.next().is_some_and(is_word_char) => {}
                    Some(c) if c.is_alphabetic() => return false,
                    _ => {}
                }
            }
            _ => {}
        }
        proper_noun(matched)
            && !next_word(text, end).is_some_and(|w| ORG_WORDS.contains(&w))
            && !prev_word(text, start).is_some_and(is_person_token)
    }

    /// The places a matched pattern stands for. Case-sensitive names must
    /// match exactly, and a short all-caps word (`JUI`, `TTP`) matches only
    /// names that are acronyms themselves, not `Jui` (an alias of Huy, BE).
    /// When the text is a country's or region's own name, places that only
    /// have it as an alias are dropped: `Iraq` is the country, not Arāk
    /// (IR), whatever else the document says.
    fn candidates(&self, key: u32, matched: &str) -> Vec<PlaceId> {
        let t = &self.t;
        let (from, to) = (t.entry_starts.get(key as usize), t.entry_starts.get(key as usize + 1));
        let (Some(from), Some(to)) = (from, to) else { return Vec::new() };
        let entries = (from as usize..to as usize)
            .filter_map(|e| Some((t.entries.get(2 * e)?, t.entries.get(2 * e + 1)?)))
            .map(|(place, exact)| (PlaceId(place & !table::PRIMARY), place & table::PRIMARY != 0, exact));
        // At most three letters, all uppercase (no need to count past four).
        let mut letters = matched.chars().filter(|c| c.is_alphabetic());
        let shouting = letters.clone().nth(3).is_none() && letters.all(char::is_uppercase);
        let ok = |&(_, _, exact): &(PlaceId, bool, u32)| {
            if exact == table::NONE { !shouting } else { t.string(t.exact_starts, exact as usize) == matched }
        };
        // Read twice rather than collected: one allocation less per match.
        let kept = || entries.clone().filter(ok);
        let named_area = kept()
            .any(|(place, primary, _)| primary && matches!(self.kind(place), PlaceKind::Country | PlaceKind::Region));
        let mut out: Vec<PlaceId> = Vec::with_capacity(to.saturating_sub(from) as usize);
        for (place, primary, _) in kept() {
            if (primary || !named_area) && !out.contains(&place) {
                out.push(place);
            }
        }
        out
    }

    /// Sorts candidates best-first by prior: kind rank (see
    /// [`Gazetteer::kind_rank`]), then population, then row order.
    ///
    /// `all` is scratch space, reused from one mention to the next.
    pub(super) fn sort_by_prior(
        &self,
        candidates: &mut [PlaceId],
        hint: Option<(PlaceKind, Span)>,
        all: &mut Vec<PlaceId>,
    ) {
        all.clear();
        all.extend_from_slice(candidates);
        candidates.sort_by(|&a, &b| {
            let key = |p: PlaceId| (self.kind_rank(p, all, hint).0, self.population(p).unwrap_or(0));
            key(b).cmp(&key(a)).then(a.cmp(&b))
        });
    }
}

/// A name `scan` found: (canonical start, canonical end, candidates).
pub(super) type Match = (usize, usize, Vec<PlaceId>);

/// Keeps the leftmost-longest of the matches `scan` gives, without
/// collecting them: they come in order of start, and of end for one start,
/// so the longest at a start is known once a match starts further on.
#[derive(Default)]
struct Pick {
    /// The longest match at the latest start so far (the first found of
    /// equally long ones).
    best: Option<Match>,
    /// The end of the last mention kept.
    last_end: usize,
    out: Vec<PlaceMention>,
    /// Scratch for `sort_by_prior`.
    all: Vec<PlaceId>,
}

impl Pick {
    /// Takes the next match.
    fn offer(&mut self, g: &Gazetteer, text: &str, m: Match) {
        match &self.best {
            Some(b) if b.0 == m.0 => {
                if m.1 > b.1 {
                    self.best = Some(m);
                }
            }
            _ => {
                if let Some(b) = self.best.replace(m) {
                    self.keep(g, text, b);
                }
            }
        }
    }

    /// Keeps the longest match at its start unless it overlaps the last
    /// mention kept.
    fn keep(&mut self, g: &Gazetteer, text: &str, (start, end, mut candidates): Match) {
        if start < self.last_end {
            return;
        }
        self.last_end = end;
        // One place needs no order (nor the hint that orders places).
        if candidates.len() > 1 {
            let hint = kind_hint(text, start, end);
            g.sort_by_prior(&mut candidates, hint, &mut self.all);
        }
        self.out.push(PlaceMention { span: Span::new(start, end), candidates });
    }

    /// The mentions kept.
    fn finish(mut self, g: &Gazetteer, text: &str) -> Vec<PlaceMention> {
        if let Some(b) = self.best.take() {
            self.keep(g, text, b);
        }
        self.out
    }
}

/// Most bytes between two words of one name (`, ` in `Washington, D.C.`,
/// ` - `, `&`).
const MAX_GAP: usize = 5;

/// The first word (run of word characters) of `f` at or after byte
/// `from`, as (start, end).
///
/// Called for every word of every paragraph: ASCII bytes are tested in
/// the loop itself, and only other characters are decoded (see
/// [`wide_at`]).
#[inline]
pub(super) fn word_at(f: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = f.as_bytes();
    let mut i = from;
    loop {
        let &b = bytes.get(i)?;
        if b.is_ascii_alphanumeric() {
            break;
        }
        if b.is_ascii() {
            i += 1;
            continue;
        }
        let (word, len) = wide_at(f, i);
        if word {
            break;
        }
        i += len;
    }
    Some((i, word_end(f, i)))
}

/// The first word at or after byte `from` (0, or the end of a word) that
/// does not begin with an ASCII lowercase letter or digit, as (start, end):
/// the words [`word_at`] would give one after the other from `from`, less
/// those `find` skips.
///
/// Such a word begins with an uppercase ASCII letter or a non-ASCII
/// character, so the text is searched eight bytes at a time for either
/// (see [`first_upper_or_wide`]); a byte found inside a word (`iPhone`,
/// `3G`) is skipped with the rest of that word, whose own beginning was a
/// lowercase letter or a digit (any other would have been found first).
#[inline]
pub(super) fn next_head(f: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = f.as_bytes();
    let mut i = from;
    loop {
        let p = first_upper_or_wide(bytes, i)?;
        let len = if bytes.get(p)?.is_ascii() {
            0
        } else {
            let (word, len) = wide_at(f, p);
            if !word {
                i = p + len;
                continue;
            }
            len
        };
        let inside = p > from && word_char_before(f, p);
        let end = word_end(f, p + len.max(1));
        if !inside {
            return Some((p, end));
        }
        i = end;
    }
}

/// Where the first byte at or after `i` that is an uppercase ASCII letter
/// or not ASCII is.
///
/// Eight bytes at a time: for a byte `b` below 0x80, `b + 0x3f` has its
/// high bit set when `b >= b'A'`, and `b + 0x25` when `b > b'Z'`; neither
/// sum carries into the next byte. A byte of 0x80 or more is found by its
/// own high bit, and a carry out of it only reaches higher bytes, so the
/// lowest flagged byte is always the right one.
#[inline]
fn first_upper_or_wide(bytes: &[u8], mut i: usize) -> Option<usize> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().ok()?);
        let upper = x.wrapping_add(0x3f * LOW) & !x.wrapping_add(0x25 * LOW);
        let hit = (x | upper) & HIGH;
        if hit != 0 {
            return Some(i + (hit.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let rest = bytes.get(i..)?;
    rest.iter().position(|&b| b.is_ascii_uppercase() || !b.is_ascii()).map(|k| i + k)
}

/// Whether the character before byte `p` of `f` is a word character.
#[inline]
fn word_char_before(f: &str, p: usize) -> bool {
    match f.as_bytes().get(p.wrapping_sub(1)) {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => f.get(..p).and_then(|s| s.chars().next_back()).is_some_and(is_word_char),
    }
}

/// The end of the word whose characters run on from byte `i` of `f`.
#[inline]
fn word_end(f: &str, mut i: usize) -> usize {
    let bytes = f.as_bytes();
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        if b.is_ascii() {
            break;
        }
        let (word, len) = wide_at(f, i);
        if !word {
            break;
        }
        i += len;
    }
    i
}

/// Whether the non-ASCII character at byte `i` of `f` is a word character,
/// and its length (one byte, not a word, off a character boundary).
#[inline(never)]
fn wide_at(f: &str, i: usize) -> (bool, usize) {
    f.get(i..).and_then(|s| s.chars().next()).map_or((false, 1), |c| (is_word_char(c), c.len_utf8()))
}

/// False when `text` has nothing [`fold_char`] changes: all it changes are
/// characters whose UTF-8 starts with one of these bytes (a test checks).
/// They are not ASCII, so eight ASCII bytes are ruled out at once.
pub(super) fn may_fold(text: &str) -> bool {
    let lead = |b: &u8| matches!(b, 0xc2 | 0xca | 0xe2 | 0xef);
    let (chunks, rest) = text.as_bytes().as_chunks::<8>();
    chunks.iter().any(|c| u64::from_le_bytes(*c) & 0x8080_8080_8080_8080 != 0 && c.iter().any(lead))
        || rest.iter().any(lead)
}

/// Latin script letters (the ones with case that must be uppercase).
fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}')
}

/// True when a matched name reads as a proper noun: its first letter is an
/// uppercase Latin letter, or a letter of another script, or it starts with
/// a lowercase Arabic article and a hyphen before an uppercase letter
/// (`al-Anbar`).
fn proper_noun(matched: &str) -> bool {
    let Some(first) = matched.chars().find(|c| c.is_alphanumeric()) else { return false };
    if !first.is_alphabetic() {
        return false;
    }
    if !is_latin(first) || first.is_uppercase() {
        return true;
    }
    matched.split_once('-').is_some_and(|(article, rest)| {
        ARTICLES.contains(&article) && rest.chars().next().is_some_and(|c| is_latin(c) && c.is_uppercase())
    })
}

/// True when `word`, lowercased, is one of [`PERSON_TOKENS`] (ASCII ones
/// without allocating).
///
/// Asked of the word before every match: an ASCII word is packed into a
/// u64 and searched for among the tokens packed the same way (see
/// [`PERSON_KEYS`]), rather than compared with each token in turn.
pub(super) fn is_person_token(word: &str) -> bool {
    if word.is_ascii() {
        if word.len() > 8 {
            return false;
        }
        // Packed as `pack` does, lowercased on the way.
        let mut key = 0u64;
        for (i, b) in word.bytes().enumerate() {
            if b == 0 {
                return false;
            }
            key |= u64::from(b.to_ascii_lowercase()) << (8 * i);
        }
        return PERSON_KEYS.binary_search(&key).is_ok();
    }
    PERSON_TOKENS.contains(&word.to_lowercase().as_str())
}

/// [`PERSON_TOKENS`] (lowercase ASCII, at most eight bytes, no NUL: a test
/// checks), each packed into a u64 by [`pack`], sorted. Two such words are
/// equal exactly when their packings are.
const PERSON_KEYS: [u64; PERSON_TOKENS.len()] = {
    let mut keys = [0u64; PERSON_TOKENS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = pack(PERSON_TOKENS[i]);
        // Insertion sort: the array is small, and this runs at compile time.
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            let t = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    keys
};

/// The first eight bytes of `s`, zero-padded, as a little-endian u64.
const fn pack(s: &str) -> u64 {
    let b = s.as_bytes();
    let mut out = 0u64;
    let mut i = 0;
    while i < b.len() && i < 8 {
        out |= (b[i] as u64) << (8 * i);
        i += 1;
    }
    out
}

/// The word after `end`, past spaces on the same line.
pub(super) fn next_word(text: &str, end: usize) -> Option<&str> {
    let after = text.get(end..)?;
    // Spaces and tabs are ASCII: trimmed as bytes.
    let rest = after.get(after.bytes().position(|b| !matches!(b, b' ' | b'\t')).unwrap_or(after.len())..)?;
    if rest.len() == after.len() {
        return None;
    }
    // ASCII letters and digits as bytes; from the first other non-ASCII
    // character on, characters.
    let ascii = rest.bytes().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(rest.len());
    let len = match rest.get(ascii..) {
        Some(more) if !more.is_empty() && !more.as_bytes()[0].is_ascii() => {
            ascii + more.find(|c: char| !c.is_alphanumeric()).unwrap_or(more.len())
        }
        _ => ascii,
    };
    rest.get(..len).filter(|w| !w.is_empty())
}

/// The word before `start`, past spaces on the same line (a hyphen ends
/// it: `al-Anbar` is one name).
pub(super) fn prev_word(text: &str, start: usize) -> Option<&str> {
    let before = text.get(..start)?;
    // Spaces and tabs are ASCII: trimmed as bytes.
    let rest = before.get(..before.bytes().rposition(|b| !matches!(b, b' ' | b'\t')).map_or(0, |i| i + 1))?;
    if rest.len() == before.len() {
        return None;
    }
    // ASCII letters and digits as bytes; from the first other non-ASCII
    // character back, characters.
    let bytes = rest.as_bytes();
    let mut from = bytes.iter().rposition(|b| !b.is_ascii_alphanumeric()).map_or(0, |i| i + 1);
    if bytes.get(from.wrapping_sub(1)).is_some_and(|b| !b.is_ascii()) {
        let more = rest.get(..from).unwrap_or_default();
        from = more.char_indices().rev().find(|(_, c)| !c.is_alphanumeric()).map_or(0, |(i, c)| i + c.len_utf8());
    }
    rest.get(from..).filter(|w| !w.is_empty())
}

/// The kind a mention's own last word or the word after it asks for, and
/// where that word is: `Kerman province` is the province, `Achin District`
/// the district, `Kashmir region` the region.
pub(super) fn kind_hint(text: &str, start: usize, end: usize) -> Option<(PlaceKind, Span)> {
    let surface = text.get(start..end)?;
    let last = surface.rsplit(' ').next().filter(|w| w.len() < surface.len()).map(|w| (w, end - w.len()));
    let next = next_word(text, end).map(|w| {
        // `next_word` skips only spaces and tabs, then takes the word.
        let after = text.get(end..).unwrap_or_default();
        (w, end + (after.len() - after.trim_start_matches([' ', '\t']).len()))
    });
    [last, next].into_iter().flatten().find_map(|(w, at)| Some((hinted_kind(w)?, Span::new(at, at + w.len()))))
}

/// The kind a word (any case) names, if it is one of `kind_hint`'s words.
/// An ASCII word is lowercased on the stack (every mention asks).
pub(super) fn hinted_kind(w: &str) -> Option<PlaceKind> {
    let kind = |lower: &str| match lower {
        "province" | "provinces" | "oblast" | "state" => Some(PlaceKind::Admin1),
        "district" | "districts" | "agency" | "tehsil" | "county" => Some(PlaceKind::Admin2),
        "city" | "town" | "village" => Some(PlaceKind::City),
        "region" => Some(PlaceKind::Region),
        _ => None,
    };
    if !w.is_ascii() {
        return kind(w.to_lowercase().as_str());
    }
    let mut buf = [0u8; 16];
    let lower = buf.get_mut(..w.len())?;
    lower.copy_from_slice(w.as_bytes());
    lower.make_ascii_lowercase();
    kind(std::str::from_utf8(lower).ok()?)
}
