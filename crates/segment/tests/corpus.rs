//! Segmentation of the bundled corpus: the passages and notes of each
//! document as snapshots (update with `UPDATE_EXPECT=1 cargo test`), plus
//! the footnote cases the backbone issue names.

use std::fmt::Write;
use std::path::PathBuf;

use dossier_model::{Document, Segmented};
use dossier_segment::segment;

fn corpus(name: &str) -> (Document, Segmented) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus").join(name);
    let doc = dossier_read::read_file(&path).expect("corpus file reads");
    let seg = segment(&doc);
    (doc, seg)
}

fn dump(doc: &Document, seg: &Segmented) -> String {
    let mut out = String::new();
    writeln!(out, "meta: {:?} | {:?} | {:?}", seg.meta.title, seg.meta.publisher, seg.meta.date.map(|d| d.to_string()))
        .unwrap();
    for p in &seg.passages {
        let cites = if p.citations.is_empty() { String::new() } else { format!(" [{}]", p.citations.join(",")) };
        writeln!(
            out,
            "{:>3} {:<9} {}..{}{} {}",
            p.paragraph,
            p.kind.as_str(),
            p.span.start,
            p.span.end,
            cites,
            p.span.slice(&doc.text)
        )
        .unwrap();
    }
    for n in &seg.notes {
        writeln!(out, "note {} {}..{}", n.label, n.span.start, n.span.end).unwrap();
        for r in &n.references {
            writeln!(
                out,
                "  - author={:?} publisher={:?} title={:?} date={:?} pages={:?} address={:?}",
                r.author,
                r.publisher,
                r.title,
                r.date.map(|d| d.to_string()),
                r.pages,
                r.address
            )
            .unwrap();
        }
    }
    out
}

#[test]
fn corpus_snapshots() {
    for name in ["000_29adca9be820ab4a", "001_dce01329566ea4d4", "002_a0dd040568ab9a18", "003_3eca4994eb5a6ec5"] {
        let (doc, seg) = corpus(&format!("{name}.txt"));
        expect_test::expect_file![format!("snapshots/{name}.txt")].assert_eq(&dump(&doc, &seg));
    }
}

#[test]
fn euaa_size_sentence_cites_397_parsed() {
    let (doc, seg) = corpus("000_29adca9be820ab4a.txt");
    let p =
        seg.passages.iter().find(|p| p.span.slice(&doc.text).ends_with("4 000–6 000 fighters.³⁹⁷")).expect("sentence");
    assert!(p.span.slice(&doc.text).starts_with("Estimates of the size of the group"));
    assert_eq!(p.citations, ["396", "397"]);
    let note = seg.notes.iter().find(|n| n.label == "397").expect("note 397");
    let r = &note.references[0];
    assert_eq!(r.publisher.as_deref(), Some("US, CRS"));
    assert_eq!(r.title.as_deref(), Some("Terrorist and Other Militant Groups in Pakistan"));
    assert_eq!(r.date.map(|d| d.to_string()).as_deref(), Some("2026-03-25"));
    assert_eq!(r.pages.as_deref(), Some("p. 2"));
}

#[test]
fn note_399_spans_the_blank_line_and_carries_both_works() {
    let (doc, seg) = corpus("000_29adca9be820ab4a.txt");
    let p = seg.passages.iter().find(|p| p.citations.contains(&"399".to_string())).expect("sentence citing 399");
    assert!(p.span.slice(&doc.text).starts_with("The group, which has a history of attacking"));
    assert_eq!(p.citations, ["398", "399"]);
    let note = seg.notes.iter().find(|n| n.label == "399").expect("note 399");
    let authors: Vec<_> = note.references.iter().map(|r| r.author.as_deref()).collect();
    assert_eq!(authors, [Some("Jadoon, A."), Some("Basit, A.")]);
    assert_eq!(note.references[1].title.as_deref(), Some("Is the Islamic State of Khorasan Province Losing Momentum?"));
    // All 17 notes of the section are found, and no note text leaks into the body.
    assert_eq!(seg.notes.len(), 17);
    assert!(seg.passages.iter().all(|p| !p.span.slice(&doc.text).contains("[url](#)")));
}

#[test]
fn every_passage_and_note_lies_on_char_boundaries() {
    for name in ["000_29adca9be820ab4a", "001_dce01329566ea4d4", "002_a0dd040568ab9a18", "003_3eca4994eb5a6ec5"] {
        let (doc, seg) = corpus(&format!("{name}.txt"));
        let mut last = 0;
        for p in &seg.passages {
            assert!(p.span.start >= last, "{name}: passages overlap or go backwards");
            assert!(doc.text.is_char_boundary(p.span.start) && doc.text.is_char_boundary(p.span.end));
            last = p.span.end;
        }
    }
}
