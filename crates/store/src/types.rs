//! What the store hands out. These types are the `--json` output of the
//! CLI, so their field names and meanings are a stable wire format: add
//! fields, never rename or repurpose one.
//!
//! Conventions throughout:
//! * `start`/`end` are byte offsets into the source's canonical text
//!   (half-open); `original_start`/`original_end` are byte offsets into the
//!   original file.
//! * Ordinals count from 0 in text order.
//! * Dates are ISO strings at the precision the source gives (`"2015"`,
//!   `"2015-01"`, `"2015-01-26"`); absent values are `null`, never omitted.

use dossier_model::{Format, PassageKind};
use serde::Serialize;

/// Whether `ingest` wrote anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IngestOutcome {
    /// A new source was stored.
    Added,
    /// A source with the same bytes (same id) was already stored; nothing
    /// was written, not even a timestamp.
    Unchanged,
}

/// One source as listed by `dossier sources`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceSummary {
    /// Lowercase hex SHA-256 of the file's bytes (64 characters).
    pub id: String,
    /// Path as given when the source was first ingested.
    pub path: String,
    /// The document's title, else its file name.
    pub title: String,
    /// Publisher or author, when known.
    pub publisher: Option<String>,
    /// Publication date, ISO at its precision.
    pub date: Option<String>,
    /// Where it was published (URL), when known.
    pub address: Option<String>,
    /// Format it was read as (`text`, `markdown`, `html`, `pdf`).
    pub format: Format,
    /// Size of the original file in bytes.
    pub bytes: u64,
    /// Number of passages.
    pub passages: u64,
    /// Number of notes.
    pub notes: u64,
    /// Number of references parsed from the notes.
    pub references: u64,
}

/// Everything stored about one source, for `dossier show`.
///
/// In JSON it is one flat object: the fields of [`SourceSummary`] followed
/// by `ingested_at`, `warnings`, `text`, `passages` and `notes` — where
/// `passages` and `notes` are the lists themselves, not the summary's
/// counts (`references` stays the count).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceDetail {
    /// Metadata and counts, as in the listing.
    pub summary: SourceSummary,
    /// When it was stored (UTC, ISO 8601 with milliseconds).
    pub ingested_at: String,
    /// What the reader tolerated while reading it.
    pub warnings: Vec<String>,
    /// The canonical text every `start`/`end` points into.
    pub text: String,
    /// Body passages in text order.
    pub passages: Vec<PassageRow>,
    /// Notes in text order, with their parsed references.
    pub notes: Vec<NoteRow>,
}

impl Serialize for SourceDetail {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// The wire shape: written out rather than `#[serde(flatten)]`,
        /// which would emit `passages` and `notes` twice (count and list).
        #[derive(Serialize)]
        struct Wire<'a> {
            id: &'a str,
            path: &'a str,
            title: &'a str,
            publisher: &'a Option<String>,
            date: &'a Option<String>,
            address: &'a Option<String>,
            format: Format,
            bytes: u64,
            references: u64,
            ingested_at: &'a str,
            warnings: &'a [String],
            text: &'a str,
            passages: &'a [PassageRow],
            notes: &'a [NoteRow],
        }
        let s = &self.summary;
        Wire {
            id: &s.id,
            path: &s.path,
            title: &s.title,
            publisher: &s.publisher,
            date: &s.date,
            address: &s.address,
            format: s.format,
            bytes: s.bytes,
            references: s.references,
            ingested_at: &self.ingested_at,
            warnings: &self.warnings,
            text: &self.text,
            passages: &self.passages,
            notes: &self.notes,
        }
        .serialize(serializer)
    }
}

/// One passage of a source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PassageRow {
    /// Position among the source's passages, from 0.
    pub ordinal: usize,
    /// `sentence`, `heading`, `list_item` or `table_row`.
    pub kind: PassageKind,
    /// Index of the paragraph (block) it belongs to, from 0.
    pub paragraph: usize,
    /// Start byte in the canonical text.
    pub start: usize,
    /// End byte (exclusive) in the canonical text.
    pub end: usize,
    /// Start byte in the original file.
    pub original_start: usize,
    /// End byte (exclusive) in the original file.
    pub original_end: usize,
    /// The passage's text, footnote markers included.
    pub text: String,
    /// Labels of the notes it cites, in order.
    pub citations: Vec<String>,
}

/// One note (footnote or reference-list entry) of a source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteRow {
    /// Its label (`397`, `a`).
    pub label: String,
    /// Start byte in the canonical text.
    pub start: usize,
    /// End byte (exclusive) in the canonical text.
    pub end: usize,
    /// The note's text.
    pub text: String,
    /// Works it cites, in order.
    pub references: Vec<ReferenceRow>,
}

/// One cited work, as parsed from a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferenceRow {
    /// Position within its note, from 0.
    pub ordinal: usize,
    /// The reference text, whitespace collapsed.
    pub raw: String,
    /// Personal author, when parsed.
    pub author: Option<String>,
    /// Publisher or issuing body, when parsed.
    pub publisher: Option<String>,
    /// Title of the work, when parsed.
    pub title: Option<String>,
    /// Publication or update date, ISO at its precision.
    pub date: Option<String>,
    /// Pages or paragraphs cited (`p. 2`).
    pub pages: Option<String>,
    /// URL, when the reference gives a real one.
    pub address: Option<String>,
}

/// A note cited by a passage, resolved to its references.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// The note label as cited.
    pub label: String,
    /// The note's references; empty when the note has none parsed (or, in
    /// a damaged input, when no note has this label).
    pub references: Vec<ReferenceRow>,
}

/// One search result: a passage with where it comes from and what it cites.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Hex id of the source.
    pub source_id: String,
    /// Title of the source.
    pub source_title: String,
    /// Path of the source.
    pub source_path: String,
    /// The passage's ordinal within its source.
    pub passage: usize,
    /// `sentence`, `heading`, `list_item` or `table_row`.
    pub kind: PassageKind,
    /// Start byte in the canonical text.
    pub start: usize,
    /// End byte (exclusive) in the canonical text.
    pub end: usize,
    /// Start byte in the original file.
    pub original_start: usize,
    /// End byte (exclusive) in the original file.
    pub original_end: usize,
    /// The whole passage text.
    pub text: String,
    /// An excerpt with matches in `[` `]` and cuts marked `…`.
    pub snippet: String,
    /// BM25 score; lower is better (SQLite's sign convention).
    pub rank: f64,
    /// Notes the passage cites, in order, with their references.
    pub citations: Vec<Citation>,
}

/// Row counts of the whole store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Stored sources.
    pub sources: u64,
    /// Passages over all sources.
    pub passages: u64,
    /// Notes over all sources.
    pub notes: u64,
    /// References parsed from all notes.
    pub references: u64,
    /// Passage-to-note citations.
    pub citations: u64,
}
