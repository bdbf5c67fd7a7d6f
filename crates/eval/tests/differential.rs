//! Differential tests against the reference scorer `score.py`.
//!
//! `tests/fixtures/pred-*/` are hand-made variants of the gold (events
//! dropped or perturbed, facts rewritten, actors split and merged, spans
//! instead of quotes, quotes only, odd value types). The `expected-*` files
//! beside them are `score.py`'s own outputs, produced during development by
//! `python3 crates/eval/tests/fixtures/make_fixtures.py <path to score.py>`
//! (run from the workspace root; it runs
//! `score.py --docs corpus --gold gold --pred <fixture> [--json|--verbose]`).
//! The tests need neither Python nor the reference scorer.

use std::path::{Path, PathBuf};

use dossier_eval::score_dirs;
use serde_json::Value;

const FIXTURES: [&str; 6] = ["perturbed", "facts", "split-actors", "spans", "quotes", "edge"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn report(name: &str) -> dossier_eval::Report {
    score_dirs(&root().join("corpus"), &root().join("gold"), &fixture(&format!("pred-{name}"))).unwrap()
}

/// Structural equality with floats compared to 1e-9.
fn same(a: &Value, b: &Value, path: &str) -> Result<(), String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let (kx, ky): (Vec<_>, Vec<_>) = (x.keys().collect(), y.keys().collect());
            if kx != ky {
                return Err(format!("{path}: keys {kx:?} != {ky:?}"));
            }
            x.iter().try_for_each(|(k, v)| same(v, &y[k], &format!("{path}.{k}")))
        }
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            if (x - y).abs() <= 1e-9 { Ok(()) } else { Err(format!("{path}: {x} != {y}")) }
        }
        _ if a == b => Ok(()),
        _ => Err(format!("{path}: {a} != {b}")),
    }
}

#[test]
fn json_matches_score_py() {
    for name in FIXTURES {
        let expected_text = std::fs::read_to_string(fixture(&format!("expected-{name}.json"))).unwrap();
        let expected: Value = serde_json::from_str(&expected_text).unwrap();
        let report = report(name);
        let got = serde_json::to_value(&report).unwrap();
        if let Err(e) = same(&got, &expected, name) {
            panic!("{name}: {e}");
        }
        // Byte for byte too, so `diff` of the two commands' output is empty.
        assert_eq!(report.to_json() + "\n", expected_text, "{name}: JSON text");
    }
}

#[test]
fn text_matches_score_py() {
    for name in FIXTURES {
        let expected = std::fs::read_to_string(fixture(&format!("expected-{name}.txt"))).unwrap();
        assert_eq!(report(name).render_text(false), expected, "{name}");
    }
}

#[test]
fn verbose_matches_score_py_plus_alias_lines() {
    for name in FIXTURES {
        let expected = std::fs::read_to_string(fixture(&format!("expected-{name}.verbose.txt"))).unwrap();
        let got = report(name).render_text(true);
        // Alias findings are this crate's addition; score.py prints none.
        let without_aliases: String =
            got.lines().filter(|l| !l.starts_with("  alias ")).flat_map(|l| [l, "\n"]).collect();
        assert_eq!(without_aliases, expected, "{name}");
    }
}

#[test]
fn alias_findings_name_the_split_mentions() {
    let report = report("split-actors");
    let doc = &report.documents[0];
    let lines: Vec<String> = doc.findings.iter().map(ToString::to_string).collect();
    assert!(
        lines.contains(
            &"alias mentions of 'Islamic State Khorasan Province' not in its group: \
              ['islamic state of khorasan', 'islamische staat khorasan provinz']"
                .to_string()
        ),
        "{lines:#?}"
    );
    // score_doc's alias counts for this document, from score.py.
    let a = doc.counts.aliases;
    assert_eq!((a.recall_num, a.recall_den, a.prec_num, a.prec_den), (13, 16, 13, 23));
}

#[test]
fn per_document_counts_add_up_to_the_total() {
    let report = report("perturbed");
    let tp: usize = report.documents.iter().map(|d| d.counts.events.tp).sum();
    assert_eq!(tp, report.overall.events.tp);
    assert!(report.documents.iter().all(|d| d.scores.docs == 1));
}
