//! `dossier ingest`: walk the paths, read and segment on a worker thread,
//! store each document in its own transaction on this one.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::Context;
use dossier_model::{Document, Segmented};
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
    Ok(if summary.failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// Ingests files in the given order; read errors are reported and counted,
/// store errors abort.
pub fn ingest_files(store: &mut Store, files: &[PathBuf], verbose: bool) -> anyhow::Result<Summary> {
    let progress = Progress::new(files.len());
    let mut summary = Summary::default();
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let (tx, rx) = mpsc::sync_channel::<(PathBuf, Result<(Document, Segmented), dossier_read::ReadError>)>(QUEUE);
        scope.spawn(move || {
            for path in files {
                let result = dossier_read::read_file(path).map(|doc| {
                    let seg = dossier_segment::segment(&doc);
                    (doc, seg)
                });
                if tx.send((path.clone(), result)).is_err() {
                    break; // the store side stopped
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
                Ok((doc, seg)) => {
                    for w in &doc.warnings {
                        progress.println(format!("warning: {}: {w}", path.display()));
                    }
                    let outcome = store.ingest(&doc, &seg).with_context(|| format!("storing {}", path.display()))?;
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
