//! Plain text through the reader and the segmenter (footnotes, references,
//! citation dates).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(doc) = dossier_fuzz::read("x.txt", data) {
        dossier_fuzz::segment(&doc);
    }
});
