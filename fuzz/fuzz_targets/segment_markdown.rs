//! Markdown through the reader and the segmenter (`[^n]` notes, EUAA
//! `- [n](#)` lists).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(doc) = dossier_fuzz::read("x.md", data) {
        dossier_fuzz::segment(&doc);
    }
});
