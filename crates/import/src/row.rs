//! The one row type every dataset is read into, and the small typed values
//! it carries.
//!
//! A [`DatasetRow`] keeps what the three datasets have in common (when,
//! where, who, what, how many died, what the source said) and keeps each
//! dataset's own precision codes next to the typed value made of them, so
//! that nothing the file says is lost in the mapping.

use std::fmt;

use dossier_model::PartialDate;

/// Which dataset a file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatasetKind {
    /// Armed Conflict Location & Event Data (ACLED) export.
    Acled,
    /// START's Global Terrorism Database (GTD) export.
    Gtd,
    /// Uppsala Conflict Data Program Georeferenced Event Dataset (UCDP GED),
    /// final or candidate release.
    UcdpGed,
}

impl DatasetKind {
    /// A short name for messages (`ACLED`, `GTD`, `UCDP GED`).
    pub fn name(self) -> &'static str {
        match self {
            DatasetKind::Acled => "ACLED",
            DatasetKind::Gtd => "GTD",
            DatasetKind::UcdpGed => "UCDP GED",
        }
    }
}

impl fmt::Display for DatasetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The exact column layout a file uses: the dataset and, where a dataset
/// has changed its export over time, which version of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// ACLED since 20 March 2023: `disorder_type`, `civilian_targeting` and
    /// `tags` added, `inter1`/`inter2`/`interaction` given as text.
    AcledCurrent,
    /// ACLED before March 2023: `data_id`, `event_id_no_cnty` and `iso3`
    /// present, `inter1`/`inter2`/`interaction` given as numeric codes.
    AcledLegacy,
    /// The GTD export (`eventid, iyear, imonth, iday, …`).
    Gtd,
    /// UCDP GED with its header line (49 columns).
    UcdpGed,
    /// UCDP GED candidate release published without a header line: the 49
    /// standard columns in their standard order, data from line 1.
    UcdpGedHeaderless,
}

impl Layout {
    /// The dataset this layout belongs to.
    pub fn kind(self) -> DatasetKind {
        match self {
            Layout::AcledCurrent | Layout::AcledLegacy => DatasetKind::Acled,
            Layout::Gtd => DatasetKind::Gtd,
            Layout::UcdpGed | Layout::UcdpGedHeaderless => DatasetKind::UcdpGed,
        }
    }

    /// Whether the file starts with a header line.
    pub fn has_header(self) -> bool {
        self != Layout::UcdpGedHeaderless
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Layout::AcledCurrent => "ACLED (2023 layout)",
            Layout::AcledLegacy => "ACLED (pre-2023 layout)",
            Layout::Gtd => "GTD",
            Layout::UcdpGed => "UCDP GED",
            Layout::UcdpGedHeaderless => "UCDP GED (header-less candidate)",
        })
    }
}

/// A point in WGS84 decimal degrees; both parts checked to lie on the globe.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Coordinates {
    /// Latitude, −90 to 90.
    pub lat: f64,
    /// Longitude, −180 to 180.
    pub lon: f64,
}

/// What a row's coordinates stand for, on one scale for the three datasets
/// (each dataset's own code is kept in [`DatasetRow::geo_code`]).
///
/// The mapping follows each codebook: ACLED `geo_precision` 1–3, GTD
/// `specificity` 1–5, UCDP `where_prec` 1–7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GeoPrecision {
    /// The named place itself (ACLED 1, GTD 1, UCDP 1).
    Place,
    /// Near a named place, or a small part of a region coded to a town that
    /// stands for it (ACLED 2, UCDP 2).
    NearPlace,
    /// The centroid of a second-order (or smaller) administrative unit (UCDP
    /// 3; GTD 2 and 3, where the smallest unit identified is below the first
    /// order, since GTD 4 is used when none is).
    Admin2,
    /// The centroid of a first-order administrative unit (UCDP 4, GTD 4).
    Admin1,
    /// A larger area: ACLED 3 (a larger region, coded to a natural location
    /// or the provincial capital), UCDP 5 (larger than admin-1, a point
    /// between two places, or a vaguely stated location).
    Region,
    /// The whole country: UCDP 6 (country centroid); GTD 5 (no first-order
    /// unit identified, so the coordinates are unknown).
    Country,
    /// Over water or in international airspace (UCDP 7).
    Water,
}

/// A row's actor, with the part it plays in the row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Actor {
    /// The name as the dataset writes it (`Islamic State (Khorasan
    /// Province)`, `Unknown`).
    pub name: String,
    /// Its part in the event.
    pub role: ActorRole,
    /// The dataset's actor type, where it gives one: ACLED `inter1`/`inter2`
    /// as the 2023 text (`State forces`, `Rebel group`); pre-2023 numeric
    /// codes are mapped to that text.
    pub actor_type: Option<String>,
}

/// The part an actor plays in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorRole {
    /// ACLED `actor1` (not necessarily the aggressor, says the codebook).
    Actor1,
    /// ACLED `assoc_actor_1`, one entry per `;`-separated name.
    Associated1,
    /// ACLED `actor2`.
    Actor2,
    /// ACLED `assoc_actor_2`, one entry per `;`-separated name.
    Associated2,
    /// GTD `gname`, `gname2`, `gname3`: the group(s) that carried it out.
    Perpetrator,
    /// UCDP `side_a`.
    SideA,
    /// UCDP `side_b`.
    SideB,
}

