//! `dossier extract`: per file, the gold-schema JSON of what the extractor
//! finds (actors, events, facts), in parallel across files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use rayon::prelude::*;
use serde_json::Value;

/// What to do with each file's result.
pub struct Options {
    pub json: bool,
    pub out: Option<PathBuf>,
    pub explain: bool,
}

/// Reads, segments and extracts one file: its JSON, or the one-line reason
/// it could not be read.
pub fn extract_file(path: &Path, explain: bool) -> Result<Value, String> {
    // The reader's size limit, checked before the file is read into memory.
    let size = std::fs::metadata(path).map_err(|e| format!("{}: cannot read file: {e}", path.display()))?.len();
    if size > dossier_read::MAX_FILE_BYTES {
        return Err(format!(
            "{}: file too large: {size} bytes (limit {})",
            path.display(),
            dossier_read::MAX_FILE_BYTES
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read file: {e}", path.display()))?;
    let doc = dossier_read::read_bytes(path, &bytes).map_err(|e| e.to_string())?;
    let seg = dossier_segment::segment(&doc);
    let x = dossier_extract::extract(&doc, &seg);
    // Spans count characters of the text as read: the file itself for plain
    // text; for markup (HTML, Markdown, PDF) the text the reader extracted,
    // so that quotes carry no tags.
    let original = if doc.format == dossier_model::Format::Text { std::str::from_utf8(&bytes).ok() } else { None };
    let offsets = dossier_extract::output::CharOffsets::new(&doc, original);
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    Ok(dossier_extract::output::to_json(&name, &offsets, &x, explain))
}

pub fn run(paths: &[PathBuf], opts: &Options) -> anyhow::Result<ExitCode> {
    let files = crate::ingest::collect_files(paths)?;
    if let Some(dir) = &opts.out {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    // With --out each worker writes its own file, so nothing is held back
    // and writing runs in parallel too; printing keeps the input order.
    if let Some(dir) = &opts.out {
        let failures: Vec<String> = files
            .par_iter()
            .filter_map(|p| match extract_file(p, opts.explain) {
                Err(e) => Some(e),
                Ok(value) => write_json(dir, p, &value).err().map(|e| format!("{e:#}")),
            })
            .collect();
        for e in &failures {
            eprintln!("error: {e}");
        }
        return Ok(if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE });
    }
    let results: Vec<(PathBuf, Result<Value, String>)> =
        files.par_iter().map(|p| (p.clone(), extract_file(p, opts.explain))).collect();
    let mut failed = 0;
    let mut out = std::io::stdout().lock();
    use std::io::Write;
    for (path, result) in results {
        match result {
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
            }
            Ok(value) => {
                if opts.json {
                    serde_json::to_writer_pretty(&mut out, &value).map_err(std::io::Error::from)?;
                    writeln!(out)?;
                } else {
                    summary(&mut out, &path, &value)?;
                }
            }
        }
    }
    Ok(if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// Writes `DIR/<file stem>.json`.
fn write_json(dir: &Path, path: &Path, value: &Value) -> anyhow::Result<()> {
    let stem = path.file_stem().map_or_else(|| "out".into(), |s| s.to_string_lossy().into_owned());
    let target = dir.join(format!("{stem}.json"));
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    std::fs::write(&target, text).with_context(|| format!("writing {}", target.display()))
}

/// A few lines per document: its incidents and facts.
pub fn summary(out: &mut impl std::io::Write, path: &Path, v: &Value) -> std::io::Result<()> {
    let n = |k: &str| v[k].as_array().map_or(0, Vec::len);
    writeln!(out, "{}: {} actors, {} events, {} facts", path.display(), n("actors"), n("events"), n("facts"))?;
    for e in v["events"].as_array().into_iter().flatten() {
        let toll = match (&e["fatalities"]["min"], &e["fatalities"]["max"]) {
            (Value::Null, _) => "-".to_string(),
            (min, max) if min == max => min.to_string(),
            (min, Value::Null) => format!("{min}+"),
            (min, max) => format!("{min}-{max}"),
        };
        writeln!(
            out,
            "  event  {:<10} {:<20} killed {:<5} by {}",
            e["date"].as_str().unwrap_or("?"),
            e["location"].as_str().unwrap_or("?"),
            toll,
            e["perpetrator"].as_str().unwrap_or("?")
        )?;
    }
    for f in v["facts"].as_array().into_iter().flatten() {
        let value = if f["object"].is_null() { f["value"].to_string() } else { f["object"].to_string() };
        writeln!(
            out,
            "  fact   {} {} {}",
            f["subject"].as_str().unwrap_or("?"),
            f["predicate"].as_str().unwrap_or("?"),
            value
        )?;
    }
    Ok(())
}
