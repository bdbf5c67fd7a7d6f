//! The readers' fuzz targets as ordinary tests (see `fuzz/` and
//! `docs/robustness.md`): every input kept under `tests/fixtures/fuzz/`
//! (the minimised corpus of `read_html` and `read_pdf`, and every input that
//! once crashed), plus random inputs, go through `read_bytes` as `x.html` or
//! `x.pdf`. Each gives a document whose offsets all lie on character
//! boundaries and map inside the original, or a one-line error naming the
//! file; never a panic.

use std::path::{Path, PathBuf};

use dossier_model::{Document, Format};
use proptest::prelude::*;

/// The checks of `fuzz/src/lib.rs::read`.
fn check_read(name: &str, data: &[u8]) -> Option<Document> {
    let doc = match dossier_read::read_bytes(Path::new(name), data) {
        Ok(doc) => doc,
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.contains('\n'), "error on more than one line: {msg:?}");
            assert!(msg.starts_with(name), "error does not name the file: {msg:?}");
            return None;
        }
    };
    let text = doc.text.as_str();
    assert!(!text.trim().is_empty(), "a document with no text");
    assert_eq!(doc.byte_len, data.len());
    for c in (0..=text.len()).filter(|&c| text.is_char_boundary(c)) {
        let o = doc.offsets.to_original(c);
        assert!(o <= data.len(), "canonical {c} maps to {o}, past the {}-byte original", data.len());
    }
    let l = &doc.layout;
    for s in
        l.blocks.iter().map(|b| b.span).chain(l.markers.iter().map(|m| m.span)).chain(l.notes.iter().map(|n| n.span))
    {
        assert!(s.fits(text), "layout span {s:?}");
    }
    for w in &doc.warnings {
        assert!(!w.contains('\n'), "warning on more than one line: {w:?}");
    }
    if matches!(doc.format, Format::Html | Format::Markdown) {
        check_markup_layout(&doc, data);
    }
    Some(doc)
}

/// The checks of `fuzz/src/lib.rs::markup_layout`.
fn check_markup_layout(doc: &Document, data: &[u8]) {
    let t = doc.text.as_str();
    if let Some(broken) = doc.layout.markup_violation(t) {
        panic!("{broken}");
    }
    assert!(!t.contains('\r'));
    let mut last = 0;
    for i in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
        let o = doc.offsets.to_original(i);
        assert!(o >= last && o <= data.len(), "offset {i} maps to {o} after {last}");
        last = o;
    }
}

fn kept(target: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs kept in {}", dir.display());
    files
}

/// Runs `check` on every kept input of `target`, naming the file that fails.
fn replay(target: &str, name: &str) {
    for path in kept(target) {
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| check_read(name, &data));
        assert!(outcome.is_ok(), "{} fails (replay it with `cargo fuzz run {target} FILE`)", path.display());
    }
}

#[test]
fn kept_html_inputs_read_soundly() {
    replay("read_html", "x.html");
}

#[test]
fn kept_pdf_inputs_read_or_fail_in_one_line() {
    replay("read_pdf", "x.pdf");
}

fn pdf_fixture() -> Vec<u8> {
    std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf_report.pdf")).unwrap()
}

/// HTML from the pieces the reader has rules for.
fn htmlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div>".to_string()),
        Just("</div>".to_string()),
        Just("<sup>1</sup>".to_string()),
        Just("<a href=\"#fn1\">[1]</a>".to_string()),
        Just("<li id=\"fn1\">Note, Title, 2021.</li>".to_string()),
        Just("<ol class=\"footnotes\">".to_string()),
        Just("<table><tr><td>a</td><td>b</td></tr></table>".to_string()),
        Just("<h2>Heading</h2>".to_string()),
        Just("<script>x()</script>".to_string()),
        Just("<pre>\n  a\n</pre>".to_string()),
        Just("<br>".to_string()),
        Just("&amp;&nbsp;&#8212;&#x0;&bogus;".to_string()),
        Just("\r\n".to_string()),
        Just("\u{a0}e\u{301}".to_string()),
        "[a-z .,<>/=\"]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_bytes_as_html(bytes in prop::collection::vec(any::<u8>(), 0..800)) {
        check_read("x.html", &bytes);
    }

    #[test]
    fn tag_soup_as_html(s in htmlish()) {
        check_read("x.html", s.as_bytes());
    }

    #[test]
    fn arbitrary_bytes_after_a_pdf_header(bytes in prop::collection::vec(any::<u8>(), 0..800)) {
        let mut data = b"%PDF-1.4\n".to_vec();
        data.extend(bytes);
        check_read("x.pdf", &data);
    }

    #[test]
    fn a_damaged_pdf_reads_or_fails_in_one_line(
        damage in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut data = pdf_fixture();
        for (at, byte) in damage {
            let i = at.index(data.len());
            data[i] = byte;
        }
        if truncate {
            data.truncate(cut.index(data.len()).max(8));
        }
        check_read("x.pdf", &data);
    }
}
