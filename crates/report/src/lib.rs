//! Actor reports in the style of a Country of Origin Information (COI)
//! report section: overview, leadership, strength, areas of operation,
//! relations, incidents in a period and contested figures, followed by a
//! numbered list of references.
//!
//! Every sentence is made from claims of the knowledge base through fixed
//! templates (see `README.md`): there is no sentence without a claim behind
//! it, each carries numbered footnotes, and each footnote records the
//! source, the byte span and the quote of the claim it stands for, plus the
//! notes that passage itself cites (a claim taken from an EUAA sentence
//! citing a CRS report lists both). Where sources disagree the sentence
//! says so; a statement only one source makes says "according to a single
//! source"; a figure shows its range and the policy that picked it. Wording
//! is deterministic: the same knowledge base gives the same bytes.
//!
//! [`build`] assembles a [`Report`]; [`Report::to_markdown`],
//! [`Report::to_html`] (a standalone page that prints to PDF) and
//! [`Report::to_json`] render it.

mod build;
mod html;
mod incidents;
mod map;
mod markdown;
mod notes;
mod text;

use dossier_model::PartialDate;
use dossier_store::{AliasRow, ReferenceRow, Store, StoreError};
use serde::Serialize;

pub use dossier_resolve::ledger::Policy;

/// What to report on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportOptions {
    /// First day of the period the incidents table covers (`YYYY-MM-DD`;
    /// `YYYY-MM` and `YYYY` mean their first day).
    pub from: Option<String>,
    /// Last day of the period (`YYYY-MM-DD`; `YYYY-MM` and `YYYY` mean
    /// their last day).
    pub to: Option<String>,
    /// How displayed figures are chosen among the sources' values.
    pub policy: Policy,
}

/// Why a report could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The store failed, or names no such actor.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A period bound is not a date.
    #[error("bad date {0:?}: expected YYYY-MM-DD (or YYYY-MM, YYYY)")]
    BadDate(String),
    /// The period ends before it starts.
    #[error("the period ends ({to}) before it starts ({from})")]
    EmptyPeriod {
        /// First day.
        from: String,
        /// Last day.
        to: String,
    },
}

/// A report on one actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The actor.
    pub actor: ReportActor,
    /// The report's title (`Islamic State Khorasan Province (ISKP)`).
    pub title: String,
    /// The period the incidents cover, as given (full days).
    pub period: Period,
    /// The policy that chose displayed figures.
    pub policy: Policy,
    /// Editorial lines under the title (what the report is; no claims).
    pub preface: Vec<String>,
    /// The sections in order; the references are [`Report::footnotes`].
    pub sections: Vec<Section>,
    /// The numbered footnotes, `footnotes[i].number == i + 1`.
    pub footnotes: Vec<Footnote>,
}

/// The actor a report is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportActor {
    /// Stable key (`iskp`).
    pub key: String,
    /// Display name.
    pub name: String,
    /// The abbreviation used in the title (`ISKP`), when it has one.
    pub short_name: Option<String>,
    /// `armed_group`, `person`, …
    pub kind: String,
    /// Every alias, most used first.
    pub aliases: Vec<AliasRow>,
}

/// The period of the incidents section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub to: Option<String>,
}

impl Period {
    /// `1 January 2023 to 31 December 2023`, `from 1 January 2023`, `all dates`.
    pub fn words(&self) -> String {
        match (&self.from, &self.to) {
            (Some(f), Some(t)) => format!("{} to {}", text::long_date(f), text::long_date(t)),
            (Some(f), None) => format!("from {}", text::long_date(f)),
            (None, Some(t)) => format!("until {}", text::long_date(t)),
            (None, None) => "all dates".into(),
        }
    }
}

/// One numbered section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// Anchor (`overview`, `incidents`).
    pub id: String,
    /// Its number, from 1.
    pub number: usize,
    /// Its title.
    pub title: String,
    /// Its content.
    pub blocks: Vec<Block>,
}

