//! ACLED rows, in both the 2023 layout and the one before it.
//!
//! The two layouts differ in columns the importer mostly does not need
//! (`data_id`, `event_id_no_cnty`, `iso3` went; `disorder_type`,
//! `civilian_targeting`, `tags` came) and in `inter1`/`inter2`, which
//! became text; columns are found by name, and actor types are read in
//! either form.

use dossier_model::DatePrecision;

use crate::error::{RowError, shown};
use crate::layout::{Header, Resolver};
use crate::parse::{self, Fields};
use crate::row::{Actor, ActorRole, DatasetKind, DatasetRow, Fatalities, GeoPrecision};

/// Columns every ACLED file must have.
pub(crate) const REQUIRED: [&str; 11] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "actor1",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
];

/// ACLED's actor types, by the pre-2023 numeric `inter` code (index) and
/// as the 2023 layout writes them (value). Code 0 means no actor.
const INTER_TYPES: [&str; 9] = [
    "",
    "State forces",
    "Rebel group",
    "Political militia",
    "Identity militia",
    "Rioters",
    "Protesters",
    "Civilians",
    "External/Other forces",
];

/// Where each column is.
pub(crate) struct Columns {
    pub(crate) id: usize,
    event_date: usize,
    year: usize,
    time_precision: usize,
    event_type: usize,
    actor1: usize,
    country: usize,
    latitude: usize,
    longitude: usize,
    geo_precision: usize,
    fatalities: usize,
    sub_event_type: Option<usize>,
    assoc_actor_1: Option<usize>,
    inter1: Option<usize>,
    actor2: Option<usize>,
    assoc_actor_2: Option<usize>,
    inter2: Option<usize>,
    iso: Option<usize>,
    iso3: Option<usize>,
    region: Option<usize>,
    admin1: Option<usize>,
    admin2: Option<usize>,
    admin3: Option<usize>,
    location: Option<usize>,
    source: Option<usize>,
    notes: Option<usize>,
}

impl Columns {
    pub(crate) fn resolve(header: &Header) -> Result<Self, Vec<&'static str>> {
        let mut r = Resolver::new(header);
        let [id, event_date, year, time_precision, event_type, actor1, country, latitude, longitude, geo, fatalities] =
            REQUIRED.map(|name| r.required(name));
        let columns = Columns {
            id,
            event_date,
            year,
            time_precision,
            event_type,
            actor1,
            country,
            latitude,
            longitude,
            geo_precision: geo,
            fatalities,
            sub_event_type: r.optional("sub_event_type"),
            // The earliest files (2016 and before) say `ally_actor_*`.
            assoc_actor_1: r.optional("assoc_actor_1").or_else(|| r.optional("ally_actor_1")),
            inter1: r.optional("inter1"),
            actor2: r.optional("actor2"),
            assoc_actor_2: r.optional("assoc_actor_2").or_else(|| r.optional("ally_actor_2")),
            inter2: r.optional("inter2"),
            iso: r.optional("iso"),
            iso3: r.optional("iso3"),
            region: r.optional("region"),
            admin1: r.optional("admin1"),
            admin2: r.optional("admin2"),
            admin3: r.optional("admin3"),
            location: r.optional("location"),
            source: r.optional("source"),
            notes: r.optional("notes"),
        };
        r.finish(columns)
    }

    /// Reads one row.
    ///
    /// Dates: `time_precision` 1 is the reported day; 2 means sometime in
    /// that week, coded to its middle, so the day is kept and marked
    /// approximate; 3 means sometime in that month, coded to its midpoint
    /// (or first/last day), so only the month is kept.
    pub(crate) fn row(&self, f: &Fields<'_>, line: u64) -> Result<DatasetRow, RowError> {
        let id = f.required(self.id, "event_id_cnty")?.into_owned();
        let year = parse::year("year", &f.get(self.year))?;
        let raw_date = f.get(self.event_date);
        let day = parse::acled_day("event_date", &raw_date)?;
        if day.year != year {
            return Err(RowError::YearMismatch { column: "event_date", value: shown(&raw_date), year });
        }
        let precision = parse::code("time_precision", &f.get(self.time_precision), 1, 3, "1, 2 or 3")?;
        let (date, approximate) = match precision {
            1 => (day, false),
            2 => (day, true),
            _ => (parse::reduce(day, DatePrecision::Month), false),
        };
        let geo_code = parse::code("geo_precision", &f.get(self.geo_precision), 1, 3, "1, 2 or 3")?;
        let coordinates = parse::coordinates(&f.get(self.latitude), &f.get(self.longitude))?;
        let fatalities = parse::count("fatalities", &f.get(self.fatalities))?.map(|n| Fatalities {
            best: Some(n),
            low: None,
            high: None,
        });
        let iso_numeric = match f.opt(self.iso) {
            Some(iso) => Some(iso_numeric(&iso)?),
            None => None,
        };

        let mut actors = Vec::new();
        let type1 = actor_type("inter1", f.opt(self.inter1))?;
        let type2 = actor_type("inter2", f.opt(self.inter2))?;
        push_actor(&mut actors, f.opt(Some(self.actor1)), ActorRole::Actor1, type1);
        push_associates(&mut actors, f.opt(self.assoc_actor_1), ActorRole::Associated1);
        push_actor(&mut actors, f.opt(self.actor2), ActorRole::Actor2, type2);
        push_associates(&mut actors, f.opt(self.assoc_actor_2), ActorRole::Associated2);

        Ok(DatasetRow {
            kind: DatasetKind::Acled,
            line,
            id,
            date,
            date_end: None,
            date_approximate: approximate,
            date_code: Some(precision),
            date_text: None,
            country: f.opt(Some(self.country)),
            iso_numeric,
            iso_alpha3: f.opt(self.iso3),
            region: f.opt(self.region),
            admin1: f.opt(self.admin1),
            admin2: f.opt(self.admin2),
            admin3: f.opt(self.admin3),
            location: f.opt(self.location),
            location_detail: None,
            coordinates,
            geo_precision: Some(geo_precision(geo_code)),
            geo_code: Some(geo_code),
            actors,
            event_type: f.opt(Some(self.event_type)),
            sub_event_type: f.opt(self.sub_event_type),
            target_type: None,
            fatalities,
            claimed: None,
            quote: f.opt(self.notes),
            source: f.opt(self.source),
        })
    }
}

