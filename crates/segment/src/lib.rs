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

/// List items longer than this many bytes are prose and are cut into
/// sentences.
const LONG_ITEM: usize = 250;

/// Segments a document.
pub fn segment(doc: &Document) -> Segmented {
    let text = doc.text.as_str();
    let blocks = blocks::blocks(text, &doc.layout);
    let (notes, body) = notes::split_notes(text, &blocks, &doc.layout);
    let markers = markers::find(text, &doc.layout, &notes);
    let layout_markers: Vec<Span> = doc.layout.markers.iter().map(|m| m.span).collect();
    let layout_markers = sentences::Markers::new(&layout_markers);

    let mut passages = Vec::with_capacity(body.len());
    let mut spans = Vec::with_capacity(16); // sentence spans of one block, reused
    for (paragraph, block) in body.iter().enumerate() {
        // A numbered paragraph ("86. Hurras al-Din remained …") is a
        // paragraph, not a list item: long items are cut into sentences.
        let long_item = block.kind == blocks::Kind::ListItem && block.span.len() > LONG_ITEM;
        match block.kind {
            blocks::Kind::Paragraph | blocks::Kind::ListItem if long_item || block.kind == blocks::Kind::Paragraph => {
                spans.clear();
                sentences::split_into(text, block.span, &layout_markers, &mut spans);
                for &span in &spans {
                    passages.push(Passage { kind: PassageKind::Sentence, paragraph, span, citations: Vec::new() });
                }
            }
            kind => {
                passages.push(Passage { kind: kind.passage_kind(), paragraph, span: block.span, citations: Vec::new() })
            }
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

/// `s.find("](")`, the middle of a Markdown link, found by jumping from `]`
/// to `]`: the substring searcher's setup costs more than the short notes
/// and fields it is asked about.
pub(crate) fn find_link_middle(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(k) = bytes.get(from..)?.iter().position(|&b| b == b']') {
        let i = from + k;
        if bytes.get(i + 1) == Some(&b'(') {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// Trims ASCII and Unicode whitespace from both ends of a span.
pub(crate) fn trim(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.start + s.trim_end().len();
    Span::new(start, end.max(start))
}

/// The texts of the corpus and of the fuzz inputs kept as fixtures, for
/// tests that compare a fast path with the plain one on real inputs.
#[cfg(test)]
pub(crate) fn test_inputs() -> Vec<String> {
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                walk(&path, out);
            } else if let Ok(bytes) = std::fs::read(&path) {
                out.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = Vec::new();
    for dir in ["corpus", "crates/extract/tests/fixtures", "crates/segment/tests/fixtures"] {
        walk(&root.join(dir), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use dossier_model::{Document, Format, Layout, OffsetMap, SourceId};

    use super::*;

    fn seg(text: &str) -> (Segmented, Vec<(String, Vec<String>)>) {
        let doc = Document {
            id: SourceId::of_bytes(text.as_bytes()),
            path: "t.txt".into(),
            format: Format::Text,
            byte_len: text.len(),
            text: text.into(),
            offsets: OffsetMap::identity(text.len()),
            layout: Layout::default(),
            meta: Default::default(),
            warnings: vec![],
        };
        let s = segment(&doc);
        let view = s.passages.iter().map(|p| (p.span.slice(text).to_string(), p.citations.clone())).collect();
        (s, view)
    }

    #[test]
    fn superscript_labelled_notes() {
        let (s, view) = seg(
            "Title here\n\nAt least 54 died.¹ ISKP claimed it.²\n\n¹ Dawn, Bajaur blast, 31 July 2023.\n² Al Jazeera, Claim, 1 August 2023.\n",
        );
        assert_eq!(view[1], ("At least 54 died.¹".to_string(), vec!["1".to_string()]));
        assert_eq!(view[2].1, ["2"]);
        assert_eq!(s.notes.len(), 2);
        assert_eq!(s.notes[1].references[0].publisher.as_deref(), Some("Al Jazeera"));
        assert_eq!(view.len(), 3, "notes are not body passages");
    }

    #[test]
    fn markdown_style_and_reference_sections() {
        let (s, view) = seg(
            "Text cites one.[^a] And two [2].\n\n[^a]: First, A title, 2020.\n\n## References\n\n2. Second, Another title, 2021.\n",
        );
        assert_eq!(view[0].1, ["a"]);
        assert_eq!(view[1].1, ["2"]);
        assert_eq!(s.notes.iter().map(|n| n.label.as_str()).collect::<Vec<_>>(), ["a", "2"]);
    }

    #[test]
    fn link_middle_is_the_substring_search() {
        for s in ["", "]", "](", "a]b](c", "]]]((", "[x](#)", "é](", "a]", "a] (b](", "[^1]: x"] {
            assert_eq!(find_link_middle(s), s.find("]("), "{s:?}");
        }
        for text in test_inputs() {
            for line in text.lines() {
                assert_eq!(find_link_middle(line), line.find("]("), "{line:?}");
            }
        }
    }

    #[test]
    fn unresolved_markers_are_not_citations() {
        let (_, view) = seg("An area of 5 km² and a list [3] of things.");
        assert!(view[0].1.is_empty());
    }
}
