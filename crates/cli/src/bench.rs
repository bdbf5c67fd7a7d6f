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
