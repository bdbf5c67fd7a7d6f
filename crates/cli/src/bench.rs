//! `dossier bench`: read + segment + store throughput on the bundled corpus
//! repeated to the requested size, each copy made distinct so that every
//! one is stored (the same bytes would be `unchanged`).

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use dossier_store::Store;

use crate::corpus::CORPUS;

pub fn run(mb: usize) -> anyhow::Result<ExitCode> {
    let target = mb.max(1) * 1_000_000;
    let mut docs: Vec<(String, Vec<u8>)> = Vec::new();
    let mut total = 0;
    let mut copy = 0;
    while total < target {
        for (path, bytes) in CORPUS {
            let mut b = bytes.to_vec();
            b.extend_from_slice(format!("\n\nCopy {copy} of this document for the benchmark.\n").as_bytes());
            total += b.len();
            docs.push((format!("{path}.{copy}.txt"), b));
        }
        copy += 1;
    }
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("bench.db");
    let mut store = Store::open(&db)?;
    let (mut read, mut segment, mut write) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let (mut passages, mut notes) = (0, 0);
    let all = Instant::now();
    for (path, bytes) in &docs {
        let t = Instant::now();
        let doc = dossier_read::read_bytes(Path::new(path), bytes)?;
        read += t.elapsed();
        let t = Instant::now();
        let seg = dossier_segment::segment(&doc);
        segment += t.elapsed();
        passages += seg.passages.len();
        notes += seg.notes.len();
        let t = Instant::now();
        store.ingest(&doc, &seg)?;
        write += t.elapsed();
    }
    let wall = all.elapsed();
    drop(store);
    let db_bytes = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    let mbs = |d: Duration| total as f64 / 1e6 / d.as_secs_f64().max(1e-9);
    println!("input: {:.1} MB in {} documents ({passages} passages, {notes} notes)", total as f64 / 1e6, docs.len());
    println!("read     {:>8.1} MB/s  ({:.2} s)", mbs(read), read.as_secs_f64());
    println!("segment  {:>8.1} MB/s  ({:.2} s)", mbs(segment), segment.as_secs_f64());
    println!("store    {:>8.1} MB/s  ({:.2} s)", mbs(write), write.as_secs_f64());
    println!("total    {:>8.1} MB/s  ({:.2} s wall, one thread)", mbs(wall), wall.as_secs_f64());
    println!("database {:.1} MB", db_bytes as f64 / 1e6);
    Ok(ExitCode::SUCCESS)
}

/// `dossier bench --kb`: the bundled corpus written out `copies` times
/// (each copy distinct), ingested through the whole pipeline (read,
/// segment, extract, store, resolve), then `profile`, `events` and
/// `conflicts` queries timed `rounds` times each for p50/p95.
pub fn run_kb(copies: usize, rounds: usize) -> anyhow::Result<ExitCode> {
    use dossier_resolve::ledger::Policy;
    use dossier_store::EventFilter;

    let dir = tempfile::tempdir()?;
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs)?;
    let mut total = 0;
    for copy in 0..copies.max(1) {
        for (path, bytes) in CORPUS {
            let mut b = bytes.to_vec();
            b.extend_from_slice(format!("\n\nCopy {copy} of this document for the benchmark.\n").as_bytes());
            total += b.len();
            let name = Path::new(path).file_stem().and_then(|s| s.to_str()).unwrap_or("doc");
            std::fs::write(docs.join(format!("{name}.{copy:04}.txt")), b)?;
        }
    }
    let db = dir.path().join("bench.db");
    let files = crate::ingest::collect_files(std::slice::from_ref(&docs))?;
    let mut store = Store::open(&db)?;
    let t = Instant::now();
    let summary = crate::ingest::ingest_files(&mut store, &files, false)?;
    let ingest = t.elapsed();
    let t = Instant::now();
    let rebuilt = store.refresh()?.unwrap_or_default();
    let resolve = t.elapsed();
    println!(
        "input: {} files, {:.1} MB ({summary}); {} actors, {} events from {} reports",
        files.len(),
        total as f64 / 1e6,
        rebuilt.actors,
        rebuilt.events,
        rebuilt.reports
    );
    println!(
        "ingest (read, segment, extract on all cores; store): {:.2} s, {:.1} MB/s",
        ingest.as_secs_f64(),
        total as f64 / 1e6 / ingest.as_secs_f64().max(1e-9)
    );
    println!("resolve (actors across sources, incident merge): {:.3} s", resolve.as_secs_f64());
    // Queries run on a fresh connection, as `dossier profile` would.
    drop(store);
    let store = Store::open(&db)?;
    let time = |name: &str, f: &mut dyn FnMut() -> anyhow::Result<usize>| -> anyhow::Result<()> {
        let mut samples = Vec::with_capacity(rounds);
        let mut size = 0;
        for _ in 0..rounds.max(1) {
            let t = Instant::now();
            size = f()?;
            samples.push(t.elapsed());
        }
        samples.sort();
        let p = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e3;
        println!("{name:<34} p50 {:>8.2} ms  p95 {:>8.2} ms  ({size} items)", p(0.5), p(0.95));
        Ok(())
    };
    time("claims ISKP (store only)", &mut || Ok(store.claims("ISKP")?.len()))?;
    time("profile ISKP", &mut || Ok(dossier_query::profile(&store, "ISKP", Policy::Median)?.fields.len()))?;
    time("events --actor ISKP", &mut || {
        Ok(store.events(&EventFilter { actor: Some("ISKP".into()), ..Default::default() })?.len())
    })?;
    time("events --country PK --from 2023", &mut || {
        let f = EventFilter { country: Some("PK".into()), from: Some("2023-01-01".into()), ..Default::default() };
        Ok(store.events(&f)?.len())
    })?;
    time("conflicts ISKP", &mut || Ok(dossier_query::conflicts(&store, Some("ISKP"), Policy::Median)?.len()))?;
    drop(store);
    let db_bytes = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    println!("database {:.1} MB", db_bytes as f64 / 1e6);
    Ok(ExitCode::SUCCESS)
}

