//! The knowledge base's rows as the store hands them out; like
//! [`crate::types`], they are the CLI's `--json` wire format (add fields,
//! never rename one). Offsets are bytes into the source's canonical text.

use dossier_model::{ClaimValue, PlaceClaim, Predicate};
use serde::Serialize;

use crate::types::Citation;

/// A source, as a claim cites it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    /// Hex id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Path as first ingested.
    pub path: String,
    /// Publisher or author.
    pub publisher: Option<String>,
    /// Publication date, ISO at its precision.
    pub date: Option<String>,
}

/// An actor, as a claim or event names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorRef {
    /// Stable key (`iskp`, `sanaullah-ghafari`).
    pub key: String,
    /// Display name.
    pub name: String,
    /// `armed_group`, `person`, …
    pub kind: String,
}

/// One alias of an actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AliasRow {
    /// The form as a source writes it.
    pub alias: String,
    /// Distinct sources that use it.
    pub sources: u64,
}

/// One actor across all sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorRow {
    /// Stable key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// The reviewed lexicon's id, when it is a known actor.
    pub lexicon_id: Option<String>,
    /// Distinct sources that name it.
    pub sources: u64,
    /// Every alias, most used first.
    pub aliases: Vec<AliasRow>,
}

/// Where a claim or report comes from: the source, the exact span, the
/// passage around it and the notes that passage cites.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The source.
    pub source: SourceRef,
    /// Start byte of the span.
    pub start: usize,
    /// End byte of the span.
    pub end: usize,
    /// The span's text.
    pub quote: String,
    /// The passage the span starts in, when it starts in one.
    pub passage: Option<String>,
    /// Notes that passage cites, with their references.
    pub citations: Vec<Citation>,
}

/// One claim about an actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimRow {
    /// Row id.
    pub id: i64,
    /// What it says.
    pub predicate: Predicate,
    /// The value; for actor values the index is the source's own, so use
    /// `object`.
    pub value: ClaimValue,
    /// The actor the value names, resolved across sources.
    pub object: Option<ActorRef>,
    /// The date the statement is made for.
    pub as_of: Option<String>,
    /// A leader's role.
    pub role: Option<String>,
    /// Until when it held.
    pub until: Option<String>,
    /// When it happened (a split).
    pub date: Option<String>,
    /// The period an attack count covers.
    pub period: Option<String>,
    /// The place an attack count covers.
    pub place: Option<String>,
    /// The extraction rule.
    pub rule: String,
    /// Where it comes from.
    pub evidence: Evidence,
}

/// One event: reports of one incident merged across sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    /// Id (that of its first report).
    pub id: i64,
    /// Most precise date its reports give, ISO at its precision.
    pub date: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// ISO 3166-2 of the province.
    pub admin1: Option<String>,
    /// Province name.
    pub admin1_name: Option<String>,
    /// District name.
    pub admin2_name: Option<String>,
    /// Most specific place its reports give.
    pub place: Option<String>,
    /// That place's kind (`city`, `admin2`, `admin1`, `country`): a map
    /// draws an event known only to its province as the province.
    pub place_kind: Option<String>,
    /// Latitude of the place, when it is a point.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Perpetrator most reports name.
    pub perpetrator: Option<ActorRef>,
    /// Lowest toll any report gives.
    pub fatalities_low: Option<u64>,
    /// Highest toll any report gives.
    pub fatalities_high: Option<u64>,
    /// Toll under the `median` policy.
    pub fatalities_median: Option<u64>,
    /// Toll under the `recent` policy.
    pub fatalities_recent: Option<u64>,
    /// Some report says responsibility was claimed.
    pub claimed: bool,
    /// Number of reports.
    pub reports: u64,
    /// Number of distinct sources.
    pub sources: u64,
}

/// One report of an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportRow {
    /// Row id.
    pub id: i64,
    /// When, as the report gives it.
    pub date: Option<String>,
    /// Where, as the report gives it, and the gazetteer's reading.
    pub place: Option<PlaceClaim>,
    /// Perpetrator, resolved.
    pub perpetrator: Option<ActorRef>,
    /// Target as written.
    pub target: Option<String>,
    /// Lower bound of the toll.
    pub fatalities_min: Option<u64>,
    /// Upper bound of the toll.
    pub fatalities_max: Option<u64>,
    /// The toll's words.
    pub fatalities_quote: Option<String>,
    /// Responsibility claimed, per this report.
    pub claimed: bool,
    /// Extraction rules.
    pub rule: String,
    /// Where it comes from.
    pub evidence: Evidence,
}

/// Why two reports were merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkRow {
    /// A report id.
    pub a: i64,
    /// The other report id.
    pub b: i64,
    /// The pair's score.
    pub score: i64,
    /// The reasons.
    pub rule: String,
}

/// An event with its reports and merge links.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventDetail {
    /// The event.
    #[serde(flatten)]
    pub event: EventRow,
    /// Its reports, by id.
    pub report_list: Vec<ReportRow>,
    /// How they were merged.
    pub links: Vec<LinkRow>,
}

impl EventRow {
    /// The toll the named policy displays.
    pub fn toll(&self, policy: dossier_resolve::ledger::Policy) -> Option<u64> {
        use dossier_resolve::ledger::Policy;
        match policy {
            Policy::Conservative => self.fatalities_low,
            Policy::Recent => self.fatalities_recent,
            Policy::Median => self.fatalities_median,
        }
    }

    /// `Khar, Bājaur Agency, Khyber Pakhtunkhwa, PK`: the place and the
    /// units above it, each named once.
    pub fn place_text(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        for p in
            [self.place.as_deref(), self.admin2_name.as_deref(), self.admin1_name.as_deref(), self.country.as_deref()]
                .into_iter()
                .flatten()
        {
            if !parts.contains(&p) {
                parts.push(p);
            }
        }
        parts.join(", ")
    }
}

/// Which toll column an events query filters and sorts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TollColumn {
    /// Lowest figure.
    Low,
    /// Most recent statement's figure.
    Recent,
    /// Median figure.
    #[default]
    Median,
}

impl From<dossier_resolve::ledger::Policy> for TollColumn {
    fn from(policy: dossier_resolve::ledger::Policy) -> Self {
        use dossier_resolve::ledger::Policy;
        match policy {
            Policy::Conservative => TollColumn::Low,
            Policy::Recent => TollColumn::Recent,
            Policy::Median => TollColumn::Median,
        }
    }
}

/// Filters of an events query; every field narrows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFilter {
    /// Perpetrator (an actor key, alias or name).
    pub actor: Option<String>,
    /// ISO 3166-1 alpha-2, case-insensitive.
    pub country: Option<String>,
    /// Province name or ISO 3166-2 code, case-insensitive.
    pub admin1: Option<String>,
    /// Events that may have happened on or after this day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Events that may have happened on or before this day.
    pub to: Option<String>,
    /// Toll at least this, in `toll` column.
    pub min_fatalities: Option<u64>,
    /// Which toll the minimum applies to.
    pub toll: TollColumn,
    /// At most this many rows.
    pub limit: Option<usize>,
}
