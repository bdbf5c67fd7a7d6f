//! The store end to end on realistic, hand-built documents.

mod common;

use std::path::{Path, PathBuf};

use common::{bulletin, dump, fts_integrity, report, rows_of_source};
use dossier_model::{Passage, PassageKind, SourceClaims, SourceId, Span};
use dossier_store::{IngestOutcome, SCHEMA_VERSION, Store, StoreError};

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dossier.db");
    (dir, path)
}

fn report_id() -> String {
    report("x").0.id.to_hex()
}

#[test]
fn reingest_is_unchanged_and_writes_nothing() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let (doc, seg) = report("corpus/pakistan.txt");
    assert_eq!(store.ingest(&doc, &seg).unwrap(), IngestOutcome::Added);
    let before = dump(&db);
    assert!(before.contains("corpus/pakistan.txt"));

    assert_eq!(store.ingest(&doc, &seg).unwrap(), IngestOutcome::Unchanged);
    // The same bytes under another path are the same source.
    let (moved, moved_seg) = report("elsewhere/copy.txt");
    assert_eq!(store.ingest(&moved, &moved_seg).unwrap(), IngestOutcome::Unchanged);
    assert_eq!(dump(&db), before);

    // Still unchanged after a reopen.
    drop(store);
    let mut store = Store::open(&db).unwrap();
    assert_eq!(store.ingest(&doc, &seg).unwrap(), IngestOutcome::Unchanged);
    assert_eq!(dump(&db), before);
    assert_eq!(store.ids_at_path("corpus/pakistan.txt").unwrap(), vec![doc.id.to_hex()]);
    assert!(store.ids_at_path("elsewhere/copy.txt").unwrap().is_empty());
}

#[test]
fn counts_cover_every_table() {
    let mut store = Store::open_in_memory().unwrap();
    let (doc, seg) = report("corpus/pakistan.txt");
    assert!(!store.contains(&doc.id).unwrap());
    store.ingest(&doc, &seg).unwrap();
    assert!(store.contains(&doc.id).unwrap());
    let c = store.counts().unwrap();
    assert_eq!((c.sources, c.passages, c.notes, c.references, c.citations), (1, 6, 3, 4, 3));
}

#[test]
fn search_finds_the_passage_with_its_parsed_citation() {
    let mut store = Store::open_in_memory().unwrap();
    let (doc, seg) = report("corpus/pakistan.txt");
    store.ingest(&doc, &seg).unwrap();

    let hits = store.search("fighters", 10).unwrap();
    assert_eq!(hits.len(), 1, "{hits:#?}");
    let hit = &hits[0];
    assert_eq!(hit.source_id, doc.id.to_hex());
    assert_eq!(hit.source_title, "Pakistan – Security situation");
    assert_eq!(hit.source_path, "corpus/pakistan.txt");
    assert_eq!(hit.passage, 2);
    assert_eq!(hit.kind, PassageKind::Sentence);
    assert!(hit.text.starts_with("Estimates of the size") && hit.text.ends_with("fighters.³⁹⁷"), "{}", hit.text);
    assert_eq!(&doc.text[hit.start..hit.end], hit.text);
    // CRLF original: four '\n' precede the passage, so four '\r' shift it.
    assert_eq!(hit.original_start, hit.start + 4);
    assert_eq!(hit.original_end, hit.end + 4);
    assert!(hit.snippet.contains("[fighters]"), "{}", hit.snippet);
    assert!(hit.rank < 0.0, "bm25 is negative for a match: {}", hit.rank);

    let labels: Vec<&str> = hit.citations.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["396", "397"]);
    let crs = &hit.citations[1].references;
    assert_eq!(crs.len(), 1);
    assert_eq!(crs[0].ordinal, 0);
    assert_eq!(crs[0].publisher.as_deref(), Some("US, CRS"));
    assert_eq!(crs[0].title.as_deref(), Some("Terrorist and Other Militant Groups in Pakistan"));
    assert_eq!(crs[0].date.as_deref(), Some("2026-03-25"));
    assert_eq!(crs[0].pages.as_deref(), Some("p. 2"));
    assert_eq!(crs[0].author, None);
    assert_eq!(crs[0].raw, "US, CRS, Terrorist and Other Militant Groups in Pakistan, 25 March 2026, p. 2, url");

    // A note citing two works gives both, in order.
    let hits = store.search("Kabul", 10).unwrap();
    assert_eq!(hits.len(), 1);
    let refs = &hits[0].citations[0].references;
    assert_eq!(
        refs.iter().map(|r| r.publisher.as_deref().unwrap()).collect::<Vec<_>>(),
        ["UN Security Council", "RSIS"]
    );
    assert_eq!(refs[0].date.as_deref(), Some("2025"));
}

