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
//! The crate's build script compiles the data (see `compile`): it parses
//! the three files, merges the reviewed rows into the generated ones, links
//! each place to its country, admin-1 and admin-2 rows, derives every
//! matchable name form and writes a name table with one slot per name and
//! per beginning of a longer name (see `table`). The binary embeds that
//! table, and [`Gazetteer::bundled`] reads it in place; a [`Place`] is
//! built from it the first time it is asked for. `regions.tsv` has the
//! columns of `places.tsv` plus `contains` and `note`; `contains` lists
//! what a region covers as ISO 3166-1 alpha-2 codes, ISO 3166-2 codes where
//! a region covers only part of a country (Kashmir, North Caucasus), or
//! gazetteer ids (Waziristan's two districts).

#[cfg(test)]
mod compile;
mod keys;
mod matcher;
mod resolve;
mod table;
mod words;

#[cfg(test)]
mod tests;

use std::fmt;
use std::sync::OnceLock;

use dossier_model::Span;
use rustc_hash::FxHashMap;

use table::Tables;

pub use resolve::Why;

/// The bundled files, compiled by the build script.
static TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.bin"));
static POOL: &str = include_str!(concat!(env!("OUT_DIR"), "/gazetteer.txt"));

#[cfg(test)]
const PLACES_TSV: &str = include_str!("../../../../data/gazetteer/places.tsv");
#[cfg(test)]
const SUPPLEMENT_TSV: &str = include_str!("../../../../data/gazetteer/supplement.tsv");
#[cfg(test)]
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

    /// The kind with this index in `table::KIND_NAMES` (the order of the
    /// variants).
    fn from_index(i: u8) -> Option<Self> {
        const ALL: [PlaceKind; 5] =
            [PlaceKind::Country, PlaceKind::Admin1, PlaceKind::Admin2, PlaceKind::City, PlaceKind::Region];
        ALL.get(usize::from(i)).copied()
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
    /// Where the name is, in canonical-text bytes; [`PlaceMention::surface`]
    /// reads it.
    pub span: Span,
    /// The places the name may denote, best first by prior (kind, then
    /// population); never empty.
    pub candidates: Vec<PlaceId>,
}

impl PlaceMention {
    /// The name as written in `text`, the text it was found in (`Kabul’s`
    /// gives `Kabul`); empty when the span is not in `text`. Read from the
    /// text rather than kept: nearly every mention is resolved and
    /// dropped without anyone asking.
    pub fn surface<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.span.start..self.span.end).unwrap_or_default()
    }
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
    /// Which rule decided, for `--explain`: [`Why::text`] words it ("only
    /// candidate", "country named nearby (Iran)", "document's dominant
    /// country PK", "largest population").
    pub why: Why,
}

/// The place gazetteer with its name matcher.
pub struct Gazetteer {
    /// The compiled data, read in place.
    t: Tables<'static>,
    /// Each place, built from `t` when first asked for (a run looks at a
    /// few hundred of them).
    places: Box<[OnceLock<Box<Place>>]>,
    /// What each region contains (countries, admin-1 units or places).
    members: FxHashMap<PlaceId, Vec<PlaceId>>,
    /// One bit per place: set when `members` has it. Resolution asks
    /// `contains` about every pair of candidate and context place, nearly
    /// never of a region: a bit is cheaper than hashing.
    listed: Box<[u64]>,
}

impl fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gazetteer")
            .field("places", &self.t.len)
            .field("names", &self.t.key_starts.len().saturating_sub(1))
            .field("entries", &(self.t.entries.len() / 2))
            .finish_non_exhaustive()
    }
}

