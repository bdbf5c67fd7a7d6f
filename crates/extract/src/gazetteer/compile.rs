//! Compiling the TSV files into the precomputed table (see `table`):
//! parsing, merging the supplement and regions, linking the hierarchy, and
//! deriving every matchable name.
//!
//! The crate's build script runs this on the bundled files, so a run only
//! reads the result; tests run it on edited files through
//! `Gazetteer::from_sources`. This file uses only `std`,
//! `unicode-normalization` and its sibling files `keys`, `table` and
//! `words`, so that the build script can include it as it is.

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::keys::{KeyHash, MAX_WORDS, is_word_char, push_gap};
use super::table::{self, Sec, Writer};
use super::words::is_stop_name;

/// A compiled gazetteer: the byte table and its string pool.
pub struct Compiled {
    /// The table (see `table`).
    pub data: Vec<u8>,
    /// Every string the table points into.
    pub pool: String,
}

/// One place as parsed, before encoding.
#[derive(Debug, Clone, PartialEq)]
struct Place {
    id: String,
    name: String,
    /// Index in [`table::KIND_NAMES`].
    kind: u8,
    country: String,
    admin1: Option<String>,
    admin2: Option<String>,
    population: Option<u64>,
    lat: Option<f64>,
    lon: Option<f64>,
}

/// Kind indices (see [`table::KIND_NAMES`]).
const COUNTRY: u8 = 0;
const ADMIN1: u8 = 1;
const CITY: u8 = 3;
const REGION: u8 = 4;

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

/// The kind's index in [`table::KIND_NAMES`].
fn parse_kind(s: &str) -> Option<u8> {
    table::KIND_NAMES.iter().position(|k| *k == s).map(|i| i as u8)
}

/// The text's folding for matching (`dossier_read::normalize::fold_char`,
/// which a test checks this copy against): curly quotes and dashes made
/// plain. The build script cannot depend on the reader crate.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{02bc}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}' | '\u{bb}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}' => '-',
        c => c,
    }
}

