//! Crash safety and concurrency, end to end with the real binary.
//!
//! - `dossier ingest` of a few hundred documents is killed with SIGKILL at
//!   pseudo-random moments (fixed seed): after every kill the database is
//!   intact and every stored source is whole, exactly as a clean ingest of
//!   the same file stores it; a re-run completes with the exact counts.
//! - `dossier import` of a generated 120,000-row ACLED file, likewise: only
//!   whole batches, and a re-run completes the file exactly.
//! - `dossier serve` answers `/api/sources` while another process ingests:
//!   every listed source is whole, never half-ingested.
//! - A 1 GiB file is refused by its size and the rest stored; uploads over
//!   the size limit, without the token or with a path-traversal name store
//!   nothing else (see `docs/robustness.md`).
//!
//! The tests read the database file directly (below the store's interface)
//! because the point is to see every row a crash could have left.
#![cfg(unix)]

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("dossier")
}

fn dossier(db: &Path) -> Command {
    let mut c = Command::new(bin());
    c.arg("--db").arg(db).env_remove("DOSSIER_DB").env_remove("DOSSIER_TOKEN");
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

/// A fixed sequence of pseudo-random numbers (xorshift64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A duration between `lo` and `hi`.
    fn between(&mut self, lo: Duration, hi: Duration) -> Duration {
        let span = hi.saturating_sub(lo).as_micros().max(1) as u64;
        lo + Duration::from_micros(self.next() % span)
    }
}

/// Starts `cmd` quietly and kills it (SIGKILL) after `delay`, unless it
/// finished first. Returns whether it was killed while running.
fn kill_after(cmd: &mut Command, delay: Duration) -> bool {
    let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("spawns");
    let deadline = Instant::now() + delay;
    while Instant::now() < deadline {
        if child.try_wait().expect("waits").is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5).min(deadline.saturating_duration_since(Instant::now())));
    }
    let killed = child.try_wait().expect("waits").is_none();
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    killed
}

/// `count` distinct documents: the bundled corpus reports in turn, each with
/// a line of its own appended (so each has its own bytes and id).
fn copies(dir: &Path, count: usize) -> Vec<PathBuf> {
    let mut bases: Vec<PathBuf> = std::fs::read_dir(repo().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with('0') && p.extension().unwrap() == "txt")
        .collect();
    bases.sort();
    assert_eq!(bases.len(), 4, "{bases:?}");
    std::fs::create_dir_all(dir).unwrap();
    (0..count)
        .map(|i| {
            let base = &bases[i % bases.len()];
            let mut text = std::fs::read_to_string(base).unwrap();
            text.push_str(&format!("\nThis is copy {i} of the report, filed for the robustness test.\n"));
            let name = format!("copy{i:04}_{}", base.file_name().unwrap().to_str().unwrap());
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

/// What segmentation gives for a file: (passages, notes, citations, references).
fn segmented_counts(path: &Path) -> [u64; 4] {
    let doc = dossier_read::read_file(path).expect("reads");
    let seg = dossier_segment::segment(&doc);
    [
        seg.passages.len() as u64,
        seg.notes.len() as u64,
        seg.passages.iter().map(|p| p.citations.len() as u64).sum(),
        seg.notes.iter().map(|n| n.references.len() as u64).sum(),
    ]
}

/// Reference counts by file name.
fn reference_counts(files: &[PathBuf]) -> HashMap<String, [u64; 4]> {
    files.iter().map(|p| (file_name(p), segmented_counts(p))).collect()
}

fn file_name(p: impl AsRef<Path>) -> String {
    p.as_ref().file_name().unwrap().to_str().unwrap().to_string()
}

/// One stored source's rows: its path, then the rows of each per-source
/// table that belong to it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SourceRows {
    path: String,
    /// passages, notes, citations, refs
    segmented: [u64; 4],
    /// doc_actors, mentions, claims, incident_reports
    claims: [u64; 4],
}

const PER_SOURCE: &str = "
SELECT s.id, s.path,
  (SELECT count(*) FROM passages p WHERE p.source_id = s.id),
  (SELECT count(*) FROM notes n WHERE n.source_id = s.id),
  (SELECT count(*) FROM citations c JOIN passages p ON p.id = c.passage_id WHERE p.source_id = s.id),
  (SELECT count(*) FROM refs r JOIN notes n ON n.id = r.note_id WHERE n.source_id = s.id),
  (SELECT count(*) FROM doc_actors a WHERE a.source_id = s.id),
  (SELECT count(*) FROM mentions m WHERE m.source_id = s.id),
  (SELECT count(*) FROM claims c WHERE c.source_id = s.id),
  (SELECT count(*) FROM incident_reports i WHERE i.source_id = s.id)
FROM sources s";

#[allow(clippy::disallowed_methods, reason = "the test inspects the database file itself")]
fn open(db: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).expect("opens");
    conn.busy_timeout(Duration::from_secs(10)).unwrap();
    conn
}

/// Checks the file is an intact database: SQLite's integrity check, no
/// row pointing at a missing parent, the full-text index in step with the
/// passages. Returns every stored source's rows by id.
fn check_intact(db: &Path) -> BTreeMap<String, SourceRows> {
    let conn = open(db);
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity_check runs");
    assert_eq!(check, "ok", "integrity_check");
    let dangling: i64 =
        conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).expect("foreign_key_check");
    assert_eq!(dangling, 0, "rows whose parent is missing");
    let has_fts: bool = conn
        .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'passages_fts'", [], |r| r.get::<_, i64>(0))
        .unwrap()
        > 0;
    if has_fts {
        conn.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 1)", [])
            .expect("the full-text index matches the passages");
    }
    let mut out = BTreeMap::new();
    let Ok(mut st) = conn.prepare(PER_SOURCE) else { return out }; // killed before the schema was written
    let rows = st
        .query_map([], |r| {
            let n = |i| r.get::<_, i64>(i).map(|v| v as u64);
            Ok((
                r.get::<_, String>(0)?,
                SourceRows {
                    path: r.get(1)?,
                    segmented: [n(2)?, n(3)?, n(4)?, n(5)?],
                    claims: [n(6)?, n(7)?, n(8)?, n(9)?],
                },
            ))
        })
        .unwrap();
    for row in rows {
        let (id, rows) = row.unwrap();
        out.insert(id, rows);
    }
    out
}

