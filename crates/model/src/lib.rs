//! Domain types shared by every Dossier stage.
//!
//! This is the lowest crate of the workspace: it has no Dossier dependencies
//! and holds only the vocabulary the stages pass forward (`read` produces a
//! [`Document`], `segment` turns it into [`Segmented`] passages and notes,
//! `store` persists both). Keeping the contracts here lets each stage be
//! replaced or tested on its own.

mod claims;
mod date;
mod document;
mod offsets;
pub mod scan;
mod segmented;
mod words;

pub use claims::{
    ActorKind, ActorRecord, Claim, ClaimValue, DatasetActor, DatasetEvent, IncidentReport, PlaceClaim, PlaceRecord,
    Predicate, SourceClaims, Toll,
};
pub use date::{DatePrecision, MONTH_NAMES, PartialDate, month_from_name};
pub use document::{Block, BlockKind, DocMeta, Document, Format, Layout, Marker, NoteDef, SourceId};
pub use offsets::OffsetMap;
pub use segmented::{Note, Passage, PassageKind, Reference, Segmented};
pub use words::{NUMBER_TENS, NUMBER_UNITS, small_number};

/// A half-open byte range `[start, end)` into a source's canonical text.
///
/// Offsets are bytes, not characters, so that slicing is O(1); both ends
/// always lie on UTF-8 character boundaries (the segmenter's property tests
/// check this).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when each starts before the other ends: spans that only touch
    /// do not overlap; an empty span strictly inside another does.
    ///
    /// ```
    /// use dossier_model::Span;
    /// assert!(Span::new(0, 5).overlaps(Span::new(4, 9)));
    /// assert!(!Span::new(0, 5).overlaps(Span::new(5, 9)));
    /// assert!(Span::new(3, 3).overlaps(Span::new(0, 9)));
    /// ```
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The text this span covers.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// True when the span is forward and both ends fall inside `text` on
    /// character boundaries (what every stored offset must be).
    pub fn fits(&self, text: &str) -> bool {
        self.start <= self.end && text.get(self.start..self.end).is_some()
    }
}
