//! `dossier extract`: per file, the gold-schema JSON of what the extractor
//! finds (actors, events, facts), in parallel across files.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use dossier_extract::output::{self, DocJson};
use dossier_extract::{Extraction, Scanned};
use dossier_model::{Document, Segmented};
use rayon::prelude::*;

/// What to do with each file's result.
pub struct Options {
    pub json: bool,
    pub out: Option<PathBuf>,
    pub explain: bool,
}

/// Files a worker takes at a time, and the bytes it holds at most.
///
/// Each stage (reading, segmenting, scanning, extracting, writing)
/// runs over every file of a batch before the next stage starts, so that
/// a stage's code and tables stay warm in the caches across a batch
/// instead of being evicted by the other stages after each file of a few
/// kilobytes: batches of 64 ran ~5% faster than one file at a time over
/// the 10 MB bench corpus, and scanning a batch (the lexicon's DFA and the
/// gazetteer's name table warm) another 8-10% (BENCHMARKS.md). The byte budget keeps a batch
/// of large files from being held in memory all at once.
const BATCH_FILES: usize = 64;
const BATCH_BYTES: usize = 4 << 20;

/// Files per batch for `files` files: [`BATCH_FILES`], or fewer when
/// there are too few files to give every worker several batches (a folder
/// of 60 large reports still uses every core).
fn batch_size(files: usize) -> usize {
    (files / (4 * rayon::current_num_threads())).clamp(1, BATCH_FILES)
}

/// A rendering buffer grown past this by one large file is given back.
const KEEP_BUFFER: usize = 16 << 20;