#[test]
fn hostile_queries_never_error_and_empty_is_bad_query() {
    let mut store = Store::open_in_memory().unwrap();
    let (doc, seg) = report("corpus/pakistan.txt");
    store.ingest(&doc, &seg).unwrap();

    let hostile = [
        "ISIS-K",
        "\"unbalanced",
        "unbalanced\"",
        "AND OR NOT",
        "AND",
        "NOT fighters",
        "*",
        "**",
        "-*",
        "fight*",
        "NEAR(",
        "NEAR(a b, 2)",
        "text:fighters",
        "{text}: x",
        "^fighters",
        "(",
        ")",
        "+",
        "'",
        "a'b",
        "–",
        "³⁹⁷",
        "U.S.",
        "\\",
        "%_",
        "fighters\u{0}group",
        "😀",
        "ﷺ",
        "x\"y\"z",
    ];
    for q in hostile {
        let result = store.search(q, 5);
        assert!(result.is_ok(), "{q:?}: {result:?}");
    }
    for q in ["", "   ", "\n\t", "\u{0}", "\"\"", "\" \"", "\"\"\""] {
        assert!(matches!(store.search(q, 5), Err(StoreError::BadQuery(_))), "{q:?}");
    }

    let passages = |q: &str| store.search(q, 10).unwrap().iter().map(|h| h.passage).collect::<Vec<_>>();
    assert_eq!(passages("ISIS-K"), [4]);
    assert_eq!(passages("U.S."), [4]);
    assert_eq!(passages("isis-k U.S. embassy"), [4]);
    assert_eq!(passages("fight*"), [2]);
    assert_eq!(passages("\"size of the group\""), [2]);
    assert!(passages("\"group size\"").is_empty(), "a quoted phrase is a phrase");
    assert!(passages("*").is_empty());
    assert!(passages("AND OR NOT").is_empty());
}

#[test]
fn search_folds_diacritics_and_separates_superscript_markers() {
    let mut store = Store::open_in_memory().unwrap();
    let (doc, seg) = report("corpus/pakistan.txt");
    store.ingest(&doc, &seg).unwrap();
    let passages = |q: &str| store.search(q, 10).unwrap().iter().map(|h| h.passage).collect::<Vec<_>>();
    assert_eq!(passages("chenab"), [5]);
    assert_eq!(passages("Chenāb"), [5]);
    // "2 000³⁹⁶": the marker does not glue itself to the number.
    assert_eq!(passages("\"around 2 000\""), [2]);
    assert_eq!(passages("2007"), [3]);
}

#[test]
fn search_orders_by_rank_then_path_then_ordinal_and_respects_limit() {
    let mut store = Store::open_in_memory().unwrap();
    let (doc, seg) = report("corpus/pakistan.txt");
    store.ingest(&doc, &seg).unwrap();
    // Same sentence in two sources: equal scores, so path decides.
    let body = "The group recruited fighters in Kurram. Attacks on fighters continued";
    for path in ["b/bulletin.md", "a/bulletin-2.md"] {
        let (d, s) = bulletin(path, &format!("{body} ({path})."));
        assert_eq!(store.ingest(&d, &s).unwrap(), IngestOutcome::Added);
    }
    let hits = store.search("fighters", 50).unwrap();
    assert_eq!(hits.len(), 5);
    for w in hits.windows(2) {
        assert!(w[0].rank <= w[1].rank, "{} then {}", w[0].rank, w[1].rank);
        if w[0].rank == w[1].rank {
            assert!((&w[0].source_path, w[0].passage) <= (&w[1].source_path, w[1].passage));
        }
    }
    assert_eq!(store.search("fighters", 50).unwrap(), hits, "deterministic");
    assert_eq!(store.search("fighters", 2).unwrap(), hits[..2]);
    assert!(store.search("fighters", 0).unwrap().is_empty());
}

