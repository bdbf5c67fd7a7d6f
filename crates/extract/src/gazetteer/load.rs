//! Parsing the TSV files, merging the supplement, and building the matcher.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use dossier_read::normalize::fold;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::matcher::is_word_char;
use super::words::is_stop_name;
use super::{Entry, Gazetteer, NOT_EXACT, Place, PlaceId, PlaceKind};

/// One parsed data row, before merging.
struct Row {
    place: Place,
    /// The `aliases` field as written: `|`-separated.
    aliases: String,
    contains: Vec<String>,
    note: Option<String>,
    /// The row has a name and a kind, so it can stand as a new place.
    complete: bool,
}

/// Parses one TSV file by its header, so that extra columns (`note`,
/// `contains`) are optional. Returns the rows and how many were skipped.
fn parse(src: &str) -> (Vec<Row>, usize) {
    let mut lines = src.lines();
    let Some(header) = lines.next() else { return (Vec::new(), 0) };
    let cols: Vec<&str> = header.trim_end_matches('\r').split('\t').collect();
    let col = |name: &str| cols.iter().position(|c| *c == name);
    let (Some(id_c), Some(name_c), Some(kind_c)) = (col("id"), col("name"), col("kind")) else {
        return (Vec::new(), src.lines().count().saturating_sub(1));
    };
    let [country_c, admin1_c, admin2_c, pop_c, lat_c, lon_c, aliases_c, contains_c, note_c] =
        ["country", "admin1", "admin2", "population", "lat", "lon", "aliases", "contains", "note"].map(col);
    // Rows of the bundled files average over 100 bytes: one allocation
    // instead of a doubling series of copies of a 10 MB vector (a longer
    // file only grows it).
    let mut rows = Vec::with_capacity(src.len() / 100 + 16);
    let mut skipped = 0;
    let mut fields: Vec<&str> = Vec::new();
    for line in lines {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        fields.clear();
        fields.extend(line.split('\t'));
        let get = |c: Option<usize>| c.and_then(|c| fields.get(c)).map(|f| f.trim()).unwrap_or("");
        let opt = |c: Option<usize>| Some(get(c)).filter(|f| !f.is_empty()).map(str::to_string);
        let (id, name, kind) = (get(Some(id_c)), get(Some(name_c)), get(Some(kind_c)));
        // A row that only adds aliases to an existing id may leave the name
        // and kind empty; `from_sources` skips it if the id is new.
        let parsed_kind = PlaceKind::parse(kind);
        if id.is_empty() || (parsed_kind.is_none() && !kind.is_empty()) {
            skipped += 1;
            continue;
        }
        let split = |s: &str| s.split('|').map(str::trim).filter(|a| !a.is_empty()).map(str::to_string).collect();
        rows.push(Row {
            place: Place {
                id: id.to_string(),
                name: name.to_string(),
                kind: parsed_kind.unwrap_or(PlaceKind::City),
                country: get(country_c).to_string(),
                admin1: opt(admin1_c),
                admin2: opt(admin2_c),
                population: get(pop_c).parse().ok(),
                lat: get(lat_c).parse().ok(),
                lon: get(lon_c).parse().ok(),
            },
            aliases: get(aliases_c).to_string(),
            contains: split(get(contains_c)),
            note: opt(note_c),
            complete: parsed_kind.is_some() && !name.is_empty(),
        });
    }
    (rows, skipped)
}