/// Every stored source is whole: its passages, notes, citations and
/// references are what segmenting the file gives, and its actors,
/// mentions, claims and incident reports are what a clean ingest of the
/// same bytes stored in the reference database.
fn check_whole(
    stored: &BTreeMap<String, SourceRows>,
    by_name: &HashMap<String, [u64; 4]>,
    reference: &BTreeMap<String, SourceRows>,
) {
    for (id, rows) in stored {
        let name = file_name(&rows.path);
        let expected = by_name.get(&name).unwrap_or_else(|| panic!("unknown source {name}"));
        assert_eq!(&rows.segmented, expected, "{name}: passages, notes, citations, references");
        let clean = reference.get(id).unwrap_or_else(|| panic!("{name}: id {id} not in the reference"));
        assert_eq!(rows.claims, clean.claims, "{name}: actors, mentions, claims, incident reports");
    }
}

/// Deletes a database with its WAL and shared-memory files.
fn remove_db(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}

/// Rows of the derived layer (actors, events) and whether it is stale.
fn derived(db: &Path) -> (i64, i64, String) {
    let conn = open(db);
    let count = |t: &str| conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get::<_, i64>(0)).unwrap();
    let stale: String = conn.query_row("SELECT value FROM kb_state WHERE key = 'stale'", [], |r| r.get(0)).unwrap();
    (count("actors"), count("events"), stale)
}

