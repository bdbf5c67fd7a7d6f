//! Event datasets end to end: the real binary imports the hand-written
//! fixtures (real headers, hand-written rows; no GTD data is bundled),
//! refuses bad files with the reason, skips bad rows with their line,
//! never stores a row twice, merges the ACLED Bajaur row with the text
//! reports of that rally, and survives being killed mid-import.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> PathBuf {
    repo().join("crates/import/tests/fixtures").join(name)
}

fn dossier(db: &Path) -> Command {
    let mut c = Command::cargo_bin("dossier").expect("binary");
    c.arg("--db").arg(db).env_remove("DOSSIER_DB");
    c
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(cmd: &mut Command) -> Value {
    let (code, out, err) = run(cmd);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("valid JSON")
}

fn datasets(db: &Path) -> Vec<Value> {
    json(dossier(db).args(["datasets", "--json"])).as_array().unwrap().clone()
}

#[test]
fn fixtures_of_each_format_import_with_exact_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let files = [
        ("acled_current.csv", "ACLED (2023 layout)", 36),
        ("acled_legacy.csv", "ACLED (pre-2023 layout)", 32),
        ("gtd.csv", "GTD", 31),
        ("ucdp_ged.csv", "UCDP GED", 34),
        ("ucdp_candidate_noheader.csv", "UCDP GED (header-less candidate)", 2),
    ];
    let mut cmd = dossier(&db);
    cmd.arg("import");
    for (f, _, _) in &files {
        cmd.arg(fixture(f));
    }
    let (code, out, err) = run(&mut cmd);
    assert_eq!(code, 0, "{err}");
    let list = datasets(&db);
    for (f, layout, rows) in files {
        let d = list.iter().find(|d| d["path"].as_str().unwrap().ends_with(f)).unwrap_or_else(|| panic!("{f}"));
        assert_eq!(d["layout"], layout, "{f}");
        let stored = d["rows"].as_u64().unwrap() + d["duplicates"].as_u64().unwrap();
        assert_eq!(stored, rows, "{f}: {out}");
        assert_eq!(d["bad_rows"], 0);
        assert_eq!(d["complete"], true);
        assert_eq!(d["id"].as_str().unwrap().len(), 64, "the file's SHA-256");
    }
    // Each row is an event of its own here (no report to merge with).
    let events = json(dossier(&db).args(["events", "--json"]));
    let total: u64 = list.iter().map(|d| d["rows"].as_u64().unwrap()).sum();
    assert_eq!(events.as_array().unwrap().len() as u64, total);
    // The ACLED row's actor resolves to the reviewed ISKP; its place to the gazetteer.
    let iskp = json(dossier(&db).args(["events", "--actor", "ISKP", "--country", "PK", "--json"]));
    let bajaur = iskp.as_array().unwrap().iter().find(|e| e["date"] == "2023-07-30").expect("Bajaur row");
    assert_eq!(bajaur["place"], "Khar");
    assert_eq!(bajaur["admin1"], "PK-KP");
    // A row is a report with its provenance: dataset, row id, line, notes.
    let d = json(dossier(&db).args(["explain", &bajaur["id"].to_string(), "--json"]));
    let r = &d["report_list"][0];
    assert!(r["rule"].as_str().unwrap().starts_with("ACLED row PAK98231 (line 2)"), "{r}");
    assert!(r["evidence"]["quote"].as_str().unwrap().contains("JUI-F"));
    assert_eq!(r["evidence"]["source"]["publisher"], "ACLED");

    // Importing the same file again writes nothing.
    let before = datasets(&db);
    let (code, out, _) = run(dossier(&db).arg("import").arg(fixture("acled_current.csv")));
    assert_eq!(code, 0);
    assert!(out.contains("unchanged (imported before)"), "{out}");
    assert_eq!(datasets(&db), before);
}

