//! Place gazetteer: finds place names in a text and links each to one place.
//!
//! Every place a report mentions must be resolved against the bundled
//! gazetteer (`data/gazetteer/`: `places.tsv`, hand-reviewed
//! `supplement.tsv`, and `regions.tsv` for macro-regions such as Khorasan or
//! Central Asia), so that incidents can be counted per country and province.
//! The work is split in two because the second step needs the whole
//! document:
//!
//! - [`Gazetteer::find`] lists every name it recognises, with all the places
//!   the name may denote (`Jalalabad` has eight);
//! - [`Gazetteer::resolve`] picks one place per mention from the document's
//!   context ("Kerman, Iran", other countries named, the dominant country)
//!   and says which rule decided.
//!
//! The data is embedded in the binary and parsed once, on first use of
//! [`Gazetteer::bundled`]. `regions.tsv` has the columns of `places.tsv`
//! plus `contains` and `note`; `contains` lists what a region covers as ISO
//! 3166-1 alpha-2 codes, ISO 3166-2 codes where a region covers only part
//! of a country (Kashmir, North Caucasus), or gazetteer ids (Waziristan's
//! two districts).

mod load;
mod matcher;
mod resolve;
mod words;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use dossier_model::Span;

const PLACES_TSV: &str = include_str!("../../../../data/gazetteer/places.tsv");
const SUPPLEMENT_TSV: &str = include_str!("../../../../data/gazetteer/supplement.tsv");
const REGIONS_TSV: &str = include_str!("../../../../data/gazetteer/regions.tsv");

/// What kind of unit a place is; the hierarchy is
/// country ⊃ admin-1 ⊃ admin-2 ⊃ city, and a region groups countries or
/// provinces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// A sovereign state or similar entity with an ISO 3166-1 code.
    Country,
    /// A first-level subdivision (province, state, oblast).
    Admin1,
    /// A second-level subdivision (district, former agency, county).
    Admin2,
    /// Any populated place, down to villages in the focus countries.
    City,
    /// A macro-region used in conflict reporting (`Central Asia`,
    /// `Khorasan`), from `regions.tsv`.
    Region,
}

impl PlaceKind {
    /// The name used in the TSV files (`admin1`).
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::Admin1 => "admin1",
            PlaceKind::Admin2 => "admin2",
            PlaceKind::City => "city",
            PlaceKind::Region => "region",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "country" => PlaceKind::Country,
            "admin1" => PlaceKind::Admin1,
            "admin2" => PlaceKind::Admin2,
            "city" => PlaceKind::City,
            "region" => PlaceKind::Region,
            _ => return None,
        })
    }
}

/// One row of the gazetteer (see `data/gazetteer/README.md` for the columns).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Place {
    /// Stable id: `iso:PK`, `iso:PK-KP`, `gn:1174089`, `sup:pk-kalaya`,
    /// `reg:khorasan`.
    pub id: String,
    /// Primary name, possibly with diacritics (`Jalālābād`).
    pub name: String,
    /// What kind of unit it is.
    pub kind: PlaceKind,
    /// ISO 3166-1 alpha-2 code; empty for transnational regions.
    pub country: String,
    /// ISO 3166-2 code of the admin-1 unit it lies in (its own code for an
    /// admin-1 row).
    pub admin1: Option<String>,
    /// Id of the admin-2 row it lies in (its own id for an admin-2 row).
    pub admin2: Option<String>,
    /// GeoNames population, when known.
    pub population: Option<u64>,
    /// Latitude (WGS84), cities only.
    pub lat: Option<f64>,
    /// Longitude (WGS84), cities only.
    pub lon: Option<f64>,
}

/// Returned by [`Gazetteer::place`] for an id that does not belong to the
/// gazetteer, so that lookups never panic.
static UNKNOWN_PLACE: Place = Place {
    id: String::new(),
    name: String::new(),
    kind: PlaceKind::Region,
    country: String::new(),
    admin1: None,
    admin2: None,
    population: None,
    lat: None,
    lon: None,
};

/// A place's index in the gazetteer: four bytes, cheap to copy and compare,
/// valid only for the gazetteer that issued it (in practice
/// [`Gazetteer::bundled`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlaceId(u32);

impl PlaceId {
    /// The row index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A place name found in a text, with every place it may denote.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMention {
    /// Where the name is, in canonical-text bytes.
    pub span: Span,
    /// The text as written (`Kabul’s` gives `Kabul`); callers use it to drop
    /// matches inside actor names (`Islamic State Khorasan Province`).
    pub surface: String,
    /// The places the name may denote, best first by prior (kind, then
    /// population); never empty.
    pub candidates: Vec<PlaceId>,
}

