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
