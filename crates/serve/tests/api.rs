//! Every JSON endpoint over a knowledge base built from the corpus: the
//! answers (the CLI's `--json` shapes, compared with the query layer's
//! own output), the filters, 404s and bad parameters, and the OpenAPI
//! document against the router.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use axum::Router;
use axum::http::Method;
use common::{assert_error, get, request};
use dossier_query::Granularity;
use dossier_resolve::ledger::Policy;
use dossier_serve::{ServeOptions, router};
use dossier_store::{EventFilter, Store};
use serde_json::Value;

fn db() -> &'static PathBuf {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| common::build_db("api", &[]))
}

fn app() -> Router {
    router(db().clone(), ServeOptions::default())
}

fn store() -> Store {
    Store::open(db()).unwrap()
}

fn to_json(v: impl serde::Serialize) -> Value {
    serde_json::to_value(v).unwrap()
}

#[tokio::test]
async fn actors_list_and_alias_search() {
    let app = app();
    let res = get(&app, "/api/actors").await;
    assert_eq!(res.status, 200);
    assert!(res.content_type().starts_with("application/json"));
    assert_eq!(res.json(), to_json(store().actors().unwrap()), "same as `dossier actors --json`");

    let v = get(&app, "/api/actors?q=isis-k").await.json();
    let keys: Vec<&str> = v.as_array().unwrap().iter().map(|a| a["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["iskp"], "ISIS–K is an alias of ISKP only: {keys:?}");
    let v = get(&app, "/api/actors?q=Taliban").await.json();
    assert!(v.as_array().unwrap().len() >= 2, "Afghan Taliban and TTP's aliases");
    assert_eq!(get(&app, "/api/actors?q=zzzzzz").await.json(), Value::Array(vec![]));
    assert_eq!(get(&app, "/api/actors?q=").await.json(), to_json(store().actors().unwrap()), "empty = absent");
    assert_error(&get(&app, "/api/actors?query=iskp").await, 400, "unknown parameter");
    assert_error(&get(&app, "/api/actors?q=a&q=b").await, 400, "repeated parameter");
}

#[tokio::test]
async fn profile_by_key_alias_and_policy() {
    let app = app();
    let res = get(&app, "/api/actors/iskp").await;
    assert_eq!(res.status, 200);
    let v = res.json();
    let expected = to_json(dossier_query::profile(&store(), "iskp", Policy::Median).unwrap());
    assert_eq!(v, expected, "same as `dossier profile iskp --json`");
    for key in ["actor", "policy", "fields", "events", "sources"] {
        assert!(v.get(key).is_some(), "{key}");
    }
    // Any alias names the actor, percent-encoded in the path.
    assert_eq!(get(&app, "/api/actors/ISIS%E2%80%93K").await.json()["actor"]["key"], "iskp");
    assert_eq!(get(&app, "/api/actors/ISKP").await.json()["actor"]["key"], "iskp");
    for policy in ["conservative", "recent", "median"] {
        let v = get(&app, &format!("/api/actors/iskp?policy={policy}")).await.json();
        assert_eq!(v["policy"], policy);
    }
    let size = |policy: &str, v: &Value| {
        v["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["predicate"] == "size_estimate")
            .cloned()
            .unwrap_or_else(|| panic!("{policy}: no size_estimate field"))
    };
    let f = size("median", &v);
    assert_eq!(f["verdict"], "conflict");
    assert!(f["low"].is_string() && f["high"].is_string() && f["best"].is_string(), "{f}");

    assert_error(&get(&app, "/api/actors/no-such-group").await, 404, "unknown actor");
    assert_error(&get(&app, "/api/actors/iskp?policy=best").await, 400, "bad policy");
    assert_error(&get(&app, "/api/actors/iskp?by=year").await, 400, "parameter of another endpoint");
}

#[tokio::test]
async fn timeline_by_month_year_and_range() {
    let app = app();
    let s = store();
    let v = get(&app, "/api/actors/iskp/timeline").await.json();
    assert_eq!(v, to_json(dossier_query::timeline(&s, "iskp", Granularity::Month, Policy::Median).unwrap()));
    let v = get(&app, "/api/actors/iskp/timeline?by=year&policy=conservative").await.json();
    assert_eq!(v, to_json(dossier_query::timeline(&s, "iskp", Granularity::Year, Policy::Conservative).unwrap()));
    assert_eq!(v["by"], "year");

    // A range: only events that may fall in it, buckets spanning it.
    let v = get(&app, "/api/actors/iskp/timeline?by=year&from=2016&to=2019").await.json();
    let periods: Vec<&str> = v["buckets"].as_array().unwrap().iter().map(|b| b["period"].as_str().unwrap()).collect();
    assert_eq!(periods, ["2016", "2017", "2018", "2019"]);
    let in_range = s
        .events(&EventFilter {
            actor: Some("iskp".into()),
            from: Some("2016-01-01".into()),
            to: Some("2019-12-31".into()),
            ..Default::default()
        })
        .unwrap();
    let counted: u64 = v["buckets"].as_array().unwrap().iter().map(|b| b["events"].as_u64().unwrap()).sum();
    let vague = v["vague"].as_u64().unwrap() + v["undated"].as_u64().unwrap();
    assert_eq!(counted + vague, in_range.len() as u64);
    // A range wider than the data counts what the unfiltered timeline does
    // (less the undated events, which no range includes).
    let whole = get(&app, "/api/actors/iskp/timeline?by=year").await.json();
    let wide = get(&app, "/api/actors/iskp/timeline?by=year&from=1990&to=2100").await.json();
    let sum = |v: &Value, k: &str| v["buckets"].as_array().unwrap().iter().map(|b| b[k].as_u64().unwrap()).sum::<u64>();
    assert_eq!(sum(&wide, "events"), sum(&whole, "events"));
    assert_eq!(sum(&wide, "fatalities"), sum(&whole, "fatalities"));
    assert_eq!(wide["vague"], whole["vague"]);
    assert_eq!(wide["buckets"].as_array().unwrap().len(), 111, "1990 to 2100");
    let v = get(&app, "/api/actors/iskp/timeline?from=2021-08&to=2021-08").await.json();
    assert_eq!(v["buckets"][0]["period"], "2021-08");
    assert!(v["buckets"][0]["events"].as_u64().unwrap() >= 1, "the Kabul airport attack: {v}");

    assert_error(&get(&app, "/api/actors/nobody/timeline").await, 404, "unknown actor");
    assert_error(&get(&app, "/api/actors/iskp/timeline?by=week").await, 400, "bad by");
    assert_error(&get(&app, "/api/actors/iskp/timeline?from=2023-13").await, 400, "bad date");
    assert_error(&get(&app, "/api/actors/iskp/timeline?to=yesterday").await, 400, "bad date");
}

#[tokio::test]
async fn events_filters_and_formats() {
    let app = app();
    let s = store();
    let all = get(&app, "/api/events").await.json();
    assert_eq!(all, to_json(s.events(&EventFilter::default()).unwrap()), "same as `dossier events --json`");
    let n = all.as_array().unwrap().len();
    assert!(n >= 10, "{n} events");
    assert_eq!(get(&app, "/api/events?format=json").await.json(), all);

    let count = |v: &Value| v.as_array().unwrap().len();
    let v = get(&app, "/api/events?actor=iskp").await.json();
    assert!(count(&v) > 0 && count(&v) < n);
    assert!(v.as_array().unwrap().iter().all(|e| e["perpetrator"]["key"] == "iskp"));
    let v = get(&app, "/api/events?actor=ISIS-K&country=pk").await.json();
    assert!(v.as_array().unwrap().iter().all(|e| e["country"] == "PK"), "{v}");
    let v = get(&app, "/api/events?admin1=PK-KP").await.json();
    assert!(count(&v) > 0 && v.as_array().unwrap().iter().all(|e| e["admin1"] == "PK-KP"));
    let v = get(&app, "/api/events?admin1=khyber%20pakhtunkhwa").await.json();
    assert!(count(&v) > 0, "by province name");
    let v = get(&app, "/api/events?from=2021-08&to=2021-08").await.json();
    assert!(count(&v) >= 1 && v.as_array().unwrap().iter().all(|e| e["date"].as_str().unwrap().starts_with("2021")));
    let v = get(&app, "/api/events?min_fatalities=100").await.json();
    assert!(count(&v) > 0 && v.as_array().unwrap().iter().all(|e| e["fatalities_median"].as_u64().unwrap() >= 100));
    // The minimum applies to the policy's column.
    let low = get(&app, "/api/events?min_fatalities=183&policy=conservative").await.json();
    let recent = get(&app, "/api/events?min_fatalities=183&policy=recent").await.json();
    assert!(count(&recent) > count(&low), "Kabul airport: 182 lowest, 183 most recent");
    assert_eq!(count(&get(&app, "/api/events?limit=2").await.json()), 2);

    // GeoJSON: points only for towns; provinces and countries have no geometry.
    let res = get(&app, "/api/events?format=geojson&policy=conservative").await;
    assert_eq!(res.status, 200);
    assert!(res.content_type().starts_with("application/geo+json"), "{}", res.content_type());
    let g = res.json();
    assert_eq!(g["type"], "FeatureCollection");
    let features = g["features"].as_array().unwrap();
    assert_eq!(features.len(), n);
    for f in features {
        let p = &f["properties"];
        assert_eq!(p["policy"], "conservative");
        assert_eq!(p["fatalities_best"], p["fatalities_low"]);
        if p["place_kind"] == "city" {
            assert_eq!(f["geometry"]["type"], "Point");
        } else {
            assert!(f["geometry"].is_null(), "{} has a point", p["place_kind"]);
        }
    }
    assert!(features.iter().any(|f| f["geometry"].is_null()), "some events are areas");

    // CSV: the CLI's columns.
    let res = get(&app, "/api/events?format=csv&actor=iskp").await;
    assert_eq!(res.status, 200);
    assert!(res.content_type().starts_with("text/csv"));
    let text = res.text();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,date,country,admin1,admin2,place,place_kind,lat,lon,perpetrator,fatalities_low,fatalities_best,fatalities_high,policy,claimed,reports,sources"
    );
    assert_eq!(lines.count(), count(&get(&app, "/api/events?actor=iskp").await.json()));

    assert_error(&get(&app, "/api/events?actor=nobody").await, 404, "unknown actor");
    for bad in [
        "from=2023-13",
        "to=2023-02-30",
        "from=last%20year",
        "min_fatalities=abc",
        "min_fatalities=-1",
        "policy=best",
        "format=xml",
        "limit=0",
        "colour=red",
    ] {
        assert_error(&get(&app, &format!("/api/events?{bad}")).await, 400, bad);
    }
}

#[tokio::test]
async fn event_detail() {
    let app = app();
    let s = store();
    // The merged Kabul airport attack: several reports and their links.
    let merged = s.events(&EventFilter::default()).unwrap().into_iter().max_by_key(|e| e.reports).unwrap();
    assert!(merged.reports >= 2);
    let v = get(&app, &format!("/api/events/{}", merged.id)).await.json();
    assert_eq!(v, to_json(s.event(merged.id).unwrap()), "same as `dossier explain --json`");
    assert_eq!(v["report_list"].as_array().unwrap().len() as u64, merged.reports);
    assert!(!v["links"].as_array().unwrap().is_empty());
    let r = &v["report_list"][0]["evidence"];
    assert!(r["quote"].as_str().is_some_and(|q| !q.is_empty()) && r["source"]["id"].is_string());

    assert_error(&get(&app, "/api/events/999999").await, 404, "unknown event");
    assert_error(&get(&app, "/api/events/abc").await, 400, "non-numeric id");
    assert_error(&get(&app, "/api/events/-3").await, 400, "negative id");
    assert_error(&get(&app, "/api/events/1.5").await, 400, "fractional id");
    assert_error(&get(&app, "/api/events/1?format=csv").await, 400, "no parameters");
}

#[tokio::test]
async fn conflicts_all_and_one_actor() {
    let app = app();
    let s = store();
    let v = get(&app, "/api/conflicts").await.json();
    assert_eq!(v, to_json(dossier_query::conflicts(&s, None, Policy::Median).unwrap()));
    let v = get(&app, "/api/conflicts?actor=iskp&policy=recent").await.json();
    assert_eq!(v, to_json(dossier_query::conflicts(&s, Some("iskp"), Policy::Recent).unwrap()));
    let list = v.as_array().unwrap();
    assert!(list.iter().any(|c| c["field"] == "size_estimate"), "ISKP's size is disputed");
    let c = &list[0];
    for key in ["actor", "event", "field", "low", "high", "best", "why", "sides"] {
        assert!(c.get(key).is_some(), "{key}");
    }
    assert_error(&get(&app, "/api/conflicts?actor=nobody").await, 404, "unknown actor");
    assert_error(&get(&app, "/api/conflicts?policy=highest").await, 400, "bad policy");
}

#[tokio::test]
async fn search_hits() {
    let app = app();
    let v = get(&app, "/api/search?q=fighters").await.json();
    assert_eq!(v, to_json(store().search("fighters", 20).unwrap()), "same as `dossier search --json`");
    let hits = v.as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits[0]["snippet"].as_str().unwrap().contains("[fighters]"));
    assert_eq!(get(&app, "/api/search?q=ISKP&limit=1").await.json().as_array().unwrap().len(), 1);
    let v = get(&app, "/api/search?q=%22Khorasan%20Province%22&limit=50").await.json();
    assert!(v.as_array().unwrap().len() > 1, "phrase search");
    assert_eq!(get(&app, "/api/search?q=zzzqqqxxx").await.json(), Value::Array(vec![]));
    assert_error(&get(&app, "/api/search").await, 400, "missing q");
    assert_error(&get(&app, "/api/search?q=").await, 400, "empty q");
    assert_error(&get(&app, "/api/search?q=x&limit=0").await, 400, "limit 0");
    assert_error(&get(&app, "/api/search?q=x&limit=ten").await, 400, "limit not a number");
    assert_error(&get(&app, "/api/search?q=x&limit=100000").await, 400, "limit too large");
}

#[tokio::test]
async fn sources_list_and_detail() {
    let app = app();
    let s = store();
    let list = get(&app, "/api/sources").await.json();
    assert_eq!(list, to_json(s.sources().unwrap()), "same as `dossier sources --json`");
    assert_eq!(list.as_array().unwrap().len(), 4);
    for src in list.as_array().unwrap() {
        let id = src["id"].as_str().unwrap();
        let res = get(&app, &format!("/api/sources/{id}")).await;
        assert_eq!(res.status, 200);
        let v = res.json();
        let mut without_cited = v.clone();
        without_cited.as_object_mut().unwrap().remove("cited");
        assert_eq!(without_cited, to_json(s.source(id).unwrap()), "same as `dossier show --json`");
        let text = v["text"].as_str().unwrap();
        assert!(!v["passages"].as_array().unwrap().is_empty());
        let cited = v["cited"].as_array().unwrap();
        assert!(!cited.is_empty(), "{id}: the knowledge base cites every corpus document");
        for c in cited {
            let (a, b) = (c["start"].as_u64().unwrap() as usize, c["end"].as_u64().unwrap() as usize);
            assert_eq!(text.get(a..b), c["quote"].as_str(), "{c}");
            assert!(c["kind"] == "claim" || c["kind"] == "report");
        }
    }
    // The EUAA report has footnotes with parsed references.
    let euaa = list.as_array().unwrap().iter().find(|x| x["notes"].as_u64().unwrap() > 0).unwrap();
    let id = euaa["id"].as_str().unwrap();
    let v = get(&app, &format!("/api/sources/{}", &id[..8])).await.json();
    assert_eq!(v["id"], id, "a unique prefix names the source");
    assert!(!v["notes"][0]["references"].as_array().unwrap().is_empty());
    let file = euaa["path"].as_str().unwrap().rsplit('/').next().unwrap();
    assert_eq!(get(&app, &format!("/api/sources/{file}")).await.json()["id"], id, "so does the file name");

    assert_error(&get(&app, "/api/sources/ffffffffffff").await, 404, "unknown source");
    assert_error(&get(&app, "/api/sources/..%2F..%2FCargo.toml").await, 404, "a path is only a key");
    assert_error(&get(&app, &format!("/api/sources/{id}?span=1-2")).await, 400, "no parameters");
}

#[tokio::test]
async fn unknown_routes_and_methods() {
    let app = app();
    assert_error(&get(&app, "/api/nothing").await, 404, "unknown endpoint");
    assert_error(&get(&app, "/api/actors/iskp/members").await, 404, "unknown endpoint");
    assert_error(&request(&app, Method::DELETE, "/api/actors", &[], vec![]).await, 405, "wrong method");
    assert_error(
        &request(&app, Method::POST, "/api/sources", &[], b"x".to_vec()).await,
        405,
        "no writes without a token",
    );
}

/// Sample values for the path parameters.
fn path_values() -> Vec<(&'static str, String)> {
    let s = store();
    let event = s.events(&EventFilter::default()).unwrap()[0].id;
    let source = s.sources().unwrap()[0].id.clone();
    vec![("{key}", "iskp".into()), ("{id}", event.to_string()), ("{source}", source)]
}

fn concrete(path: &str) -> String {
    let values = path_values();
    let mut p = path.replace("{key}", &values[0].1);
    if p.starts_with("/api/sources/") {
        p = p.replace("{id}", &values[2].1);
    }
    p.replace("{id}", &values[1].1)
}

/// Every route the router has under `/api/`, as `(method, path)`, listed
/// here by hand from `router()`: the document must match it.
const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/openapi.json"),
    ("get", "/api/actors"),
    ("get", "/api/actors/{key}"),
    ("get", "/api/actors/{key}/timeline"),
    ("get", "/api/events"),
    ("get", "/api/events/{id}"),
    ("get", "/api/conflicts"),
    ("get", "/api/search"),
    ("get", "/api/sources"),
    ("get", "/api/sources/{id}"),
];

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            out.insert((method.clone(), path.clone()));
        }
    }
    out
}

