//! Scoring extraction output against gold annotations.
//!
//! This is a port of the reference scorer `score.py` (gold schema in
//! `gold/SCHEMA.md`): same metrics, same alignment order and tie-breaks,
//! same rounding, same text and `--json` output, so `dossier eval` can be
//! checked against it line by line. The differential tests hold `score.py`
//! outputs for hand-made predictions.
//!
//! The reference's rules in brief:
//! - **events**: a prediction aligns with a gold event when their character
//!   spans overlap (`span`, else the quote's first position). Gold events
//!   are taken in order; each takes the unused overlapping prediction with
//!   the most right attributes (the first on ties). Attributes (date, place,
//!   fatalities, perpetrator) are then P/R/F1 over the values each side
//!   states; `strict` counts pairs with no attribute the gold states wrong.
//! - **facts**: `(subject, predicate, value)` keys, names folded through the
//!   actors' mention lists, `founded` by year, ideology by word overlap.
//! - **aliases**: per gold actor, the predicted group sharing most of its
//!   folded names.
//!
//! Input is JSON of any shape. Where `score.py` would raise on a malformed
//! item (an event that is not an object, a list as a quote, an unhashable
//! fact value), this crate treats the part as absent instead of failing.
//! Other known differences, none reachable with well-formed files:
//! - ideology matches: `score.py` pairs greedily in set order, which varies
//!   with Python's hash seed; this uses a maximum matching (see `score.rs`);
//! - JSON `NaN`/`Infinity` and integers beyond 64 bits, which Python's
//!   `json` accepts, are a parse error or a float here;
//! - Unicode tables are those of the `unicode-normalization` crate and Rust's
//!   std rather than Python 3.11's Unicode 14 (characters assigned since
//!   then may fold differently).

mod fold;
mod py;
mod report;
mod score;

use std::path::{Path, PathBuf};

pub use fold::fold;
pub use report::{
    AliasCounts, AliasScores, AttrCounts, AttrScores, Counts, DocCounts, DocReport, Finding, Prf, Report, Scores,
};

use py::Py;

/// Why a directory of documents, gold or predictions could not be scored.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A `--docs`, `--gold` or `--pred` directory does not exist.
    #[error("{role} directory not found: {}", path.display())]
    MissingDir {
        /// Which argument: `docs`, `gold` or `pred`.
        role: &'static str,
        /// The path given.
        path: PathBuf,
    },
    /// A file could not be listed or read (for a document named by a gold
    /// file, usually: the document is not in `--docs`).
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A gold or prediction file is not valid JSON.
    #[error("{}: invalid JSON: {source}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// Where and why parsing failed.
        source: serde_json::Error,
    },
    /// A document is not UTF-8 (spans are offsets into the decoded text).
    #[error("{}: not UTF-8 text (invalid byte at offset {offset})", path.display())]
    NotUtf8 {
        /// The document.
        path: PathBuf,
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// A gold or prediction file has the wrong shape at the top level.
    #[error("{}: {message}", path.display())]
    Schema {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// Scores one document: its text, gold and prediction (`{}` for none).
///
/// Spans are character offsets into `text` as given; `score_dirs` first
/// turns `\r\n` and `\r` into `\n`, as Python's text mode does.
pub fn score_doc(label: &str, text: &str, gold: &serde_json::Value, pred: &serde_json::Value) -> DocReport {
    score_py(label, text, &Py::from(gold), &Py::from(pred))
}

fn score_py(label: &str, text: &str, gold: &Py, pred: &Py) -> DocReport {
    let (counts, findings) = score::score_doc(text, gold, pred);
    DocReport { file: label.to_owned(), counts, scores: Scores::from_counts(&counts, 1), findings }
}

/// Scores in-memory documents: `(text, gold, prediction)` each. Documents
/// are labelled by the gold `doc` field, else `#<index>`.
///
/// Values from `serde_json::Value` have their object keys sorted, which only
/// shows in the order of verbose `repr` output; [`score_dirs`] keeps file order.
pub fn score_docs(docs: &[(String, serde_json::Value, serde_json::Value)]) -> Report {
    Report::from_documents(
        docs.iter()
            .enumerate()
            .map(|(i, (text, gold, pred))| {
                let label = gold.get("doc").and_then(|d| d.as_str()).map_or_else(|| format!("#{i}"), str::to_owned);
                score_doc(&label, text, gold, pred)
            })
            .collect(),
    )
}

/// Scores a prediction directory the way `score.py --docs --gold --pred` does.
///
/// Gold files (`*.json`, in sorted name order) drive: each names its text
/// with `doc` (else the same stem with `.txt`), read from `docs`; a missing
/// prediction file counts as an empty prediction. Unlike `score.py`, a
/// missing `pred` directory is an error rather than a silent zero score.
pub fn score_dirs(docs: &Path, gold: &Path, pred: &Path) -> Result<Report, EvalError> {
    for (role, dir) in [("docs", docs), ("gold", gold), ("pred", pred)] {
        if !dir.is_dir() {
            return Err(EvalError::MissingDir { role, path: dir.to_path_buf() });
        }
    }
    let io = |source| EvalError::Io { path: gold.to_path_buf(), source };
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(gold).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") {
            files.push((name, entry.path()));
        }
    }
    files.sort();
    let mut reports = Vec::with_capacity(files.len());
    for (name, gold_path) in files {
        let gold_doc = read_json(&gold_path)?;
        let stem = &name[..name.len() - ".json".len()];
        let doc_name = match gold_doc.get("doc") {
            Py::Str(s) if !s.is_empty() => s.clone(),
            d if d.truthy() => {
                return Err(EvalError::Schema { path: gold_path, message: "`doc` must be a file name".into() });
            }
            _ => format!("{stem}.txt"),
        };
        let text = read_text(&docs.join(doc_name))?;
        let pred_path = pred.join(&name);
        let pred_doc = if pred_path.exists() { read_json(&pred_path)? } else { Py::Dict(Vec::new()) };
        reports.push(score_py(&name, &text, &gold_doc, &pred_doc));
    }
    Ok(Report::from_documents(reports))
}

/// A gold or prediction file: a JSON object, parsed keeping key order.
fn read_json(path: &Path) -> Result<Py, EvalError> {
    let bytes = std::fs::read(path).map_err(|source| EvalError::Io { path: path.to_path_buf(), source })?;
    let value: Py =
        serde_json::from_slice(&bytes).map_err(|source| EvalError::Json { path: path.to_path_buf(), source })?;
    if !matches!(value, Py::Dict(_)) {
        return Err(EvalError::Schema { path: path.to_path_buf(), message: "expected a JSON object".into() });
    }
    Ok(value)
}

/// A document as Python's `open(..., encoding="utf-8").read()` returns it:
/// UTF-8 with universal newlines, so offsets agree with `score.py`.
fn read_text(path: &Path) -> Result<String, EvalError> {
    let bytes = std::fs::read(path).map_err(|source| EvalError::Io { path: path.to_path_buf(), source })?;
    let text = String::from_utf8(bytes)
        .map_err(|e| EvalError::NotUtf8 { path: path.to_path_buf(), offset: e.utf8_error().valid_up_to() })?;
    Ok(if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text })
}
