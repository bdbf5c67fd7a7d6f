//! The extraction fuzz targets as ordinary tests (see `fuzz/` and
//! `docs/robustness.md`): every input kept under `tests/fixtures/fuzz/`
//! (the minimised corpora of `extract_text` and `dates_numbers`, and every
//! input that once crashed) plus random inputs go through the same entry
//! points. Nothing panics; every span lies on character boundaries inside
//! the text (and inside the range searched); dates exist in the calendar;
//! quantities quote their span with `min <= max`; and the records handed
//! to the store name actors that exist, as the store checks before writing.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use dossier_extract::dates::{Temporal, find_dates, parse_month};
use dossier_extract::numbers::{find_dates_and_quantities, find_quantities, parse_number_words};
use dossier_model::{ClaimValue, PartialDate, Span};
use proptest::prelude::*;

/// The `extract_text` target: the first byte picks the format.
fn pipeline(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else { return };
    let name = match first % 4 {
        0 | 1 => "x.txt",
        2 => "x.md",
        _ => "x.html",
    };
    let Ok(doc) = dossier_read::read_bytes(Path::new(name), rest) else { return };
    let text = doc.text.as_str();
    let seg = dossier_segment::segment(&doc);
    for p in &seg.passages {
        assert!(p.span.fits(text), "passage {:?}", p.span);
    }
    let labels: HashSet<&str> = seg.notes.iter().map(|n| n.label.as_str()).collect();
    assert_eq!(labels.len(), seg.notes.len(), "a note label appears twice");
    let x = dossier_extract::extract(&doc, &seg);
    for e in &x.events {
        assert!(e.span.fits(text) && e.trigger.fits(text), "event {:?}", e.span);
    }
    for f in &x.facts {
        assert!(f.span.fits(text), "fact {:?}", f.span);
    }
    // What the store validates before it writes (`kb::write::validate`).
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
}

fn real_date(d: PartialDate) -> bool {
    match (d.month, d.day) {
        (None, None) => true,
        (Some(m), None) => PartialDate::month(d.year, m).is_some(),
        (Some(m), Some(day)) => PartialDate::day(d.year, m, day).is_some(),
        (None, Some(_)) => false,
    }
}