#[tokio::test]
async fn openapi_matches_the_router() {
    for writes in [false, true] {
        let options = ServeOptions { token: writes.then(|| "t0ken".to_string()), ..Default::default() };
        let app = router(db().clone(), options);
        let doc = get(&app, "/api/openapi.json").await.json();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        let mut expected: BTreeSet<(String, String)> =
            ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
        if writes {
            expected.insert(("post".into(), "/api/sources".into()));
        }
        assert_eq!(documented(&doc), expected, "writes={writes}");

        let methods = ["get", "post", "put", "delete", "patch"];
        for (path, item) in doc["paths"].as_object().unwrap() {
            let uri = concrete(path);
            for method in methods {
                let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let op = item.get(method);
                let headers: &[(&str, &str)] =
                    if method == "post" { &[("authorization", "Bearer t0ken")] } else { &[] };
                match op {
                    None => {
                        // Undocumented methods are not routed.
                        let res = request(&app, m, &uri, headers, vec![]).await;
                        assert_eq!(res.status, 405, "{method} {uri} is routed but not documented");
                    }
                    Some(op) => {
                        let res = request(&app, m.clone(), &uri, headers, vec![]).await;
                        assert_ne!(res.status, 405, "{method} {uri} is documented but not routed");
                        if let Some(err) = res.json().get("error") {
                            assert!(!err.as_str().unwrap().starts_with("no such page"), "{method} {uri}: {err}");
                        }
                        // Every documented query parameter is accepted with its example.
                        for p in op["parameters"].as_array().unwrap().iter().filter(|p| p["in"] == "query") {
                            let name = p["name"].as_str().unwrap();
                            let example = p["example"].as_str().unwrap();
                            if method == "post" {
                                continue; // the upload's `name` is tested with real uploads
                            }
                            let sep = if uri.contains('?') { '&' } else { '?' };
                            let mut q = format!("{uri}{sep}{name}={}", example.replace(' ', "%20"));
                            if name != "q"
                                && op["parameters"]
                                    .as_array()
                                    .unwrap()
                                    .iter()
                                    .any(|x| x["name"] == "q" && x["required"] == true)
                            {
                                q.push_str("&q=fighters");
                            }
                            let res = request(&app, m.clone(), &q, headers, vec![]).await;
                            assert!(
                                res.status.is_success(),
                                "{method} {q}: documented parameter refused: {} {}",
                                res.status,
                                res.text()
                            );
                        }
                        // And an undocumented one is refused.
                        if method == "get" {
                            let sep = if uri.contains('?') { '&' } else { '?' };
                            let res = get(&app, &format!("{uri}{sep}undocumented=1")).await;
                            assert_error(&res, 400, &format!("{uri} with an undocumented parameter"));
                        }
                        // Documented statuses include the success one.
                        let code = res.status.as_u16().to_string();
                        assert!(op["responses"].get(&code).is_some(), "{method} {uri} answered {code}, not documented");
                    }
                }
            }
        }
    }
}

