//! What every fuzz target checks, shared by the targets in `fuzz_targets/`.
//!
//! Each check panics (libFuzzer then saves the input) when an invariant
//! that `ARCHITECTURE.md` states is broken: readers return a document or a
//! one-line error, every offset lies on a character boundary inside the
//! text, what segmentation and extraction produce is accepted by the store
//! (which would otherwise abort a whole `dossier ingest`), and importers
//! turn any bytes into rows or errors. The same checks run as ordinary
//! tests over the kept inputs: `crates/*/tests/fuzz_regressions.rs`.

use std::cell::RefCell;
use std::collections::HashSet;
use std::io::Cursor;
use std::path::Path;

use dossier_model::{ClaimValue, Document, Format, Segmented, SourceClaims, Span};
use dossier_store::{IngestOutcome, Store};


/// Reads `data` as a file named `name`: a document or a one-line error
/// naming the file, and a document's offsets all inside the original.
pub fn read(name: &str, data: &[u8]) -> Option<Document> {
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
    let mut prev = 0;
    for c in (0..=text.len()).filter(|&c| text.is_char_boundary(c)) {
        let o = doc.offsets.to_original(c);
        assert!(o <= data.len(), "canonical {c} maps to {o}, past the {}-byte original", data.len());
        if doc.format == Format::Text {
            assert!(o >= prev, "plain text maps backwards at {c}");
            prev = o;
        }
    }
    for b in &doc.layout.blocks {
        assert!(b.span.fits(text), "block {:?}", b.span);
    }
    for m in &doc.layout.markers {
        assert!(m.span.fits(text), "marker {:?}", m.span);
    }
    for n in &doc.layout.notes {
        assert!(n.span.fits(text), "note definition {:?}", n.span);
    }
    for w in &doc.warnings {
        assert!(!w.contains('\n'), "warning on more than one line: {w:?}");
    }
    if matches!(doc.format, Format::Html | Format::Markdown) {
        markup_layout(&doc, data);
    }
    Some(doc)
}

/// What the HTML and Markdown readers promise about the layout they state
/// (their own unit tests check the same, `html::tests::assert_sound`):
/// blocks in order, trimmed, separated by exactly a blank line so that a
/// text-only segmenter finds the same blocks; markers in order, inside
/// blocks; offsets mapping forward.
pub fn markup_layout(doc: &Document, data: &[u8]) {
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

/// Segments a document; passages ordered and disjoint, every span on
/// character boundaries, note labels unique, every citation names a note.
pub fn segment(doc: &Document) -> Segmented {
    let seg = dossier_segment::segment(doc);
    let text = doc.text.as_str();
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
    seg
}

/// Extracts, turns the extraction into the store's records, and checks
/// every span and actor index the store's validation would check.
pub fn extract(doc: &Document, seg: &Segmented) -> SourceClaims {
    let text = doc.text.as_str();
    let x = dossier_extract::extract(doc, seg);
    for e in &x.events {
        assert!(e.span.fits(text) && e.trigger.fits(text), "event {:?}", e.span);
    }
    for f in &x.facts {
        assert!(f.span.fits(text), "fact {:?}", f.span);
    }
    let claims = dossier_extract::records::records(&x);
    let actor_ok = |i: usize| i < claims.actors.len();
    for (a, s) in &claims.mentions {
        assert!(actor_ok(*a) && s.fits(text), "mention {a} {s:?}");
    }
    for r in &claims.incidents {
        assert!(r.span.fits(text) && r.trigger.fits(text), "incident {:?}", r.span);
        assert!(r.fatalities.is_none_or(|t| t.span.fits(text)), "toll of {:?}", r.span);
        assert!(r.fatalities.is_none_or(|t| t.min.zip(t.max).is_none_or(|(a, b)| a <= b)), "toll min > max");
        assert!(r.place.as_ref().is_none_or(|p| p.span.fits(text)), "place of {:?}", r.span);
        assert!(r.perpetrator.is_none_or(actor_ok), "perpetrator of {:?}", r.span);
    }
    for c in &claims.claims {
        assert!(actor_ok(c.subject) && c.span.fits(text), "claim {:?}", c.span);
        if let ClaimValue::Actor { actor } = &c.value {
            assert!(actor_ok(*actor), "claim object {actor}");
        }
    }
    claims
}

thread_local! {
    static STORE: RefCell<Option<Store>> = const { RefCell::new(None) };
}

/// Stores the document in an in-memory knowledge base, as `dossier ingest`
/// does (where a store error aborts the whole run), then deletes it.
pub fn store(doc: &Document, seg: &Segmented, claims: &SourceClaims) {
    STORE.with(|cell| {
        let mut cell = cell.borrow_mut();
        let store = cell.get_or_insert_with(|| Store::open_in_memory().expect("in-memory store"));
        let outcome = store.ingest_with(doc, seg, claims).unwrap_or_else(|e| panic!("the store refused it: {e}"));
        assert_eq!(outcome, IngestOutcome::Added);
        assert!(store.delete_source(&doc.id.to_hex()).expect("delete"));
    });
}

/// The layout headers the import targets put before the fuzzed bytes.
pub mod headers {
    /// ACLED, 2023 layout (31 columns).
    pub const ACLED: &str = include_str!("../../crates/import/tests/fixtures/acled_current.csv");
    /// ACLED, pre-2023 layout.
    pub const ACLED_LEGACY: &str = include_str!("../../crates/import/tests/fixtures/acled_legacy.csv");
    /// GTD.
    pub const GTD: &str = include_str!("../../crates/import/tests/fixtures/gtd.csv");
    /// UCDP GED with its header.
    pub const UCDP: &str = include_str!("../../crates/import/tests/fixtures/ucdp_ged.csv");

    /// The first line of a fixture file, with its line end.
    pub fn first_line(file: &str) -> String {
        format!("{}\n", file.lines().next().unwrap_or_default())
    }
}

/// Reads `header` followed by `data` to the end: rows or errors, a row
/// error with its line, nothing after a fatal error, coordinates in range.
pub fn import(header: &str, data: &[u8]) {
    let mut input = header.as_bytes().to_vec();
    input.extend_from_slice(data);
    let rows = match dossier_import::open(Cursor::new(input)) {
        Ok(rows) => rows,
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.is_empty() && !msg.contains('\n'), "refusal on more than one line: {msg}");
            return;
        }
    };
    let mut linker = dossier_import::link::Linker::default();
    let mut fatal = false;
    for row in rows {
        assert!(!fatal, "a row after a fatal error");
        match row {
            Ok(row) => {
                assert!(row.line >= 1);
                if let Some(c) = row.coordinates {
                    assert!(c.lat.abs() <= 90.0 && c.lon.abs() <= 180.0, "coordinates {c:?}");
                }
                // `dossier import` links every row to the gazetteer and lexicon.
                let _ = linker.event(&row);
            }
            Err(e @ dossier_import::ImportError::Row { .. }) => {
                assert!(!e.to_string().contains('\n'), "row error on more than one line: {e}");
                assert!(!e.is_fatal());
            }
            Err(e) => {
                assert!(!e.to_string().contains('\n'), "fatal error on more than one line: {e}");
                fatal = e.is_fatal();
            }
        }
    }
}