impl Gazetteer {
    /// Builds a gazetteer from the three files' contents. Rows of
    /// `supplement` and `regions` whose id already exists merge into that
    /// row: their aliases are added, and their other non-empty fields
    /// override (they restate the main row in practice). New ids are added.
    pub(crate) fn from_sources(places_tsv: &str, supplement_tsv: &str, regions_tsv: &str) -> Gazetteer {
        let (main, mut skipped) = parse(places_tsv);
        let mut places: Vec<Place> = Vec::with_capacity(main.len() + 64);
        let mut aliases: Vec<String> = Vec::with_capacity(main.len() + 64);
        let mut notes = HashMap::new();
        let mut by_id: HashMap<String, PlaceId> = HashMap::with_capacity(main.len() + 64);
        let mut region_refs: Vec<(PlaceId, Vec<String>)> = Vec::new();
        let mut extra_rows = Vec::new();
        for (rows, s) in [supplement_tsv, regions_tsv].map(parse) {
            skipped += s;
            extra_rows.extend(rows);
        }
        // Rows of the hand-reviewed files: their acronyms are trusted.
        let mut reviewed: Vec<bool> = Vec::with_capacity(main.len() + 64);
        let tagged = main.into_iter().map(|r| (r, false)).chain(extra_rows.into_iter().map(|r| (r, true)));
        for (row, from_review) in tagged {
            let id = match by_id.get(&row.place.id) {
                Some(&id) => {
                    if let (Some(place), Some(list)) = (places.get_mut(id.index()), aliases.get_mut(id.index())) {
                        merge(place, list, row.place, &row.aliases);
                    }
                    id
                }
                None if !row.complete => {
                    skipped += 1;
                    continue;
                }
                None => {
                    let id = PlaceId(places.len() as u32);
                    by_id.insert(row.place.id.clone(), id);
                    places.push(row.place);
                    aliases.push(row.aliases);
                    reviewed.push(false);
                    id
                }
            };
            if let Some(r) = reviewed.get_mut(id.index()) {
                *r |= from_review;
            }
            if let Some(note) = row.note {
                notes.insert(id, note);
            }
            if !row.contains.is_empty() {
                region_refs.push((id, row.contains));
            }
        }

        let iso_ids: HashMap<&str, PlaceId> =
            by_id.iter().filter_map(|(id, &p)| id.strip_prefix("iso:").map(|code| (code, p))).collect();
        let iso = |code: &str| iso_ids.get(code).copied();
        let country_of: Vec<Option<PlaceId>> =
            places.iter().map(|p| if p.country.is_empty() { None } else { iso(&p.country) }).collect();
        let admin1_of: Vec<Option<PlaceId>> = places
            .iter()
            .map(|p| match p.kind {
                PlaceKind::Country => None,
                _ => p.admin1.as_deref().and_then(iso),
            })
            .collect();
        let admin2_of: Vec<Option<PlaceId>> = places
            .iter()
            .map(|p| match p.kind {
                PlaceKind::Country | PlaceKind::Admin1 => None,
                _ => p.admin2.as_deref().and_then(|a| by_id.get(a).copied()),
            })
            .collect();
        // A region's `contains` lists alpha-2 codes, ISO 3166-2 codes or ids.
        let members: HashMap<PlaceId, Vec<PlaceId>> = region_refs
            .into_iter()
            .map(|(id, refs)| {
                let ids = refs
                    .iter()
                    .filter_map(|r| if r.contains(':') { by_id.get(r.as_str()).copied() } else { iso(r) })
                    .filter(|m| *m != id && places.get(m.index()).is_some_and(|p| p.kind != PlaceKind::Region))
                    .collect();
                (id, ids)
            })
            .collect();

        let (keys, ranges, entries, exact_forms, max_words) = build_table(&places, &aliases, &reviewed);
        let continued = continued_prefixes(&keys);
        Gazetteer {
            aliases,
            places,
            notes,
            by_id,
            country_of,
            admin1_of,
            admin2_of,
            members,
            keys,
            continued,
            ranges,
            max_words,
            entries,
            exact_forms,
            skipped_rows: skipped,
        }
    }
}

/// Merges a supplement row into an existing one: new aliases are appended,
/// non-empty fields override (the id and kind never change).
fn merge(into: &mut Place, into_aliases: &mut String, from: Place, from_aliases: &str) {
    let add = |alias: &str, name: &str, list: &mut String| {
        let dup = alias.eq_ignore_ascii_case(name) || list.split('|').any(|a| a.eq_ignore_ascii_case(alias));
        if !dup && !alias.is_empty() {
            if !list.is_empty() {
                list.push('|');
            }
            list.push_str(alias);
        }
    };
    for alias in from_aliases.split('|').map(str::trim) {
        add(alias, &into.name, into_aliases);
    }
    if !from.name.is_empty() && from.name != into.name {
        let old = std::mem::replace(&mut into.name, from.name);
        add(&old, &into.name, into_aliases);
    }
    if !from.country.is_empty() {
        into.country = from.country;
    }
    into.admin1 = from.admin1.or(into.admin1.take());
    into.admin2 = from.admin2.or(into.admin2.take());
    into.population = from.population.or(into.population);
    into.lat = from.lat.or(into.lat);
    into.lon = from.lon.or(into.lon);
}

/// The name table: lookup key → key index, each key's range in `entries`.
type Table = (FxHashMap<Box<str>, u32>, Vec<(u32, u32)>, Vec<Entry>, Vec<Box<str>>, usize);

/// Names collected from some rows, before grouping.
#[derive(Default)]
struct Names {
    key_ids: FxHashMap<Box<str>, u32>,
    /// (key index, entry), one per name form.
    tagged: Vec<(u32, Entry)>,
    exact_forms: Vec<Box<str>>,
    max_words: usize,
}

