//! Compiles the bundled gazetteer (`data/gazetteer/*.tsv`) into the table
//! that `src/gazetteer` embeds, so that a run reads it in place instead of
//! parsing 5.6 MB and deriving a quarter of a million name forms at start-up.
//! The compiler is the crate's own `src/gazetteer/compile.rs`, which tests
//! also run on edited files.

use std::path::Path;

#[allow(dead_code)]
#[path = "src/gazetteer/compile.rs"]
mod compile;
#[allow(dead_code)]
#[path = "src/gazetteer/keys.rs"]
mod keys;
#[allow(dead_code)]
#[path = "src/gazetteer/table.rs"]
mod table;
#[allow(dead_code)]
#[path = "src/gazetteer/words.rs"]
mod words;

fn main() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/gazetteer");
    let sources =
        ["src/gazetteer/compile.rs", "src/gazetteer/keys.rs", "src/gazetteer/table.rs", "src/gazetteer/words.rs"];
    for file in sources {
        println!("cargo::rerun-if-changed={file}");
    }
    let read = |name: &str| {
        let path = data.join(name);
        println!("cargo::rerun-if-changed={}", path.display());
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
    };
    let compiled = compile::compile(&read("places.tsv"), &read("supplement.tsv"), &read("regions.tsv"));
    let out = std::env::var_os("OUT_DIR").map(std::path::PathBuf::from).expect("cargo sets OUT_DIR");
    let write = |name: &str, bytes: &[u8]| {
        let path = out.join(name);
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    };
    write("gazetteer.bin", &compiled.data);
    write("gazetteer.txt", compiled.pool.as_bytes());
}