#[test]
fn the_acled_bajaur_row_and_the_text_reports_are_one_event() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    assert_eq!(run(dossier(&db).arg("ingest").arg(repo().join("corpus"))).0, 0);
    let (code, _, err) = run(dossier(&db).arg("import").arg(fixture("acled_current.csv")));
    assert_eq!(code, 0, "{err}");
    let e =
        json(dossier(&db).args(["events", "--country", "PK", "--from", "2023-07-30", "--to", "2023-07-30", "--json"]));
    let e = e.as_array().unwrap();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0]["sources"], 3, "commentary, encyclopedia and ACLED");
    assert_eq!((e[0]["fatalities_low"].as_u64(), e[0]["fatalities_high"].as_u64()), (Some(54), Some(63)));
    let d = json(dossier(&db).args(["explain", &e[0]["id"].to_string(), "--json"]));
    let publishers: Vec<&str> = d["report_list"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["evidence"]["source"]["publisher"].as_str())
        .collect();
    assert!(publishers.contains(&"ACLED"), "{publishers:?}");
    let acled_link = d["links"].as_array().unwrap().iter().find(|l| l["rule"].as_str().unwrap().contains("same day"));
    assert!(acled_link.is_some(), "{}", d["links"]);
    // The ACLED Kabul airport row joins the event the three texts report.
    let kabul =
        json(dossier(&db).args(["events", "--country", "AF", "--from", "2021-08", "--to", "2021-08", "--json"]));
    let kabul = kabul.as_array().unwrap();
    assert_eq!(kabul.len(), 1, "{kabul:?}");
    assert_eq!(kabul[0]["sources"], 4, "{kabul:?}");
    // UCDP codes the same attack to the Islamic State at province level:
    // too weak a match (parent organisation, province only) to merge, so it
    // stays an event of its own rather than risk a wrong merge.
    let (code, _, _) = run(dossier(&db).arg("import").arg(fixture("ucdp_ged.csv")));
    assert_eq!(code, 0);
    let kabul =
        json(dossier(&db).args(["events", "--country", "AF", "--from", "2021-08", "--to", "2021-08", "--json"]));
    let kabul = kabul.as_array().unwrap();
    assert_eq!(kabul.len(), 2, "{kabul:?}");
    assert!(kabul.iter().any(|e| e["sources"] == 4 && e["perpetrator"]["key"] == "iskp"));
}

#[test]
fn bad_files_are_refused_and_bad_rows_skipped_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let (code, _, err) = run(dossier(&db).arg("import").arg(fixture("wrong_header.csv")));
    assert_eq!(code, 1);
    assert!(err.contains("unrecognised header") && err.contains("event_id_cnty"), "{err}");
    let (code, _, err) = run(dossier(&db).arg("import").arg(fixture("acled_missing_column.csv")));
    assert_eq!(code, 1);
    assert!(err.contains("fatalities"), "the missing column is named: {err}");
    assert!(datasets(&db).is_empty() || datasets(&db).iter().all(|d| d["rows"] == 0));

    let (code, out, err) = run(dossier(&db).arg("import").arg(fixture("acled_bad_rows.csv")));
    assert_eq!(code, 0, "{err}");
    for needle in ["line 3 (PAK98232)", "2023-02-31", "is negative", "out of range", "2O24", "stray comma or quote"] {
        assert!(err.contains(needle), "{needle} not in {err}");
    }
    assert!(out.contains("3 rows added, 0 already stored, 5 bad rows skipped"), "{out}");
    let d = &datasets(&db)[0];
    assert_eq!((d["rows"].as_u64(), d["bad_rows"].as_u64()), (Some(3), Some(5)));

    // A second file with some of the same rows adds only the new ones.
    let (code, out, _) = run(dossier(&db).arg("import").arg(fixture("acled_current.csv")));
    assert_eq!(code, 0);
    assert!(out.contains("already stored"), "{out}");
    let total: u64 = datasets(&db).iter().map(|d| d["rows"].as_u64().unwrap()).sum();
    let events = json(dossier(&db).args(["events", "--json"]));
    assert_eq!(events.as_array().unwrap().len() as u64, total, "no row twice");

    let (code, _, err) = run(dossier(&db).arg("import").arg(fixture("acled_unclosed_quote.csv")));
    assert!(code == 0 || err.contains("line"), "{err}");
}

#[test]
fn generated_files_are_deterministic_and_import_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let a = run(dossier(&dir.path().join("x.db")).args(["gen", "acled", "--rows", "300", "--seed", "5"])).1;
    let b = run(dossier(&dir.path().join("x.db")).args(["gen", "acled", "--rows", "300", "--seed", "5"])).1;
    let c = run(dossier(&dir.path().join("x.db")).args(["gen", "acled", "--rows", "300", "--seed", "6"])).1;
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(a.lines().count(), 301);
    let file = dir.path().join("gen.csv");
    std::fs::write(&file, a).unwrap();
    let db = dir.path().join("kb.db");
    let (code, out, err) = run(dossier(&db).arg("import").arg(&file));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("300 rows added, 0 already stored, 0 bad rows skipped"), "{out}");
    // Exported in ACLED's column order, the events read back as ACLED.
    let export = run(dossier(&db).args(["events", "--format", "csv"])).1;
    let back = dir.path().join("export.csv");
    std::fs::write(&back, &export).unwrap();
    let db2 = dir.path().join("kb2.db");
    let (code, out, err) = run(dossier(&db2).arg("import").arg(&back));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ACLED (2023 layout): 300 rows added"), "{out}");
}

