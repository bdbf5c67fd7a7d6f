//! Segmentation: from a canonical text to passages tied to their footnotes.
//!
//! The segmenter sees every format the same way: blocks separated by blank
//! lines, plus whatever [`Layout`](dossier_model::Layout) the reader knew
//! from markup. It finds
//!
//! 1. blocks (headings, paragraphs, list items) — from the layout when the
//!    format states them, else from the text's own shape;
//! 2. notes — EUAA reference lists (`- [392](#)` then the citation, which
//!    may run across blank lines), Markdown `[^n]: …` definitions, or the
//!    reader's footnote definitions — each parsed into [`Reference`]s;
//! 3. sentences inside paragraphs, never split inside `U.S.`, `Dr.`, `p.`,
//!    initials, decimals or brackets;
//! 4. citations: the footnote markers (`³⁹²`, `[^3]`, `<sup>3</sup>`) inside
//!    each passage whose label names a note.
//!
//! Segmentation never fails: odd input gives odd passages, not errors.
//!
//! [`Reference`]: dossier_model::Reference

mod blocks;
mod markers;
mod meta;
mod notes;
pub mod refdate;
mod references;
mod sentences;

use dossier_model::{Document, Passage, PassageKind, Segmented, Span};

pub use references::parse_references;
pub use sentences::split_sentences;

/// Segments a document.
pub fn segment(doc: &Document) -> Segmented {
    let text = doc.text.as_str();
    let blocks = blocks::blocks(text, &doc.layout);
    let (notes, body) = notes::split_notes(text, &blocks, &doc.layout);
    let markers = markers::find(text, &doc.layout, &notes);

    let mut passages = Vec::new();
    for (paragraph, block) in body.iter().enumerate() {
        match block.kind {
            blocks::Kind::Paragraph => {
                for span in split_sentences(text, block.span) {
                    passages.push(Passage { kind: PassageKind::Sentence, paragraph, span, citations: Vec::new() });
                }
            }
            kind => passages.push(Passage { kind: kind.passage_kind(), paragraph, span: block.span, citations: Vec::new() }),
        }
    }
    attach_citations(&mut passages, &markers);
    let meta = meta::infer(text, &passages);
    Segmented { passages, notes, meta }
}

/// Gives each passage the labels of the markers inside it, in order, once.
fn attach_citations(passages: &mut [Passage], markers: &[markers::Found]) {
    let mut m = 0;
    for p in passages.iter_mut() {
        while m < markers.len() && markers[m].span.start < p.span.start {
            m += 1;
        }
        let mut k = m;
        while k < markers.len() && p.span.contains(markers[k].span) {
            if !p.citations.contains(&markers[k].label) {
                p.citations.push(markers[k].label.clone());
            }
            k += 1;
        }
    }
}

/// Trims ASCII and Unicode whitespace from both ends of a span.
pub(crate) fn trim(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.start + s.trim_end().len();
    Span::new(start, end.max(start))
}
