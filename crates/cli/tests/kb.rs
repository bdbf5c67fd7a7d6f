//! The knowledge base end to end: the real binary ingests the bundled
//! corpus (and short texts written for these tests) into a fresh database,
//! then `profile`, `events`, `explain`, `conflicts`, `timeline` and
//! `actors` answer from it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn dossier(db: &Path) -> Command {
    let mut c = Command::cargo_bin("dossier").expect("binary");
    c.arg("--db").arg(db).env_remove("DOSSIER_DB");
    c
}

fn json(cmd: &mut Command) -> Value {
    let out = cmd.output().expect("runs");
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// One database built from the bundled corpus, shared by the read-only tests.
fn corpus_db() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DB.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("kb.db");
        let out = dossier(&db).arg("ingest").arg(repo().join("corpus")).output().expect("runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("4 added"), "{stdout}");
        (dir, db)
    })
    .1
}

fn field<'a>(profile: &'a Value, predicate: &str) -> &'a Value {
    profile["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["predicate"] == predicate)
        .unwrap_or_else(|| panic!("no {predicate} field"))
}

fn value<'a>(field: &'a Value, v: &str) -> &'a Value {
    field["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["value"] == v)
        .unwrap_or_else(|| panic!("no value {v} in {}", serde_json::to_string_pretty(&field["values"]).unwrap()))
}

/// `(source path, quote)` of every claim behind a value.
fn claims(value: &Value) -> Vec<(String, String)> {
    value["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let e = &c["claim"]["evidence"];
            (e["source"]["path"].as_str().unwrap().to_string(), e["quote"].as_str().unwrap().to_string())
        })
        .collect()
}