/// Kills `dossier ingest` of 300 documents at 24 pseudo-random moments.
#[test]
fn killed_ingests_leave_whole_sources_and_resume_to_exact_counts() {
    const N: usize = 300;
    const KILLS: usize = 24;
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    let files = copies(&docs, N);
    let by_name = reference_counts(&files);

    // The reference: one clean run into a fresh database, timed.
    let clean_db = dir.path().join("clean.db");
    let started = Instant::now();
    let (code, out, err) = run(dossier(&clean_db).arg("ingest").arg(&docs));
    let full = started.elapsed();
    eprintln!("clean ingest of {N} documents: {full:?}");
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with(&format!("{N} added, 0 unchanged, 0 failed")), "{out}");
    let reference = check_intact(&clean_db);
    assert_eq!(reference.len(), N);
    check_whole(&reference, &by_name, &reference);
    let clean_derived = derived(&clean_db);

    // Kill after a random delay anywhere in the run, the final refresh
    // included; once a run has stored everything, start over from an
    // empty database so that the kills keep landing on work in progress.
    let db = dir.path().join("kb.db");
    let mut rng = Rng(0x5eed_0008_dead_beef);
    let (mut killed, mut runs) = (0, 0);
    let mut seen: Vec<usize> = Vec::new();
    // At least KILLS kills, and the last one leaves a part stored for the re-run.
    while killed < KILLS || !seen.last().is_some_and(|&n| n > 0 && n < N) {
        runs += 1;
        assert!(runs <= 3 * KILLS, "too few runs were still going when killed: {seen:?}");
        let delay = rng.between(Duration::from_millis(30), full.mul_f64(1.1));
        let was_killed = kill_after(dossier(&db).arg("ingest").arg(&docs), delay);
        killed += usize::from(was_killed);
        let t = Instant::now();
        let stored = check_intact(&db);
        check_whole(&stored, &by_name, &reference);
        eprintln!(
            "kill after {delay:?} (killed: {was_killed}): {} sources, checked in {:?}",
            stored.len(),
            t.elapsed()
        );
        seen.push(stored.len());
        if !was_killed || (stored.len() == N && derived(&db).2 == "0") {
            remove_db(&db);
        }
    }
    assert!(seen.iter().any(|&n| n > 0 && n < N), "no kill landed mid-ingest: {seen:?}");

    let (code, out, err) = run(dossier(&db).arg("ingest").arg(&docs));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(" 0 failed"), "{out}");
    let stored = check_intact(&db);
    assert_eq!(stored.len(), N, "every source after the re-run");
    check_whole(&stored, &by_name, &reference);
    let sources = json(dossier(&db).args(["sources", "--json"]));
    assert_eq!(sources.as_array().unwrap().len(), N);
    let total = |m: &BTreeMap<String, SourceRows>| m.values().map(|r| r.claims[2]).sum::<u64>();
    assert_eq!(total(&stored), total(&reference), "claims");
    assert_eq!(derived(&db), clean_derived, "actors, events and staleness as after a clean run");
}

/// Rows stored for the dataset file, and its `datasets` row.
fn dataset_state(db: &Path) -> (i64, Option<(i64, bool)>) {
    let conn = open(db);
    let rows = conn.query_row("SELECT count(*) FROM dataset_rows", [], |r| r.get(0)).unwrap_or(0);
    let file = conn.query_row("SELECT rows, complete FROM datasets", [], |r| Ok((r.get(0)?, r.get(1)?))).ok();
    (rows, file)
}

/// Kills `dossier import` of a 120,000-row file at 24 pseudo-random moments.
#[test]
fn killed_imports_keep_whole_batches_and_resume_to_exact_counts() {
    const ROWS: i64 = 120_000;
    const BATCH: i64 = 50_000;
    const KILLS: usize = 24;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acled.csv");
    let scratch = dir.path().join("scratch.db");
    let (code, _, err) =
        run(dossier(&scratch).args(["gen", "acled", "--rows", "120000", "--seed", "11", "--out"]).arg(&file));
    assert_eq!(code, 0, "{err}");

    let clean_db = dir.path().join("clean.db");
    let started = Instant::now();
    let (code, out, err) = run(dossier(&clean_db).arg("import").arg(&file));
    let full = started.elapsed();
    eprintln!("clean import of {ROWS} rows: {full:?}");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("120000 rows added, 0 already stored, 0 bad rows skipped"), "{out}");

    // As for ingest: random delays, and a fresh database once a run has
    // completed the file.
    let db = dir.path().join("kb.db");
    let mut rng = Rng(0x0001_2000_0bad_cafe);
    let (mut killed, mut runs) = (0, 0);
    let mut seen: Vec<i64> = Vec::new();
    while killed < KILLS || !seen.last().is_some_and(|&n| n > 0 && n < ROWS) {
        runs += 1;
        assert!(runs <= 3 * KILLS, "too few runs were still going when killed: {seen:?}");
        let delay = rng.between(Duration::from_millis(30), full.mul_f64(1.1));
        let was_killed = kill_after(dossier(&db).arg("import").arg(&file), delay);
        killed += usize::from(was_killed);
        check_intact(&db);
        let (rows, recorded) = dataset_state(&db);
        assert!(rows % BATCH == 0 || rows == ROWS, "{rows} rows: not whole batches");
        let complete = match recorded {
            Some((counted, complete)) => {
                assert_eq!(counted, rows, "the file's running total goes with its rows");
                assert!(!complete || rows == ROWS, "complete with {rows} rows");
                complete
            }
            None => {
                assert_eq!(rows, 0);
                false
            }
        };
        eprintln!("kill after {delay:?} (killed: {was_killed}): {rows} rows, complete: {complete}");
        seen.push(rows);
        if !was_killed || complete {
            remove_db(&db);
        }
    }
    assert!(seen.iter().any(|&n| n > 0 && n < ROWS), "no kill landed between batches: {seen:?}");

    let (code, out, err) = run(dossier(&db).arg("import").arg(&file));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("bad rows skipped") || out.contains("unchanged"), "{out}");
    check_intact(&db);
    let list = json(dossier(&db).args(["datasets", "--json"]));
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    let d = &list[0];
    assert_eq!(d["rows"].as_i64(), Some(ROWS), "{d}");
    assert_eq!(d["duplicates"].as_i64(), Some(0), "{d}");
    assert_eq!(d["bad_rows"].as_i64(), Some(0), "{d}");
    assert_eq!(d["complete"].as_bool(), Some(true), "{d}");
    assert_eq!(dataset_state(&db).0, ROWS);
    // The query indexes a bulk import defers are back.
    let conn = open(&db);
    let indexes: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('dataset_rows_actor', 'dataset_rows_country')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexes, 2);
}

