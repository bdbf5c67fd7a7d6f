//! The HTML reader on arbitrary bytes, then segmentation of what it read.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(doc) = dossier_fuzz::read("x.html", data) {
        dossier_fuzz::segment(&doc);
    }
});