/// Compiles the three files' contents. Rows of `supplement` and `regions`
/// whose id already exists merge into that row: their aliases are added,
/// and their other non-empty fields override (they restate the main row in
/// practice). New ids are added.
pub fn compile(places_tsv: &str, supplement_tsv: &str, regions_tsv: &str) -> Compiled {
    let (main, mut skipped) = parse(places_tsv);
    let mut places: Vec<Place> = Vec::with_capacity(main.len() + 64);
    let mut aliases: Vec<String> = Vec::with_capacity(main.len() + 64);
    let mut notes: HashMap<u32, String> = HashMap::new();
    let mut by_id: HashMap<String, u32> = HashMap::with_capacity(main.len() + 64);
    let mut region_refs: Vec<(u32, Vec<String>)> = Vec::new();
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
                if let (Some(place), Some(list)) = (places.get_mut(id as usize), aliases.get_mut(id as usize)) {
                    merge(place, list, row.place, &row.aliases);
                }
                id
            }
            None if !row.complete => {
                skipped += 1;
                continue;
            }
            None => {
                let id = places.len() as u32;
                by_id.insert(row.place.id.clone(), id);
                places.push(row.place);
                aliases.push(row.aliases);
                reviewed.push(false);
                id
            }
        };
        if let Some(r) = reviewed.get_mut(id as usize) {
            *r |= from_review;
        }
        if let Some(note) = row.note {
            notes.insert(id, note);
        }
        if !row.contains.is_empty() {
            region_refs.push((id, row.contains));
        }
    }

    let iso_ids: HashMap<&str, u32> =
        by_id.iter().filter_map(|(id, &p)| id.strip_prefix("iso:").map(|code| (code, p))).collect();
    let iso = |code: &str| iso_ids.get(code).copied();
    let country_of: Vec<Option<u32>> =
        places.iter().map(|p| if p.country.is_empty() { None } else { iso(&p.country) }).collect();
    let admin1_of: Vec<Option<u32>> = places
        .iter()
        .map(|p| match p.kind {
            COUNTRY => None,
            _ => p.admin1.as_deref().and_then(iso),
        })
        .collect();
    let admin2_of: Vec<Option<u32>> = places
        .iter()
        .map(|p| match p.kind {
            COUNTRY | ADMIN1 => None,
            _ => p.admin2.as_deref().and_then(|a| by_id.get(a).copied()),
        })
        .collect();
    // A region's `contains` lists alpha-2 codes, ISO 3166-2 codes or ids;
    // a later row for the same region replaces an earlier one.
    let members: HashMap<u32, Vec<u32>> = region_refs
        .into_iter()
        .map(|(id, refs)| {
            let ids = refs
                .iter()
                .filter_map(|r| if r.contains(':') { by_id.get(r.as_str()).copied() } else { iso(r) })
                .filter(|&m| m != id && places.get(m as usize).is_some_and(|p| p.kind != REGION))
                .collect();
            (id, ids)
        })
        .collect();

    let names = collect_names(&places, &aliases, &reviewed);

    // Encode.
    let mut w = Writer::default();
    let mut pool = String::with_capacity(places_tsv.len() + names.keys.iter().map(String::len).sum::<usize>());
    for (i, p) in places.iter().enumerate() {
        let fields = [
            p.id.as_str(),
            &p.name,
            &p.country,
            p.admin1.as_deref().unwrap_or(""),
            p.admin2.as_deref().unwrap_or(""),
            aliases.get(i).map_or("", String::as_str),
        ];
        for f in fields {
            w.u32(Sec::Fields, pool.len() as u32);
            pool.push_str(f);
        }
        w.u8(Sec::Kinds, p.kind);
        let flag = |present: bool, bit: u8| if present { bit } else { 0 };
        w.u8(
            Sec::Flags,
            flag(p.population.is_some(), table::HAS_POPULATION)
                | flag(p.lat.is_some(), table::HAS_LAT)
                | flag(p.lon.is_some(), table::HAS_LON),
        );
        w.u64(Sec::Population, p.population.unwrap_or(0));
        w.u64(Sec::Lat, p.lat.unwrap_or(0.0).to_bits());
        w.u64(Sec::Lon, p.lon.unwrap_or(0.0).to_bits());
        for (sec, col) in [(Sec::CountryOf, &country_of), (Sec::Admin1Of, &admin1_of), (Sec::Admin2Of, &admin2_of)] {
            w.u32(sec, col.get(i).copied().flatten().unwrap_or(table::NONE));
        }
    }
    w.u32(Sec::Fields, pool.len() as u32);
    let mut order: Vec<u32> = (0..places.len() as u32).collect();
    order.sort_by(|&a, &b| places[a as usize].id.cmp(&places[b as usize].id));
    for i in order {
        w.u32(Sec::ById, i);
    }
    let mut notes: Vec<(u32, String)> = notes.into_iter().collect();
    notes.sort();
    for (place, note) in notes {
        w.u32(Sec::Notes, place);
        w.u32(Sec::Notes, pool.len() as u32);
        pool.push_str(&note);
        w.u32(Sec::Notes, pool.len() as u32);
    }
    let mut members: Vec<(u32, Vec<u32>)> = members.into_iter().collect();
    members.sort();
    let mut at = 0u32;
    for (region, ids) in members {
        w.u32(Sec::Members, region);
        w.u32(Sec::Members, at);
        at += ids.len() as u32;
        w.u32(Sec::Members, at);
        for m in ids {
            w.u32(Sec::MemberIds, m);
        }
    }
    let max_words = names.max_words;
    let slot_count = names.write(&mut w, &mut pool);
    for scalar in [places.len(), max_words, skipped, slot_count] {
        w.u32(Sec::Scalars, scalar as u32);
    }
    Compiled { data: w.finish(), pool }
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
        let parsed_kind = parse_kind(kind);
        if id.is_empty() || (parsed_kind.is_none() && !kind.is_empty()) {
            skipped += 1;
            continue;
        }
        let split = |s: &str| s.split('|').map(str::trim).filter(|a| !a.is_empty()).map(str::to_string).collect();
        rows.push(Row {
            place: Place {
                id: id.to_string(),
                name: name.to_string(),
                kind: parsed_kind.unwrap_or(CITY),
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

/// Every matchable name, by lookup key.
#[derive(Default)]
struct Names {
    key_ids: HashMap<String, u32>,
    /// Keys by index, in the order first seen.
    keys: Vec<String>,
    /// (key, place, exact form or [`table::NONE`], primary), one per name
    /// form.
    tagged: Vec<(u32, u32, u32, bool)>,
    exact_ids: HashMap<String, u32>,
    exact_forms: Vec<String>,
    max_words: usize,
}

impl Names {
    /// The key index of `key`, added if new.
    fn key(&mut self, key: String) -> u32 {
        if let Some(&k) = self.key_ids.get(key.as_str()) {
            return k;
        }
        self.max_words = self.max_words.max(word_count(&key));
        let k = self.keys.len() as u32;
        self.key_ids.insert(key.clone(), k);
        self.keys.push(key);
        k
    }

    /// The index of an exact (case-sensitive) form, added if new.
    fn exact(&mut self, form: String) -> u32 {
        if let Some(&i) = self.exact_ids.get(&form) {
            return i;
        }
        let i = self.exact_forms.len() as u32;
        self.exact_ids.insert(form.clone(), i);
        self.exact_forms.push(form);
        i
    }

    /// Writes the name table; returns its number of slots.
    ///
    /// Entries are grouped by key, one per (place, exact) with `primary`
    /// merged; the sort is stable, so places keep their row order. Each key
    /// and each beginning of a key (cut after one of its words but the
    /// last) gets a slot; a run of words whose text is no beginning can
    /// match no longer name, so the matcher stops there.
    fn write(mut self, w: &mut Writer, pool: &mut String) -> usize {
        self.tagged.sort_by_key(|&(k, place, exact, _)| (k, place, exact));
        let mut last: Option<(u32, u32, u32)> = None;
        let mut entries: Vec<(u32, u32, u32, bool)> = Vec::with_capacity(self.tagged.len());
        for t in self.tagged {
            if last == Some((t.0, t.1, t.2)) {
                if let Some(prev) = entries.last_mut() {
                    prev.3 |= t.3;
                }
                continue;
            }
            entries.push(t);
            last = Some((t.0, t.1, t.2));
        }
        // Every key has an entry, and they come in key order.
        let mut next_key = 0u32;
        for (i, &(k, place, exact, primary)) in entries.iter().enumerate() {
            while next_key <= k {
                w.u32(Sec::EntryStarts, i as u32);
                next_key += 1;
            }
            w.u32(Sec::Entries, place | if primary { table::PRIMARY } else { 0 });
            w.u32(Sec::Entries, exact);
        }
        w.u32(Sec::EntryStarts, entries.len() as u32);
        for key in &self.keys {
            w.u32(Sec::KeyStarts, pool.len() as u32);
            pool.push_str(key);
        }
        w.u32(Sec::KeyStarts, pool.len() as u32);
        for form in &self.exact_forms {
            w.u32(Sec::ExactStarts, pool.len() as u32);
            pool.push_str(form);
        }
        w.u32(Sec::ExactStarts, pool.len() as u32);

        let prefixes = continued_prefixes(&self.keys);
        let mut prefix_only: Vec<&str> = prefixes.iter().copied().filter(|p| !self.key_ids.contains_key(*p)).collect();
        prefix_only.sort_unstable();
        let nodes = self.keys.len() + prefix_only.len();
        let slots = (nodes + nodes / 2).max(2).next_power_of_two();
        let mut table = vec![(table::EMPTY, 0u32); slots];
        // Every node also sets its bits in the filter `Tables::lookup` asks
        // first.
        let mut filter = vec![0u64; (nodes * table::FILTER_BITS_PER_NODE).div_ceil(64).max(1)];
        let filter_words = filter.len();
        let mut insert = |text: &str, node: u32| {
            let hash = KeyHash::of(text);
            let mut i = table::home(hash, slots);
            while table[i].0 != table::EMPTY {
                i = (i + 1) & (slots - 1);
            }
            table[i] = (node, table::tag(hash));
            let (word, mask) = table::filter_bits(hash, filter_words);
            filter[word] |= mask;
        };
        // Keys go in first: then the slots between a key's home and its own
        // slot are all keys', and a beginning whose tag equals the key's can
        // never be met before it (see `Tables::lookup`).
        for (k, key) in self.keys.iter().enumerate() {
            let continued = if prefixes.contains(key.as_str()) { table::CONTINUED } else { 0 };
            insert(key, k as u32 | continued);
        }
        for p in prefix_only {
            insert(p, table::PREFIX_ONLY | table::CONTINUED);
        }
        for (node, tag) in table {
            w.u32(Sec::Slots, node);
            w.u32(Sec::Slots, tag);
        }
        for word in filter {
            w.u64(Sec::Filter, word);
        }
        slots
    }
}

/// Collects the matchable names of every place.
///
/// Names are folded like the text (`’` → `'`), and each name with
/// diacritics also gets a plain form (`Jalālābād` → `Jalalabad`, `Nād ‘Alī`
/// → `Nad Ali`), because reports are mostly written without them. Names
/// that are common words, person-name tokens or shorter than two letters
/// are left out (see `words`). All-caps acronyms match case-sensitively,
/// and only when they are the initials of another of the place's names
/// (`UAE`, `DRC`), its primary name, or come from the reviewed files (`KP`,
/// `GB`): GeoNames also has upper-case renderings such as `KZYLTU` or
/// `PORTSAINT` that are not acronyms. Names are keyed by [`lookup_key`], so
/// one key can stand for many places.
fn collect_names(places: &[Place], aliases: &[String], reviewed: &[bool]) -> Names {
    let mut out = Names { max_words: 1, ..Names::default() };
    out.key_ids.reserve(places.len() * 5);
    out.tagged.reserve(places.len() * 5);
    let mut forms: Vec<String> = Vec::with_capacity(4);
    for (i, place) in places.iter().enumerate() {
        let id = i as u32;
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
            let folded = if name.is_ascii() { name.to_string() } else { name.chars().map(fold_char).collect() };
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
                let exact = if exact { out.exact(key_case(form)) } else { table::NONE };
                let k = out.key(key);
                out.tagged.push((k, id, exact, primary));
            }
        }
    }
    out.max_words = out.max_words.min(MAX_WORDS);
    out
}

/// Every key cut after one of its words but the last (`federally
/// administered` of `federally administered tribal areas`). The matcher's
/// key after `n` words of a run is a longer key cut after its `n`-th word
/// (both write gaps the same way).
fn continued_prefixes(keys: &[String]) -> HashSet<&str> {
    let mut out = HashSet::new();
    let mut ends: Vec<usize> = Vec::new();
    for key in keys {
        // Most keys are one plain word (perhaps with a final dot): nothing
        // begins them.
        if key.strip_suffix('.').unwrap_or(key).bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        ends.clear();
        let mut in_word = false;
        for (i, c) in key.char_indices() {
            let w = is_word_char(c);
            if in_word && !w {
                ends.push(i);
            }
            in_word = w;
        }
        // The last word's end is the key's own end (or its final dot).
        if in_word {
            ends.push(key.len());
        }
        ends.pop();
        out.extend(ends.iter().filter_map(|&e| key.get(..e)));
    }
    out
}

/// The key a name is looked up by: ASCII-lowercased (as case-insensitive
/// as `ascii_case_insensitive` matching would be), runs of whitespace made
/// one space, and only the characters from its first to its last word
/// character kept, except a final `.` (`U.S.`, `N.W.F.P.`).
fn lookup_key(form: &str) -> String {
    let mut key = key_case(form);
    key.make_ascii_lowercase();
    key
}

/// [`lookup_key`] without the lowercasing: what an exact (acronym) name is
/// compared with.
fn key_case(form: &str) -> String {
    let trimmed = form.trim_start_matches(|c: char| !is_word_char(c));
    let dot = trimmed.trim_end_matches(|c: char| !is_word_char(c));
    let end =
        if trimmed.get(dot.len()..).is_some_and(|rest| rest.starts_with('.')) { dot.len() + 1 } else { dot.len() };
    let core = trimmed.get(..end).unwrap_or(dot);
    // The matcher builds its keys with the same whitespace rule.
    let mut out = String::with_capacity(core.len());
    push_gap(&mut out, core);
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
