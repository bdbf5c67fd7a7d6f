//! Compiles the bundled gazetteer (`data/gazetteer/*.tsv`) into the table
//! that `src/gazetteer` embeds, so that a run reads it in place instead of
//! parsing 5.6 MB and deriving a quarter of a million name forms at start-up.
//! The compiler is the crate's own `src/gazetteer/compile.rs`, which tests
//! also run on edited files.
//!
//! Compiles the actor lexicon's names (`data/actors.tsv`) into the DFA that
//! `src/lexicon.rs` embeds (building it took ~4 ms at every start), with
//! the patterns `src/lexicon/compile.rs` derives, as the lexicon does.

use std::path::Path;

#[allow(dead_code)]
#[path = "src/gazetteer/compile.rs"]
mod compile;
#[allow(dead_code)]
#[path = "src/gazetteer/keys.rs"]
mod keys;
#[allow(dead_code)]
#[path = "src/lexicon/compile.rs"]
mod lexicon;
#[allow(dead_code)]
#[path = "src/gazetteer/table.rs"]
mod table;
#[allow(dead_code)]
#[path = "src/gazetteer/words.rs"]
mod words;

fn main() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/gazetteer");
    let sources = [
        "src/gazetteer/compile.rs",
        "src/gazetteer/keys.rs",
        "src/gazetteer/table.rs",
        "src/gazetteer/words.rs",
        "src/lexicon/compile.rs",
    ];
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

    let actors = data.join("../actors.tsv");
    println!("cargo::rerun-if-changed={}", actors.display());
    let tsv = std::fs::read_to_string(&actors).unwrap_or_else(|e| panic!("reading {}: {e}", actors.display()));
    let (dfa, patterns) = lexicon_dfa(&tsv);
    write("lexicon.dfa", &dfa);
    write("lexicon-patterns.txt", patterns.as_bytes());
}

/// The serialized DFA of the lexicon's ASCII patterns, coded, and those
/// patterns one per line in its order (see `src/lexicon/compile.rs`).
fn lexicon_dfa(tsv: &str) -> (Vec<u8>, String) {
    use regex_automata::dfa::{StartKind, dense};
    use regex_automata::{MatchKind, nfa::thompson, util::syntax};

    let lines = lexicon::lines(tsv);
    let lowered: Vec<String> = lexicon::patterns(&lines).iter().map(|p| p.2.to_ascii_lowercase()).collect();
    let alphabet = lexicon::Alphabet::of(lowered.iter().filter(|p| p.is_ascii()).map(String::as_str));
    let ids = lexicon::dfa_patterns(&lowered, &alphabet);
    // Each pattern as a regex of its coded bytes (codes are below 0x20).
    let regexes: Vec<String> = ids
        .iter()
        .map(|&i| lowered[i].bytes().map(|b| format!("\\x{:02x}", alphabet.code[usize::from(b)])).collect())
        .collect();
    let dfa = dense::Builder::new()
        .configure(dense::Config::new().match_kind(MatchKind::LeftmostFirst).start_kind(StartKind::Unanchored))
        .syntax(syntax::Config::new().unicode(false).utf8(false))
        .thompson(thompson::Config::new().utf8(false))
        .build_many(&regexes)
        .expect("the lexicon DFA builds");
    let big = std::env::var("CARGO_CFG_TARGET_ENDIAN").is_ok_and(|e| e == "big");
    let (bytes, pad) = if big { dfa.to_bytes_big_endian() } else { dfa.to_bytes_little_endian() };
    let patterns = ids.iter().map(|&i| lowered[i].as_str()).collect::<Vec<_>>().join("\n");
    (bytes[pad..].to_vec(), patterns)
}