/// Whether a date the extractor made exists in the calendar.
fn real_date(d: dossier_model::PartialDate) -> bool {
    match (d.month, d.day) {
        (None, None) => true,
        (Some(m), None) => dossier_model::PartialDate::month(d.year, m).is_some(),
        (Some(m), Some(day)) => dossier_model::PartialDate::day(d.year, m, day).is_some(),
        (None, Some(_)) => false,
    }
}

/// The date and number parsers on `text` (whole, and the part `within`),
/// resolved against `doc_date`: mentions in order, inside the range, on
/// character boundaries, real calendar dates, quantities quoting their span
/// with `min <= max`; a range that is not on character boundaries finds
/// nothing.
pub fn dates_numbers(text: &str, within: Span, doc_date: Option<dossier_model::PartialDate>) {
    use dossier_extract::dates::{Temporal, find_dates, parse_month};
    use dossier_extract::numbers::{find_dates_and_quantities, find_quantities, parse_number_words};
    let valid = within.fits(text);
    let dates = find_dates(text, within, doc_date);
    let quantities = find_quantities(text, within);
    if !valid {
        assert!(dates.is_empty() && quantities.is_empty(), "found something in an invalid range {within:?}");
        return;
    }
    let inside = |s: Span| s.fits(text) && s.start >= within.start && s.end <= within.end;
    let mut last = within.start;
    for d in &dates {
        assert!(inside(d.span), "date span {:?} outside {within:?}", d.span);
        assert!(d.span.start >= last, "date mentions overlap at {:?}", d.span);
        last = d.span.end;
        match d.value {
            Temporal::Date(x) => assert!(real_date(x), "not a date: {x:?}"),
            Temporal::Interval { start, end } => {
                assert!(real_date(start), "not a date: {start:?}");
                assert!(end.is_none_or(real_date), "not a date: {end:?}");
            }
        }
    }
    let mut last = within.start;
    for q in &quantities {
        assert!(inside(q.span), "quantity span {:?} outside {within:?}", q.span);
        assert!(q.span.start >= last, "quantities overlap at {:?}", q.span);
        last = q.span.end;
        assert_eq!(text.get(q.span.start..q.span.end), Some(q.text.as_str()));
        assert!(q.min.zip(q.max).is_none_or(|(a, b)| a <= b), "quantity {:?}: min > max", q.text);
        assert!(q.head_span.is_none_or(|s| s.fits(text)), "head span {:?}", q.head_span);
    }
    let (d2, q2) = find_dates_and_quantities(text, within, doc_date);
    assert_eq!(d2.len(), dates.len(), "dates differ when lexed once");
    let _ = q2;
    for word in text.split_whitespace().take(64) {
        let _ = parse_month(word);
        let _ = parse_number_words(word);
    }
    let _ = parse_number_words(text);
}