/// ACLED `geo_precision` on the common scale.
fn geo_precision(code: u8) -> GeoPrecision {
    match code {
        1 => GeoPrecision::Place,
        2 => GeoPrecision::NearPlace,
        _ => GeoPrecision::Region,
    }
}

/// `iso`: the three-digit ISO 3166-1 numeric code.
fn iso_numeric(value: &str) -> Result<u16, RowError> {
    let n = parse::whole("iso", value)?;
    u16::try_from(n).ok().filter(|n| *n <= 999).ok_or_else(|| RowError::OutOfRange {
        column: "iso",
        value: shown(value),
        allowed: "0 to 999",
    })
}

/// An `inter` value as the 2023 text: numeric codes (pre-2023) are mapped,
/// text is kept as written, 0 and blank mean no actor.
fn actor_type(column: &'static str, value: Option<String>) -> Result<Option<String>, RowError> {
    let Some(value) = value else { return Ok(None) };
    if !value.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Ok(Some(value));
    }
    let code = parse::code(column, &value, 0, 8, "0 to 8")?;
    Ok(INTER_TYPES.get(usize::from(code)).filter(|t| !t.is_empty()).map(|t| t.to_string()))
}

fn push_actor(actors: &mut Vec<Actor>, name: Option<String>, role: ActorRole, actor_type: Option<String>) {
    if let Some(name) = name {
        actors.push(Actor { name, role, actor_type });
    }
}

/// `assoc_actor_*` may name several actors, separated by semicolons.
fn push_associates(actors: &mut Vec<Actor>, names: Option<String>, role: ActorRole) {
    for name in names.iter().flat_map(|n| n.split(';')).map(str::trim).filter(|n| !n.is_empty()) {
        actors.push(Actor { name: name.to_string(), role, actor_type: None });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inter_codes_and_text_read_the_same() {
        assert_eq!(actor_type("inter1", Some("2".into())), Ok(Some("Rebel group".into())));
        assert_eq!(actor_type("inter1", Some("Rebel group".into())), Ok(Some("Rebel group".into())));
        assert_eq!(actor_type("inter2", Some("0".into())), Ok(None));
        assert!(matches!(actor_type("inter2", Some("9".into())), Err(RowError::OutOfRange { .. })));
    }

    #[test]
    fn associates_split_on_semicolons() {
        let mut actors = Vec::new();
        push_associates(&mut actors, Some("Labor Group (Pakistan); Women (Pakistan);".into()), ActorRole::Associated1);
        let names: Vec<_> = actors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Labor Group (Pakistan)", "Women (Pakistan)"]);
    }
}