fn labels(claim: &Value) -> Vec<String> {
    claim["claim"]["evidence"]["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap().to_string())
        .collect()
}

const EUAA: &str = "corpus/000_29adca9be820ab4a.txt";
const COMMENTARY: &str = "corpus/001_dce01329566ea4d4.txt";
const ENCYCLOPEDIA: &str = "corpus/002_a0dd040568ab9a18.txt";
const ICCT: &str = "corpus/003_3eca4994eb5a6ec5.txt";

fn path_ends(paths: &[(String, String)], want: &str) -> bool {
    paths.iter().any(|(p, _)| p.ends_with(want))
}

#[test]
fn any_alias_finds_the_same_profile() {
    let db = corpus_db();
    let a = json(dossier(db).args(["profile", "ISKP", "--json"]));
    for alias in ["ISIS-K", "ISIS–K", "Islamic State – Khorasan Province", "iskp"] {
        let b = json(dossier(db).args(["profile", alias, "--json"]));
        assert_eq!(a, b, "{alias}");
    }
    assert_eq!(a["actor"]["key"], "iskp");
    assert_eq!(a["actor"]["sources"], 4);
}

#[test]
fn founding_is_a_conflict_between_2014_and_2015_with_three_citations() {
    let p = json(dossier(corpus_db()).args(["profile", "ISKP", "--json"]));
    let f = field(&p, "founded");
    assert_eq!(f["verdict"], "conflict");
    assert_eq!((f["low"].as_str(), f["high"].as_str()), (Some("2014"), Some("2015-01-26")));
    let y2015 = claims(value(f, "2015-01-26"));
    assert!(path_ends(&y2015, EUAA) && path_ends(&y2015, ENCYCLOPEDIA), "{y2015:?}");
    assert!(y2015.iter().any(|(_, q)| q.contains("formed in 2015")));
    assert!(y2015.iter().any(|(_, q)| q.contains("26 January 2015")));
    let y2014 = claims(value(f, "2014"));
    assert_eq!(y2014.len(), 1);
    assert!(path_ends(&y2014, ICCT) && y2014[0].1.contains("formed in 2014"));
    // The EUAA's 2015 refines nothing away: it is kept, marked less precise.
    let euaa = value(f, "2015-01-26")["claims"].as_array().unwrap().iter().find(|c| c["stated"] == "2015").cloned();
    assert_eq!(euaa.expect("the EUAA claim")["less_precise"], true);
}

#[test]
fn size_runs_from_2000_to_6000_with_euaa_footnotes_396_and_397_and_the_icct() {
    let p = json(dossier(corpus_db()).args(["profile", "ISKP", "--json"]));
    let f = field(&p, "size_estimate");
    assert_eq!((f["low"].as_str(), f["high"].as_str()), (Some("2,000"), Some("6,000")));
    let all: Vec<&Value> =
        f["values"].as_array().unwrap().iter().flat_map(|v| v["claims"].as_array().unwrap()).collect();
    let euaa: Vec<&&Value> =
        all.iter().filter(|c| c["claim"]["evidence"]["source"]["path"].as_str().unwrap().ends_with(EUAA)).collect();
    assert!(!euaa.is_empty());
    for c in &euaa {
        assert_eq!(labels(c), ["396", "397"]);
    }
    assert!(all.iter().any(|c| c["claim"]["evidence"]["source"]["path"].as_str().unwrap().ends_with(ICCT)));
    // The 396 note resolves to its reference.
    let refs = &euaa[0]["claim"]["evidence"]["citations"][0]["references"];
    assert!(refs[0]["raw"].as_str().unwrap().contains("Security Council"), "{refs}");
}

#[test]
fn leaders_split_parent_and_headquarters_cite_their_sentences() {
    let p = json(dossier(corpus_db()).args(["profile", "ISKP", "--json"]));
    let ghafari = value(field(&p, "leader"), "Sanaullah Ghafari");
    let c = &ghafari["claims"][0]["claim"];
    assert_eq!(c["until"], "2023");
    assert!(c["evidence"]["quote"].as_str().unwrap().contains("former leader Sanaullah Ghafari was killed in 2023"));
    let ttp = claims(value(field(&p, "split_from"), "Tehrik-i-Taliban Pakistan"));
    assert!(path_ends(&ttp, ENCYCLOPEDIA) && ttp.iter().any(|(_, q)| q.contains("Split from")), "{ttp:?}");
    let parent = claims(value(field(&p, "part_of"), "Islamic State"));
    assert!(path_ends(&parent, EUAA) && path_ends(&parent, ENCYCLOPEDIA) && path_ends(&parent, ICCT));
    let hq = claims(value(field(&p, "headquarters"), "Achin District"));
    assert!(hq[0].1.contains("Achin District"), "{hq:?}");
}

fn events(db: &Path, args: &[&str]) -> Vec<Value> {
    let mut cmd = dossier(db);
    cmd.arg("events").args(args).arg("--json");
    json(&mut cmd).as_array().unwrap().clone()
}

fn explain(db: &Path, id: &Value) -> Value {
    json(dossier(db).args(["explain", &id.to_string(), "--json"]))
}

#[test]
fn the_bajaur_rally_bombing_is_one_event_from_two_reports() {
    let db = corpus_db();
    let e: Vec<Value> = events(db, &["--from", "2023-07", "--to", "2023-07", "--country", "PK"]);
    assert_eq!(e.len(), 1, "{e:?}");
    let e = &e[0];
    assert_eq!(e["date"], "2023-07-30");
    assert_eq!((e["fatalities_low"].as_u64(), e["fatalities_high"].as_u64()), (Some(54), Some(63)));
    assert_eq!(e["sources"], 2);
    let d = explain(db, &e["id"]);
    let reports = d["report_list"].as_array().unwrap();
    let by_source = |p: &str| reports.iter().find(|r| r["evidence"]["source"]["path"].as_str().unwrap().ends_with(p));
    let commentary = by_source(COMMENTARY).expect("commentary report");
    assert_eq!((commentary["date"].as_str(), commentary["fatalities_min"].as_u64()), (Some("2023-07-30"), Some(54)));
    assert_eq!(commentary["place"]["surface"], "Bajaur");
    let encyclopedia = by_source(ENCYCLOPEDIA).expect("encyclopedia report");
    assert_eq!(encyclopedia["fatalities_min"], 63);
    assert_eq!(encyclopedia["place"]["surface"], "Khar");
    let rule = d["links"][0]["rule"].as_str().unwrap();
    assert!(rule.contains("Khar lies in Bājaur") && rule.contains("same perpetrator"), "{rule}");
}

#[test]
fn the_kabul_airport_attack_is_one_event_from_three_sources() {
    let db = corpus_db();
    let all = events(db, &["--actor", "ISIS-K", "--country", "AF"]);
    let airport: Vec<&Value> = all.iter().filter(|e| e["sources"] == 3).collect();
    assert_eq!(airport.len(), 1, "{all:?}");
    let e = airport[0];
    assert_eq!(e["date"], "2021-08");
    assert_eq!((e["fatalities_low"].as_u64(), e["fatalities_high"].as_u64()), (Some(182), Some(183)));
    let d = explain(db, &e["id"]);
    let paths: Vec<&str> = d["report_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["evidence"]["source"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 3);
    for want in [COMMENTARY, ENCYCLOPEDIA, ICCT] {
        assert!(paths.iter().any(|p| p.ends_with(want)), "{want} not in {paths:?}");
    }
    // The 2016 Kabul bombing stays its own event.
    assert!(all.iter().any(|e| e["date"] == "2016-07" && e["sources"] == 1 && e["fatalities_low"] == 97));
}

#[test]
fn ispp_split_from_iskp_in_may_2019_and_2019_is_a_refinement() {
    let p = json(dossier(corpus_db()).args(["profile", "Islamic State Pakistan Province", "--json"]));
    let v = value(field(&p, "split_from"), "Islamic State Khorasan Province");
    let paths = claims(v);
    assert!(path_ends(&paths, EUAA) && path_ends(&paths, COMMENTARY), "{paths:?}");
    assert_eq!(v["dated"]["verdict"], "refinement");
    assert_eq!(v["dated"]["values"][0]["value"], "2019-05");
}

#[test]
fn conflicts_list_founding_and_size_with_their_sources() {
    let c = json(dossier(corpus_db()).args(["conflicts", "ISKP", "--json"]));
    let fields: Vec<&str> = c.as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"founded") && fields.contains(&"size_estimate"), "{fields:?}");
    let text = dossier(corpus_db()).args(["conflicts"]).output().unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("ICCT Snapshot"));
}