/// A piece of a section.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph of footnoted sentences.
    Paragraph {
        /// Its sentences.
        sentences: Vec<Phrase>,
    },
    /// A sub-heading.
    Heading {
        /// Its text.
        text: String,
    },
    /// A table whose cells carry footnotes.
    Table(Table),
    /// The incidents map.
    Map(Map),
    /// An editorial line (a caption, what a table counts, that sources say
    /// nothing on a topic): never a statement about the actor.
    Remark {
        /// Its text.
        text: String,
    },
}

/// A sentence or table cell: text with footnote markers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Phrase {
    /// Plain text with markers as `[n]` and quotes in ‘ ’.
    pub text: String,
    /// The pieces, for renderers.
    pub parts: Vec<Inline>,
}

impl Phrase {
    /// The footnote numbers it carries, in order.
    pub fn notes(&self) -> Vec<u32> {
        self.parts.iter().filter_map(|p| if let Inline::Note { number } = p { Some(*number) } else { None }).collect()
    }

    pub(crate) fn new(parts: Vec<Inline>) -> Phrase {
        let mut text = String::new();
        for p in &parts {
            match p {
                Inline::Text { text: t } | Inline::Title { text: t } => text.push_str(t),
                Inline::Quote { text: t } => {
                    text.push('‘');
                    text.push_str(t);
                    text.push('’');
                }
                Inline::Note { number } => text.push_str(&format!("[{number}]")),
            }
        }
        Phrase { text, parts }
    }
}

/// A piece of a phrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text.
    Text {
        /// The text.
        text: String,
    },
    /// A work's title (set in italics).
    Title {
        /// The title.
        text: String,
    },
    /// Words quoted from a source (set in quotation marks).
    Quote {
        /// The words.
        text: String,
    },
    /// A footnote marker.
    Note {
        /// The footnote's number.
        number: u32,
    },
}

/// A table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Caption above it.
    pub caption: String,
    /// Column headings.
    pub columns: Vec<String>,
    /// Which columns are numeric (right-aligned).
    pub numeric: Vec<bool>,
    /// The rows.
    pub rows: Vec<Vec<Phrase>>,
    /// A line under it (what the figures are).
    pub note: Option<String>,
}

/// The incidents map: an equirectangular plot of the incidents that have
/// coordinates, coloured per country.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Map {
    /// Caption.
    pub caption: String,
    /// The inline SVG (`<svg …>…</svg>`, one line per element, no blank line).
    pub svg: String,
    /// The points drawn.
    pub points: Vec<MapPoint>,
    /// Incidents not drawn (no point coordinates: known only to a province
    /// or country).
    pub unplaced: usize,
}

/// One point of the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapPoint {
    /// The incidents table's row numbers at this place.
    pub rows: Vec<usize>,
    /// The event ids.
    pub events: Vec<i64>,
    /// Place name.
    pub place: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// One footnote: a stored span of a source and what the report takes from it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Footnote {
    /// Its number, from 1, in order of first use.
    pub number: u32,
    /// Hex id of the source.
    pub source_id: String,
    /// Start byte of the span in the source's canonical text.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// The span's text (`text[start..end]`).
    pub quote: String,
    /// The claim's or report's own span when the footnote's span was
    /// widened back to the sentences it relies on (a date or the group's
    /// name stated in the sentence before); it lies inside `start..end`.
    pub own_span: Option<(usize, usize)>,
    /// The source's metadata.
    pub source: SourceMeta,
    /// Claim ids it stands for.
    pub claims: Vec<i64>,
    /// Incident report ids it stands for.
    pub reports: Vec<i64>,
    /// What the report states on its authority, per field.
    pub backs: Vec<Backed>,
    /// The notes of the source that the passage cites for it (its own
    /// footnotes 396, 397 …), with their references.
    pub citing: Vec<CitedNote>,
    /// The reference entry as printed (EUAA style).
    pub reference: String,
}

