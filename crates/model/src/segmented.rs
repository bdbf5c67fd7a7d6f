//! What the segmenter hands forward: passages with their citations, and the
//! document's notes parsed into references.

use crate::{PartialDate, Span};

/// What a passage is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassageKind {
    /// A sentence of prose.
    Sentence,
    /// A heading or title line.
    Heading,
    /// One list item (or one line of a flattened infobox).
    ListItem,
    /// One table row.
    TableRow,
}

impl PassageKind {
    /// Stable lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            PassageKind::Sentence => "sentence",
            PassageKind::Heading => "heading",
            PassageKind::ListItem => "list_item",
            PassageKind::TableRow => "table_row",
        }
    }

    /// Inverse of [`PassageKind::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "sentence" => PassageKind::Sentence,
            "heading" => PassageKind::Heading,
            "list_item" => PassageKind::ListItem,
            "table_row" => PassageKind::TableRow,
            _ => return None,
        })
    }
}

/// The unit every claim will point at: a sentence, heading or list item of
/// the body, with the footnotes attached to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// What it is.
    pub kind: PassageKind,
    /// Index of the paragraph (block) it belongs to, from 0.
    pub paragraph: usize,
    /// Its text in the canonical text, footnote markers included.
    pub span: Span,
    /// Labels of the notes its markers point to, in order, without
    /// duplicates; every label names a [`Note`] of the same document.
    pub citations: Vec<String>,
}

/// One footnote or reference-list entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Its label (`397`, `1`, `a`).
    pub label: String,
    /// Its text in the canonical text (may span blank lines).
    pub span: Span,
    /// The works it cites, in order (`Jadoon …; Basit …` gives two).
    pub references: Vec<Reference>,
}

/// One cited work, parsed from a note.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Reference {
    /// Its text in the canonical text.
    #[serde(skip)]
    pub span: Span,
    /// The reference text with whitespace collapsed.
    pub raw: String,
    /// A personal author (`Jadoon, A.`).
    pub author: Option<String>,
    /// Publisher or issuing body (`US, CRS`; `The Diplomat`).
    pub publisher: Option<String>,
    /// Title of the work.
    pub title: Option<String>,
    /// Publication or update date.
    pub date: Option<PartialDate>,
    /// Pages or paragraphs cited (`p. 2`, `pp. 6, 23`, `para. 86`).
    pub pages: Option<String>,
    /// Address (URL) when the reference gives a real one.
    pub address: Option<String>,
}

/// A document cut into passages, with its notes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmented {
    /// Body passages in text order, not overlapping.
    pub passages: Vec<Passage>,
    /// Notes in text order.
    pub notes: Vec<Note>,
    /// Title, publisher and date found in the text when the format itself
    /// gave none.
    pub meta: crate::DocMeta,
}
