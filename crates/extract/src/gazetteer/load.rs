//! Parsing the TSV files, merging the supplement, and building the matcher.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use dossier_read::normalize::fold;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::words::is_stop_name;
use super::{Entry, Gazetteer, NOT_EXACT, Place, PlaceId, PlaceKind};

/// One parsed data row, before merging.
struct Row {
    place: Place,
    aliases: Vec<String>,
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
    let mut rows = Vec::new();
    let mut skipped = 0;
    for line in lines {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
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
            aliases: split(get(aliases_c)),
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
        let mut aliases: Vec<Vec<String>> = Vec::with_capacity(main.len() + 64);
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
                        merge(place, list, row.place, row.aliases);
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

        let iso = |code: &str| by_id.get(&format!("iso:{code}")).copied();
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

        let (matcher, pattern_entries, entries, exact_forms) = build_matcher(&places, &aliases, &reviewed);
        Gazetteer {
            aliases: aliases.into_iter().map(|a| a.join("|")).collect(),
            places,
            notes,
            by_id,
            country_of,
            admin1_of,
            admin2_of,
            members,
            matcher,
            pattern_entries,
            entries,
            exact_forms,
            skipped_rows: skipped,
        }
    }
}

/// Merges a supplement row into an existing one.
fn merge(into: &mut Place, into_aliases: &mut Vec<String>, from: Place, from_aliases: Vec<String>) {
    for alias in from_aliases {
        let dup = alias.eq_ignore_ascii_case(&into.name) || into_aliases.iter().any(|a| a.eq_ignore_ascii_case(&alias));
        if !dup {
            into_aliases.push(alias);
        }
    }
    // The kind and id never change: the supplement restates them.
    if !from.name.is_empty() && from.name != into.name {
        let old = std::mem::replace(&mut into.name, from.name);
        if !into_aliases.iter().any(|a| a.eq_ignore_ascii_case(&old)) {
            into_aliases.push(old);
        }
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

type Matcher = (Option<AhoCorasick>, Vec<(u32, u32)>, Vec<Entry>, Vec<Box<str>>);

/// Builds the automaton over every matchable name and alias.
///
/// Names are folded like the text (`’` → `'`), and each name with
/// diacritics also gets a plain form (`Jalālābād` → `Jalalabad`, `Nād ‘Alī`
/// → `Nad Ali`), because reports are mostly written without them. Names
/// that are common words, person-name tokens or shorter than two letters
/// are left out (see [`super::words`]). All-caps acronyms match
/// case-sensitively, and only when they are the initials of another of the
/// place's names (`UAE`, `DRC`), its primary name, or come from the
/// reviewed files (`KP`, `GB`): GeoNames also has upper-case renderings
/// such as `KZYLTU` or `PORTSAINT` that are not acronyms. Patterns are keyed by their
/// ASCII-lowercased form, so one pattern can stand for many places.
fn build_matcher(places: &[Place], aliases: &[Vec<String>], reviewed: &[bool]) -> Matcher {
    let t_forms = std::time::Instant::now();
    let mut keys: HashMap<String, u32> = HashMap::with_capacity(places.len() * 5);
    let mut per_key: Vec<Vec<Entry>> = Vec::with_capacity(places.len() * 5);
    let mut exact_forms: Vec<Box<str>> = Vec::new();
    let mut exact_index: HashMap<String, u32> = HashMap::new();
    let mut forms: Vec<String> = Vec::with_capacity(8);
    for (i, place) in places.iter().enumerate() {
        let id = PlaceId(i as u32);
        let names = || {
            std::iter::once((place.name.as_str(), true))
                .chain(aliases.get(i).into_iter().flatten().map(|a| (a.as_str(), false)))
        };
        let trusted = reviewed.get(i).copied().unwrap_or(false);
        let mut initials: Option<Vec<String>> = None;
        for (name, primary) in names() {
            forms.clear();
            let folded = fold(name.trim()).text;
            let plain = ascii_fold(&folded);
            let bare = drop_apostrophes(&plain);
            for form in [folded, plain, bare] {
                if !forms.contains(&form) {
                    forms.push(form);
                }
            }
            for form in &forms {
                let Some(exact) = matchable(form, primary) else { continue };
                if exact && !primary && !trusted {
                    let initials = initials.get_or_insert_with(|| names().flat_map(|(n, _)| name_initials(n)).collect());
                    if !is_initialism(form, initials) {
                        continue;
                    }
                }
                let exact = if exact {
                    let next = exact_forms.len() as u32;
                    let ix = *exact_index.entry(form.clone()).or_insert(next);
                    if ix == next {
                        exact_forms.push(form.as_str().into());
                    }
                    ix
                } else {
                    NOT_EXACT
                };
                let key = form.to_ascii_lowercase();
                let k = match keys.get(&key) {
                    Some(&k) => k,
                    None => {
                        let k = per_key.len() as u32;
                        keys.insert(key, k);
                        per_key.push(Vec::new());
                        k
                    }
                };
                if let Some(list) = per_key.get_mut(k as usize) {
                    match list.iter_mut().find(|e| e.place == id && e.exact == exact) {
                        Some(e) => e.primary |= primary,
                        None => list.push(Entry { place: id, exact, primary }),
                    }
                }
            }
        }
    }
    let t0 = std::time::Instant::now();
    eprintln!("TIMING forms {:?}", t_forms.elapsed());
    let mut patterns: Vec<(u32, String)> = keys.into_iter().map(|(key, k)| (k, key)).collect();
    patterns.sort_unstable_by_key(|p| p.0);
    let mut pattern_entries = Vec::with_capacity(per_key.len());
    let mut entries = Vec::with_capacity(per_key.iter().map(Vec::len).sum());
    for list in per_key {
        let start = entries.len() as u32;
        entries.extend(list);
        pattern_entries.push((start, entries.len() as u32));
    }
    // Standard semantics so that every match can be checked (word
    // boundaries, case) before leftmost-longest selection; a contiguous NFA
    // builds in a fraction of the time a DFA would need for this many
    // patterns and searches nearly as fast.
    let matcher = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(patterns.iter().map(|p| p.1.as_str()))
        .ok();
    eprintln!("TIMING automaton {:?}", t0.elapsed());
    (matcher, pattern_entries, entries, exact_forms)
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
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
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
    out.nfc().collect()
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