/// A value a footnote is the authority for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Backed {
    /// `founded`, `size_estimate`, `alias`, `incident_date`, `incident_place`,
    /// `incident_toll`, `perpetrator`, `claimed`, …
    pub field: String,
    /// The value as this source states it (ISO dates; places and names as
    /// the source writes them; figures like `4,000–6,000`, `at least 54`).
    pub value: String,
    /// The report's words this footnote stands behind, as they appear in
    /// the sentence or cell (`26 January 2015`, `2,000 to 6,000`,
    /// `Balochistan`).
    pub shown: String,
}

/// Metadata of a source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceMeta {
    /// Title.
    pub title: String,
    /// Publisher or author.
    pub publisher: Option<String>,
    /// Publication date, ISO at its precision.
    pub date: Option<String>,
    /// Path as first ingested.
    pub path: String,
    /// Where it was published (URL), when known.
    pub address: Option<String>,
}

/// A note of the source cited by the passage a claim comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CitedNote {
    /// The note's label in the source (`397`).
    pub label: String,
    /// Its references, formatted (`US, CRS, Terrorist and Other Militant
    /// Groups in Pakistan, 2026-03-25, p. 2`).
    pub references: Vec<String>,
    /// The parsed references.
    pub rows: Vec<ReferenceRow>,
}

/// Builds the report on the actor `actor` names (key, name or alias).
pub fn build(store: &Store, actor: &str, options: &ReportOptions) -> Result<Report, ReportError> {
    let from = options.from.as_deref().map(|d| day(d, false)).transpose()?;
    let to = options.to.as_deref().map(|d| day(d, true)).transpose()?;
    if let (Some(f), Some(t)) = (&from, &to)
        && f > t
    {
        return Err(ReportError::EmptyPeriod { from: f.clone(), to: t.clone() });
    }
    build::build(store, actor, Period { from, to }, options.policy)
}

/// A period bound as a full day: `2023` → `2023-01-01` (or `2023-12-31`).
fn day(s: &str, last: bool) -> Result<String, ReportError> {
    let bad = || ReportError::BadDate(s.to_string());
    let t = s.trim();
    let ok_shape = t.len() >= 4 && t.bytes().all(|b| b.is_ascii_digit() || b == b'-') && t.get(..4).is_some();
    let d = PartialDate::parse_iso(t).filter(|_| ok_shape).ok_or_else(bad)?;
    let month = d.month.unwrap_or(if last { 12 } else { 1 });
    let dd = match d.day {
        Some(x) => x,
        None if last => (28..=31).rev().find(|x| PartialDate::day(d.year, month, *x).is_some()).unwrap_or(28),
        None => 1,
    };
    PartialDate::day(d.year, month, dd).map(|x| x.to_string()).ok_or_else(bad)
}

impl Report {
    /// The report as Markdown (CommonMark; the map as an inline SVG block).
    pub fn to_markdown(&self) -> String {
        markdown::render(self)
    }

    /// The report as a standalone HTML page with inline CSS and a print
    /// stylesheet (A4), ready to print to PDF.
    pub fn to_html(&self) -> String {
        html::render(self)
    }

    /// The report as pretty-printed JSON (this struct, serialized).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()))
    }

    /// Every phrase of the report (sentences and table cells), in order.
    pub fn phrases(&self) -> Vec<&Phrase> {
        let mut out = Vec::new();
        for s in &self.sections {
            for b in &s.blocks {
                match b {
                    Block::Paragraph { sentences } => out.extend(sentences),
                    Block::Table(t) => out.extend(t.rows.iter().flatten()),
                    _ => {}
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_bounds_become_days() {
        assert_eq!(day("2023", false).unwrap(), "2023-01-01");
        assert_eq!(day("2023", true).unwrap(), "2023-12-31");
        assert_eq!(day("2024-02", true).unwrap(), "2024-02-29");
        assert_eq!(day("2024-02-10", true).unwrap(), "2024-02-10");
        assert!(day("yesterday", false).is_err());
        assert!(day("2024-13-01", false).is_err());
    }
}