impl Gazetteer {
    /// The bundled gazetteer: `places.tsv`, `supplement.tsv` and
    /// `regions.tsv` as the build script compiled them, read in place once
    /// per process (a header check and an empty slot per place: about 0.1 M
    /// instructions), then shared by every thread.
    pub fn bundled() -> &'static Gazetteer {
        static BUNDLED: OnceLock<Gazetteer> = OnceLock::new();
        BUNDLED.get_or_init(|| Gazetteer::from_table(TABLE, POOL))
    }

    /// A gazetteer over a compiled table and its pool.
    fn from_table(data: &'static [u8], pool: &'static str) -> Gazetteer {
        let t = Tables::read(data, pool).expect("the gazetteer table is written by this crate's build script");
        let mut members = FxHashMap::default();
        for r in 0..t.members.len() / 3 {
            let (Some(region), Some(from), Some(to)) =
                (t.members.get(3 * r), t.members.get(3 * r + 1), t.members.get(3 * r + 2))
            else {
                continue;
            };
            let ids = (from..to).filter_map(|m| t.member_ids.get(m as usize)).map(PlaceId).collect();
            members.insert(PlaceId(region), ids);
        }
        let mut listed = vec![0u64; t.len.div_ceil(64)].into_boxed_slice();
        for region in members.keys() {
            if let Some(w) = listed.get_mut(region.index() / 64) {
                *w |= 1 << (region.index() % 64);
            }
        }
        Gazetteer { places: (0..t.len).map(|_| OnceLock::new()).collect(), t, members, listed }
    }

    /// Builds a gazetteer from the three files' contents, as the build
    /// script does for the bundled one (see `compile::compile`).
    #[cfg(test)]
    pub(crate) fn from_sources(places_tsv: &str, supplement_tsv: &str, regions_tsv: &str) -> Gazetteer {
        let c = compile::compile(places_tsv, supplement_tsv, regions_tsv);
        // Tests build a handful: leaking them lets one borrowed form serve
        // both these and the embedded table.
        Gazetteer::from_table(Box::leak(c.data.into_boxed_slice()), Box::leak(c.pool.into_boxed_str()))
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.t.len
    }

    /// True when the gazetteer has no places.
    pub fn is_empty(&self) -> bool {
        self.t.len == 0
    }

    /// Every place with its id, in row order.
    pub fn iter(&self) -> impl Iterator<Item = (PlaceId, &Place)> + '_ {
        (0..self.t.len as u32).map(|i| (PlaceId(i), self.place(PlaceId(i))))
    }

    /// The place with this id (an empty placeholder for an id from another
    /// gazetteer, rather than a panic).
    pub fn place(&self, id: PlaceId) -> &Place {
        match self.places.get(id.index()) {
            Some(slot) => slot.get_or_init(|| Box::new(self.build_place(id.index()))),
            None => &UNKNOWN_PLACE,
        }
    }

    /// Place `i` from the table.
    fn build_place(&self, i: usize) -> Place {
        let field = |f: usize| self.t.field(i, f);
        let opt = |f: usize| Some(field(f)).filter(|s| !s.is_empty()).map(str::to_string);
        let flags = self.t.flags.get(i).copied().unwrap_or(0);
        let has = |bit: u8| flags & bit != 0;
        Place {
            id: field(table::F_ID).to_string(),
            name: field(table::F_NAME).to_string(),
            kind: self.kind(PlaceId(i as u32)),
            country: field(table::F_COUNTRY).to_string(),
            admin1: opt(table::F_ADMIN1),
            admin2: opt(table::F_ADMIN2),
            population: self.population(PlaceId(i as u32)),
            lat: self.t.lat.get(i).filter(|_| has(table::HAS_LAT)).map(f64::from_bits),
            lon: self.t.lon.get(i).filter(|_| has(table::HAS_LON)).map(f64::from_bits),
        }
    }

    /// A place's kind, without building the place.
    pub(super) fn kind(&self, id: PlaceId) -> PlaceKind {
        self.t.kinds.get(id.index()).and_then(|&k| PlaceKind::from_index(k)).unwrap_or(UNKNOWN_PLACE.kind)
    }

    /// A place's population, without building the place.
    pub(super) fn population(&self, id: PlaceId) -> Option<u64> {
        let known = self.t.flags.get(id.index()).is_some_and(|f| f & table::HAS_POPULATION != 0);
        self.t.population.get(id.index()).filter(|_| known)
    }

    /// A place's country code (empty for none), without building the place.
    pub(super) fn country_code(&self, id: PlaceId) -> &str {
        if id.index() >= self.t.len {
            return "";
        }
        self.t.field(id.index(), table::F_COUNTRY)
    }

    /// The place with this stable id (`iso:PK-KP`, `gn:1174089`).
    pub fn by_key(&self, id: &str) -> Option<PlaceId> {
        self.by_key_parts(id, "")
    }

    /// The place whose stable id is `prefix` then `rest` (`iso:` and a
    /// country code), without writing the id out.
    pub(super) fn by_key_parts(&self, prefix: &str, rest: &str) -> Option<PlaceId> {
        let ids = self.t.by_id;
        let id = || prefix.bytes().chain(rest.bytes());
        let (mut lo, mut hi) = (0, ids.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let p = ids.get(mid)?;
            // Byte order is `str` order.
            match self.t.field(p as usize, table::F_ID).bytes().cmp(id()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(PlaceId(p)),
            }
        }
        None
    }

    /// A place's aliases (not including its name).
    pub fn aliases(&self, id: PlaceId) -> impl Iterator<Item = &str> + '_ {
        let list = if id.index() < self.t.len { self.t.field(id.index(), table::F_ALIASES) } else { "" };
        list.split('|').filter(|a| !a.is_empty())
    }

    /// The note the supplement or regions file attaches to a place.
    pub fn note(&self, id: PlaceId) -> Option<&str> {
        let notes = self.t.notes;
        let (mut lo, mut hi) = (0, notes.len() / 3);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let p = notes.get(3 * mid)?;
            match p.cmp(&id.0) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let (from, to) = (notes.get(3 * mid + 1)? as usize, notes.get(3 * mid + 2)? as usize);
                    return self.t.pool.get(from..to);
                }
            }
        }
        None
    }

    /// The row a place's u32 column points to.
    fn row(col: table::U32s<'_>, id: PlaceId) -> Option<PlaceId> {
        col.get(id.index()).filter(|&r| r != table::NONE).map(PlaceId)
    }

    /// The admin-1 row a place lies in, through its ISO 3166-2 code: itself
    /// for an ordinary admin-1 row, `PK-KP` for the historical FATA row.
    pub fn admin1(&self, id: PlaceId) -> Option<PlaceId> {
        Self::row(self.t.admin1_of, id)
    }

    /// The country row a place lies in (itself for a country; `None` for a
    /// transnational region).
    pub fn country(&self, id: PlaceId) -> Option<PlaceId> {
        Self::row(self.t.country_of, id)
    }

    /// The admin-2 row a place lies in (itself for an admin-2 row).
    pub fn admin2(&self, id: PlaceId) -> Option<PlaceId> {
        Self::row(self.t.admin2_of, id)
    }

    /// What a region contains, if it lists anything (see `members`).
    fn members_of(&self, id: PlaceId) -> Option<&Vec<PlaceId>> {
        // Ids past the bits (none in practice) ask the map itself.
        let listed = self.listed.get(id.index() / 64).is_none_or(|w| w >> (id.index() % 64) & 1 == 1);
        if listed { self.members.get(&id) } else { None }
    }

    /// True when `outer` strictly contains `inner` in the hierarchy country ⊃
    /// admin-1 ⊃ admin-2 ⊃ city (Khar ⊂ Bajaur ⊂ Khyber Pakhtunkhwa ⊂
    /// Pakistan). A region contains what its `contains` column lists and
    /// everything inside that; it contains another region when it contains
    /// all of that region's members. A place does not contain itself.
    pub fn contains(&self, outer: PlaceId, inner: PlaceId) -> bool {
        if outer == inner || outer.index() >= self.t.len || inner.index() >= self.t.len {
            return false;
        }
        if let Some(members) = self.members_of(outer) {
            if members.iter().any(|&m| m == inner || self.contains_plain(m, inner)) {
                return true;
            }
            return match self.members_of(inner) {
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
            self.members_of(r).is_some_and(|ms| ms.iter().any(|&m| m == x || self.contains(x, m)))
        };
        a == b || self.contains(a, b) || self.contains(b, a) || listed(a, b) || listed(b, a)
    }

    /// Containment through `inner`'s own country, admin-1 and admin-2
    /// columns.
    ///
    /// The columns are compared with `outer` directly: their "no row"
    /// ([`table::NONE`]) is no place's id, so it never equals `outer` once
    /// `outer` is checked not to be it.
    fn contains_plain(&self, outer: PlaceId, inner: PlaceId) -> bool {
        let (i, o) = (inner.index(), Some(outer.0));
        outer != inner
            && outer.0 != table::NONE
            && (self.t.country_of.get(i) == o || self.t.admin1_of.get(i) == o || self.t.admin2_of.get(i) == o)
    }

    /// Number of data rows that could not be parsed.
    pub fn skipped_rows(&self) -> usize {
        self.t.skipped_rows
    }

    /// Approximate bytes held: the compiled table and its pool (in the
    /// binary's read-only data for the bundled gazetteer) and the places
    /// built so far.
    pub fn memory_usage(&self) -> usize {
        let built: usize = self
            .places
            .iter()
            .filter_map(OnceLock::get)
            .map(|p| {
                std::mem::size_of::<Place>()
                    + p.id.capacity()
                    + p.name.capacity()
                    + p.country.capacity()
                    + p.admin1.as_ref().map_or(0, String::capacity)
                    + p.admin2.as_ref().map_or(0, String::capacity)
            })
            .sum();
        self.t.bytes + self.t.pool.len() + self.places.len() * std::mem::size_of::<OnceLock<Box<Place>>>() + built
    }
}