impl Names {
    /// The key index of `key`, added if new.
    fn key(&mut self, key: String) -> u32 {
        if let Some(&k) = self.key_ids.get(key.as_str()) {
            return k;
        }
        self.max_words = self.max_words.max(word_count(&key));
        let k = self.key_ids.len() as u32;
        self.key_ids.insert(key.into_boxed_str(), k);
        k
    }

    /// The index of an exact (case-sensitive) form, added if new.
    fn exact(&mut self, form: &str) -> u32 {
        match self.exact_forms.iter().position(|f| &**f == form) {
            Some(i) => i as u32,
            None => {
                self.exact_forms.push(form.into());
                (self.exact_forms.len() - 1) as u32
            }
        }
    }

    /// Moves another part's names into this one.
    fn absorb(&mut self, other: Names) {
        let mut key_map = vec![0u32; other.key_ids.len()];
        for (key, k) in other.key_ids {
            let merged = self.key(key.into_string());
            if let Some(slot) = key_map.get_mut(k as usize) {
                *slot = merged;
            }
        }
        let exact_map: Vec<u32> = other.exact_forms.iter().map(|f| self.exact(f)).collect();
        for (k, mut e) in other.tagged {
            if e.exact != NOT_EXACT {
                e.exact = exact_map.get(e.exact as usize).copied().unwrap_or(NOT_EXACT);
            }
            self.tagged.push((key_map.get(k as usize).copied().unwrap_or(0), e));
        }
    }
}

/// Collects the matchable names of `rows` (see [`build_table`]).
fn collect_names(places: &[Place], aliases: &[String], reviewed: &[bool], rows: std::ops::Range<usize>) -> Names {
    let mut out = Names { max_words: 1, ..Names::default() };
    out.key_ids.reserve(rows.len() * 5);
    out.tagged.reserve(rows.len() * 5);
    let mut forms: Vec<String> = Vec::with_capacity(4);
    for i in rows {
        let Some(place) = places.get(i) else { continue };
        let id = PlaceId(i as u32);
        let names = || {
            std::iter::once((place.name.as_str(), true)).chain(
                aliases.get(i).map_or("", String::as_str).split('|').filter(|a| !a.is_empty()).map(|a| (a, false)),
            )
        };
        let trusted = reviewed.get(i).copied().unwrap_or(false);
        let mut initials: Option<Vec<String>> = None;
        for (name, primary) in names() {
            forms.clear();
            let name = name.trim();
            let folded = if name.is_ascii() { name.to_string() } else { fold(name).text };
            let plain = (!folded.is_ascii()).then(|| ascii_fold(&folded));
            let base = plain.as_deref().unwrap_or(&folded);
            let bare = base.contains('\'').then(|| drop_apostrophes(base));
            for form in [Some(folded), plain, bare].into_iter().flatten() {
                if !forms.contains(&form) {
                    forms.push(form);
                }
            }
            for form in &forms {
                let Some(exact) = matchable(form, primary) else { continue };
                if exact && !primary && !trusted {
                    let initials =
                        initials.get_or_insert_with(|| names().flat_map(|(n, _)| name_initials(n)).collect());
                    if !is_initialism(form, initials) {
                        continue;
                    }
                }
                let key = lookup_key(form);
                if key.is_empty() {
                    continue;
                }
                let exact = if exact { out.exact(&key_case(form)) } else { NOT_EXACT };
                let k = out.key(key);
                out.tagged.push((k, Entry { place: id, exact, primary }));
            }
        }
    }
    out
}