/// A free port on the loopback interface (bound, read, released).
fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// One HTTP/1.1 GET over a raw socket: (status, body).
fn get(addr: &str, path: &str) -> std::io::Result<(u16, Vec<u8>)> {
    let mut s = std::net::TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(60)))?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).expect("a status line");
    let mut body = raw[split + 4..].to_vec();
    if head.contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    Ok((status, body))
}

/// Decodes a chunked body.
fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let eol = b.windows(2).position(|w| w == b"\r\n").expect("chunk size line");
        let size = usize::from_str_radix(std::str::from_utf8(&b[..eol]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 2 + size + 2..];
    }
}

fn get_json(addr: &str, path: &str) -> Value {
    let (status, body) = get(addr, path).unwrap_or_else(|e| panic!("GET {path}: {e}"));
    assert_eq!(status, 200, "GET {path}: {}", String::from_utf8_lossy(&body));
    serde_json::from_slice(&body).unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

/// Kills the child when dropped, so a failed assertion leaves no server.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `dossier serve` lists and shows sources while `dossier ingest` adds more
/// in another process: every source it lists is whole.
#[test]
fn serving_while_ingesting_never_shows_a_half_stored_source() {
    const N: usize = 150;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let corpus: Vec<PathBuf> = std::fs::read_dir(repo().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().unwrap() == "txt")
        .collect();
    let (code, _, err) = run(dossier(&db).arg("ingest").args(&corpus));
    assert_eq!(code, 0, "{err}");
    let docs = dir.path().join("docs");
    let mut files = copies(&docs, N);
    files.extend(corpus);
    let by_name = reference_counts(&files);

    let addr = format!("127.0.0.1:{}", free_port());
    let server = dossier(&db)
        .args(["serve", "--addr", &addr])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts");
    let _server = Killed(server);
    let up = Instant::now();
    while get(&addr, "/api/sources").is_err() {
        assert!(up.elapsed() < Duration::from_secs(60), "the server did not come up on {addr}");
        std::thread::sleep(Duration::from_millis(50));
    }

    let mut ingest =
        Killed(dossier(&db).arg("ingest").arg(&docs).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap());
    let check_source = |s: &Value| {
        let name = file_name(s["path"].as_str().unwrap());
        let expected = by_name.get(&name).unwrap_or_else(|| panic!("unknown source {name}"));
        assert_eq!(s["passages"].as_u64(), Some(expected[0]), "{name}: passages listed");
        assert_eq!(s["notes"].as_u64(), Some(expected[1]), "{name}: notes listed");
        assert_eq!(s["references"].as_u64(), Some(expected[3]), "{name}: references listed");
        expected
    };
    let mut listed_counts = Vec::new();
    let mut details = 0;
    let mut i = 0usize;
    loop {
        let finished = ingest.0.try_wait().unwrap();
        let list = get_json(&addr, "/api/sources");
        let list = list.as_array().unwrap();
        for s in list {
            check_source(s);
        }
        // The newest source and one more, in full.
        for s in [list.last(), list.get(i % list.len())].into_iter().flatten() {
            let expected = check_source(s);
            let id = s["id"].as_str().unwrap();
            let d = get_json(&addr, &format!("/api/sources/{id}"));
            assert_eq!(d["passages"].as_array().map(Vec::len), Some(expected[0] as usize), "{id}: passages shown");
            assert_eq!(d["notes"].as_array().map(Vec::len), Some(expected[1] as usize), "{id}: notes shown");
            let citations: usize =
                d["passages"].as_array().unwrap().iter().map(|p| p["citations"].as_array().map_or(0, Vec::len)).sum();
            assert_eq!(citations as u64, expected[2], "{id}: citations shown");
            details += 1;
        }
        listed_counts.push(list.len());
        i += 7;
        if let Some(status) = finished {
            assert!(status.success(), "the concurrent ingest failed");
            break;
        }
    }
    let distinct: std::collections::BTreeSet<_> = listed_counts.iter().collect();
    eprintln!("{} listings of {distinct:?} sources, {details} sources shown in full", listed_counts.len());
    assert_eq!(listed_counts.last(), Some(&(N + 4)), "all sources at the end");
    assert!(distinct.len() >= 3, "the reads did not overlap the ingest: {listed_counts:?}");
    assert!(details >= 2 * listed_counts.len());
}

/// A 1 GiB text file (sparse: it costs no disk) among good ones: refused by
/// its size before a byte is read, with one line naming it; the others are
/// stored; exit code 1.
#[test]
fn a_one_gigabyte_file_is_refused_by_its_size_and_the_rest_stored() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    copies(&docs, 2);
    let huge = docs.join("huge.txt");
    std::fs::File::create(&huge).unwrap().set_len(1 << 30).unwrap();
    let db = dir.path().join("kb.db");
    let (code, out, err) = run(dossier(&db).arg("ingest").arg(&docs));
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.starts_with("2 added, 0 unchanged, 1 failed"), "{out}");
    let line = format!("error: {}: file too large: 1073741824 bytes (limit 536870912)", huge.display());
    assert_eq!(err.lines().filter(|l| l.starts_with("error: ")).collect::<Vec<_>>(), [line.as_str()], "{err}");
    assert_eq!(json(dossier(&db).args(["sources", "--json"])).as_array().unwrap().len(), 2);
    // `dossier extract` reads the file before checking it (see
    // docs/robustness.md): the sparse file's zeros are refused as binary,
    // still in one line naming it.
    let (code, _, err) = run(dossier(&db).arg("extract").arg(&huge));
    assert_eq!(code, 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(&huge.display().to_string()), "{err}");
}