#[test]
fn sources_are_listed_by_path_with_counts() {
    let mut store = Store::open_in_memory().unwrap();
    let (doc, seg) = report("corpus/pakistan.txt");
    store.ingest(&doc, &seg).unwrap();
    let (b, bs) = bulletin("corpus/aaa.md", "One sentence. Two sentences");
    store.ingest(&b, &bs).unwrap();

    let list = store.sources().unwrap();
    assert_eq!(list.iter().map(|s| s.path.as_str()).collect::<Vec<_>>(), ["corpus/aaa.md", "corpus/pakistan.txt"]);
    let s = &list[1];
    assert_eq!(s.id, doc.id.to_hex());
    assert_eq!(s.title, "Pakistan – Security situation");
    assert_eq!(s.publisher.as_deref(), Some("EUAA"));
    assert_eq!(s.date.as_deref(), Some("2026-05"));
    assert_eq!(s.address, None);
    assert_eq!(s.format, dossier_model::Format::Text);
    assert_eq!(s.bytes, doc.byte_len as u64);
    assert_eq!((s.passages, s.notes, s.references), (6, 3, 4));
    assert_eq!((list[0].passages, list[0].notes, list[0].references), (2, 0, 0));
    assert_eq!(list[0].title, "Bulletin corpus/aaa.md");
}

#[test]
fn metadata_prefers_the_document_then_the_segmenter_then_the_file_name() {
    let mut store = Store::open_in_memory().unwrap();
    let (mut doc, mut seg) = report("reports\\2026\\pakistan-security.txt");
    doc.meta.publisher = Some("European Union Agency for Asylum".into());
    doc.meta.address = Some("https://euaa.europa.eu/".into());
    seg.meta.title = None;
    store.ingest(&doc, &seg).unwrap();
    let s = &store.sources().unwrap()[0];
    assert_eq!(s.title, "pakistan-security.txt");
    assert_eq!(s.publisher.as_deref(), Some("European Union Agency for Asylum"));
    assert_eq!(s.address.as_deref(), Some("https://euaa.europa.eu/"));
    assert_eq!(s.date.as_deref(), Some("2026-05"));
}

#[test]
fn source_lookup_by_id_prefix_path_and_file_name() {
    let mut store = Store::open_in_memory().unwrap();
    let (doc, seg) = report("corpus/pakistan.txt");
    store.ingest(&doc, &seg).unwrap();
    let id = doc.id.to_hex();
    // Two sources whose ids share the prefix "abcd", both called report.md.
    for (i, dir) in ["x", "y"].iter().enumerate() {
        let (mut d, s) = bulletin(&format!("{dir}/report.md"), &format!("Bulletin number {i}"));
        let mut bytes = [0u8; 32];
        bytes[0] = 0xab;
        bytes[1] = 0xcd;
        bytes[2] = i as u8;
        d.id = SourceId(bytes);
        store.ingest(&d, &s).unwrap();
    }

    for key in [
        id.clone(),
        id.to_uppercase(),
        id[..4].to_string(),
        id[..12].to_string(),
        "corpus/pakistan.txt".into(),
        "./corpus/pakistan.txt".into(),
        "pakistan.txt".into(),
    ] {
        assert_eq!(store.source(&key).unwrap().summary.id, id, "{key}");
    }
    assert_eq!(store.source("x/report.md").unwrap().summary.path, "x/report.md");
    assert_eq!(store.source("abcd00").unwrap().summary.path, "x/report.md");

    for key in ["abcd", "report.md"] {
        match store.source(key) {
            Err(StoreError::Ambiguous { key: k, candidates }) => {
                assert_eq!(k, key);
                assert_eq!(candidates.len(), 2, "{candidates:?}");
                assert!(candidates[0].ends_with("x/report.md"), "{candidates:?}");
            }
            other => panic!("{key}: expected Ambiguous, got {other:?}"),
        }
    }
    for key in ["", "nope.txt", &id[..3], "ffff", "corpus", &"0".repeat(64)] {
        assert!(matches!(store.source(key), Err(StoreError::NotFound(_))), "{key:?}");
    }
}

