//! The date and number parsers directly: the first bytes pick the document
//! date and the range searched, the rest is the text.
#![no_main]

use dossier_model::{PartialDate, Span};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
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
    dossier_fuzz::dates_numbers(&text, within, doc_date);
});