/// The top-level keys of a JSON object.
fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap_or_else(|| panic!("not an object: {v}")).keys().cloned().collect()
}

fn schema_keys(doc: &Value, name: &str) -> BTreeSet<String> {
    let s = &doc["components"]["schemas"][name];
    let mut out = BTreeSet::new();
    let parts: Vec<&Value> = match s.get("allOf") {
        Some(all) => all.as_array().unwrap().iter().collect(),
        None => vec![s],
    };
    for part in parts {
        let part = match part.get("$ref").and_then(Value::as_str) {
            Some(r) => &doc["components"]["schemas"][r.rsplit('/').next().unwrap()],
            None => part,
        };
        out.extend(keys(&part["properties"]));
    }
    out
}

#[tokio::test]
async fn schemas_match_responses() {
    let app = app();
    let doc = get(&app, "/api/openapi.json").await.json();
    let event = get(&app, "/api/events").await.json()[0].clone();
    let id = event["id"].as_i64().unwrap();
    let source = get(&app, "/api/sources").await.json()[0].clone();
    let source_id = source["id"].as_str().unwrap().to_string();
    let profile = get(&app, "/api/actors/iskp").await.json();
    let samples = [
        ("ActorRow", get(&app, "/api/actors").await.json()[0].clone()),
        ("Profile", profile.clone()),
        ("Field", profile["fields"][0].clone()),
        ("FieldValue", profile["fields"][0]["values"][0].clone()),
        ("ClaimEntry", profile["fields"][0]["values"][0]["claims"][0].clone()),
        ("Claim", profile["fields"][0]["values"][0]["claims"][0]["claim"].clone()),
        ("Evidence", profile["fields"][0]["values"][0]["claims"][0]["claim"]["evidence"].clone()),
        ("SourceRef", profile["sources"][0].clone()),
        ("Timeline", get(&app, "/api/actors/iskp/timeline").await.json()),
        ("Event", event),
        ("EventDetail", get(&app, &format!("/api/events/{id}")).await.json()),
        ("Conflict", get(&app, "/api/conflicts").await.json()[0].clone()),
        ("Hit", get(&app, "/api/search?q=fighters").await.json()[0].clone()),
        ("SourceSummary", source),
        ("SourceDetail", get(&app, &format!("/api/sources/{source_id}")).await.json()),
        ("Error", get(&app, "/api/actors/nobody").await.json()),
    ];
    for (name, sample) in samples {
        assert_eq!(keys(&sample), schema_keys(&doc, name), "schema {name} vs a real response");
    }
    let report = get(&app, &format!("/api/events/{id}")).await.json()["report_list"][0].clone();
    assert_eq!(keys(&report), schema_keys(&doc, "Report"));
    let cited = get(&app, &format!("/api/sources/{source_id}")).await.json()["cited"][0].clone();
    assert_eq!(keys(&cited), schema_keys(&doc, "CitedSpan"));
}