/// `dossier bench --import ROWS`: a generated ACLED file imported through
/// `dossier import`'s path (read, link to the gazetteer and lexicon, store
/// in batches with the query indexes), next to the ceiling of a bare
/// `rusqlite` loop inserting the same parsed rows into a table of the same
/// width in one transaction; then an `events` query (actor, country, date
/// range) with a monthly aggregate, timed `rounds` times.
pub fn run_import(rows: usize, rounds: usize) -> anyhow::Result<ExitCode> {
    use dossier_resolve::ledger::Policy;
    use dossier_store::EventFilter;

    let dir = tempfile::tempdir()?;
    let csv = dir.path().join("acled.csv");
    {
        let f = std::fs::File::create(&csv)?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
        dossier_import::generate_acled(rows, 7, &mut w)?;
        std::io::Write::flush(&mut w)?;
    }
    let bytes = std::fs::metadata(&csv)?.len();
    println!("input: {rows} generated ACLED rows, {:.0} MB", bytes as f64 / 1e6);

    // The ceiling: parse with the same reader, insert 32 columns, one
    // transaction, no index, no linking.
    let bare_db = dir.path().join("bare.db");
    let t = Instant::now();
    let n = bare_loop(&csv, &bare_db)?;
    let bare = t.elapsed();
    let bare_rate = n as f64 / bare.as_secs_f64();
    println!("bare rusqlite loop     {:>9.0} rows/s  ({:.2} s)", bare_rate, bare.as_secs_f64());
    std::fs::remove_file(&bare_db).ok();

    let db = dir.path().join("kb.db");
    let t = Instant::now();
    let out =
        std::process::Command::new(std::env::current_exe()?).arg("--db").arg(&db).arg("import").arg(&csv).output()?;
    let took = t.elapsed();
    anyhow::ensure!(out.status.success(), "import failed: {}", String::from_utf8_lossy(&out.stderr));
    let rate = rows as f64 / took.as_secs_f64();
    println!(
        "dossier import         {:>9.0} rows/s  ({:.2} s, {:.0}% of the bare loop)",
        rate,
        took.as_secs_f64(),
        100.0 * rate / bare_rate
    );
    print!("{}", String::from_utf8_lossy(&out.stdout));

    let store = Store::open(&db)?;
    let filter = EventFilter {
        actor: Some("Islamic State (Khorasan Province)".into()),
        country: Some("AF".into()),
        from: Some("2018-01-01".into()),
        to: Some("2021-12-31".into()),
        ..Default::default()
    };
    let mut samples = Vec::new();
    let mut months = 0;
    let mut events = 0;
    for _ in 0..rounds.max(1) {
        let t = Instant::now();
        let counts = store.event_counts(&filter, true)?;
        samples.push(t.elapsed());
        months = counts.len();
        events = counts.iter().map(|c| c.1).sum::<u64>();
    }
    samples.sort();
    let p = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e3;
    println!(
        "events ISKP, AF, 2018–2021 by month  p50 {:.2} ms  p95 {:.2} ms  ({events} events in {months} months)",
        p(0.5),
        p(0.95)
    );
    let _ = Policy::default();
    let db_bytes = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    println!("database {:.0} MB", db_bytes as f64 / 1e6);
    Ok(ExitCode::SUCCESS)
}

/// The same parsed rows into a plain 32-column table, one transaction.
#[allow(clippy::disallowed_methods, reason = "the benchmark's ceiling is a bare rusqlite loop, outside the store")]
fn bare_loop(csv: &Path, db: &Path) -> anyhow::Result<u64> {
    let mut conn = rusqlite::Connection::open(db)?;
    let cols: Vec<String> = (0..32).map(|i| format!("c{i}")).collect();
    conn.execute_batch(&format!("CREATE TABLE t (id INTEGER PRIMARY KEY, {})", cols[1..].join(", ")))?;
    let tx = conn.transaction()?;
    let mut n = 0;
    {
        let placeholders: Vec<String> = (1..32).map(|i| format!("?{i}")).collect();
        let mut st =
            tx.prepare(&format!("INSERT INTO t ({}) VALUES ({})", cols[1..].join(", "), placeholders.join(", ")))?;
        let rows = dossier_import::open(std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(csv)?))?;
        for row in rows {
            let Ok(r) = row else { continue };
            let actor = r.actors.first().map(|a| a.name.clone());
            let actor2 = r.actors.get(2).map(|a| a.name.clone());
            let d = r.date.to_string();
            st.execute(rusqlite::params![
                "ACLED",
                "file",
                r.id,
                r.line,
                d,
                d,
                d,
                r.date_approximate,
                r.iso_alpha3,
                r.country,
                r.admin1,
                r.admin1,
                r.admin1,
                r.admin2,
                r.admin2,
                r.location,
                r.coordinates.map(|c| c.lat),
                r.coordinates.map(|c| c.lon),
                r.geo_code,
                r.location,
                r.location,
                r.location,
                actor,
                actor2,
                r.event_type,
                r.sub_event_type,
                r.fatalities.and_then(|f| f.best),
                r.fatalities.and_then(|f| f.low),
                r.fatalities.and_then(|f| f.high),
                r.claimed.is_some(),
                r.quote,
            ])?;
            n += 1;
        }
    }
    tx.commit()?;
    Ok(n)
}
