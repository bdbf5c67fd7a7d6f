//! Drives the real `dossier` binary on the bundled corpus and on hostile
//! files.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn dossier(db: &Path) -> Command {
    let mut c = Command::cargo_bin("dossier").expect("binary");
    c.arg("--db").arg(db).env_remove("DOSSIER_DB");
    c
}

fn json(cmd: &mut Command) -> Value {
    let out = cmd.output().expect("runs");
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// Every row of every table, in a stable order, for equality checks. It
/// reads the file directly, below the store's interface, because the point
/// is to see every row, including the full-text index's own.
#[allow(clippy::disallowed_methods, reason = "the test inspects the database file itself")]
fn dump(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect();
                Ok(cells.join("|"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        out.push_str(&format!("{t}: {}\n{}\n", rows.len(), rows.join("\n")));
    }
    out
}

#[test]
fn ingest_corpus_twice_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    dossier(&db)
        .arg("ingest")
        .arg(repo().join("corpus"))
        .assert()
        .success()
        .stdout(predicate::str::starts_with("4 added, 0 unchanged, 0 failed\nknowledge base: "));
    let sources = json(dossier(&db).args(["sources", "--json"]));
    let titles: Vec<&str> = sources.as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "3.2.7. Islamic State Khorasan Province (ISKP) and Islamic State Pakistan Province (ISPP)",
            "ISKP’s increasing Foothold in Pakistan",
            "Islamic State – Khorasan Province",
            "ICCT Snapshot: Islamic State - Khorasan Province",
        ]
    );
    let before = dump(&db);
    dossier(&db).arg("ingest").arg(repo().join("corpus")).assert().success().stdout("0 added, 4 unchanged, 0 failed\n");
    assert_eq!(before, dump(&db), "re-ingest changed the database");
    dossier(&db).arg("sources").assert().success().stdout(predicate::str::contains("4 sources"));
}

#[test]
fn search_finds_bajaur_and_the_parsed_397_citation() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    dossier(&db).arg("ingest").arg(repo().join("corpus")).assert().success();

    let hits = json(dossier(&db).args(["search", "Bajaur", "--json"]));
    let hit =
        hits.as_array().unwrap().iter().find(|h| h["source_path"].as_str().unwrap().contains("001_")).expect("001 hit");
    let text = hit["text"].as_str().unwrap();
    assert!(text.starts_with("At least 54 persons were killed"), "{text}");
    let (start, end) = (hit["start"].as_u64().unwrap() as usize, hit["end"].as_u64().unwrap() as usize);
    let original = std::fs::read_to_string(repo().join("corpus/001_dce01329566ea4d4.txt")).unwrap();
    assert_eq!(&original[start..end], text, "offsets point at the sentence");
    dossier(&db).args(["search", "Bajaur"]).assert().success().stdout(predicate::str::contains("[Bajaur]"));

    let hits = json(dossier(&db).args(["search", "fighters", "--json"]));
    let hit = hits
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["text"].as_str().unwrap().contains("4 000–6 000"))
        .expect("size sentence");
    let c397 = hit["citations"].as_array().unwrap().iter().find(|c| c["label"] == "397").expect("397 cited");
    let r = &c397["references"][0];
    assert_eq!(r["publisher"], "US, CRS");
    assert_eq!(r["title"], "Terrorist and Other Militant Groups in Pakistan");
    assert_eq!(r["date"], "2026-03-25");
    assert_eq!(r["pages"], "p. 2");
}

#[test]
fn show_prints_passages_and_references() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    dossier(&db).arg("ingest").arg(repo().join("corpus")).assert().success();
    let detail = json(dossier(&db).args(["show", "000_29adca9be820ab4a.txt", "--json"]));
    let notes = detail["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 17);
    let n399 = notes.iter().find(|n| n["label"] == "399").unwrap();
    assert_eq!(n399["references"].as_array().unwrap().len(), 2);
    dossier(&db)
        .args(["show", "000_29adca9be820ab4a.txt"])
        .assert()
        .success()
        .stdout(predicate::str::contains("US, CRS"));
    dossier(&db).args(["show", "nothing-like-this"]).assert().code(1).stderr(predicate::str::contains("error:"));
}

