//! UCDP GED rows, final and candidate releases, with or without a header.
//!
//! GED gives every event as a span, `date_start` to `date_end`, and says in
//! `date_prec` how precise that span is: 1 the exact day; 2 a span of two
//! to six days; 3 a known week; 4 a known month; 5 a known year (or a span
//! longer than a month). Deaths come as three estimates, `low ≤ best ≤
//! high`.

use dossier_model::DatePrecision;

use crate::error::{RowError, shown};
use crate::layout::{Header, Resolver};
use crate::parse::{self, Fields};
use crate::row::{Actor, ActorRole, DatasetKind, DatasetRow, Fatalities, GeoPrecision};

/// Columns every UCDP GED file must have.
pub(crate) const REQUIRED: [&str; 15] = [
    "id",
    "year",
    "type_of_violence",
    "side_a",
    "side_b",
    "where_prec",
    "latitude",
    "longitude",
    "country",
    "date_prec",
    "date_start",
    "date_end",
    "best",
    "high",
    "low",
];

/// `type_of_violence` labels, by code, as the codebook names them.
const VIOLENCE: [&str; 3] = ["state-based conflict", "non-state conflict", "one-sided violence"];

/// Where each column is.
pub(crate) struct Columns {
    pub(crate) id: usize,
    year: usize,
    type_of_violence: usize,
    side_a: usize,
    side_b: usize,
    where_prec: usize,
    latitude: usize,
    longitude: usize,
    country: usize,
    date_prec: usize,
    date_start: usize,
    date_end: usize,
    best: usize,
    high: usize,
    low: usize,
    region: Option<usize>,
    adm_1: Option<usize>,
    adm_2: Option<usize>,
    where_coordinates: Option<usize>,
    where_description: Option<usize>,
    source_article: Option<usize>,
    source_headline: Option<usize>,
}

impl Columns {
    pub(crate) fn resolve(header: &Header) -> Result<Self, Vec<&'static str>> {
        let mut r = Resolver::new(header);
        let [
            id,
            year,
            type_of_violence,
            side_a,
            side_b,
            where_prec,
            latitude,
            longitude,
            country,
            date_prec,
            date_start,
            date_end,
            best,
            high,
            low,
        ] = REQUIRED.map(|n| r.required(n));
        let columns = Columns {
            id,
            year,
            type_of_violence,
            side_a,
            side_b,
            where_prec,
            latitude,
            longitude,
            country,
            date_prec,
            date_start,
            date_end,
            best,
            high,
            low,
            region: r.optional("region"),
            adm_1: r.optional("adm_1"),
            adm_2: r.optional("adm_2"),
            where_coordinates: r.optional("where_coordinates"),
            where_description: r.optional("where_description"),
            source_article: r.optional("source_article"),
            source_headline: r.optional("source_headline"),
        };
        r.finish(columns)
    }

    /// Reads one row.
    ///
    /// The date is `date_start` at the precision `date_prec` vouches for
    /// (the day for 1–3, marked approximate for 2 and 3; the month for 4;
    /// the year for 5); `date_end` is kept when it differs at that precision.
    pub(crate) fn row(&self, f: &Fields<'_>, line: u64) -> Result<DatasetRow, RowError> {
        let id = f.required(self.id, "id")?.into_owned();
        parse::year("year", &f.get(self.year))?;
        let violence = parse::code("type_of_violence", &f.get(self.type_of_violence), 1, 3, "1, 2 or 3")?;
        let date_code = parse::code("date_prec", &f.get(self.date_prec), 1, 5, "1 to 5")?;
        let raw_start = f.get(self.date_start);
        let raw_end = f.get(self.date_end);
        let start = parse::iso_day("date_start", &raw_start)?;
        let end = parse::iso_day("date_end", &raw_end)?;
        if end < start {
            return Err(RowError::DateOrder {
                start_column: "date_start",
                start: shown(&raw_start),
                end_column: "date_end",
                end: shown(&raw_end),
            });
        }
        let precision = match date_code {
            1..=3 => DatePrecision::Day,
            4 => DatePrecision::Month,
            _ => DatePrecision::Year,
        };
        let date = parse::reduce(start, precision);
        let end = parse::reduce(end, precision);
        let geo_code = parse::code("where_prec", &f.get(self.where_prec), 1, 7, "1 to 7")?;
        let coordinates = parse::coordinates(&f.get(self.latitude), &f.get(self.longitude))?;
        let fatalities = Fatalities {
            best: parse::count("best", &f.get(self.best))?,
            low: parse::count("low", &f.get(self.low))?,
            high: parse::count("high", &f.get(self.high))?,
        };
        if let (Some(low), Some(best), Some(high)) = (fatalities.low, fatalities.best, fatalities.high)
            && !(low <= best && best <= high)
        {
            return Err(RowError::EstimateOrder { low, best, high });
        }
        let any_estimate = fatalities.best.is_some() || fatalities.low.is_some() || fatalities.high.is_some();
        let actors = [(self.side_a, ActorRole::SideA), (self.side_b, ActorRole::SideB)]
            .into_iter()
            .filter_map(|(idx, role)| f.opt(Some(idx)).map(|name| Actor { name, role, actor_type: None }))
            .collect();

        Ok(DatasetRow {
            kind: DatasetKind::UcdpGed,
            line,
            id,
            date,
            date_end: (end != date).then_some(end),
            date_approximate: matches!(date_code, 2 | 3),
            date_code: Some(date_code),
            date_text: None,
            country: f.opt(Some(self.country)),
            iso_numeric: None,
            iso_alpha3: None,
            region: f.opt(self.region),
            admin1: f.opt(self.adm_1),
            admin2: f.opt(self.adm_2),
            admin3: None,
            location: f.opt(self.where_coordinates),
            location_detail: f.opt(self.where_description),
            coordinates,
            geo_precision: Some(geo_precision(geo_code)),
            geo_code: Some(geo_code),
            actors,
            event_type: usize::from(violence).checked_sub(1).and_then(|i| VIOLENCE.get(i)).map(|s| s.to_string()),
            sub_event_type: None,
            target_type: None,
            fatalities: any_estimate.then_some(fatalities),
            claimed: None,
            quote: f.opt(self.source_headline),
            source: f.opt(self.source_article),
        })
    }
}

/// UCDP `where_prec` on the common scale.
fn geo_precision(code: u8) -> GeoPrecision {
    match code {
        1 => GeoPrecision::Place,
        2 => GeoPrecision::NearPlace,
        3 => GeoPrecision::Admin2,
        4 => GeoPrecision::Admin1,
        5 => GeoPrecision::Region,
        6 => GeoPrecision::Country,
        _ => GeoPrecision::Water,
    }
}