#[test]
fn source_detail_returns_everything_stored() {
    let mut store = Store::open_in_memory().unwrap();
    let (doc, seg) = report("corpus/pakistan.txt");
    store.ingest(&doc, &seg).unwrap();
    let d = store.source("pakistan.txt").unwrap();
    assert_eq!(d.text, doc.text);
    assert_eq!(d.warnings, doc.warnings);
    assert!(
        d.ingested_at.ends_with('Z') && d.ingested_at.len() == "2026-01-01T00:00:00.000Z".len(),
        "{}",
        d.ingested_at
    );
    assert_eq!(d.passages.len(), seg.passages.len());
    for (i, (row, p)) in d.passages.iter().zip(&seg.passages).enumerate() {
        assert_eq!(row.ordinal, i);
        assert_eq!(row.kind, p.kind);
        assert_eq!(row.paragraph, p.paragraph);
        assert_eq!((row.start, row.end), (p.span.start, p.span.end));
        assert_eq!(row.original_start, doc.offsets.to_original(p.span.start));
        assert_eq!(row.original_end, doc.offsets.to_original(p.span.end));
        assert_eq!(row.text, p.span.slice(&doc.text));
        assert_eq!(row.citations, p.citations);
    }
    assert_eq!(d.notes.len(), 3);
    for (row, n) in d.notes.iter().zip(&seg.notes) {
        assert_eq!(row.label, n.label);
        assert_eq!((row.start, row.end), (n.span.start, n.span.end));
        assert_eq!(row.text, n.span.slice(&doc.text));
        assert_eq!(row.references.len(), n.references.len());
        for (i, (r, m)) in row.references.iter().zip(&n.references).enumerate() {
            assert_eq!(r.ordinal, i);
            assert_eq!(r.raw, m.raw);
            assert_eq!(r.author, m.author);
            assert_eq!(r.publisher, m.publisher);
            assert_eq!(r.title, m.title);
            assert_eq!(r.date, m.date.map(|d| d.to_string()));
            assert_eq!(r.pages, m.pages);
            assert_eq!(r.address, m.address);
        }
    }
    assert_eq!(
        d.notes[0].text,
        "Jadoon, A., The Evolution of the Tehrik-i-Taliban Pakistan, The Diplomat, 12 January 2024, url"
    );

    let map = store.offset_map(&doc.id.to_hex()).unwrap();
    assert_eq!(map, doc.offsets);
}

