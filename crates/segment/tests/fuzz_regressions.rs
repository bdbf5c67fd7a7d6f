//! The segmentation fuzz targets as ordinary tests (see `fuzz/` and
//! `docs/robustness.md`): every input kept under `tests/fixtures/fuzz/`
//! (the minimised corpora of `segment_text` and `segment_markdown`, and
//! every input that once crashed), the readers' kept HTML and PDF inputs,
//! and random footnote-heavy text go through `read_bytes` and `segment`.
//! Passages are ordered and disjoint, every span lies on character
//! boundaries, note labels are unique and every citation names a note: what
//! the store checks before it writes (a refusal there would stop a whole
//! `dossier ingest`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use dossier_model::{Document, Format};
use dossier_segment::segment;
use proptest::prelude::*;

/// The checks of `fuzz/src/lib.rs::segment` (after `read`).
fn check(name: &str, data: &[u8]) {
    let doc = match dossier_read::read_bytes(Path::new(name), data) {
        Ok(doc) => doc,
        Err(e) => {
            assert!(!e.to_string().contains('\n'), "error on more than one line: {e}");
            return;
        }
    };
    let text = doc.text.as_str();
    for c in (0..=text.len()).filter(|&c| text.is_char_boundary(c)) {
        assert!(doc.offsets.to_original(c) <= data.len(), "offset {c} maps past the original");
    }
    if matches!(doc.format, Format::Html | Format::Markdown) {
        check_markup_layout(&doc);
    }
    let seg = segment(&doc);
    let labels: HashSet<&str> = seg.notes.iter().map(|n| n.label.as_str()).collect();
    assert_eq!(labels.len(), seg.notes.len(), "a note label appears twice");
    let mut last = 0;
    for p in &seg.passages {
        assert!(p.span.fits(text), "passage {:?}", p.span);
        assert!(p.span.start >= last, "passages overlap at {:?}", p.span);
        last = p.span.end;
        for label in &p.citations {
            assert!(labels.contains(label.as_str()), "citation {label:?} names no note");
        }
    }
    for n in &seg.notes {
        assert!(n.span.fits(text), "note {:?} {:?}", n.label, n.span);
        for r in &n.references {
            assert!(r.span.fits(text), "reference {:?}", r.span);
        }
    }
}

/// What the HTML and Markdown readers promise about their layout (the
/// checks of `fuzz/src/lib.rs::markup_layout`): blocks in order, trimmed,
/// a blank line apart; markers in order and inside blocks.
fn check_markup_layout(doc: &Document) {
    if let Some(broken) = doc.layout.markup_violation(&doc.text) {
        panic!("{broken}");
    }
}

/// Files kept for a fuzz target, in this crate or in `dossier-read`.
fn kept(dir: &str, target: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir).join("tests/fixtures/fuzz").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs kept in {}", dir.display());
    files
}

fn replay(dir: &str, target: &str, name: &str) {
    for path in kept(dir, target) {
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| check(name, &data));
        assert!(outcome.is_ok(), "{} fails (replay it with `cargo fuzz run {target} FILE`)", path.display());
    }
}

#[test]
fn kept_text_inputs_segment_soundly() {
    replay("", "segment_text", "x.txt");
}

#[test]
fn kept_markdown_inputs_segment_soundly() {
    replay("", "segment_markdown", "x.md");
}

#[test]
fn kept_html_and_pdf_inputs_segment_soundly() {
    replay("../read", "read_html", "x.html");
    replay("../read", "read_pdf", "x.pdf");
}

/// Text made of the pieces the footnote, reference and citation-date
/// parsers have rules for.
fn notes_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("The group grew.".to_string()),
        Just("¹".to_string()),
        Just("³⁹⁷".to_string()),
        Just("[^1]".to_string()),
        Just("[^a]".to_string()),
        Just("[12]".to_string()),
        Just("\n[^1]: ".to_string()),
        Just("\n[^1]:".to_string()),
        Just("\n- [392](#) ".to_string()),
        Just("\n- [](#)".to_string()),
        Just("\n1. ".to_string()),
        Just("\n¹ ".to_string()),
        Just("\nReferences\n".to_string()),
        Just("\n## Notes\n".to_string()),
        Just("UN Security Council, ".to_string()),
        Just("Report of the Monitoring Team, ".to_string()),
        Just("S/2023/95, ".to_string()),
        Just("13 February 2023, ".to_string()),
        Just("31 February 2022, ".to_string()),
        Just("29 February 2023".to_string()),
        Just("n.d., ".to_string()),
        Just("pp. 6, 23, ".to_string()),
        Just("p. ".to_string()),
        Just("https://example.org/a?b=c ".to_string()),
        Just("url, accessed 1 June 2021".to_string()),
        Just("\n\n".to_string()),
        Just(". ".to_string()),
        Just(", ".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\u{a0}".to_string()),
        "[0-9]{1,5}",
        "[A-Za-z ]{0,10}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn footnote_heavy_text_segments_soundly(s in notes_text()) {
        check("x.txt", s.as_bytes());
    }

    #[test]
    fn footnote_heavy_markdown_segments_soundly(s in notes_text()) {
        check("x.md", s.as_bytes());
    }

    #[test]
    fn arbitrary_bytes_segment_soundly(bytes in prop::collection::vec(any::<u8>(), 0..800), md in any::<bool>()) {
        check(if md { "x.md" } else { "x.txt" }, &bytes);
    }
}

/// Found by the `segment_markdown` target (kept as
/// `fixtures/fuzz/segment_markdown/crash-*`): a footnote label made only of
/// characters the canonical rules drop or turn into spaces (`[^\x11]:`,
/// `[^\u{a0}]:`, `[^\u{200b}]:`) left the note's block starting with a
/// space. The label's edges are now trimmed of them and an empty label is
/// not shown.
#[test]
fn invisible_footnote_labels_leave_no_edge_whitespace() {
    for md in [
        &b"[^\x11]:\xff"[..],
        b"[^\x11]: a",
        b"[^\x01]: note",
        b"x[^\x11]\n\n[^\x11]: note",
        "[^\u{a0}]: note".as_bytes(),
        "[^\u{200b}]: note".as_bytes(),
        "[^\u{a0}1]: note".as_bytes(),
        "[^\x111]: note".as_bytes(),
    ] {
        check("x.md", md);
    }
    let doc = dossier_read::read_bytes(Path::new("x.md"), b"Text[^1].\n\n[^1]: The note.").unwrap();
    assert!(doc.text.contains("1 The note."), "a visible label is still shown: {:?}", doc.text);
}
