//! GTD rows.
//!
//! GTD gives the date in three columns where 0 means unknown: `imonth` 0
//! leaves only the year, `iday` 0 only the month. `approxdate` holds GTD's
//! own words when the date is uncertain; `resolution` the day an incident
//! lasting more than 24 hours (`extended` = 1) ended. `nkill` is empty when
//! unknown and, in spreadsheet exports, written as `3.0`.

use dossier_model::PartialDate;

use crate::error::{RowError, shown};
use crate::layout::{Header, Resolver};
use crate::parse::{self, Fields};
use crate::row::{Actor, ActorRole, Claimed, DatasetKind, DatasetRow, Fatalities, GeoPrecision};

/// Columns every GTD file must have.
pub(crate) const REQUIRED: [&str; 9] =
    ["eventid", "iyear", "imonth", "iday", "country_txt", "latitude", "longitude", "gname", "nkill"];

/// Where each column is.
pub(crate) struct Columns {
    pub(crate) id: usize,
    iyear: usize,
    imonth: usize,
    iday: usize,
    country_txt: usize,
    latitude: usize,
    longitude: usize,
    gname: usize,
    nkill: usize,
    approxdate: Option<usize>,
    resolution: Option<usize>,
    region_txt: Option<usize>,
    provstate: Option<usize>,
    city: Option<usize>,
    location: Option<usize>,
    specificity: Option<usize>,
    summary: Option<usize>,
    attacktype1_txt: Option<usize>,
    targtype1_txt: Option<usize>,
    gname2: Option<usize>,
    gname3: Option<usize>,
    claimed: Option<usize>,
    scite1: Option<usize>,
}

impl Columns {
    pub(crate) fn resolve(header: &Header) -> Result<Self, Vec<&'static str>> {
        let mut r = Resolver::new(header);
        let [id, iyear, imonth, iday, country_txt, latitude, longitude, gname, nkill] = REQUIRED.map(|n| r.required(n));
        let columns = Columns {
            id,
            iyear,
            imonth,
            iday,
            country_txt,
            latitude,
            longitude,
            gname,
            nkill,
            approxdate: r.optional("approxdate"),
            resolution: r.optional("resolution"),
            region_txt: r.optional("region_txt"),
            provstate: r.optional("provstate"),
            city: r.optional("city"),
            location: r.optional("location"),
            specificity: r.optional("specificity"),
            summary: r.optional("summary"),
            attacktype1_txt: r.optional("attacktype1_txt"),
            targtype1_txt: r.optional("targtype1_txt"),
            gname2: r.optional("gname2"),
            gname3: r.optional("gname3"),
            claimed: r.optional("claimed"),
            scite1: r.optional("scite1"),
        };
        r.finish(columns)
    }

    /// Reads one row.
    pub(crate) fn row(&self, f: &Fields<'_>, line: u64) -> Result<DatasetRow, RowError> {
        let id = f.required(self.id, "eventid")?.into_owned();
        let date = self.date(f)?;
        let date_text = f.opt(self.approxdate);
        let date_end = match f.opt(self.resolution) {
            Some(value) => {
                let end = parse::reduce(parse::gtd_day("resolution", &value)?, date.precision());
                if end < date {
                    return Err(RowError::DateOrder {
                        start_column: "iyear/imonth/iday",
                        start: date.to_string(),
                        end_column: "resolution",
                        end: shown(&value),
                    });
                }
                (end != date).then_some(end)
            }
            None => None,
        };
        let geo_code = match f.opt(self.specificity) {
            Some(v) => Some(parse::code("specificity", &v, 1, 5, "1 to 5")?),
            None => None,
        };
        let coordinates = parse::coordinates(&f.get(self.latitude), &f.get(self.longitude))?;
        let fatalities =
            parse::count("nkill", &f.get(self.nkill))?.map(|n| Fatalities { best: Some(n), low: None, high: None });
        let claimed = match self.claimed {
            Some(idx) => Some(claimed(&f.get(idx))?),
            None => None,
        };
        let actors = [Some(self.gname), self.gname2, self.gname3]
            .into_iter()
            .filter_map(|idx| f.opt(idx))
            .map(|name| Actor { name, role: ActorRole::Perpetrator, actor_type: None })
            .collect();

        Ok(DatasetRow {
            kind: DatasetKind::Gtd,
            line,
            id,
            date,
            date_end,
            date_approximate: date_text.is_some(),
            date_code: None,
            date_text,
            country: f.opt(Some(self.country_txt)),
            iso_numeric: None,
            iso_alpha3: None,
            region: f.opt(self.region_txt),
            admin1: f.opt(self.provstate),
            admin2: None,
            admin3: None,
            location: f.opt(self.city),
            location_detail: f.opt(self.location),
            coordinates,
            geo_precision: geo_code.map(geo_precision),
            geo_code,
            actors,
            event_type: f.opt(self.attacktype1_txt),
            sub_event_type: None,
            target_type: f.opt(self.targtype1_txt),
            fatalities,
            claimed,
            quote: f.opt(self.summary),
            source: f.opt(self.scite1),
        })
    }

    /// `iyear`, `imonth`, `iday`, with 0 meaning unknown.
    fn date(&self, f: &Fields<'_>) -> Result<PartialDate, RowError> {
        let year = parse::year("iyear", &f.get(self.iyear))?;
        let month = parse::code("imonth", &f.get(self.imonth), 0, 12, "0 (unknown) to 12")?;
        let day = parse::code("iday", &f.get(self.iday), 0, 31, "0 (unknown) to 31")?;
        match (month, day) {
            (0, _) => Ok(PartialDate::year(year)),
            (m, 0) => PartialDate::month(year, m).ok_or_else(|| impossible(year, m, 0)),
            (m, d) => PartialDate::day(year, m, d).ok_or_else(|| impossible(year, m, d)),
        }
    }
}

fn impossible(year: i32, month: u8, day: u8) -> RowError {
    RowError::ImpossibleDate { column: "iyear/imonth/iday", value: format!("{year}/{month}/{day}") }
}

/// GTD `claimed`: 1 yes, 0 no, -9 (or blank) unknown.
fn claimed(value: &str) -> Result<Claimed, RowError> {
    if value.is_empty() {
        return Ok(Claimed::Unknown);
    }
    match parse::whole("claimed", value)? {
        1 => Ok(Claimed::Yes),
        0 => Ok(Claimed::No),
        -9 => Ok(Claimed::Unknown),
        _ => Err(RowError::OutOfRange { column: "claimed", value: shown(value), allowed: "1, 0 or -9" }),
    }
}

/// GTD `specificity` on the common scale. 2 and 3 put the point at the
/// smallest administrative unit identified, which is below the first order
/// (4 is used when no second-order unit could be identified).
fn geo_precision(code: u8) -> GeoPrecision {
    match code {
        1 => GeoPrecision::Place,
        2 | 3 => GeoPrecision::Admin2,
        4 => GeoPrecision::Admin1,
        _ => GeoPrecision::Country,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claimed_codes() {
        assert_eq!(claimed("1"), Ok(Claimed::Yes));
        assert_eq!(claimed("0.0"), Ok(Claimed::No));
        assert_eq!(claimed("-9"), Ok(Claimed::Unknown));
        assert_eq!(claimed(""), Ok(Claimed::Unknown));
        assert!(matches!(claimed("2"), Err(RowError::OutOfRange { column: "claimed", .. })));
    }
}
