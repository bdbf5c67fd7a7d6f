//! The whole ingest pipeline on one document: read (text, Markdown or HTML
//! by the first byte), segment, extract, and store in an in-memory
//! knowledge base, which must accept it.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let name = match first % 4 {
        0 | 1 => "x.txt",
        2 => "x.md",
        _ => "x.html",
    };
    if let Some(doc) = dossier_fuzz::read(name, rest) {
        let seg = dossier_fuzz::segment(&doc);
        let claims = dossier_fuzz::extract(&doc, &seg);
        dossier_fuzz::store(&doc, &seg, &claims);
    }
});