/// One HTTP/1.1 POST over a raw socket: (status, body). The body is sent
/// only if the server asks for it (`Expect: 100-continue`), so a refusal
/// before reading it is seen as the server sent it.
fn post(addr: &str, path: &str, token: Option<&str>, body: &[u8]) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Content-Length: {}\r\nExpect: 100-continue\r\n\
         Connection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    let mut sent = false;
    loop {
        // A server may answer and close before it has taken the whole
        // body (HTTP allows it): what it sent is then the answer, and a
        // connection reset ends the reading like the end of the stream.
        let n = match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        raw.extend_from_slice(&buf[..n]);
        if !sent && raw.starts_with(b"HTTP/1.1 100") && raw.windows(4).any(|w| w == b"\r\n\r\n") {
            let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
            raw.drain(..end);
            sent = true;
            if let Err(e) = s.write_all(body) {
                eprintln!("the server stopped taking the body: {e}");
            }
        }
    }
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// `dossier serve --token` over a real socket: an upload over the size
/// limit is 413 before its body is read, one without the token 401, and a
/// name that climbs out of the folder only names the display path; nothing
/// but the database is written, and only the good upload is stored.
#[test]
fn uploads_over_the_limit_or_with_hostile_names_store_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let corpus: Vec<PathBuf> = std::fs::read_dir(repo().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().unwrap() == "txt")
        .collect();
    assert_eq!(run(dossier(&db).arg("ingest").args(&corpus)).0, 0);
    let addr = format!("127.0.0.1:{}", free_port());
    let server = dossier(&db)
        .args(["serve", "--addr", &addr, "--max-upload", "4096"])
        .env("DOSSIER_TOKEN", "s3cret")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _server = Killed(server);
    let up = Instant::now();
    while get(&addr, "/api/sources").is_err() {
        assert!(up.elapsed() < Duration::from_secs(60), "the server did not come up on {addr}");
        std::thread::sleep(Duration::from_millis(50));
    }
    let doc = b"Field note\n\nOn 3 May 2023 gunmen killed four people in Jalalabad.\n";
    let big: Vec<u8> = doc.iter().copied().cycle().take(1 << 20).collect();
    let (status, body) = post(&addr, "/api/sources?name=big.txt", Some("s3cret"), &big);
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("4096"), "{body}");
    let (status, body) = post(&addr, "/api/sources?name=a.txt", None, doc);
    assert_eq!(status, 401, "{body}");
    let (status, body) = post(&addr, "/api/sources?name=..%2F..%2F..%2Fetc%2Fcron.d%2Fx.txt", Some("s3cret"), doc);
    assert_eq!(status, 201, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["path"], "upload/x.txt", "{v}");
    let sources = get_json(&addr, "/api/sources");
    assert_eq!(sources.as_array().unwrap().len(), 5);
    for e in std::fs::read_dir(dir.path()).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(name.starts_with("kb.db"), "unexpected file {name}");
    }
}
