//! From a dataset row to the record the knowledge base stores: the place
//! linked to the bundled gazetteer (country, then province, district and
//! town, each looked up inside the one above), the acting sides linked to
//! the reviewed actor lexicon. A million rows name a few thousand distinct
//! places, so lookups are cached per distinct place.

use std::collections::HashMap;

use dossier_extract::gazetteer::{Gazetteer, PlaceId, PlaceKind};
use dossier_extract::lexicon::Lexicon;
use dossier_extract::records::place_record;
use dossier_model::{DatasetActor, DatasetEvent, PlaceRecord, Span};

use crate::row::{ActorRole, Claimed, DatasetRow, GeoPrecision};

/// Joins the names of a place key (see `Linker::place`).
const SEPARATOR: char = '\u{1f}';

/// Converts rows, remembering places and actors already linked.
pub struct Linker {
    gazetteer: &'static Gazetteer,
    lexicon: &'static Lexicon,
    /// By country, admin1, admin2 and location joined (see `place`).
    places: HashMap<String, Option<PlaceRecord>>,
    key: String,
    actors: HashMap<String, Option<usize>>,
}

impl Default for Linker {
    fn default() -> Self {
        Linker {
            gazetteer: Gazetteer::bundled(),
            lexicon: Lexicon::bundled(),
            places: HashMap::new(),
            key: String::new(),
            actors: HashMap::new(),
        }
    }
}

impl Linker {
    /// The stored form of one row.
    pub fn event(&mut self, row: &DatasetRow) -> DatasetEvent {
        self.link(row.clone())
    }

    /// The stored form of one row, which it consumes: its strings move
    /// into the record instead of being copied (a million rows are tens of
    /// millions of strings).
    pub fn link(&mut self, row: DatasetRow) -> DatasetEvent {
        let place = self.place(&row);
        let side = |roles: &[ActorRole]| row.actors.iter().find(|a| roles.contains(&a.role));
        let actor = side(&[ActorRole::Actor1, ActorRole::Perpetrator, ActorRole::SideA]).map(|a| self.actor(&a.name));
        let actor2 = side(&[ActorRole::Actor2, ActorRole::SideB]).map(|a| self.actor(&a.name));
        let (best, low, high) = match &row.fatalities {
            Some(f) => (f.best, f.low, f.high),
            None => (None, None, None),
        };
        DatasetEvent {
            row_key: row.id,
            line: row.line,
            date: row.date,
            date_end: row.date_end,
            approximate: row.date_approximate,
            country: place.as_ref().map(|p| p.country.clone()).filter(|c| !c.is_empty()),
            country_name: row.country,
            admin1: row.admin1,
            admin2: row.admin2,
            location: row.location,
            lat: row.coordinates.map(|c| c.lat),
            lon: row.coordinates.map(|c| c.lon),
            geo_precision: row.geo_precision.map(precision_name).map(str::to_string),
            place,
            actor,
            actor2,
            event_type: row.event_type,
            sub_event_type: row.sub_event_type,
            fatalities_best: best,
            fatalities_low: low,
            fatalities_high: high,
            claimed: row.claimed.and_then(|c| match c {
                Claimed::Yes => Some(true),
                Claimed::No => Some(false),
                Claimed::Unknown => None,
            }),
            quote: row.quote,
            source: row.source,
        }
    }

    fn actor(&mut self, name: &str) -> DatasetActor {
        let lexicon = self.lexicon;
        let entry = match self.actors.get(name) {
            Some(&entry) => entry,
            None => *self.actors.entry(name.to_string()).or_insert_with(|| lexicon_entry(lexicon, name)),
        };
        let entry = entry.map(|i| lexicon.actor(i));
        DatasetActor {
            name: name.to_string(),
            lexicon_id: entry.map(|e| e.id.clone()),
            parent: entry.and_then(|e| e.parent.clone()),
        }
    }

    fn place(&mut self, row: &DatasetRow) -> Option<PlaceRecord> {
        // The key is the four names joined by the unit separator, built
        // in one reused buffer: no copies on a hit. A name holding the
        // separator itself could make two rows share a key, so such rows
        // are linked without the cache.
        let parts = [&row.country, &row.admin1, &row.admin2, &row.location];
        let g = self.gazetteer;
        if parts.iter().any(|p| p.as_deref().is_some_and(|p| p.contains(SEPARATOR))) {
            return link_place(g, row).map(|id| place_record(g, id));
        }
        self.key.clear();
        for part in parts {
            self.key.push_str(part.as_deref().unwrap_or(""));
            self.key.push(SEPARATOR);
        }
        if let Some(hit) = self.places.get(self.key.as_str()) {
            return hit.clone();
        }
        let found = link_place(g, row).map(|id| place_record(g, id));
        self.places.insert(self.key.clone(), found.clone());
        found
    }
}

fn precision_name(p: GeoPrecision) -> &'static str {
    match p {
        GeoPrecision::Place => "place",
        GeoPrecision::NearPlace => "near_place",
        GeoPrecision::Admin2 => "admin2",
        GeoPrecision::Admin1 => "admin1",
        GeoPrecision::Region => "region",
        GeoPrecision::Country => "country",
        GeoPrecision::Water => "water",
    }
}