/// Kills `dossier import` at random moments; each time the database is
/// intact and holds whole batches; a re-run completes with exact counts.
#[test]
#[cfg(unix)]
fn killed_imports_resume_to_exact_counts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.csv");
    // Large enough to take several batches and the deferred-index path.
    let rows = 120_000;
    let (code, out, _) =
        run(dossier(&dir.path().join("x.db")).args(["gen", "acled", "--rows", &rows.to_string(), "--seed", "11"]));
    assert_eq!(code, 0);
    std::fs::write(&file, out).unwrap();
    let db = dir.path().join("kb.db");
    let bin = assert_cmd::cargo::cargo_bin("dossier");
    // A fixed sequence of pseudo-random delays: reproducible, spread over the import.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..5 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_millis(200 + seed % 2500);
        let mut child = std::process::Command::new(&bin)
            .arg("--db")
            .arg(&db)
            .arg("import")
            .arg(&file)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        #[allow(clippy::disallowed_methods, reason = "the test checks the file below the store")]
        let conn = rusqlite::Connection::open(&db).unwrap();
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap_or_default();
        assert!(check == "ok" || check.is_empty(), "{check}");
        if check == "ok" {
            let n: i64 = conn.query_row("SELECT count(*) FROM dataset_rows", [], |r| r.get(0)).unwrap_or(0);
            assert!(n as usize <= rows);
        }
    }
    let (code, out, err) = run(dossier(&db).arg("import").arg(&file));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("bad rows skipped") || out.contains("unchanged"), "{out}");
    let d = &datasets(&db)[0];
    assert_eq!(d["rows"].as_u64(), Some(rows as u64), "{d}");
    assert_eq!((d["duplicates"].as_u64(), d["complete"].as_bool()), (Some(0), Some(true)), "{d}");
    let counts = json(dossier(&db).args(["events", "--json"]));
    assert_eq!(counts.as_array().unwrap().len(), rows);
}

/// A bulk import switches the database to a rollback journal when it is
/// alone (WAL would write every page twice). Readers that open the
/// database meanwhile must still work, see whole batches only, and leave
/// it in WAL mode; the import must still finish with exact counts.
#[test]
fn readers_during_a_bulk_import_see_whole_batches_and_the_import_completes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.csv");
    let rows = 150_000u64;
    let (code, out, _) =
        run(dossier(&dir.path().join("x.db")).args(["gen", "acled", "--rows", &rows.to_string(), "--seed", "3"]));
    assert_eq!(code, 0);
    std::fs::write(&file, out).unwrap();
    let db = dir.path().join("kb.db");
    // Create the database first (with a small file), so readers never race its creation.
    assert_eq!(run(dossier(&db).arg("import").arg(fixture("gtd.csv"))).0, 0);
    let big = |list: &Value| {
        list.as_array().unwrap().iter().find(|d| d["path"].as_str().unwrap().ends_with("big.csv")).cloned()
    };
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("dossier"))
        .arg("--db")
        .arg(&db)
        .arg("import")
        .arg(&file)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut seen = Vec::new();
    while child.try_wait().unwrap().is_none() {
        let (code, out, err) = run(dossier(&db).args(["datasets", "--json"]));
        assert_eq!(code, 0, "a reader failed during the import: {err}");
        let list: Value = serde_json::from_str(&out).unwrap();
        if let Some(d) = big(&list) {
            let n = d["rows"].as_u64().unwrap();
            assert!(n % 50_000 == 0 || n == rows, "{n} rows: not whole batches");
            if seen.is_empty() && n < rows {
                // A second import into the same database waits its turn.
                let (code, _, err) = run(dossier(&db).arg("import").arg(fixture("acled_legacy.csv")));
                assert_eq!(code, 1);
                assert!(err.contains("another import into") && err.contains("is running"), "{err}");
            }
            seen.push(n);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    eprintln!("rows seen by readers: {seen:?}");
    assert!(seen.iter().any(|&n| n < rows), "no reader ran during the import: {seen:?}");
    let d = big(&Value::Array(datasets(&db))).unwrap();
    assert_eq!((d["rows"].as_u64(), d["complete"].as_bool()), (Some(rows), Some(true)), "{d}");
    let events = json(dossier(&db).args(["events", "--json"])).as_array().unwrap().len() as u64;
    assert_eq!(events, rows + 31, "the big file's rows and the 31 GTD rows");
    #[allow(clippy::disallowed_methods, reason = "the test checks the file below the store")]
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal", "the import leaves the database in WAL mode");
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
}
