//! Databases written by earlier builds must stay readable. `fixtures/`
//! holds one database per schema version, written by the code of that
//! version and committed; these tests open a copy with the current code.
//! (Never regenerate an old version's fixture: add a new one per version.)

mod common;

use std::path::{Path, PathBuf};

use dossier_store::{Store, StoreError};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Copies a fixture to a temporary directory, so opening it (which may
/// create WAL files or migrate) never touches the committed file.
fn open_copy(name: &str) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join(name);
    std::fs::copy(fixture(name), &copy).unwrap();
    let store = Store::open(&copy).unwrap();
    (dir, store)
}

#[test]
fn schema_v1_fixture_is_still_readable() {
    let (_dir, store) = open_copy("schema-v1.db");
    assert!(store.schema_version().unwrap() >= 1);

    // What the fixture holds is written out here, not derived from the
    // current test helpers, so a change to those cannot hide a regression.
    let sources = store.sources().unwrap();
    assert_eq!(sources.len(), 2);
    let s = &sources[0];
    assert_eq!(s.path, "corpus/pakistan.txt");
    assert_eq!(s.id, "146a20c68287685b35edf5899f5edcc5ccad5103c16336e72d4fa9edd5ca25b3");
    assert_eq!(s.title, "Pakistan – Security situation");
    assert_eq!(s.publisher.as_deref(), Some("EUAA"));
    assert_eq!(s.date.as_deref(), Some("2026-05"));
    assert_eq!(s.format, dossier_model::Format::Text);
    assert_eq!((s.passages, s.notes, s.references), (6, 3, 4));
    assert_eq!(sources[1].path, "corpus/zz-bulletin.md");

    let d = store.source("pakistan.txt").unwrap();
    assert_eq!(d.warnings, ["decoded as Windows-1252"]);
    assert_eq!(d.passages[2].citations, ["396", "397"]);
    assert!(d.text.contains("4 000–6 000 fighters.³⁹⁷"));
    assert_eq!(d.notes[1].label, "397");
    assert_eq!(d.notes[1].references[0].date.as_deref(), Some("2026-03-25"));

    let hits = store.search("fighters", 10).unwrap();
    assert_eq!(hits.iter().map(|h| (h.source_path.as_str(), h.passage)).collect::<Vec<_>>().len(), 2);
    let hit = hits.iter().find(|h| h.source_path == "corpus/pakistan.txt").unwrap();
    assert_eq!(hit.passage, 2);
    assert_eq!(hit.original_start, hit.start + 4);
    assert_eq!(hit.citations[1].references[0].publisher.as_deref(), Some("US, CRS"));
    assert_eq!(store.offset_map(&s.id).unwrap().original_len(), s.bytes as usize);
    assert!(matches!(store.search("", 1), Err(StoreError::BadQuery(_))));
}

/// Writes `fixtures/schema-v<current>.db`. Run it only when the schema
/// version changes, to add that version's fixture:
/// `cargo test -p dossier-store --test compat -- --ignored write_fixture`.
#[test]
#[ignore = "writes the committed fixture for the current schema version"]
fn write_fixture() {
    let name = format!("schema-v{}.db", dossier_store::SCHEMA_VERSION);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(&name);
    {
        let mut store = Store::open(&db).unwrap();
        let (doc, seg) = common::report("corpus/pakistan.txt");
        store.ingest(&doc, &seg).unwrap();
        let (doc, seg) = common::bulletin("corpus/zz-bulletin.md", "Fighters crossed at Torkham. The border closed");
        store.ingest(&doc, &seg).unwrap();
    }
    let out = fixture(&name);
    let _ = std::fs::remove_file(&out);
    let conn = common::raw(&db);
    conn.execute("VACUUM INTO ?1", [out.to_str().unwrap()]).unwrap();
    drop(conn);
    // One self-contained file in rollback-journal mode (no -wal beside it).
    let conn = common::raw(&out);
    let _: String = conn.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0)).unwrap();
}