/// The lexicon entry for a dataset's actor name: the name itself, else the
/// forms the datasets wrap a group's name in. ACLED writes `TTP: Tehreek-i-Taliban
/// Pakistan` (abbreviation, colon, full name) and `Islamic State (Pakistan
/// Province)`; GTD writes `Tehrik-i-Taliban Pakistan (TTP)`. A bracket is
/// dropped, or read as an abbreviation when it is one, but never taken as a
/// qualifier to drop: `Civilians (Pakistan)` and `Islamic State
/// (Tajikistan)` stay unlinked rather than be linked to something broader.
/// State forces with a government's period go through [`state_force`].
fn lexicon_entry(lexicon: &Lexicon, name: &str) -> Option<usize> {
    if let Some(i) = lexicon.by_name(name) {
        return Some(i);
    }
    if let Some(id) = state_force(name) {
        return lexicon.by_id(id);
    }
    if let Some((short, full)) = name.split_once(": ") {
        return lexicon.by_name(full).or_else(|| lexicon.by_name(short));
    }
    let (outer, inner) = name.strip_suffix(')')?.split_once(" (")?;
    let abbreviation = |s: &str| {
        (2..=8).contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && s.bytes().filter(u8::is_ascii_uppercase).count() >= 2
    };
    lexicon
        .by_name(&format!("{outer} {inner}"))
        .or_else(|| abbreviation(inner).then(|| lexicon.by_name(outer).or_else(|| lexicon.by_name(inner))).flatten())
}

/// ACLED names a state's forces by kind, country and the period of the
/// government they served (`Military Forces of Pakistan (2018-)`). Where
/// the institution outlived governments, any period is the same reviewed
/// actor; Afghanistan's forces are two actors, told apart by the period:
/// the Republic's until August 2021, the Taliban-run state's since (ACLED
/// codes both the same way). Unknown countries and periods stay unlinked.
fn state_force(name: &str) -> Option<&'static str> {
    let (head, period) = name.strip_suffix(')')?.rsplit_once(" (")?;
    let (from, _to) = period.split_once('-')?;
    let from: u16 = from.parse().ok()?;
    let id = match head {
        "Military Forces of Pakistan" => "pakistan-armed-forces",
        "Police Forces of Pakistan" => "pakistan-government",
        "Military Forces of Iran" => "iran-government",
        "Military Forces of the United States" => "us-forces",
        "Military Forces of Afghanistan" if (2004..2021).contains(&from) => "andsf",
        "Police Forces of Afghanistan" if (2004..2021).contains(&from) => "afghan-national-police",
        "Military Forces of Afghanistan" | "Police Forces of Afghanistan" if from == 2021 => "afghan-taliban",
        _ => return None,
    };
    Some(id)
}

/// The place a dataset's location names when it adds a qualifier the
/// gazetteer does not know: UCDP GED's word (`Khar town`, `Jawdara
/// village`) or ACLED's neighbourhood after a spaced dash (`Kabul - Hamid
/// Karzai International Airport`, `Peshawar - Police Lines`), which names
/// a spot inside the town before the dash.
fn bare_place(name: &str) -> Option<&str> {
    if let Some((town, _spot)) = name.split_once(" - ") {
        return Some(town.trim_end());
    }
    [" town", " village", " city"].iter().find_map(|suffix| {
        let cut = name.len().checked_sub(suffix.len())?;
        (name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case(suffix)).then(|| name[..cut].trim_end())
    })
}

/// Candidates for a name, of the wanted kinds, inside `within` when given.
fn lookup(g: &Gazetteer, name: &str, kinds: &[PlaceKind], within: Option<PlaceId>) -> Option<PlaceId> {
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    let mentions = g.find(name, Span::new(0, name.len()));
    // Only a match of the whole name: "Khyber" is not "Khyber Pakhtunkhwa".
    let whole = mentions.iter().find(|m| m.span.start == 0 && m.span.end == name.len())?;
    whole
        .candidates
        .iter()
        .copied()
        .find(|&c| kinds.contains(&g.place(c).kind) && within.is_none_or(|w| w == c || g.contains(w, c)))
}

