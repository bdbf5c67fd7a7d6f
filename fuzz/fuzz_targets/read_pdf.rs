//! The PDF reader on arbitrary bytes: a document or a one-line error, in
//! bounded time and memory (libFuzzer's -rss_limit_mb and -timeout).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(doc) = dossier_fuzz::read("x.pdf", data) {
        dossier_fuzz::segment(&doc);
    }
});