fn assert_rejected_before_writing(mutate: impl FnOnce(&mut dossier_model::Document, &mut dossier_model::Segmented)) {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let before = dump(&db);
    let (mut doc, mut seg) = report("corpus/pakistan.txt");
    mutate(&mut doc, &mut seg);
    match store.ingest(&doc, &seg) {
        Err(StoreError::InvalidInput { source_path, reason }) => {
            assert_eq!(source_path, "corpus/pakistan.txt");
            assert!(!reason.is_empty());
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
    assert_eq!(dump(&db), before);
    assert_eq!(store.counts().unwrap().sources, 0);
}

#[test]
fn passage_span_out_of_bounds_is_rejected_before_writing() {
    assert_rejected_before_writing(|doc, seg| {
        let end = doc.text.len() + 10;
        seg.passages.push(Passage {
            kind: PassageKind::Sentence,
            paragraph: 9,
            span: Span { start: end - 5, end },
            citations: vec![],
        });
    });
}

#[test]
fn span_inside_a_character_is_rejected_before_writing() {
    assert_rejected_before_writing(|doc, seg| {
        // '³' is two bytes; end in its middle.
        let mid = doc.text.find('³').unwrap() + 1;
        seg.passages[2].span.end = mid;
    });
}

#[test]
fn reversed_note_span_and_duplicate_labels_are_rejected_before_writing() {
    assert_rejected_before_writing(|_, seg| seg.notes[0].span = Span { start: 10, end: 5 });
    assert_rejected_before_writing(|_, seg| seg.notes[1].label = "396".into());
}

#[test]
fn failure_mid_ingest_leaves_no_rows_of_the_source() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let (b, bs) = bulletin("corpus/other.md", "Fighters moved south. Nothing else");
    store.ingest(&b, &bs).unwrap();

    // Make the last kind of insert fail, after the source, its notes,
    // references, passages and index rows have been written.
    let other = common::raw(&db);
    other
        .execute_batch("CREATE TRIGGER boom BEFORE INSERT ON citations BEGIN SELECT RAISE(ABORT, 'boom'); END;")
        .unwrap();
    let before = dump(&db);

    let (doc, seg) = report("corpus/pakistan.txt");
    let err = store.ingest(&doc, &seg).unwrap_err();
    assert!(matches!(err, StoreError::SqliteAt { context: "inserting citations", .. }), "{err:?}");
    assert!(err.to_string().contains("boom"), "{err}");
    assert_eq!(dump(&db), before);
    assert_eq!(rows_of_source(&db, &doc.id.to_hex()), 0);
    assert!(store.search("fighters", 10).unwrap().iter().all(|h| h.source_path == "corpus/other.md"));
    fts_integrity(&db);

    // The store is still usable once the cause is gone.
    other.execute_batch("DROP TRIGGER boom;").unwrap();
    assert_eq!(store.ingest(&doc, &seg).unwrap(), IngestOutcome::Added);
    assert_eq!(store.counts().unwrap().citations, 3);
}

#[test]
fn delete_source_removes_rows_and_index_entries() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let (doc, seg) = report("corpus/pakistan.txt");
    store.ingest(&doc, &seg).unwrap();
    let (b, bs) = bulletin("corpus/other.md", "Fighters moved south. Nothing else");
    store.ingest(&b, &bs).unwrap();

    assert!(store.delete_source(&doc.id.to_hex().to_uppercase()).unwrap());
    assert!(!store.delete_source(&doc.id.to_hex()).unwrap(), "already gone");
    assert_eq!(rows_of_source(&db, &doc.id.to_hex()), 0);
    fts_integrity(&db);
    let c = store.counts().unwrap();
    assert_eq!((c.sources, c.passages, c.notes, c.references, c.citations), (1, 2, 0, 0, 0));
    let hits = store.search("fighters", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].source_path, "corpus/other.md");
    assert!(store.search("Kabul", 10).unwrap().is_empty());

    // Deleted means gone: ingesting it again adds it again.
    assert_eq!(store.ingest(&doc, &seg).unwrap(), IngestOutcome::Added);
    fts_integrity(&db);
}

#[test]
fn replace_source_swaps_old_for_new_in_one_step() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let (old, old_seg) = bulletin("corpus/pakistan.txt", "Draft: fighters gathered");
    store.ingest(&old, &old_seg).unwrap();
    let old_id = old.id.to_hex();
    assert_eq!(store.ids_at_path("corpus/pakistan.txt").unwrap(), std::slice::from_ref(&old_id));

    let (new, new_seg) = report("corpus/pakistan.txt");
    assert_eq!(store.replace_source(&old_id, &new, &new_seg, &SourceClaims::default()).unwrap(), IngestOutcome::Added);
    assert_eq!(store.ids_at_path("corpus/pakistan.txt").unwrap(), [new.id.to_hex()]);
    assert_eq!(rows_of_source(&db, &old_id), 0);
    assert_eq!(store.counts().unwrap().sources, 1);
    fts_integrity(&db);

    // Same id: nothing written.
    let before = dump(&db);
    assert_eq!(
        store.replace_source(&new.id.to_hex(), &new, &new_seg, &SourceClaims::default()).unwrap(),
        IngestOutcome::Unchanged
    );
    assert_eq!(dump(&db), before);
    assert!(matches!(
        store.replace_source(&old_id, &new, &new_seg, &SourceClaims::default()),
        Err(StoreError::NotFound(_))
    ));

    // Invalid replacement: the old source stays.
    let (mut bad, mut bad_seg) = bulletin("corpus/pakistan.txt", "Final: fighters left");
    bad_seg.passages[0].span.end = 1000;
    bad.id = SourceId([7; 32]);
    assert!(matches!(
        store.replace_source(&new.id.to_hex(), &bad, &bad_seg, &SourceClaims::default()),
        Err(StoreError::InvalidInput { .. })
    ));
    assert_eq!(dump(&db), before);
}