/// Builds the name table over every matchable name and alias.
///
/// Names are folded like the text (`’` → `'`), and each name with
/// diacritics also gets a plain form (`Jalālābād` → `Jalalabad`, `Nād ‘Alī`
/// → `Nad Ali`), because reports are mostly written without them. Names
/// that are common words, person-name tokens or shorter than two letters
/// are left out (see [`super::words`]). All-caps acronyms match
/// case-sensitively, and only when they are the initials of another of the
/// place's names (`UAE`, `DRC`), its primary name, or come from the
/// reviewed files (`KP`, `GB`): GeoNames also has upper-case renderings
/// such as `KZYLTU` or `PORTSAINT` that are not acronyms. Names are keyed
/// by [`lookup_key`], so one key can stand for many places.
fn build_table(places: &[Place], aliases: &[String], reviewed: &[bool]) -> Table {
    // Collecting the names is most of the load time: split the rows over
    // up to four threads, then merge (a failed thread's rows are redone
    // here).
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
    let per = places.len().div_ceil(threads).max(1);
    let chunks: Vec<std::ops::Range<usize>> =
        (0..threads).map(|t| (t * per).min(places.len())..((t + 1) * per).min(places.len())).collect();
    let run = |rows: std::ops::Range<usize>| collect_names(places, aliases, reviewed, rows);
    let mut parts: Vec<Names> = std::thread::scope(|s| {
        let spawned: Vec<_> = chunks
            .iter()
            .skip(1)
            .map(|rows| (rows.clone(), std::thread::Builder::new().spawn_scoped(s, || run(rows.clone()))))
            .collect();
        let mut parts = vec![run(chunks.first().cloned().unwrap_or(0..0))];
        for (rows, handle) in spawned {
            parts.push(handle.ok().and_then(|h| h.join().ok()).unwrap_or_else(|| run(rows)));
        }
        parts
    })
    .into_iter()
    .collect();
    let mut all = if parts.is_empty() { Names::default() } else { parts.remove(0) };
    for part in parts {
        all.absorb(part);
    }
    let Names { key_ids, mut tagged, exact_forms, max_words } = all;

    // Group by key, one entry per (place, exact) with `primary` merged; the
    // sort is stable, so places keep their row order.
    tagged.sort_by_key(|(k, e)| (*k, e.place, e.exact));
    let mut entries: Vec<Entry> = Vec::with_capacity(tagged.len());
    let mut ranges: Vec<(u32, u32)> = vec![(0, 0); key_ids.len()];
    let mut last: Option<(u32, PlaceId, u32)> = None;
    for (k, e) in tagged {
        if last == Some((k, e.place, e.exact)) {
            if let Some(prev) = entries.last_mut() {
                prev.primary |= e.primary;
            }
            continue;
        }
        if last.is_none_or(|(lk, ..)| lk != k)
            && let Some(r) = ranges.get_mut(k as usize)
        {
            *r = (entries.len() as u32, entries.len() as u32);
        }
        entries.push(e);
        if let Some(r) = ranges.get_mut(k as usize) {
            r.1 = entries.len() as u32;
        }
        last = Some((k, e.place, e.exact));
    }
    (key_ids, ranges, entries, exact_forms, max_words.min(super::matcher::MAX_WORDS))
}

/// The hashes of every key cut after one of its words but the last (see
/// `Gazetteer::continued`). The matcher's key after `n` words of a run is
/// a longer key cut after its `n`-th word (both write gaps the same way),
/// so a run whose key is not here can match no longer name.
fn continued_prefixes(key_ids: &FxHashMap<Box<str>, u32>) -> rustc_hash::FxHashSet<u64> {
    let mut out = rustc_hash::FxHashSet::default();
    out.reserve(key_ids.len() / 2);
    let mut ends: Vec<usize> = Vec::new();
    for key in key_ids.keys() {
        // Most keys are one plain word (perhaps with a final dot): nothing
        // begins them.
        if key.strip_suffix('.').unwrap_or(key).bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        ends.clear();
        let mut in_word = false;
        if key.is_ascii() {
            for (i, b) in key.bytes().enumerate() {
                let w = b.is_ascii_alphanumeric();
                if in_word && !w {
                    ends.push(i);
                }
                in_word = w;
            }
        } else {
            for (i, c) in key.char_indices() {
                let w = is_word_char(c);
                if in_word && !w {
                    ends.push(i);
                }
                in_word = w;
            }
        }
        // The last word's end is the key's own end (or its final dot).
        if in_word {
            ends.push(key.len());
        }
        ends.pop();
        out.extend(ends.iter().filter_map(|&e| key.get(..e)).map(super::prefix_hash));
    }
    out
}

/// The key a name is looked up by: ASCII-lowercased (as case-insensitive
/// as `ascii_case_insensitive` matching would be), runs of whitespace made
/// one space, and only the characters from its first to its last word
/// character kept, except a final `.` (`U.S.`, `N.W.F.P.`).
pub(super) fn lookup_key(form: &str) -> String {
    let mut key = key_case(form);
    key.make_ascii_lowercase();
    key
}

/// [`lookup_key`] without the lowercasing: what an exact (acronym) name is
/// compared with.
pub(super) fn key_case(form: &str) -> String {
    let trimmed = form.trim_start_matches(|c: char| !is_word_char(c));
    let dot = trimmed.trim_end_matches(|c: char| !is_word_char(c));
    let end =
        if trimmed.get(dot.len()..).is_some_and(|rest| rest.starts_with('.')) { dot.len() + 1 } else { dot.len() };
    let core = trimmed.get(..end).unwrap_or(dot);
    // The matcher builds its keys with the same whitespace rule.
    let mut out = String::with_capacity(core.len());
    super::matcher::push_gap(&mut out, core);
    out
}