/// The place a mention was resolved to, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// The mention's span.
    pub span: Span,
    /// The chosen place.
    pub place: PlaceId,
    /// Rough confidence in `0..=1`, from the rule that decided: 1.0 for the
    /// only candidate, 0.95 for a container named right after, down to 0.5
    /// when only population decided (0.3 for a tie).
    pub score: f32,
    /// Which rule decided, for `--explain`: "only candidate", "country named
    /// nearby (Iran)", "document's dominant country PK", "largest
    /// population".
    pub why: String,
}

/// One (name, place) pair behind a lookup key.
#[derive(Debug, Clone, Copy)]
struct Entry {
    place: PlaceId,
    /// Index into `exact_forms` when the name must match case-sensitively
    /// (acronyms such as `KP`), else [`NOT_EXACT`].
    exact: u32,
    /// The pattern is the place's primary name (or its plain form), not an
    /// alias.
    primary: bool,
}

const NOT_EXACT: u32 = u32::MAX;

/// The hash under which [`Gazetteer::find`] looks up the beginning of a
/// run of words in `continued`.
fn prefix_hash(key: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(key)
}

/// The place gazetteer with its name matcher.
pub struct Gazetteer {
    places: Vec<Place>,
    /// Aliases per place, joined by `|` as in the TSV (kept joined: a
    /// quarter of a million small strings would cost more than the text).
    aliases: Vec<String>,
    /// Notes from the supplement and regions files.
    notes: HashMap<PlaceId, String>,
    by_id: HashMap<String, PlaceId>,
    country_of: Vec<Option<PlaceId>>,
    admin1_of: Vec<Option<PlaceId>>,
    admin2_of: Vec<Option<PlaceId>>,
    /// What each region contains (countries, admin-1 units or places).
    members: HashMap<PlaceId, Vec<PlaceId>>,
    /// Every matchable name by lookup key (see `load::lookup_key`): an
    /// index into `ranges`.
    /// Name keys (a fast hash: lookups are the matcher's inner loop).
    keys: rustc_hash::FxHashMap<Box<str>, u32>,
    /// Hashes ([`prefix_hash`]) of every key cut after one of its words but
    /// the last (`federally administered` of `federally administered tribal
    /// areas`): [`Gazetteer::find`] stops adding words to a run whose key
    /// is not here. A hash collision only makes it look further.
    continued: rustc_hash::FxHashSet<u64>,
    /// Per key, its range in `entries`.
    ranges: Vec<(u32, u32)>,
    /// Most words in any key: how far `find` looks ahead.
    max_words: usize,
    entries: Vec<Entry>,
    exact_forms: Vec<Box<str>>,
    /// Data rows that could not be parsed (0 for the bundled data).
    skipped_rows: usize,
}

impl fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gazetteer")
            .field("places", &self.places.len())
            .field("names", &self.keys.len())
            .field("entries", &self.entries.len())
            .finish_non_exhaustive()
    }
}

