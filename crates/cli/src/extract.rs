//! `dossier extract`: per file, the gold-schema JSON of what the extractor
//! finds (actors, events, facts), in parallel across files.

use std::cell::RefCell;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use dossier_extract::output::{self, DocJson};
use rayon::prelude::*;

/// What to do with each file's result.
pub struct Options {
    pub json: bool,
    pub out: Option<PathBuf>,
    pub explain: bool,
}

thread_local! {
    /// Each worker's buffers, kept across files so that reading a file and
    /// rendering its JSON reuse memory instead of allocating per file:
    /// the file's bytes, and the text rendered from them.
    static BUFFERS: RefCell<(Vec<u8>, Vec<u8>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// Buffers grown past this by one large file are given back afterwards.
const KEEP_BUFFER: usize = 16 << 20;

/// Reads, segments and extracts one file and hands the document's JSON to
/// `render` with a buffer to fill (empty); the one-line reason it could
/// not be read otherwise.
pub fn extract_file<R>(
    path: &Path,
    explain: bool,
    render: impl FnOnce(&DocJson<'_>, &mut Vec<u8>) -> R,
) -> Result<R, String> {
    BUFFERS.with(|buffers| {
        // A re-entered worker (rayon may steal work while this one waits)
        // gets fresh buffers rather than a panic.
        let mut fresh = (Vec::new(), Vec::new());
        let mut held = buffers.try_borrow_mut();
        let (bytes, text) = match held.as_deref_mut() {
            Ok(b) => b,
            Err(_) => &mut fresh,
        };
        let result = extract_with(path, explain, bytes, text, render);
        for b in [bytes, text] {
            b.clear();
            if b.capacity() > KEEP_BUFFER {
                *b = Vec::new();
            }
        }
        result
    })
}

fn extract_with<R>(
    path: &Path,
    explain: bool,
    bytes: &mut Vec<u8>,
    text: &mut Vec<u8>,
    render: impl FnOnce(&DocJson<'_>, &mut Vec<u8>) -> R,
) -> Result<R, String> {
    let cannot = |e: std::io::Error| format!("{}: cannot read file: {e}", path.display());
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    // The reader's size limit, checked before the file is read into memory.
    let size = file.metadata().map_err(cannot)?.len();
    if size > dossier_read::MAX_FILE_BYTES {
        return Err(format!(
            "{}: file too large: {size} bytes (limit {})",
            path.display(),
            dossier_read::MAX_FILE_BYTES
        ));
    }
    bytes.clear();
    bytes.reserve(usize::try_from(size).unwrap_or(0));
    // Through `Take`, which does not ask the file for its size and position
    // again (File::read_to_end does: an fstat and an lseek per file).
    Read::by_ref(&mut file).take(u64::MAX).read_to_end(bytes).map_err(cannot)?;
    drop(file);
    let doc = dossier_read::read_bytes(path, bytes).map_err(|e| e.to_string())?;
    let seg = dossier_segment::segment(&doc);
    let x = dossier_extract::extract(&doc, &seg);
    // Spans count characters of the text as read: the file itself for plain
    // text; for markup (HTML, Markdown, PDF) the text the reader extracted,
    // so that quotes carry no tags.
    let original = if doc.format == dossier_model::Format::Text { std::str::from_utf8(bytes).ok() } else { None };
    let offsets = output::CharOffsets::new(&doc, original);
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    text.clear();
    Ok(output::with_doc_json(&name, &offsets, &x, explain, |d| render(d, text)))
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
            .filter_map(|p| {
                let written = extract_file(p, opts.explain, |d, text| {
                    output::write_pretty(text, d)?;
                    write_json(dir, p, text)
                });
                match written {
                    Err(e) => Some(e),
                    Ok(w) => w.err().map(|e| format!("{e:#}")),
                }
            })
            .collect();
        for e in &failures {
            eprintln!("error: {e}");
        }
        return Ok(if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE });
    }
    // Each worker renders what is printed (JSON or the summary), so only
    // the text waits for its turn.
    let results: Vec<Result<std::io::Result<Vec<u8>>, String>> = files
        .par_iter()
        .map(|p| {
            extract_file(p, opts.explain, |d, text| {
                if opts.json {
                    output::write_pretty(text, d).map_err(std::io::Error::from)?;
                } else {
                    summary(text, p, d)?;
                }
                Ok(text.clone())
            })
        })
        .collect();
    let mut failed = 0;
    let mut out = std::io::stdout().lock();
    for result in results {
        match result {
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
            }
            Ok(text) => out.write_all(&text?)?,
        }
    }
    out.flush()?;
    Ok(if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// Writes `text` to `DIR/<file stem>.json` in one write call.
///
/// An existing file is overwritten in place and then cut to length, not
/// truncated to nothing first: on ext4 (`auto_da_alloc`) truncating a file
/// to zero and rewriting it makes closing it wait for the data to reach
/// the disk, which doubled the wall time of re-running into the same
/// folder. The file ends the same; only a crash mid-write can leave old
/// bytes where, the other way, it would leave a short file.
fn write_json(dir: &Path, path: &Path, text: &[u8]) -> anyhow::Result<()> {
    let stem = path.file_stem().map_or_else(|| "out".into(), |s| s.to_string_lossy());
    let target = dir.join(format!("{stem}.json"));
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new().write(true).create(true).truncate(false).open(&target)?;
        file.write_all(text)?;
        let meta = file.metadata()?;
        let len = text.len() as u64;
        if meta.is_file() && meta.len() > len {
            file.set_len(len)?;
        }
        Ok(())
    };
    write().with_context(|| format!("writing {}", target.display()))
}

/// A few lines per document: its incidents and facts.
pub fn summary(out: &mut impl Write, path: &Path, d: &DocJson<'_>) -> std::io::Result<()> {
    writeln!(out, "{}: {} actors, {} events, {} facts", path.display(), d.actors.len(), d.events.len(), d.facts.len())?;
    for e in &d.events {
        let toll = match e.fatalities.as_ref().map(|t| (t.min, t.max)) {
            None | Some((None, _)) => "-".to_string(),
            Some((Some(min), max)) if max == Some(min) => min.to_string(),
            Some((Some(min), None)) => format!("{min}+"),
            Some((Some(min), Some(max))) => format!("{min}-{max}"),
        };
        let date = e.date.map_or_else(|| "?".to_string(), |d| d.to_string());
        writeln!(
            out,
            "  event  {:<10} {:<20} killed {:<5} by {}",
            date,
            e.location.unwrap_or("?"),
            toll,
            e.perpetrator.unwrap_or("?")
        )?;
    }
    for f in &d.facts {
        // The value as compact JSON, as the gold schema writes it.
        let value = match (f.object, &f.value) {
            (Some(object), _) => serde_json::to_string(object),
            (None, value) => serde_json::to_string(value),
        }
        .map_err(std::io::Error::from)?;
        writeln!(out, "  fact   {} {} {}", f.subject, f.predicate, value)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writing over an earlier output leaves exactly the new text, whether
    /// it is longer or shorter than what was there.
    #[test]
    fn write_json_replaces_longer_and_shorter_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let source = Path::new("reports/a.txt");
        let written = dir.path().join("a.json");
        for text in ["{\"doc\": \"first\"}\n", "{\"doc\": \"a much longer second text\"}\n", "{}\n"] {
            write_json(dir.path(), source, text.as_bytes()).expect("writes");
            assert_eq!(std::fs::read_to_string(&written).expect("reads"), text);
        }
    }
}
