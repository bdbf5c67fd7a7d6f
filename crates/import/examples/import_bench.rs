//! Parse throughput on a generated ACLED file.
//!
//! ```text
//! cargo run --release -p dossier-import --example import_bench -- generate /tmp/acled-1m.csv 1000000
//! /usr/bin/time -v cargo run --release -p dossier-import --example import_bench -- parse /tmp/acled-1m.csv
//! ```
//!
//! `parse` reads the file through `dossier_import::open` and prints rows,
//! errors, rows per second and megabytes per second; run it under
//! `/usr/bin/time -v` for the peak resident set size.

use std::fs::File;
use std::io::BufWriter;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["generate", path, rows] => generate(path, rows, "1"),
        ["generate", path, rows, seed] => generate(path, rows, seed),
        ["parse", path] => parse(path),
        _ => Err("usage: import_bench generate PATH ROWS [SEED] | import_bench parse PATH".to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn generate(path: &str, rows: &str, seed: &str) -> Result<(), String> {
    let rows: usize = rows.parse().map_err(|e| format!("rows {rows:?}: {e}"))?;
    let seed: u64 = seed.parse().map_err(|e| format!("seed {seed:?}: {e}"))?;
    let file = File::create(path).map_err(|e| format!("{path}: {e}"))?;
    let start = Instant::now();
    dossier_import::generate_acled(rows, seed, BufWriter::new(file)).map_err(|e| format!("{path}: {e}"))?;
    println!("wrote {rows} rows to {path} in {:.2} s", start.elapsed().as_secs_f64());
    Ok(())
}

fn parse(path: &str) -> Result<(), String> {
    let bytes = std::fs::metadata(path).map_err(|e| format!("{path}: {e}"))?.len();
    let file = File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let start = Instant::now();
    let rows = dossier_import::open(file).map_err(|e| format!("{path}: {e}"))?;
    let layout = rows.layout();
    let (mut good, mut bad, mut deaths) = (0u64, 0u64, 0u64);
    for row in rows {
        match row {
            Ok(row) => {
                good += 1;
                deaths += row.fatalities.and_then(|f| f.best).unwrap_or(0);
            }
            Err(e) if e.is_fatal() => return Err(format!("{path}: {e}")),
            Err(e) => {
                bad += 1;
                if bad <= 5 {
                    eprintln!("{e}");
                }
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!("{layout}: {good} rows, {bad} errors, {deaths} fatalities in {secs:.2} s");
    println!(
        "{:.0} rows/s, {:.1} MB/s ({:.1} MB)",
        (good + bad) as f64 / secs,
        bytes as f64 / 1e6 / secs,
        bytes as f64 / 1e6
    );
    Ok(())
}