/// The most specific gazetteer unit a row's place names, each level looked
/// up inside the one above it.
fn link_place(g: &Gazetteer, row: &DatasetRow) -> Option<PlaceId> {
    let country = row.country.as_deref().and_then(|c| lookup(g, c, &[PlaceKind::Country], None));
    let admin1 = row.admin1.as_deref().and_then(|a| lookup(g, a, &[PlaceKind::Admin1], country)).or_else(|| {
        row.admin1.as_deref().and_then(|a| lookup(g, &format!("{a} Province"), &[PlaceKind::Admin1], country))
    });
    let admin2 = row.admin2.as_deref().and_then(|a| {
        lookup(g, a, &[PlaceKind::Admin2], admin1.or(country))
            .or_else(|| lookup(g, &format!("{a} District"), &[PlaceKind::Admin2], admin1.or(country)))
    });
    let town = row.location.as_deref().and_then(|l| {
        let kinds = [PlaceKind::City, PlaceKind::Admin2];
        let within = admin2.or(admin1).or(country);
        lookup(g, l, &kinds, within).or_else(|| bare_place(l).and_then(|b| lookup(g, b, &kinds, within)))
    });
    town.or(admin2).or(admin1).or(country)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_model::PartialDate;

    fn row(country: &str, admin1: &str, admin2: &str, location: &str) -> DatasetRow {
        DatasetRow {
            kind: crate::DatasetKind::Acled,
            line: 2,
            id: "PAK1".into(),
            date: PartialDate::day(2023, 7, 30).unwrap(),
            date_end: None,
            date_approximate: false,
            date_code: Some(1),
            date_text: None,
            country: Some(country.into()),
            iso_numeric: None,
            iso_alpha3: None,
            region: None,
            admin1: Some(admin1.into()),
            admin2: Some(admin2.into()),
            admin3: None,
            location: Some(location.into()),
            location_detail: None,
            coordinates: None,
            geo_precision: Some(GeoPrecision::Place),
            geo_code: Some(1),
            actors: vec![crate::Actor {
                name: "Islamic State (Khorasan Province)".into(),
                role: ActorRole::Actor1,
                actor_type: None,
            }],
            event_type: None,
            sub_event_type: None,
            target_type: None,
            fatalities: None,
            claimed: None,
            quote: None,
            source: None,
        }
    }

    #[test]
    fn places_link_level_by_level_and_actors_to_the_lexicon() {
        let mut l = Linker::default();
        let e = l.event(&row("Pakistan", "Khyber Pakhtunkhwa", "Bajaur", "Khar"));
        let p = e.place.expect("linked");
        assert_eq!((p.name.as_str(), p.country.as_str(), p.admin1.as_deref()), ("Khar", "PK", Some("PK-KP")));
        assert_eq!(e.country.as_deref(), Some("PK"));
        assert_eq!(e.actor.unwrap().lexicon_id.as_deref(), Some("iskp"));
        // Kabul is the Afghan one, not a namesake elsewhere.
        let e = l.event(&row("Afghanistan", "Kabul", "Kabul", "Kabul"));
        assert_eq!(e.place.unwrap().country, "AF");
        // An unknown town falls back to its province.
        let e = l.event(&row("Pakistan", "Balochistan", "", "Nowhereabad"));
        assert_eq!(e.place.unwrap().kind, "admin1");
        // ACLED's `Kabul - Hamid Karzai International Airport` is in the city Kabul.
        let e = l.event(&row("Afghanistan", "Kabul", "Kabul", "Kabul - Hamid Karzai International Airport"));
        assert_eq!(e.place.map(|p| (p.name, p.kind)), Some(("Kabul".into(), "city".into())));
        // UCDP's `Khar town` is the town Khar.
        let e = l.event(&row("Pakistan", "Khyber Pakhtunkhwa province", "Bajaur district", "Khar town"));
        assert_eq!(e.place.map(|p| (p.name, p.kind)), Some(("Khar".into(), "city".into())));
    }

    #[test]
    fn dataset_actor_names_link_through_their_wrappings() {
        let lexicon = Lexicon::bundled();
        let id = |name: &str| lexicon_entry(lexicon, name).map(|i| lexicon.actor(i).id.as_str());
        assert_eq!(id("Islamic State (Khorasan Province)"), Some("iskp"), "an alias as it stands");
        assert_eq!(id("Khorasan Chapter of the Islamic State"), Some("iskp"));
        assert_eq!(id("TTP: Tehreek-i-Taliban Pakistan"), Some("ttp"), "ACLED: abbreviation, colon, name");
        assert_eq!(id("BLA: Baloch Liberation Army"), Some("bla"));
        assert_eq!(id("Tehrik-i-Taliban Pakistan (TTP)"), Some("ttp"), "GTD: name, abbreviation in brackets");
        assert_eq!(id("Baloch Raaji Aajoi Sangar (BRAS)"), Some("bras"));
        assert_eq!(id("Islamic State (Pakistan Province)"), Some("ispp"), "brackets dropped");
        assert_eq!(id("Islamic State (Tajikistan)"), None, "a country in brackets is not dropped");
        assert_eq!(id("Civilians (Pakistan)"), None);
        assert_eq!(id("Military Forces of Pakistan (2018-)"), Some("pakistan-armed-forces"), "any period");
        assert_eq!(id("Military Forces of Pakistan (2013-2018)"), Some("pakistan-armed-forces"));
        assert_eq!(id("Military Forces of Afghanistan (2004-2021)"), Some("andsf"), "the Republic's forces");
        assert_eq!(id("Military Forces of Afghanistan (2021-)"), Some("afghan-taliban"), "the Taliban-run state's");
        assert_eq!(id("Police Forces of Afghanistan (2004-2021)"), Some("afghan-national-police"));
        assert_eq!(id("Military Forces of Afghanistan (1996-2001)"), None, "a period not reviewed");
        assert_eq!(id("Military Forces of Tajikistan (1994-)"), None, "no reviewed actor");
    }
}
