//! `dossier ingest`: walk the paths, read and segment on a worker thread,
//! store each document in its own transaction on this one.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::Context;
use dossier_model::{Document, Segmented, SourceClaims};
use dossier_store::{IngestOutcome, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How many read documents may wait for the store.
const QUEUE: usize = 8;

/// Counts for the summary line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub added: usize,
    pub unchanged: usize,
    pub failed: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} added, {} unchanged, {} failed", self.added, self.unchanged, self.failed)
    }
}

pub fn run(db: &Path, paths: &[PathBuf], verbose: bool) -> anyhow::Result<ExitCode> {
    let files = collect_files(paths)?;
    let mut store = Store::open(db).with_context(|| format!("cannot open database {}", db.display()))?;
    let summary = ingest_files(&mut store, &files, verbose)?;
    println!("{summary}");
    if let Some(r) = store.refresh().context("building the knowledge base")?
        && summary.added > 0
    {
        println!("knowledge base: {} actors, {} events from {} incident reports", r.actors, r.events, r.reports);
    }
    Ok(if summary.failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// A document read, segmented and analysed, ready to store.
pub struct Analysed {
    pub doc: Document,
    pub seg: Segmented,
    pub claims: SourceClaims,
}

/// Reads, segments and extracts one file: everything before the store.
pub fn analyse(path: &Path) -> Result<Analysed, dossier_read::ReadError> {
    let doc = dossier_read::read_file(path)?;
    let seg = dossier_segment::segment(&doc);
    let claims = dossier_extract::records::records(&dossier_extract::extract(&doc, &seg));
    Ok(Analysed { doc, seg, claims })
}

/// Files analysed in parallel per batch, sent to the store in order.
const BATCH: usize = 16;

/// Ingests files in the given order; read errors are reported and counted,
/// store errors abort. Analysis (read, segment, extract) runs on all cores
/// while this thread stores; a file whose path is stored with other bytes
/// replaces that source (and its claims) in one transaction.
pub fn ingest_files(store: &mut Store, files: &[PathBuf], verbose: bool) -> anyhow::Result<Summary> {
    let progress = Progress::new(files.len());
    let mut summary = Summary::default();
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let (tx, rx) = mpsc::sync_channel::<(PathBuf, Result<Analysed, dossier_read::ReadError>)>(QUEUE);
        scope.spawn(move || {
            use rayon::prelude::*;
            for batch in files.chunks(BATCH) {
                let done: Vec<_> = batch.par_iter().map(|path| (path.clone(), analyse(path))).collect();
                for item in done {
                    if tx.send(item).is_err() {
                        return; // the store side stopped
                    }
                }
            }
        });
        for (path, result) in rx {
            progress.tick(&path);
            match result {
                Err(e) => {
                    progress.println(format!("error: {e}"));
                    summary.failed += 1;
                }
                Ok(Analysed { doc, seg, claims }) => {
                    for w in &doc.warnings {
                        progress.println(format!("warning: {}: {w}", path.display()));
                    }
                    let outcome =
                        store_one(store, &doc, &seg, &claims).with_context(|| format!("storing {}", path.display()))?;
                    match outcome {
                        IngestOutcome::Added => summary.added += 1,
                        IngestOutcome::Unchanged => summary.unchanged += 1,
                    }
                    if verbose {
                        let word = if outcome == IngestOutcome::Added { "added" } else { "unchanged" };
                        progress.println(format!(
                            "{word:<9} {} ({} passages, {} notes)",
                            path.display(),
                            seg.passages.len(),
                            seg.notes.len()
                        ));
                    }
                }
            }
        }
        Ok(())
    })?;
    progress.finish();
    Ok(summary)
}

/// Stores one analysed document; a changed file replaces its old source.
fn store_one(
    store: &mut Store,
    doc: &Document,
    seg: &Segmented,
    claims: &SourceClaims,
) -> dossier_store::Result<IngestOutcome> {
    let new = doc.id.to_hex();
    if let Some(old) = store.ids_at_path(&doc.path)?.into_iter().find(|id| *id != new) {
        return store.replace_source(&old, doc, seg, claims);
    }
    store.ingest_with(doc, seg, claims)
}

/// Expands folders (recursively, sorted, so the order is the same on every
/// machine) into the files Dossier reads. Files named on the command line are
/// taken as they are, whatever their extension, so that a wrong one gets a
/// clear error rather than silence.
pub fn collect_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).with_context(|| format!("{}", p.display()))?;
        if !meta.is_dir() {
            out.push(p.clone());
            continue;
        }
        let walker =
            walkdir::WalkDir::new(p).sort_by_file_name().into_iter().filter_entry(|e| !is_hidden(e.file_name()));
        for entry in walker {
            let entry = entry.with_context(|| format!("walking {}", p.display()))?;
            let path = entry.path();
            if entry.file_type().is_file() && dossier_read::format_for_path(path).is_some() && !is_project_file(path) {
                out.push(path.to_path_buf());
            }
        }
    }
    Ok(out)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.') && n.len() > 1 && n != "..")
}

/// README and LICENSE files describe a folder; they are not reports.
fn is_project_file(path: &Path) -> bool {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_ascii_uppercase();
    matches!(stem.as_str(), "README" | "LICENSE" | "LICENCE" | "CHANGELOG")
}

/// A progress bar that appears only once the work has taken longer than a
/// moment, and only on a terminal.
struct Progress {
    bar: ProgressBar,
    started: Instant,
}

impl Progress {
    const DELAY: Duration = Duration::from_millis(400);

    fn new(len: usize) -> Self {
        let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Progress { bar, started: Instant::now() }
    }

    fn tick(&self, path: &Path) {
        if self.bar.is_hidden() && self.started.elapsed() > Self::DELAY {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        self.bar.inc(1);
        self.bar.set_message(path.display().to_string());
    }

    fn println(&self, line: String) {
        if self.bar.is_hidden() {
            eprintln!("{line}");
        } else {
            self.bar.suspend(|| eprintln!("{line}"));
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
