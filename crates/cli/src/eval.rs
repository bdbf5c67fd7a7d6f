//! `dossier eval`: the reference metrics on a folder of annotated
//! documents. Without `--pred`, Dossier extracts the documents itself first.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

pub fn run(docs: &Path, gold: &Path, pred: Option<&Path>, verbose: bool, json: bool) -> anyhow::Result<ExitCode> {
    let scratch;
    let pred_dir: PathBuf = match pred {
        Some(p) => p.to_path_buf(),
        None => {
            scratch = tempfile::tempdir()?;
            let files = gold_documents(docs, gold)?;
            let opts = crate::extract::Options { json: false, out: Some(scratch.path().to_path_buf()), explain: false };
            crate::extract::run(&files, &opts)?;
            scratch.path().to_path_buf()
        }
    };
    let report = dossier_eval::score_dirs(docs, gold, &pred_dir)?;
    if json {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.render_text(verbose));
    }
    Ok(ExitCode::SUCCESS)
}

/// The documents the gold files name, in `docs`.
fn gold_documents(docs: &Path, gold: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(gold)
        .with_context(|| format!("reading {}", gold.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    for g in names {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&g)?).with_context(|| format!("{}", g.display()))?;
        let doc = v["doc"].as_str().map(str::to_string).unwrap_or_else(|| {
            format!("{}.txt", g.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned()))
        });
        out.push(docs.join(doc));
    }
    Ok(out)
}