impl Gazetteer {
    /// The bundled gazetteer: `places.tsv`, `supplement.tsv` and
    /// `regions.tsv` embedded in the binary, parsed and the name table built
    /// once per process (about 0.2 s in a release build, on up to four
    /// threads), then shared by every thread.
    pub fn bundled() -> &'static Gazetteer {
        static BUNDLED: OnceLock<Gazetteer> = OnceLock::new();
        BUNDLED.get_or_init(|| Gazetteer::from_sources(PLACES_TSV, SUPPLEMENT_TSV, REGIONS_TSV))
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// True when the gazetteer has no places.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Every place with its id, in row order.
    pub fn iter(&self) -> impl Iterator<Item = (PlaceId, &Place)> + '_ {
        self.places.iter().enumerate().map(|(i, p)| (PlaceId(i as u32), p))
    }

    /// The place with this id (an empty placeholder for an id from another
    /// gazetteer, rather than a panic).
    pub fn place(&self, id: PlaceId) -> &Place {
        self.places.get(id.index()).unwrap_or(&UNKNOWN_PLACE)
    }

    /// The place with this stable id (`iso:PK-KP`, `gn:1174089`).
    pub fn by_key(&self, id: &str) -> Option<PlaceId> {
        self.by_id.get(id).copied()
    }

    /// A place's aliases (not including its name).
    pub fn aliases(&self, id: PlaceId) -> impl Iterator<Item = &str> + '_ {
        self.aliases.get(id.index()).map(String::as_str).unwrap_or("").split('|').filter(|a| !a.is_empty())
    }

    /// The note the supplement or regions file attaches to a place.
    pub fn note(&self, id: PlaceId) -> Option<&str> {
        self.notes.get(&id).map(String::as_str)
    }

    /// The admin-1 row a place lies in, through its ISO 3166-2 code: itself
    /// for an ordinary admin-1 row, `PK-KP` for the historical FATA row.
    pub fn admin1(&self, id: PlaceId) -> Option<PlaceId> {
        self.admin1_of.get(id.index()).copied().flatten()
    }

    /// The country row a place lies in (itself for a country; `None` for a
    /// transnational region).
    pub fn country(&self, id: PlaceId) -> Option<PlaceId> {
        self.country_of.get(id.index()).copied().flatten()
    }

    /// The admin-2 row a place lies in (itself for an admin-2 row).
    pub fn admin2(&self, id: PlaceId) -> Option<PlaceId> {
        self.admin2_of.get(id.index()).copied().flatten()
    }

    /// True when `outer` strictly contains `inner` in the hierarchy country ⊃
    /// admin-1 ⊃ admin-2 ⊃ city (Khar ⊂ Bajaur ⊂ Khyber Pakhtunkhwa ⊂
    /// Pakistan). A region contains what its `contains` column lists and
    /// everything inside that; it contains another region when it contains
    /// all of that region's members. A place does not contain itself.
    pub fn contains(&self, outer: PlaceId, inner: PlaceId) -> bool {
        if outer == inner || outer.index() >= self.places.len() || inner.index() >= self.places.len() {
            return false;
        }
        if let Some(members) = self.members.get(&outer) {
            if members.iter().any(|&m| m == inner || self.contains_plain(m, inner)) {
                return true;
            }
            return match self.members.get(&inner) {
                Some(inner_members) if !inner_members.is_empty() => {
                    inner_members.iter().all(|&im| members.iter().any(|&m| m == im || self.contains_plain(m, im)))
                }
                _ => false,
            };
        }
        self.contains_plain(outer, inner)
    }

    /// True when `a` and `b` share ground: one contains the other, or a
    /// region lists a member inside `b` (Kashmir overlaps Pakistan through
    /// PK-JK).
    pub fn overlaps(&self, a: PlaceId, b: PlaceId) -> bool {
        let listed = |r: PlaceId, x: PlaceId| {
            self.members.get(&r).is_some_and(|ms| ms.iter().any(|&m| m == x || self.contains(x, m)))
        };
        a == b || self.contains(a, b) || self.contains(b, a) || listed(a, b) || listed(b, a)
    }

    /// Containment through `inner`'s own country, admin-1 and admin-2
    /// columns.
    fn contains_plain(&self, outer: PlaceId, inner: PlaceId) -> bool {
        outer != inner
            && [self.country(inner), self.admin1(inner), self.admin2(inner)].into_iter().flatten().any(|a| a == outer)
    }

    /// Number of data rows that could not be parsed.
    pub fn skipped_rows(&self) -> usize {
        self.skipped_rows
    }

    /// Approximate heap bytes held (places, indexes and the name table).
    pub fn memory_usage(&self) -> usize {
        let strings: usize = self
            .places
            .iter()
            .map(|p| {
                p.id.capacity()
                    + p.name.capacity()
                    + p.country.capacity()
                    + p.admin1.as_ref().map_or(0, String::capacity)
                    + p.admin2.as_ref().map_or(0, String::capacity)
            })
            .sum::<usize>()
            + self.aliases.iter().map(String::capacity).sum::<usize>();
        let rows = self.places.capacity() * std::mem::size_of::<Place>()
            + self.aliases.capacity() * std::mem::size_of::<String>()
            + 3 * self.country_of.capacity() * std::mem::size_of::<Option<PlaceId>>();
        let index = self.by_id.capacity() * (std::mem::size_of::<(String, PlaceId)>() + 1)
            + self.places.iter().map(|p| p.id.capacity()).sum::<usize>();
        let names = self.keys.capacity() * (std::mem::size_of::<(Box<str>, u32)>() + 1)
            + self.ranges.capacity() * 8
            + self.keys.keys().map(|k| k.len()).sum::<usize>()
            + self.entries.capacity() * std::mem::size_of::<Entry>()
            + self.exact_forms.iter().map(|s| s.len() + 16).sum::<usize>();
        strings + rows + index + names
    }
}