#[test]
fn reopen_keeps_version_and_data() {
    let (_dir, db) = temp_db();
    {
        let mut store = Store::open(&db).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let (doc, seg) = report("corpus/pakistan.txt");
        store.ingest(&doc, &seg).unwrap();
    }
    let before = dump(&db);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION, 3);
    assert_eq!(dump(&db), before, "reopening migrates nothing");
    assert_eq!(store.sources().unwrap()[0].id, report_id());
    assert_eq!(store.search("fighters", 1).unwrap().len(), 1);

    let conn = common::raw(&db);
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn newer_schema_is_refused_and_left_untouched() {
    let (_dir, db) = temp_db();
    {
        let conn = common::raw(&db);
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;").unwrap();
    }
    let bytes = std::fs::read(&db).unwrap();
    match Store::open(&db) {
        Err(StoreError::NewerSchema { found: 99, supported }) if supported == SCHEMA_VERSION => {}
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "the newer file was not modified");
}

#[test]
fn a_file_that_is_not_a_database_is_an_open_error() {
    let (_dir, db) = temp_db();
    std::fs::write(&db, b"%PDF-1.7 this is not sqlite at all, not even close....................................")
        .unwrap();
    match Store::open(&db) {
        Err(e @ StoreError::Open { .. }) => assert!(e.to_string().contains("dossier.db"), "{e}"),
        other => panic!("expected Open error, got {other:?}"),
    }
    assert!(matches!(Store::open(Path::new("/nonexistent-dir/x/dossier.db")), Err(StoreError::Open { .. })));
}

#[test]
fn json_field_names_are_the_documented_wire_format() {
    let mut store = Store::open_in_memory().unwrap();
    let (doc, seg) = report("corpus/pakistan.txt");
    store.ingest(&doc, &seg).unwrap();
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k.join(",")
    };

    let summary = serde_json::to_value(&store.sources().unwrap()[0]).unwrap();
    assert_eq!(keys(&summary), "address,bytes,date,format,id,notes,passages,path,publisher,references,title");
    assert_eq!(summary["format"], "text");
    assert_eq!(summary["address"], serde_json::Value::Null);

    let detail = serde_json::to_value(store.source("pakistan.txt").unwrap()).unwrap();
    assert_eq!(
        keys(&detail),
        "address,bytes,date,format,id,ingested_at,notes,passages,path,publisher,references,text,title,warnings"
    );
    // One key each: `passages` and `notes` are lists here, `references` the count.
    assert_eq!(serde_json::to_string(&detail).unwrap().matches("\"passages\":").count(), 1);
    assert_eq!(detail["notes"].as_array().unwrap().len(), 3);
    assert_eq!(detail["references"], 4);
    assert_eq!(
        keys(&detail["passages"][2]),
        "citations,end,kind,ordinal,original_end,original_start,paragraph,start,text"
    );
    assert_eq!(keys(&detail["notes"][1]), "end,label,references,start,text");
    let hit = serde_json::to_value(&store.search("fighters", 1).unwrap()[0]).unwrap();
    assert_eq!(
        keys(&hit),
        "citations,end,kind,original_end,original_start,passage,rank,snippet,source_id,source_path,source_title,start,text"
    );
    assert_eq!(hit["kind"], "sentence");
    assert_eq!(keys(&hit["citations"][0]), "label,references");
    assert_eq!(keys(&hit["citations"][1]["references"][0]), "address,author,date,ordinal,pages,publisher,raw,title");
    assert_eq!(serde_json::to_value(IngestOutcome::Unchanged).unwrap(), "unchanged");
    assert_eq!(
        keys(&serde_json::to_value(store.counts().unwrap()).unwrap()),
        "citations,notes,passages,references,sources"
    );
}