/// Number of words (runs of word characters) in a key.
fn word_count(key: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in key.chars() {
        let w = is_word_char(c);
        if w && !in_word {
            n += 1;
        }
        in_word = w;
    }
    n
}

/// Whether a folded name is matched: `None` to leave it out, else whether it
/// must match case-sensitively.
fn matchable(form: &str, primary: bool) -> Option<bool> {
    let letters = form.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 {
        return None;
    }
    let acronym = form.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    if acronym {
        return Some(true);
    }
    // Two-letter aliases that are not acronyms are GeoNames abbreviations
    // (`Se`, `Bo`, `Ta`); primary two-letter names are kept.
    if (!primary && letters <= 2) || is_stop_name(form) {
        return None;
    }
    Some(false)
}

/// The initials of a name, over all its words and over its capitalized
/// words only (`Republic of the Philippines` gives `ROTP` and `RP`).
fn name_initials(name: &str) -> [String; 2] {
    let plain = ascii_fold(name);
    let words: Vec<&str> = plain.split(|c: char| c.is_whitespace() || matches!(c, '-' | '.' | ',')).collect();
    let first = |w: &&str| w.chars().next().filter(|c| c.is_alphabetic());
    let all = words.iter().filter_map(first).flat_map(char::to_uppercase).collect();
    let caps = words.iter().filter_map(first).filter(|c| c.is_uppercase()).collect();
    [all, caps]
}

/// True when the letters of acronym `form` are a name's initials, or (for
/// three letters or more) a run of them: `FCT` in `Abuja Federal Capital
/// Territory`.
fn is_initialism(form: &str, initials: &[String]) -> bool {
    let letters: String = ascii_fold(form).chars().filter(|c| c.is_alphabetic()).collect();
    initials.iter().any(|i| *i == letters || (letters.len() >= 3 && i.contains(letters.as_str())))
}

/// The name without diacritics: marks dropped after decomposition, a few
/// letters that do not decompose spelled out, Arabic ʿayn and hamza signs
/// written as an apostrophe.
fn ascii_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // NFD leaves ASCII as it is, and an ASCII character (a starter) ends
    // any run of marks that canonical ordering may reorder: so only the
    // runs of other characters go through NFD, each on its own, which is
    // the same as decomposing the whole name and much cheaper.
    let mut rest = s;
    while !rest.is_empty() {
        let ascii = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
        let (head, tail) = rest.split_at(ascii);
        head.chars().for_each(|c| push_plain(&mut out, c));
        let other = tail.bytes().position(|b| b.is_ascii()).unwrap_or(tail.len());
        let (head, tail) = tail.split_at(other);
        head.nfd().filter(|&c| !is_combining_mark(c)).for_each(|c| push_plain(&mut out, c));
        rest = tail;
    }
    if out.is_ascii() { out } else { out.nfc().collect() }
}

/// Pushes the plain form of a decomposed character (see [`ascii_fold`]).
fn push_plain(out: &mut String, c: char) {
    match c {
        'ı' => out.push('i'),
        'ł' => out.push('l'),
        'Ł' => out.push('L'),
        'ø' => out.push('o'),
        'Ø' => out.push('O'),
        'đ' | 'ð' => out.push('d'),
        'Đ' | 'Ð' => out.push('D'),
        'ħ' => out.push('h'),
        'Ħ' => out.push('H'),
        'ß' => out.push_str("ss"),
        'æ' => out.push_str("ae"),
        'Æ' => out.push_str("AE"),
        'œ' => out.push_str("oe"),
        'Œ' => out.push_str("OE"),
        'ʿ' | 'ʾ' | '`' | '´' => out.push('\''),
        c => out.push(c),
    }
}

/// The name without apostrophes next to letters (`Nad 'Ali` → `Nad Ali`,
/// `Sana'a` → `Sanaa`), the way most English reports transliterate.
fn drop_apostrophes(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let near_letter = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|c| c.is_alphabetic());
        if c == '\'' && (near_letter(i.checked_sub(1)) || near_letter(Some(i + 1))) {
            continue;
        }
        out.push(c);
    }
    // "Nad 'Ali" became "Nad Ali"; a leading "'Ajman" became "Ajman".
    out
}

/// Parses one file and returns (rows, skipped), for the timing test.
#[cfg(test)]
pub(super) fn parse_for_timing(src: &str) -> (usize, usize) {
    let (rows, skipped) = parse(src);
    (rows.len(), skipped)
}