#[test]
fn event_filters_and_formats() {
    let db = corpus_db();
    let kp = events(db, &["--admin1", "khyber pakhtunkhwa"]);
    assert!(!kp.is_empty() && kp.iter().all(|e| e["admin1"] == "PK-KP"), "{kp:?}");
    assert_eq!(events(db, &["--admin1", "PK-KP"]).len(), kp.len());
    let big = events(db, &["--min-fatalities", "100"]);
    assert!(big.iter().all(|e| e["fatalities_median"].as_u64().unwrap() >= 100));
    assert!(big.iter().any(|e| e["place"] == "Krasnogorsk"));
    let conservative = events(db, &["--min-fatalities", "60", "--policy", "conservative", "--country", "PK"]);
    assert!(conservative.iter().all(|e| e["date"] != "2023-07-30"), "Bajaur's lowest toll is 54");
    let in_2024 = events(db, &["--from", "2024", "--to", "2024"]);
    assert!(in_2024.iter().all(|e| e["date"].as_str().unwrap().starts_with("2024")));

    let csv = dossier(db).args(["events", "--country", "AF", "--format", "csv"]).output().unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("event_id_cnty,event_date,year,time_precision,disorder_type"));
    assert_eq!(lines.count(), events(db, &["--country", "AF"]).len());

    let geo = json(dossier(db).args(["events", "--format", "geojson"]));
    assert_eq!(geo["type"], "FeatureCollection");
    let features = geo["features"].as_array().unwrap();
    let kabul = features.iter().find(|f| f["properties"]["place"] == "Kabul").unwrap();
    assert_eq!(kabul["geometry"]["type"], "Point");
    // A province or country is not drawn as a false point.
    let uz = features.iter().find(|f| f["properties"]["country"] == "UZ").unwrap();
    assert!(uz["geometry"].is_null());

    let bad = dossier(db).args(["events", "--from", "2023-02-31"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not a date"));
}

#[test]
fn timeline_buckets_and_unknown_actors() {
    let db = corpus_db();
    let t = json(dossier(db).args(["timeline", "ISKP", "--by", "year", "--json"]));
    let buckets = t["buckets"].as_array().unwrap();
    assert_eq!(buckets.first().unwrap()["period"], "2016");
    let y2021 = buckets.iter().find(|b| b["period"] == "2021").unwrap();
    assert_eq!((y2021["events"].as_u64(), y2021["fatalities"].as_u64()), (Some(1), Some(182)));
    assert!(buckets.iter().any(|b| b["period"] == "2019" && b["events"] == 0), "gaps are kept");
    let chart = dossier(db).args(["timeline", "ISKP"]).output().unwrap();
    assert!(String::from_utf8_lossy(&chart.stdout).contains("2023-07"));

    let out = dossier(db).args(["profile", "Khorasan branch of nothing"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no actor is named"));
    let out = dossier(db).args(["profile", "Khorasan"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn actors_list_aliases_and_source_counts() {
    let actors = json(dossier(corpus_db()).args(["actors", "--json"]));
    let iskp = actors.as_array().unwrap().iter().find(|a| a["key"] == "iskp").unwrap();
    let alias = |name: &str| iskp["aliases"].as_array().unwrap().iter().find(|a| a["alias"] == name).cloned();
    assert_eq!(alias("ISKP").expect("ISKP")["sources"], 4);
    assert!(alias("ISIS–K").is_some());
    // Leaders are people, never merged into the group.
    let ghafari = actors.as_array().unwrap().iter().find(|a| a["key"] == "sanaullah-ghafari").unwrap();
    assert_eq!(ghafari["kind"], "person");
}

/// Texts written for this test: two ISKP attacks in Kabul three months
/// apart (one reported twice, with different tolls), and a leader named in
/// two sources.
#[test]
fn own_texts_merge_what_is_one_incident_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for f in ["a.txt", "b.txt", "c.txt"] {
        std::fs::copy(fixture("kb").join(f), docs.join(f)).unwrap();
    }
    let out = dossier(&db).arg("ingest").arg(&docs).output().unwrap();
    assert!(out.status.success());
    let e = events(&db, &[]);
    let dates: Vec<&str> = e.iter().map(|e| e["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2022-03-11", "2022-06-20"], "{e:?}");
    assert_eq!((e[0]["fatalities_low"].as_u64(), e[0]["fatalities_high"].as_u64()), (Some(21), Some(25)));
    assert_eq!(e[0]["sources"], 2);
    assert_eq!(e[1]["sources"], 1);

    let actors = json(dossier(&db).args(["actors", "--json"]));
    let keys: Vec<&str> = actors.as_array().unwrap().iter().map(|a| a["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["iskp", "sanaullah-ghafari"]);
    let p = json(dossier(&db).args(["profile", "Sanaullah Ghafari", "--json"]));
    assert_eq!((p["actor"]["kind"].as_str(), p["actor"]["sources"].as_u64()), (Some("person"), Some(2)));
    let iskp = json(dossier(&db).args(["profile", "ISKP", "--json"]));
    assert_eq!(value(field(&iskp, "leader"), "Sanaullah Ghafari")["sources"], 2);

    // A changed file replaces its source and claims in one go.
    let b = std::fs::read_to_string(docs.join("b.txt")).unwrap();
    std::fs::write(docs.join("b.txt"), b.replace("killed nine passengers", "killed eleven passengers")).unwrap();
    let out = dossier(&db).arg("ingest").arg(&docs).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 added, 2 unchanged"));
    let sources = json(dossier(&db).args(["sources", "--json"]));
    assert_eq!(sources.as_array().unwrap().len(), 3);
    let e = events(&db, &[]);
    assert_eq!(e.len(), 2);
    assert_eq!(e[1]["fatalities_low"], 11);
}

#[test]
fn report_writes_a_footnoted_section_in_each_format() {
    let db = corpus_db();
    let md = dossier(db).args(["report", "ISIS-K", "--format", "md"]).output().unwrap();
    assert!(md.status.success(), "{}", String::from_utf8_lossy(&md.stderr));
    let md = String::from_utf8(md.stdout).unwrap();
    for needle in ["26 January 2015", "Achin District", "2,000 to 6,000", "Sanaullah Ghafari", "note 396", "note 397"] {
        assert!(md.contains(needle), "{needle} missing from the report");
    }
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("r.html");
    let out = dossier(db).args(["report", "ISKP", "--format", "html", "--out"]).arg(&html).output().unwrap();
    assert!(out.status.success());
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("@media print"));
    let j = json(dossier(db).args(["report", "ISKP", "--format", "json", "--from", "2023", "--to", "2024"]));
    assert!(!j["footnotes"].as_array().unwrap().is_empty());
    let bad = dossier(db).args(["report", "nobody at all"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(1));
}
