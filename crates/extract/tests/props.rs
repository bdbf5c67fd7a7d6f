//! Property tests: extraction never panics, and every span it reports lies
//! inside the text and is exactly its quote.

use std::path::Path;

use dossier_extract::output::{CharOffsets, to_json};
use proptest::prelude::*;
use serde_json::Value;

/// Report-like text from pieces that reach the extractor's rules.
fn reportish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Islamic State Khorasan Province (ISKP) ".to_string()),
        Just("ISIS–K attacked ".to_string()),
        Just("killing at least 54 people ".to_string()),
        Just("in Kabul, Afghanistan, ".to_string()),
        Just("on 30 July 2023. ".to_string()),
        Just("between 2019 and 2022 ".to_string()),
        Just("respectively, ".to_string()),
        Just("its leader Abu Bakar ".to_string()),
        Just("4 000–6 000 fighters ".to_string()),
        Just("seventy-two ".to_string()),
        Just("split from ".to_string()),
        Just("active in Central and South Asia, ".to_string()),
        Just("Foundation26 January 2015\n".to_string()),
        Just("Known leader:\n\n  • Sultan Aziz\n".to_string()),
        Just("³⁹⁷ ".to_string()),
        Just("\n\n".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("\u{a0}".to_string()),
        "[A-Za-z ,.]{0,16}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let Ok(doc) = dossier_read::read_bytes(Path::new("p.txt"), text.as_bytes()) else { return Ok(()) };
    let seg = dossier_segment::segment(&doc);
    let x = dossier_extract::extract(&doc, &seg);
    let v = to_json("p.txt", &CharOffsets::new(&doc, Some(text)), &x, true);
    let chars: Vec<char> = text.chars().collect();
    let items = v["events"].as_array().unwrap().iter().chain(v["facts"].as_array().unwrap());
    for item in items {
        let span = item["span"].as_array().unwrap();
        let (s, e) = (span[0].as_u64().unwrap() as usize, span[1].as_u64().unwrap() as usize);
        prop_assert!(s <= e && e <= chars.len(), "span {s}..{e} outside the text");
        let quote: String = chars[s..e].iter().collect();
        prop_assert_eq!(&Value::String(quote), &item["quote"]);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn extraction_is_total_and_spans_are_quotes(text in reportish()) {
        check(&text)?;
    }
}