/// The checks of `fuzz/src/lib.rs::dates_numbers`.
fn dates_numbers(text: &str, within: Span, doc_date: Option<PartialDate>) {
    let dates = find_dates(text, within, doc_date);
    let quantities = find_quantities(text, within);
    if !within.fits(text) {
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
    let (again, _) = find_dates_and_quantities(text, within, doc_date);
    assert_eq!(again.len(), dates.len(), "dates differ when lexed once");
    for word in text.split_whitespace().take(64) {
        let _ = parse_month(word);
        let _ = parse_number_words(word);
    }
    let _ = parse_number_words(text);
}

/// The `dates_numbers` target: three bytes pick the document date and the
/// range searched, the rest is the text.
fn dates_numbers_input(data: &[u8]) {
    let [a, b, c, rest @ ..] = data else { return };
    let text = String::from_utf8_lossy(rest);
    let doc_date = match a % 4 {
        0 => None,
        1 => Some(PartialDate::year(2000 + i32::from(b % 40))),
        2 => PartialDate::month(2000 + i32::from(b % 40), c % 13),
        _ => PartialDate::day(2000 + i32::from(b % 40), c % 13, (a / 4) % 32),
    };
    let len = text.len();
    let within = match (a / 64) % 2 {
        0 => Span { start: 0, end: len },
        _ => {
            let s = usize::from(*b) % (len + 1);
            let e = s + usize::from(*c) % (len - s + 1);
            Span { start: s, end: e }
        }
    };
    dates_numbers(&text, within, doc_date);
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

fn replay(target: &str, run: fn(&[u8])) {
    for path in kept(target) {
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(outcome.is_ok(), "{} fails (replay it with `cargo fuzz run {target} FILE`)", path.display());
    }
}

#[test]
fn kept_documents_extract_soundly() {
    replay("extract_text", pipeline);
}

#[test]
fn kept_date_and_number_inputs_parse_soundly() {
    replay("dates_numbers", dates_numbers_input);
}

/// Text from the pieces the date and number rules read.
fn datish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("31 February 2020".to_string()),
        Just("29 February 2023".to_string()),
        Just("29 February 2024".to_string()),
        Just("30 July 2023".to_string()),
        Just("July 30, 2023".to_string()),
        Just("2023-07-30".to_string()),
        Just("30/07/2023".to_string()),
        Just("Sept. ".to_string()),
        Just("mid-".to_string()),
        Just("early ".to_string()),
        Just("late ".to_string()),
        Just("the end of ".to_string()),
        Just("between ".to_string()),
        Just(" and ".to_string()),
        Just("since ".to_string()),
        Just("–present".to_string()),
        Just("last year".to_string()),
        Just("this month".to_string()),
        Just("the night of 22 March".to_string()),
        Just("at least ".to_string()),
        Just("up to ".to_string()),
        Just("more than ".to_string()),
        Just("−54".to_string()),
        Just("-54".to_string()),
        Just("4 000–6 000".to_string()),
        Just("1,500".to_string()),
        Just("1.5 million".to_string()),
        Just("18446744073709551616".to_string()),
        Just("99999999999999999999 ".to_string()),
        Just("seventy-two".to_string()),
        Just("a hundred and twenty".to_string()),
        Just("two dozen".to_string()),
        Just("100+".to_string()),
        Just("12-15".to_string()),
        Just("³⁹⁷".to_string()),
        Just(" people killed".to_string()),
        Just(" fighters".to_string()),
        Just(", ".to_string()),
        Just(". ".to_string()),
        "[0-9]{1,6}",
        "[ ,.\\-–/0-9]{0,4}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

fn partial_date() -> impl Strategy<Value = Option<PartialDate>> {
    prop_oneof![
        Just(None),
        (-5000i32..5000).prop_map(|y| Some(PartialDate::year(y))),
        (1900i32..2100, 0u8..14).prop_map(|(y, m)| PartialDate::month(y, m)),
        (1900i32..2100, 0u8..14, 0u8..33).prop_map(|(y, m, d)| PartialDate::day(y, m, d)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn dates_and_numbers_in_datish_text(
        text in datish(),
        doc_date in partial_date(),
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
    ) {
        let len = text.len();
        dates_numbers(&text, Span { start: 0, end: len }, doc_date);
        // Any range, on character boundaries or not.
        let (s, e) = (a.index(len + 1), b.index(len + 1));
        dates_numbers(&text, Span { start: s.min(e), end: s.max(e) }, doc_date);
        dates_numbers(&text, Span { start: s.max(e), end: s.min(e) }, doc_date);
    }

    #[test]
    fn arbitrary_bytes_through_the_date_target(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        dates_numbers_input(&bytes);
    }

    #[test]
    fn datish_documents_extract_soundly(text in datish(), format in 0u8..4) {
        let mut data = vec![format];
        data.extend_from_slice(text.as_bytes());
        pipeline(&data);
    }
}

/// A negative number is never a toll (the number finder sees `12` after
/// the sign; the incident frame refuses it).
#[test]
fn negative_tolls_are_not_read() {
    let tolls = |text: &str| {
        let doc = dossier_read::read_bytes(Path::new("neg.txt"), text.as_bytes()).unwrap();
        let seg = dossier_segment::segment(&doc);
        let claims = dossier_extract::records::records(&dossier_extract::extract(&doc, &seg));
        assert_eq!(claims.incidents.len(), 1, "{text}");
        claims.incidents.iter().map(|r| r.fatalities.and_then(|t| t.min)).collect::<Vec<_>>()
    };
    assert_eq!(tolls("On 4 May 2023 an ISKP bomb killed 12 people in Jalalabad."), [Some(12)]);
    assert_eq!(tolls("On 4 May 2023 an ISKP bomb killed −12 people in Jalalabad."), [None]);
    assert_eq!(tolls("On 4 May 2023 an ISKP bomb killed -12 people in Jalalabad."), [None]);
}
