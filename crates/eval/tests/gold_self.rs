//! The gold scored against itself must be perfect on every metric, for each
//! gold file on its own and for all of them together.

use std::path::{Path, PathBuf};

use dossier_eval::{Prf, Scores, score_dirs, score_doc};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn assert_perfect(s: &Scores, what: &str) {
    let a = &s.event_attrs;
    for (name, prf) in [
        ("events", &s.events),
        ("strict", &s.strict),
        ("facts", &s.facts),
        ("date", &a.date),
        ("place", &a.place),
        ("fatalities", &a.fatalities),
        ("perpetrator", &a.perpetrator),
    ] {
        let Prf { p, r, f1, tp, pred, gold } = *prf;
        assert_eq!((p, r, f1), (1.0, 1.0, 1.0), "{what}: {name}");
        assert_eq!((tp, pred), (gold, gold), "{what}: {name} counts");
    }
    assert_eq!((s.aliases.recall, s.aliases.precision), (1.0, 1.0), "{what}: aliases");
}

#[test]
fn each_gold_file_scores_one_against_itself() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("gold"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 4);
    for path in files {
        let gold: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let doc = gold["doc"].as_str().unwrap();
        let text = std::fs::read_to_string(root().join("corpus").join(doc)).unwrap();
        let report = score_doc(doc, &text, &gold, &gold);
        assert_perfect(&report.scores, doc);
        assert!(report.findings.is_empty(), "{doc}: {:?}", report.findings);
        assert!(report.counts.events.gold > 0 && report.counts.facts.gold > 0);
    }
}

#[test]
fn gold_directory_scores_one_against_itself() {
    let gold = root().join("gold");
    let report = score_dirs(&root().join("corpus"), &gold, &gold).unwrap();
    assert_eq!(report.overall.docs, 4);
    assert_perfect(&report.overall, "all documents");
    // The figures score.py prints for the same run.
    assert_eq!(
        (report.overall.events.gold, report.overall.facts.gold, report.overall.event_attrs.fatalities.gold),
        (18, 74, 10)
    );
}