/// Deaths as the dataset counts them.
///
/// `best` is the dataset's one figure; `low` and `high` are set only where
/// the dataset gives a range (UCDP). A dataset that says nothing gives no
/// `Fatalities` at all (GTD's empty `nkill`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Fatalities {
    /// The dataset's figure: ACLED `fatalities` (by ACLED's rule the most
    /// conservative reported figure; no information is recorded as 0), GTD
    /// `nkill` (victims and perpetrators), UCDP `best`.
    pub best: Option<u64>,
    /// UCDP `low`: the lowest reliable estimate.
    pub low: Option<u64>,
    /// UCDP `high`: the highest reliable estimate.
    pub high: Option<u64>,
}

/// Whether a group claimed responsibility (GTD `claimed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Claimed {
    /// `1`: responsibility was claimed.
    Yes,
    /// `0`: no claim was reported.
    No,
    /// `-9` (or empty): the dataset does not know.
    Unknown,
}

/// One event, as one dataset row gives it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DatasetRow {
    /// The dataset it comes from.
    pub kind: DatasetKind,
    /// The line of the file on which the row starts (1-based, header
    /// included), for messages and for pointing back at the file.
    pub line: u64,
    /// The dataset's own id: ACLED `event_id_cnty`, GTD `eventid`, UCDP `id`.
    pub id: String,
    /// When, at the precision the dataset vouches for: ACLED
    /// `time_precision` 1 and 2 give the day, 3 gives the month (ACLED codes
    /// the month's midpoint or first/last day, which is not information);
    /// GTD gives the year when `imonth` is 0 and the month when `iday` is 0;
    /// UCDP `date_prec` 1–3 give `date_start`'s day, 4 its month, 5 its year.
    pub date: PartialDate,
    /// The last possible date, at the precision of `date`, when the dataset
    /// gives a range that does not collapse to `date`: UCDP `date_end`, GTD
    /// `resolution` (the day an incident lasting more than 24 hours ended).
    pub date_end: Option<PartialDate>,
    /// True when `date` is a stand-in rather than the reported day: ACLED
    /// `time_precision` 2 (sometime that week, coded to its middle), UCDP
    /// `date_prec` 2 and 3 (sometime in a span of up to a week), and GTD rows
    /// with an `approxdate`.
    pub date_approximate: bool,
    /// The dataset's own date precision code: ACLED `time_precision` (1–3),
    /// UCDP `date_prec` (1–5); GTD has none (its zeros say it instead).
    pub date_code: Option<u8>,
    /// The dataset's own words for an uncertain date (GTD `approxdate`).
    pub date_text: Option<String>,
    /// Country or territory name as the dataset writes it (ACLED `country`,
    /// GTD `country_txt`, UCDP `country`).
    pub country: Option<String>,
    /// ISO 3166-1 numeric code, where the file gives one (ACLED `iso`). GTD's
    /// `country` and UCDP's `country_id` (Gleditsch–Ward) are not ISO codes
    /// and are not read.
    pub iso_numeric: Option<u16>,
    /// ISO 3166-1 alpha-3 code, where the file gives one (pre-2023 ACLED
    /// `iso3`).
    pub iso_alpha3: Option<String>,
    /// The dataset's world region (ACLED and UCDP `region`, GTD `region_txt`).
    pub region: Option<String>,
    /// First-order administrative unit (ACLED `admin1`, GTD `provstate`, UCDP
    /// `adm_1`).
    pub admin1: Option<String>,
    /// Second-order unit (ACLED `admin2`, UCDP `adm_2`).
    pub admin2: Option<String>,
    /// Third-order unit (ACLED `admin3`).
    pub admin3: Option<String>,
    /// The named place (ACLED `location`, GTD `city`, UCDP
    /// `where_coordinates`).
    pub location: Option<String>,
    /// Free-text remarks on the place (GTD `location`, UCDP
    /// `where_description`).
    pub location_detail: Option<String>,
    /// The point the dataset gives, if any.
    pub coordinates: Option<Coordinates>,
    /// What the point stands for, on the common scale.
    pub geo_precision: Option<GeoPrecision>,
    /// The dataset's own location code: ACLED `geo_precision`, GTD
    /// `specificity`, UCDP `where_prec`.
    pub geo_code: Option<u8>,
    /// Who took part, in the dataset's order.
    pub actors: Vec<Actor>,
    /// What happened: ACLED `event_type`, GTD `attacktype1_txt`, UCDP
    /// `type_of_violence` as its codebook label (`state-based conflict`,
    /// `non-state conflict`, `one-sided violence`).
    pub event_type: Option<String>,
    /// ACLED `sub_event_type`.
    pub sub_event_type: Option<String>,
    /// Whom it targeted: GTD `targtype1_txt`.
    pub target_type: Option<String>,
    /// Deaths, when the dataset gives a figure.
    pub fatalities: Option<Fatalities>,
    /// Whether responsibility was claimed (GTD only).
    pub claimed: Option<Claimed>,
    /// The dataset's description of the event, the text a claim can quote:
    /// ACLED `notes`, GTD `summary`, UCDP `source_headline` (GED has no
    /// narrative; its headlines are the nearest thing).
    pub quote: Option<String>,
    /// Where the dataset got it: ACLED `source`, GTD `scite1`, UCDP
    /// `source_article` (names, dates and titles of the source articles).
    pub source: Option<String>,
}

impl Fatalities {
    /// One figure standing for the count: `best`, else the middle of the
    /// range, else whichever bound is known.
    pub fn point(&self) -> Option<u64> {
        self.best.or(match (self.low, self.high) {
            (Some(a), Some(b)) => Some(a + b.saturating_sub(a) / 2),
            (a, b) => a.or(b),
        })
    }
}
