//! The in-memory API, document reading and the errors a user can meet.
//! Expected counts come from running `score.py` on the same input during
//! development (`score_doc(text, gold, pred, False)`).

use std::fs;
use std::path::Path;

use dossier_eval::{EvalError, score_dirs, score_docs};
use serde_json::json;

const TEXT: &str = "Line one.\nDozens died in the attack on the market in Quetta in 2020.\n";

fn gold() -> serde_json::Value {
    json!({
        "actors": [{"canonical": "Group", "mentions": ["The"]}],
        "events": [{"quote": "Dozens died in the attack", "date": "2020", "location": "Quetta",
                    "fatalities": {"min": null, "max": null, "text": "Dozens"}, "perpetrator": "Group"}]
    })
}

fn pred() -> serde_json::Value {
    json!({"events": [{"span": [12, 30], "date": "2020", "location": "Quetta City", "perpetrator": "The"}]})
}

#[test]
fn in_memory_counts_match_score_doc() {
    let report = score_docs(&[(TEXT.to_owned(), gold(), pred())]);
    let counts = serde_json::to_value(report.documents[0].counts).unwrap();
    // A gold toll without numbers is "right" for a prediction that states
    // none (strict passes) but is not counted as a predicted value; "The"
    // folds to "", which the gold actor's mention "The" also gives.
    let from_python = json!({
        "events": {"tp": 1, "pred": 1, "gold": 1},
        "event_attrs": {"date": [1, 1, 1], "place": [1, 1, 1], "fatalities": [0, 0, 1], "perpetrator": [1, 1, 1]},
        "strict": {"tp": 1, "pred": 1, "gold": 1},
        "facts": {"tp": 0, "pred": 0, "gold": 0},
        "aliases": {"recall_num": 0, "recall_den": 2, "prec_num": 0, "prec_den": 0}
    });
    assert_eq!(counts, from_python);
    assert_eq!(report.documents[0].file, "#0");
    assert_eq!(report.overall.aliases.precision, 0.0);
}

fn write(path: &Path, content: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, content).unwrap();
}

#[test]
fn documents_are_read_with_universal_newlines() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("docs/a.txt"), &TEXT.replace('\n', "\r\n"));
    let mut g = gold();
    g["events"][0]["quote"] = json!("one.\nDozens");
    write(&d.join("gold/a.json"), &g.to_string());
    write(&d.join("pred/a.json"), &pred().to_string());
    let report = score_dirs(&d.join("docs"), &d.join("gold"), &d.join("pred")).unwrap();
    assert_eq!((report.overall.events.tp, report.overall.strict.tp), (1, 1));
}

#[test]
fn missing_prediction_file_is_an_empty_prediction() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("docs/a.txt"), TEXT);
    write(&d.join("gold/a.json"), &gold().to_string());
    write(&d.join("gold/notes.md"), "not a gold file");
    fs::create_dir_all(d.join("pred")).unwrap();
    let report = score_dirs(&d.join("docs"), &d.join("gold"), &d.join("pred")).unwrap();
    assert_eq!(report.overall.docs, 1);
    assert_eq!((report.overall.events.p, report.overall.events.r), (0.0, 0.0));
    // No aligned pairs: every attribute is 0/0/0, which prf() scores as 1.
    assert_eq!(report.overall.event_attrs.date.f1, 1.0);
}

#[test]
fn errors_name_the_offending_path() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("docs/a.txt"), TEXT);
    write(&d.join("gold/a.json"), &gold().to_string());
    fs::create_dir_all(d.join("pred")).unwrap();
    let run = || score_dirs(&d.join("docs"), &d.join("gold"), &d.join("pred"));

    let err = score_dirs(&d.join("docs"), &d.join("gold"), &d.join("nope")).unwrap_err();
    assert!(matches!(err, EvalError::MissingDir { role: "pred", .. }), "{err}");

    write(&d.join("pred/a.json"), "{\"events\": [");
    let err = run().unwrap_err();
    assert!(matches!(err, EvalError::Json { .. }) && err.to_string().contains("a.json"), "{err}");

    write(&d.join("pred/a.json"), "[]");
    assert!(matches!(run().unwrap_err(), EvalError::Schema { .. }));

    fs::remove_file(d.join("pred/a.json")).unwrap();
    write(&d.join("gold/b.json"), r#"{"doc": "missing.txt"}"#);
    let err = run().unwrap_err();
    assert!(matches!(err, EvalError::Io { .. }) && err.to_string().contains("missing.txt"), "{err}");

    fs::write(d.join("docs/missing.txt"), b"caf\xe9").unwrap();
    assert!(matches!(run().unwrap_err(), EvalError::NotUtf8 { offset: 3, .. }));
}
