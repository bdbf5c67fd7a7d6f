//! Property tests: reading and segmenting arbitrary text never panics, and
//! every offset returned lies on a character boundary inside the text.

use std::path::Path;

use dossier_read::normalize::TextBuilder;
use dossier_segment::segment;
use proptest::prelude::*;

/// Text built from the pieces that exercise the segmenter's rules: markers,
/// brackets, abbreviations, note labels, odd spaces and line ends.
fn reportish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("U.S. ".to_string()),
        Just("Dr. ".to_string()),
        Just("pp. 6, 23".to_string()),
        Just("³⁹⁷".to_string()),
        Just("[^1]".to_string()),
        Just("[1]".to_string()),
        Just("\n- [1](#)\n\n".to_string()),
        Just("\n[^1]: Note, Title, 2024.\n".to_string()),
        Just(". ".to_string()),
        Just("? ".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("\u{a0}".to_string()),
        Just("e\u{301}".to_string()),
        Just("‘quoted’ ".to_string()),
        Just("# Heading\n".to_string()),
        Just("  • item\n".to_string()),
        "[A-Za-z ]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn check_doc(bytes: &[u8]) -> Result<(), TestCaseError> {
    let Ok(doc) = dossier_read::read_bytes(Path::new("prop.txt"), bytes) else { return Ok(()) };
    let text = &doc.text;
    let seg = segment(&doc);
    let mut last = 0;
    for p in &seg.passages {
        prop_assert!(p.span.start <= p.span.end && p.span.end <= text.len());
        prop_assert!(text.is_char_boundary(p.span.start) && text.is_char_boundary(p.span.end));
        prop_assert!(p.span.start >= last, "passages overlap");
        last = p.span.end;
        for label in &p.citations {
            prop_assert!(seg.notes.iter().any(|n| &n.label == label), "citation without a note");
        }
    }
    for n in &seg.notes {
        prop_assert!(
            n.span.end <= text.len() && text.is_char_boundary(n.span.start) && text.is_char_boundary(n.span.end)
        );
        for r in &n.references {
            prop_assert!(text.is_char_boundary(r.span.start) && text.is_char_boundary(r.span.end));
        }
    }
    for c in 0..=text.len() {
        prop_assert!(doc.offsets.to_original(c) <= bytes.len());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn segmenting_reportish_text_is_total(s in reportish()) {
        check_doc(s.as_bytes())?;
    }

    #[test]
    fn segmenting_arbitrary_bytes_is_total(b in prop::collection::vec(any::<u8>(), 0..600)) {
        check_doc(&b)?;
    }

    #[test]
    fn normalization_maps_monotonically_within_the_original(s in reportish()) {
        let mut b = TextBuilder::new(s.len());
        b.push_original(&s, 0);
        let (text, map) = b.finish();
        let mut prev = 0;
        for (c, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            let o = map.to_original(c);
            prop_assert!(o >= prev && o <= s.len());
            prop_assert!(s.is_char_boundary(o), "original offset {o} not on a boundary");
            prev = o;
        }
        prop_assert!(unicode_normalization::is_nfc(&text));
    }
}