#[test]
fn hostile_files_fail_cleanly_and_the_rest_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let assert = dossier(&db)
        .arg("ingest")
        .arg(fixture("picture.txt"))
        .arg(fixture("windows-1252.txt"))
        .arg(fixture("hostile.html"))
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("2 added, 0 unchanged, 1 failed\nknowledge base: "));
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("picture.txt: binary file (PNG image), not a text report"), "{stderr}");
    assert!(stderr.contains("windows-1252.txt: not valid UTF-8"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    let detail = json(dossier(&db).args(["show", "windows-1252.txt", "--json"]));
    let text = detail["text"].as_str().unwrap();
    assert!(text.contains("L’attaque du 30 juillet 2023 à Khar"), "{text}");
    assert!(text.contains("2 000 €"), "no-break space made plain: {text}");

    let html = json(dossier(&db).args(["show", "hostile.html", "--json"]));
    let text = html["text"].as_str().unwrap();
    assert_eq!(html["title"], "Attack in Bajaur: what we know");
    assert!(text.contains("At least 54 people were killed"));
    for leak in ["SCRIPT", "STYLE-LEAK", "NAV-LEAK", "NOSCRIPT", "TEMPLATE", "HIDDEN-LEAK", "alert("] {
        assert!(!text.contains(leak), "{leak} leaked into {text}");
    }
}

#[test]
fn unreadable_inputs_get_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let truncated = dir.path().join("truncated.pdf");
    let full = std::fs::read(repo().join("crates/read/tests/fixtures/pdf_report.pdf")).unwrap();
    std::fs::write(&truncated, &full[..full.len() / 2]).unwrap();
    let fake = dir.path().join("fake.pdf");
    std::fs::write(&fake, b"just text pretending").unwrap();
    let out = dossier(&db).arg("ingest").args([&empty, &truncated, &fake]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(lines[0].ends_with("empty.txt: empty file: no text to read"));
    assert!(lines[1].contains("truncated.pdf: "), "{stderr}");
    assert!(lines[2].ends_with("fake.pdf: named .pdf but the content is not a PDF (no %PDF- header)"));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "0 added, 0 unchanged, 3 failed\n");
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    dossier(&db).arg("frobnicate").assert().code(2);
    dossier(&db).arg("ingest").assert().code(2);
    dossier(&db).args(["sources"]).assert().code(1).stderr(predicate::str::contains("no database"));
}

#[test]
fn demo_builds_and_searches() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    dossier(&db).args(["demo", "--no-serve"]).assert().success().stdout(
        predicate::str::contains("4 sources")
            .and(predicate::str::contains("Terrorist and Other Militant Groups in Pakistan"))
            .and(predicate::str::contains("founded: CONFLICT  low 2014 · high 2015-01-26"))
            .and(predicate::str::contains("2023-07-30  Khar")),
    );
}

#[test]
fn extract_reads_html_with_footnote_markers() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(dossier(&dir.path().join("unused.db")).args(["extract", "--json"]).arg(fixture("hostile.html")));
    let e = &v["events"][0];
    assert_eq!(e["date"], "2023-07-30", "the <sup>1</sup> after the year is a citation, not part of it");
    assert_eq!(e["location"], "Khar");
    assert_eq!(e["fatalities"]["min"], 54);
    assert_eq!(e["perpetrator"], "ISKP");
    assert_eq!(e["claimed"], true);
    let quote = e["quote"].as_str().unwrap();
    assert!(
        quote.starts_with("At least 54 people were killed") && !quote.contains('<'),
        "quotes carry no markup: {quote}"
    );
}

#[test]
fn damaged_pdfs_fail_in_one_line_each_and_never_print_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let full = std::fs::read(repo().join("crates/read/tests/fixtures/pdf_report.pdf")).unwrap();
    let mut paths = Vec::new();
    let n = full.len();
    for i in 0..24 {
        // Flip one to four bytes between 10 % and 90 % of the file: some
        // copies lose the trailer, some a page (pdf-extract panics inside;
        // the reader catches it quietly), some read whole.
        let mut b = full.clone();
        for k in 0..(1 + i % 4) {
            b[n / 10 + (k * 7919 + i * 104_729) % (n * 8 / 10)] ^= 0x5a;
        }
        let p = dir.path().join(format!("damaged-{i:02}.pdf"));
        std::fs::write(&p, &b).unwrap();
        paths.push(p);
    }
    let out = dossier(&db).arg("ingest").args(&paths).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.lines().all(|l| l.starts_with("error: ") || l.starts_with("warning: ")), "{stderr}");
    // Every file is either stored (a page may be lost, with a warning) or
    // refused: "N added, 0 unchanged, M failed" with N + M = 24.
    let stdout = String::from_utf8_lossy(&out.stdout);
    let summary = stdout.lines().next().unwrap_or_default();
    let counts: Vec<usize> =
        summary.split(", ").filter_map(|part| part.split_whitespace().next()?.parse().ok()).collect();
    assert_eq!(counts.len(), 3, "{summary}");
    assert_eq!(counts[0] + counts[2], 24, "{summary}");
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with("error: ")).count(),
        counts[2],
        "one line per failed file: {stderr}"
    );
}

/// `dossier demo` builds the knowledge base and serves it: the URL it
/// prints answers the API and the pages.
#[test]
fn demo_serves_what_it_built() {
    use std::io::{BufRead, BufReader, Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("dossier"))
        .arg("--db")
        .arg(&db)
        .args(["demo", "--addr", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| {
            l.strip_prefix("Serving the knowledge base: http://").map(|r| r.split('/').next().unwrap().to_string())
        })
        .expect("the demo prints its URL");
    let get = |path: &str| -> String {
        let mut s = std::net::TcpStream::connect(&url).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: {url}\r\nConnection: close\r\n\r\n").unwrap();
        let mut body = String::new();
        s.read_to_string(&mut body).unwrap();
        body
    };
    let profile = get("/api/actors/ISIS-K");
    let _ = child.kill();
    let _ = child.wait();
    assert!(profile.starts_with("HTTP/1.1 200"), "{profile}");
    assert!(profile.contains("\"key\":\"iskp\""));
    assert!(profile.contains("2015-01-26"));
}
