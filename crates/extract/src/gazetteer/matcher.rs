//! Finding place names in a text.

use dossier_model::Span;
use dossier_read::normalize::{fold, fold_char};

use super::words::{ARTICLES, ORG_WORDS, PERSON_TOKENS};
use super::{Gazetteer, NOT_EXACT, PlaceId, PlaceKind, PlaceMention};

impl Gazetteer {
    /// Every place name in `text[within]`: leftmost-longest, non-overlapping,
    /// whole words only, each with all the places it may denote.
    ///
    /// Matching runs over the folded text (curly quotes and dashes made
    /// plain) case-insensitively, then keeps a match only when
    /// - it is a whole word: no letter or digit on either side, and no
    ///   apostrophe joining it to a letter, except a possessive `’s`
    ///   (`Kabul’s` matches Kabul, `Kharkiv` does not match Khar);
    /// - it reads as a proper noun: it starts with an uppercase Latin letter
    ///   (or `al-` and one), or is in another script, so `kabul river` and
    ///   `split` do not match; acronyms (`KP`, `US`) must match exactly;
    /// - the next word is not an organisation word (`Quds Force`,
    ///   `Pakistan Army`: see [`super::words::ORG_WORDS`]), and the previous
    ///   word is not part of a person's name (`Habib ur Rahman`, `Ahmad
    ///   Sofi`: see [`super::words::PERSON_TOKENS`]).
    ///
    /// Among the matches kept, the leftmost-longest ones win, so a rejected
    /// longer name never hides a valid shorter one. `within` is clamped to
    /// nothing if it is not a valid range of `text`.
    pub fn find(&self, text: &str, within: Span) -> Vec<PlaceMention> {
        let Some(matcher) = &self.matcher else { return Vec::new() };
        let Some(slice) = text.get(within.start..within.end) else { return Vec::new() };
        let folded = fold(slice);
        let mut found: Vec<(usize, usize, Vec<PlaceId>)> = Vec::new();
        for m in matcher.find_overlapping_iter(folded.text.as_str()) {
            let Some(matched) = folded.text.get(m.start()..m.end()) else { continue };
            let start = within.start + folded.to_canonical(m.start());
            let end = within.start + folded.to_canonical(m.end());
            if text.get(start..end).is_none() || !self.accept(text, start, end, matched) {
                continue;
            }
            let candidates = self.candidates(m.pattern().as_usize(), matched);
            if !candidates.is_empty() {
                found.push((start, end, candidates));
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out: Vec<PlaceMention> = Vec::new();
        let mut last_end = 0;
        for (start, end, mut candidates) in found {
            if start < last_end {
                continue;
            }
            last_end = end;
            let hint = kind_hint(text, start, end);
            self.sort_by_prior(&mut candidates, hint);
            let surface = text.get(start..end).unwrap_or_default().to_string();
            out.push(PlaceMention { span: Span::new(start, end), surface, candidates });
        }
        out
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
            && !prev_word(text, start).is_some_and(|w| PERSON_TOKENS.contains(&w.to_lowercase().as_str()))
    }

    /// The places a matched pattern stands for. Case-sensitive names must
    /// match exactly, and a short all-caps word (`JUI`, `TTP`) matches only
    /// names that are acronyms themselves, not `Jui` (an alias of Huy, BE).
    /// When the text is a country's or region's own name, places that only
    /// have it as an alias are dropped: `Iraq` is the country, not Arāk
    /// (IR), whatever else the document says.
    fn candidates(&self, pattern: usize, matched: &str) -> Vec<PlaceId> {
        let Some(&(from, to)) = self.pattern_entries.get(pattern) else { return Vec::new() };
        let entries = self.entries.get(from as usize..to as usize).unwrap_or_default();
        let letters = matched.chars().filter(|c| c.is_alphabetic()).count();
        let shouting = letters <= 3 && matched.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
        let ok = |e: &&super::Entry| {
            if e.exact == NOT_EXACT {
                !shouting
            } else {
                self.exact_forms.get(e.exact as usize).is_some_and(|f| &**f == matched)
            }
        };
        let kept: Vec<&super::Entry> = entries.iter().filter(ok).collect();
        let named_area = kept
            .iter()
            .any(|e| e.primary && matches!(self.place(e.place).kind, PlaceKind::Country | PlaceKind::Region));
        let mut out: Vec<PlaceId> = Vec::new();
        for e in kept {
            if (e.primary || !named_area) && !out.contains(&e.place) {
                out.push(e.place);
            }
        }
        out
    }

    /// Sorts candidates best-first by prior: kind rank (see
    /// [`Gazetteer::kind_rank`]), then population, then row order.
    pub(super) fn sort_by_prior(&self, candidates: &mut [PlaceId], hint: Option<(PlaceKind, &str)>) {
        let all = candidates.to_vec();
        candidates.sort_by(|&a, &b| {
            let key = |p: PlaceId| (self.kind_rank(p, &all, hint).0, self.place(p).population.unwrap_or(0));
            key(b).cmp(&key(a)).then(a.cmp(&b))
        });
    }
}

/// Letters, digits and combining marks make up words.
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '\u{300}'..='\u{36f}' | '\u{64b}'..='\u{65f}' | '\u{670}' | '\u{6d6}'..='\u{6ed}' | '\u{200c}' | '\u{200d}')
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

/// The word after `end`, past spaces on the same line.
pub(super) fn next_word(text: &str, end: usize) -> Option<&str> {
    let after = text.get(end..)?;
    let rest = after.trim_start_matches([' ', '\t']);
    if rest.len() == after.len() {
        return None;
    }
    let len = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
    rest.get(..len).filter(|w| !w.is_empty())
}

/// The word before `start`, past spaces on the same line (a hyphen ends
/// it: `al-Anbar` is one name).
fn prev_word(text: &str, start: usize) -> Option<&str> {
    let before = text.get(..start)?;
    let rest = before.trim_end_matches([' ', '\t']);
    if rest.len() == before.len() {
        return None;
    }
    let from = rest.char_indices().rev().find(|(_, c)| !c.is_alphanumeric()).map_or(0, |(i, c)| i + c.len_utf8());
    rest.get(from..).filter(|w| !w.is_empty())
}

/// The kind a mention's own last word or the word after it asks for:
/// `Kerman province` is the province, `Achin District` the district,
/// `Kashmir region` the region.
pub(super) fn kind_hint(text: &str, start: usize, end: usize) -> Option<(PlaceKind, &str)> {
    let surface = text.get(start..end)?;
    let last = surface.rsplit(' ').next().filter(|w| w.len() < surface.len());
    [last, next_word(text, end)].into_iter().flatten().find_map(|w| {
        let kind = match w.to_lowercase().as_str() {
            "province" | "provinces" | "oblast" | "state" => PlaceKind::Admin1,
            "district" | "districts" | "agency" | "tehsil" | "county" => PlaceKind::Admin2,
            "city" | "town" | "village" => PlaceKind::City,
            "region" => PlaceKind::Region,
            _ => return None,
        };
        Some((kind, w))
    })
}