#[test]
#[ignore = "benchmark: cargo test -p dossier-store --release --test store -- --ignored --nocapture"]
fn ingest_throughput() {
    let sentence =
        "Estimates of the size of the group ranged from around 2 000 to 4 000–6 000 fighters in Khyber Pakhtunkhwa. ";
    let mbs = |bytes: usize, t: std::time::Instant| bytes as f64 / 1e6 / t.elapsed().as_secs_f64();

    // Few large documents, one transaction each.
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let docs: Vec<_> = (0..20)
        .map(|i| bulletin(&format!("big/{i}.md"), &(sentence.repeat(20_000) + &format!("Source {i}."))))
        .collect();
    let total: usize = docs.iter().map(|(d, _)| d.text.len()).sum();
    let t = std::time::Instant::now();
    for (d, s) in &docs {
        store.ingest(d, s).unwrap();
    }
    println!("20 large documents, ingest: {:.1} MB/s", mbs(total, t));
    let t = std::time::Instant::now();
    let hits = store.search("fighters Khyber", 20).unwrap();
    println!("search over {} passages: {:?} ({} hits)", store.counts().unwrap().passages, t.elapsed(), hits.len());

    // Many small documents (the shape of a folder of reports' sections).
    let docs: Vec<_> = (0..4_000)
        .map(|i| bulletin(&format!("small/{i}.md"), &(sentence.repeat(50) + &format!("Source {i}."))))
        .collect();
    let total: usize = docs.iter().map(|(d, _)| d.text.len()).sum();
    for bulk in [false, true] {
        let (_dir, db) = temp_db();
        let mut store = Store::open(&db).unwrap();
        let t = std::time::Instant::now();
        if bulk {
            let mut b = store.bulk();
            for (d, s) in &docs {
                b.ingest(d, s).unwrap();
            }
            b.finish().unwrap();
        } else {
            for (d, s) in &docs {
                store.ingest(d, s).unwrap();
            }
        }
        println!("4000 small documents, {}: {:.1} MB/s", if bulk { "bulk" } else { "ingest" }, mbs(total, t));
    }
}

#[test]
fn bulk_ingest_skips_invalid_documents_and_rolls_back_a_failed_chunk_whole() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    // The report has citations, the bulletins none: only the report fails.
    common::raw(&db)
        .execute_batch("CREATE TRIGGER boom BEFORE INSERT ON citations BEGIN SELECT RAISE(ABORT, 'boom'); END;")
        .unwrap();
    let (a, a_seg) = bulletin("corpus/a.md", "Fighters moved south. Nothing else");
    let (b, b_seg) = bulletin("corpus/b.md", "Fighters moved north");
    let (c, c_seg) = bulletin("corpus/c.md", "Fighters stayed");
    let (doc, seg) = report("corpus/pakistan.txt");
    let (mut bad, mut bad_seg) = bulletin("corpus/bad.md", "Out of bounds");
    bad.id = SourceId([9; 32]);
    bad_seg.passages[0].span.end = 999;

    let mut bulk = store.bulk();
    assert_eq!(bulk.ingest(&a, &a_seg).unwrap(), IngestOutcome::Added);
    assert!(bulk.contains(&a.id).unwrap());
    assert_eq!(bulk.ingest(&a, &a_seg).unwrap(), IngestOutcome::Unchanged, "seen within the chunk");
    // Invalid input is refused before writing and costs nothing else.
    assert!(matches!(bulk.ingest(&bad, &bad_seg), Err(StoreError::InvalidInput { .. })));
    assert_eq!(bulk.ingest(&b, &b_seg).unwrap(), IngestOutcome::Added);
    // A failure inside SQLite takes the open chunk with it, and says so.
    match bulk.ingest(&doc, &seg) {
        Err(StoreError::ChunkRolledBack { path, lost, source }) => {
            assert_eq!(path, "corpus/pakistan.txt");
            assert_eq!(lost, ["corpus/a.md", "corpus/b.md"]);
            assert!(matches!(*source, StoreError::SqliteAt { context: "inserting citations", .. }), "{source:?}");
        }
        other => panic!("expected ChunkRolledBack, got {other:?}"),
    }
    assert!(!bulk.contains(&a.id).unwrap());
    // The bulk goes on with a new chunk.
    assert_eq!(bulk.ingest(&c, &c_seg).unwrap(), IngestOutcome::Added);
    bulk.finish().unwrap();

    for id in [&a.id, &b.id, &doc.id, &bad.id] {
        assert_eq!(rows_of_source(&db, &id.to_hex()), 0);
    }
    fts_integrity(&db);
    let paths: Vec<String> = store.sources().unwrap().into_iter().map(|s| s.path).collect();
    assert_eq!(paths, ["corpus/c.md"]);
    assert_eq!(store.search("fighters", 10).unwrap().len(), 1);

    // Dropping a bulk keeps what it stored; lost documents can come back.
    common::raw(&db).execute_batch("DROP TRIGGER boom;").unwrap();
    {
        let mut bulk = store.bulk();
        for (d, s) in [(&a, &a_seg), (&b, &b_seg), (&doc, &seg)] {
            assert_eq!(bulk.ingest(d, s).unwrap(), IngestOutcome::Added);
        }
    }
    assert_eq!(store.counts().unwrap().sources, 4);
    assert_eq!(store.search("fighters", 10).unwrap().len(), 4);
    fts_integrity(&db);
}