/// Reads, segments and extracts `paths`, a batch at a time, and hands each
/// document's JSON to `render` with a buffer to fill (empty). One result
/// per path, in order: what `render` returned, or the one-line reason the
/// file could not be read.
fn extract_files<R>(
    paths: &[PathBuf],
    explain: bool,
    mut render: impl FnMut(&Path, &DocJson<'_>, &mut Vec<u8>) -> R,
) -> Vec<Result<R, String>> {
    let mut results = Vec::with_capacity(paths.len());
    let mut text = Vec::new();
    let mut rest = paths;
    while !rest.is_empty() {
        // The files' bytes, up to the batch's budget (at least one file).
        let (mut bytes, mut read) = (Vec::new(), Vec::new());
        let mut held = 0;
        let taken = rest
            .iter()
            .take_while(|path| {
                if held >= BATCH_BYTES {
                    return false;
                }
                let mut b = Vec::new();
                read.push(read_file(path, &mut b));
                held += b.len();
                bytes.push(b);
                true
            })
            .count();
        let batch = &rest[..taken];
        rest = &rest[taken..];
        let docs: Vec<Result<Document, String>> = read
            .into_iter()
            .zip(batch.iter().zip(&bytes))
            .map(|(r, (path, b))| r.and_then(|()| dossier_read::read_bytes(path, b).map_err(|e| e.to_string())))
            .collect();
        let segmented: Vec<Result<(Document, Segmented), String>> = docs
            .into_iter()
            .map(|d| {
                d.map(|d| {
                    let seg = dossier_segment::segment(&d);
                    (d, seg)
                })
            })
            .collect();
        // The lexicon and gazetteer scans of the whole batch first, each
        // with its table warm (see `Scanned`), then the rest of extraction.
        let scanned: Vec<Option<Scanned<'_>>> =
            segmented.iter().map(|r| r.as_ref().ok().map(|(d, seg)| Scanned::new(d, seg))).collect();
        let extracted: Vec<Option<Extraction>> = segmented
            .iter()
            .zip(scanned)
            .map(|(r, sc)| Some(dossier_extract::extract_scanned(&r.as_ref().ok()?.0, &r.as_ref().ok()?.1, sc?)))
            .collect();
        for (((path, b), done), x) in batch.iter().zip(&bytes).zip(segmented).zip(extracted) {
            results.push(done.map(|(doc, _)| {
                text.clear();
                // Always there for a document that was read.
                let x = x.unwrap_or_default();
                render_one(path, b, &doc, &x, explain, &mut text, &mut render)
            }));
        }
        if text.capacity() > KEEP_BUFFER {
            text = Vec::new();
        }
    }
    results
}

/// Reads the file at `path` into `bytes` (empty), refusing one above the
/// reader's size limit before reading it.
fn read_file(path: &Path, bytes: &mut Vec<u8>) -> Result<(), String> {
    let cannot = |e: std::io::Error| format!("{}: cannot read file: {e}", path.display());
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    let size = file.metadata().map_err(cannot)?.len();
    if size > dossier_read::MAX_FILE_BYTES {
        return Err(format!(
            "{}: file too large: {size} bytes (limit {})",
            path.display(),
            dossier_read::MAX_FILE_BYTES
        ));
    }
    bytes.reserve(usize::try_from(size).unwrap_or(0));
    // Through `Take`, which does not ask the file for its size and position
    // again (File::read_to_end does: an fstat and an lseek per file).
    Read::by_ref(&mut file).take(u64::MAX).read_to_end(bytes).map_err(cannot)?;
    Ok(())
}

/// Renders one extracted document with `render`.
fn render_one<R>(
    path: &Path,
    bytes: &[u8],
    doc: &Document,
    x: &Extraction,
    explain: bool,
    text: &mut Vec<u8>,
    render: &mut impl FnMut(&Path, &DocJson<'_>, &mut Vec<u8>) -> R,
) -> R {
    // Spans count characters of the text as read: the file itself for plain
    // text; for markup (HTML, Markdown, PDF) the text the reader extracted,
    // so that quotes carry no tags.
    let original = if doc.format == dossier_model::Format::Text { std::str::from_utf8(bytes).ok() } else { None };
    let offsets = output::CharOffsets::new(doc, original);
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    output::with_doc_json(&name, &offsets, x, explain, |d| render(path, d, text))
}

pub fn run(paths: &[PathBuf], opts: &Options) -> anyhow::Result<ExitCode> {
    let files = crate::ingest::collect_files(paths)?;
    let per_batch = batch_size(files.len());
    if let Some(dir) = &opts.out {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    // Batches go to the workers; with --out each worker writes its own
    // files, so nothing is held back and writing runs in parallel too.
    if let Some(dir) = &opts.out {
        let failures: Vec<String> = files
            .par_chunks(per_batch)
            .flat_map_iter(|chunk| {
                extract_files(chunk, opts.explain, |p, d, text| {
                    output::write_lines(text, d)?;
                    write_json(dir, p, text)
                })
            })
            .filter_map(|written| match written {
                Err(e) => Some(e),
                Ok(w) => w.err().map(|e| format!("{e:#}")),
            })
            .collect();
        for e in &failures {
            eprintln!("error: {e}");
        }
        return Ok(if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE });
    }
    // Each worker renders what is printed (JSON or the summary), so only
    // the text waits for its turn; printing keeps the input order.
    let results: Vec<Result<std::io::Result<Vec<u8>>, String>> = files
        .par_chunks(per_batch)
        .flat_map_iter(|chunk| {
            extract_files(chunk, opts.explain, |p, d, text| {
                if opts.json {
                    output::write_lines(text, d).map_err(std::io::Error::from)?;
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

    /// A batch keeps its files in order, and a file that cannot be read
    /// fails alone: the files around it are still extracted.
    #[test]
    fn a_batch_reports_each_file_in_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let mut paths = Vec::new();
        for name in ["000_29adca9be820ab4a.txt", "missing.txt", "003_3eca4994eb5a6ec5.txt", "empty.txt"] {
            let path = dir.path().join(name);
            if let Ok(text) = std::fs::read(corpus.join(name)) {
                std::fs::write(&path, text).expect("copies");
            }
            if name == "empty.txt" {
                std::fs::write(&path, " \n").expect("writes");
            }
            paths.push(path);
        }
        let results = extract_files(&paths, false, |p, d, _| (p.to_path_buf(), d.events.len()));
        assert_eq!(results.len(), 4);
        let (first, third) = (results[0].as_ref().expect("read"), results[2].as_ref().expect("read"));
        assert_eq!((&first.0, &third.0), (&paths[0], &paths[2]));
        assert!(first.1 > 0 && third.1 > 0, "both have incidents: {first:?} {third:?}");
        assert!(
            results[1].as_ref().is_err_and(|e| e.contains("missing.txt") && e.contains("cannot read")),
            "{:?}",
            results[1]
        );
        assert!(results[3].as_ref().is_err_and(|e| e.contains("empty.txt")), "{:?}", results[3]);
    }

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