#[test]
fn bulk_ingest_commits_in_chunks() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let committed = || -> u64 { common::raw(&db).query_row("SELECT count(*) FROM sources", [], |r| r.get(0)).unwrap() };
    let mut bulk = store.bulk();
    for i in 0..1_001 {
        let (d, s) = bulletin(&format!("many/{i:04}.md"), &format!("Bulletin {i} on fighters"));
        assert_eq!(bulk.ingest(&d, &s).unwrap(), IngestOutcome::Added);
        if i == 998 {
            assert_eq!(committed(), 0, "nothing visible before the first chunk commits");
        }
    }
    assert_eq!(committed(), 1_000, "the first 1000 were committed as a chunk");
    bulk.commit().unwrap();
    assert_eq!(committed(), 1_001);
    bulk.finish().unwrap();
    assert_eq!(store.search("fighters", 2_000).unwrap().len(), 1_001);
    fts_integrity(&db);
}

/// Claims live and die with their source; bad indices are refused before
/// any write; the derived layer is rebuilt on demand.
#[test]
fn claims_are_stored_with_their_source_and_removed_with_it() {
    use dossier_model::{ActorKind, ActorRecord, Claim, ClaimValue, Predicate};
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let (doc, seg) = report("corpus/pakistan.txt");
    let text = doc.text.clone();
    let at = text.find("fighters").unwrap();
    let actor = |name: &str| ActorRecord {
        kind: ActorKind::ArmedGroup,
        lexicon_id: Some("iskp".into()),
        parent: Some("islamic-state".into()),
        name: name.into(),
        aliases: vec![name.into(), "ISKP".into()],
        rule: "lexicon".into(),
    };
    let claim = |subject| Claim {
        subject,
        predicate: Predicate::SizeEstimate,
        value: ClaimValue::Range { min: Some(2000), max: Some(2000) },
        span: Span::new(at, at + 8),
        as_of: None,
        role: None,
        until: None,
        date: None,
        period: None,
        place: None,
        rule: "test".into(),
    };
    let mut claims = SourceClaims {
        actors: vec![actor("Islamic State Khorasan Province")],
        mentions: vec![(0, Span::new(at, at + 8))],
        incidents: vec![],
        claims: vec![claim(3)],
    };
    let before = dump(&db);
    assert!(matches!(store.ingest_with(&doc, &seg, &claims), Err(StoreError::InvalidInput { .. })));
    assert_eq!(dump(&db), before, "nothing written for a claim naming no actor");

    claims.claims = vec![claim(0)];
    store.ingest_with(&doc, &seg, &claims).unwrap();
    assert!(store.is_stale().unwrap());
    let rebuilt = store.refresh().unwrap().expect("stale, so rebuilt");
    assert_eq!((rebuilt.actors, rebuilt.events), (1, 0));
    assert!(store.refresh().unwrap().is_none(), "fresh now");
    let rows = store.claims("ISKP").unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].evidence.quote, "fighters");
    assert!(!rows[0].evidence.citations.is_empty(), "the passage's notes come with the claim");

    assert!(store.delete_source(&doc.id.to_hex()).unwrap());
    assert!(store.is_stale().unwrap());
    store.refresh().unwrap();
    assert!(matches!(store.claims("ISKP"), Err(StoreError::UnknownActor { .. })));
    let conn = common::raw(&db);
    for table in ["doc_actors", "mentions", "claims", "incident_reports", "actors", "actor_members"] {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap();
        assert_eq!(n, 0, "{table}");
    }
}
