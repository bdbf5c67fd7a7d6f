//! Answers the API and the pages share, built from the store's and the
//! query layer's public reads: events as GeoJSON and CSV (the CLI's
//! formats), timelines over a date range, and the spans of a source that
//! the knowledge base cites.

use dossier_model::ClaimValue;
use dossier_query::{Granularity, Timeline};
use dossier_resolve::ledger::Policy;
use dossier_store::{ActorRef, ActorRow, ClaimRow, EventFilter, EventRow, Store, TollColumn};
use serde::Serialize;
use serde_json::{Value, json};

use crate::error::ApiError;

/// The toll column a policy filters on.
pub(crate) fn toll_column(p: Policy) -> TollColumn {
    p.into()
}

/// An event's toll under a policy.
pub(crate) fn toll_of(e: &EventRow, p: Policy) -> Option<u64> {
    e.toll(p)
}

/// `dossier events --format geojson`: the events as features; the geometry
/// is a point only for a place that is one (a town), never for a province.
pub(crate) fn events_geojson(events: &[EventRow], policy: Policy) -> Value {
    let features: Vec<Value> = events
        .iter()
        .map(|e| {
            let geometry = match (e.lat, e.lon, e.place_kind.as_deref()) {
                (Some(lat), Some(lon), Some("city")) => json!({"type": "Point", "coordinates": [lon, lat]}),
                _ => Value::Null,
            };
            let mut props = serde_json::to_value(e).unwrap_or_default();
            if let Some(o) = props.as_object_mut() {
                o.insert("fatalities_best".into(), json!(toll_of(e, policy)));
                o.insert("policy".into(), json!(policy.as_str()));
            }
            json!({"type": "Feature", "id": e.id, "geometry": geometry, "properties": props})
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features})
}

/// `dossier events --format csv`.
pub(crate) fn events_csv(events: &[EventRow], policy: Policy) -> Result<String, ApiError> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let header = [
        "id",
        "date",
        "country",
        "admin1",
        "admin2",
        "place",
        "place_kind",
        "lat",
        "lon",
        "perpetrator",
        "fatalities_low",
        "fatalities_best",
        "fatalities_high",
        "policy",
        "claimed",
        "reports",
        "sources",
    ];
    w.write_record(header).map_err(ApiError::internal)?;
    let s = |v: Option<&str>| v.unwrap_or("").to_string();
    let n = |v: Option<u64>| v.map(|x| x.to_string()).unwrap_or_default();
    let f = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    for e in events {
        w.write_record([
            e.id.to_string(),
            s(e.date.as_deref()),
            s(e.country.as_deref()),
            s(e.admin1_name.as_deref()),
            s(e.admin2_name.as_deref()),
            s(e.place.as_deref()),
            s(e.place_kind.as_deref()),
            f(e.lat),
            f(e.lon),
            s(e.perpetrator.as_ref().map(|p| p.key.as_str())),
            n(e.fatalities_low),
            n(toll_of(e, policy)),
            n(e.fatalities_high),
            policy.to_string(),
            e.claimed.to_string(),
            e.reports.to_string(),
            e.sources.to_string(),
        ])
        .map_err(ApiError::internal)?;
    }
    let bytes = w.into_inner().map_err(ApiError::internal)?;
    String::from_utf8(bytes).map_err(ApiError::internal)
}

/// Lowercase with plain quotes and dashes, for matching (`ISIS–K` and
/// `isis-k` meet).
fn folded(s: &str) -> String {
    s.chars().map(dossier_read::normalize::fold_char).collect::<String>().to_lowercase()
}

/// Actors whose key, name or an alias contains `q` (case-insensitive,
/// dashes and quotes folded).
pub(crate) fn filter_actors(actors: Vec<ActorRow>, q: Option<&str>) -> Vec<ActorRow> {
    let Some(q) = q.map(folded) else { return actors };
    actors
        .into_iter()
        .filter(|a| {
            folded(&a.key).contains(&q)
                || folded(&a.name).contains(&q)
                || a.aliases.iter().any(|al| folded(&al.alias).contains(&q))
        })
        .collect()
}

/// An actor's timeline, over `from..=to` (first and last possible days)
/// when given: only events that may fall in the range count, and the
/// buckets span the range. Without a range it is exactly
/// [`dossier_query::timeline`].
pub(crate) fn timeline(
    store: &Store,
    name: &str,
    by: Granularity,
    policy: Policy,
    from: Option<String>,
    to: Option<String>,
) -> Result<Timeline, ApiError> {
    Ok(dossier_query::timeline_between(store, name, by, policy, from.as_deref(), to.as_deref())?)
}

/// A claim's value as text (`2015-01-26`, `4,000–6,000`, an actor's name).
pub(crate) fn claim_value(c: &ClaimRow) -> String {
    match &c.value {
        ClaimValue::Date { date } => date.to_string(),
        ClaimValue::Range { min, max } => match (min, max) {
            (Some(a), Some(b)) if a == b => a.to_string(),
            (Some(a), Some(b)) => format!("{a}–{b}"),
            (Some(a), None) => format!("at least {a}"),
            (None, Some(b)) => format!("at most {b}"),
            (None, None) => String::new(),
        },
        ClaimValue::Count { count } => count.to_string(),
        ClaimValue::Actor { .. } => c.object.as_ref().map(|o| o.name.clone()).unwrap_or_default(),
        ClaimValue::Place { place } => place.surface.clone(),
        ClaimValue::Text { text } => text.clone(),
    }
}

/// One span of a source that the knowledge base cites.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct CitedSpan {
    /// Start byte in the canonical text.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// The span's text.
    pub quote: String,
    /// `claim` or `report`.
    pub kind: &'static str,
    /// The actor a claim is about, or a report's perpetrator.
    pub actor: Option<ActorRef>,
    /// A claim's predicate.
    pub predicate: Option<String>,
    /// A claim's value, or a report's toll.
    pub value: Option<String>,
    /// The claim's id.
    pub claim: Option<i64>,
    /// The report's id.
    pub report: Option<i64>,
    /// The event a report belongs to.
    pub event: Option<i64>,
}

/// Every claim and incident report whose evidence is in the source `id`
/// (full hex), by position. Built from the public reads: every actor's
/// claims and every event's reports.
pub(crate) fn cited_spans(store: &Store, id: &str) -> Result<Vec<CitedSpan>, ApiError> {
    let mut out = Vec::new();
    for a in store.actors()? {
        let me = ActorRef { key: a.key.clone(), name: a.name.clone(), kind: a.kind.clone() };
        for c in store.claims(&a.key)? {
            if c.evidence.source.id != id {
                continue;
            }
            out.push(CitedSpan {
                start: c.evidence.start,
                end: c.evidence.end,
                quote: c.evidence.quote.clone(),
                kind: "claim",
                actor: Some(me.clone()),
                predicate: Some(c.predicate.as_str().to_string()),
                value: Some(claim_value(&c)),
                claim: Some(c.id),
                report: None,
                event: None,
            });
        }
    }
    for e in store.events(&EventFilter::default())? {
        let detail = store.event(e.id)?;
        for r in detail.report_list {
            if r.evidence.source.id != id {
                continue;
            }
            let toll = match (r.fatalities_min, r.fatalities_max) {
                (Some(a), Some(b)) if a == b => Some(format!("{a} killed")),
                (Some(a), Some(b)) => Some(format!("{a}–{b} killed")),
                (Some(a), None) => Some(format!("at least {a} killed")),
                (None, Some(b)) => Some(format!("at most {b} killed")),
                _ => None,
            };
            out.push(CitedSpan {
                start: r.evidence.start,
                end: r.evidence.end,
                quote: r.evidence.quote.clone(),
                kind: "report",
                actor: r.perpetrator.clone(),
                predicate: None,
                value: toll,
                claim: None,
                report: Some(r.id),
                event: Some(e.id),
            });
        }
    }
    out.sort_by(|a, b| (a.start, a.end, a.kind, a.claim, a.report).cmp(&(b.start, b.end, b.kind, b.claim, b.report)));
    Ok(out)
}

/// How precisely an event's place is known, in words.
pub(crate) fn precision(place_kind: Option<&str>) -> &'static str {
    match place_kind {
        Some("city") => "town (point)",
        Some("admin2") => "district (approximate point)",
        Some("admin1") => "province (area)",
        Some("country") => "country (area)",
        Some("region") => "region (not drawn)",
        _ => "place not given",
    }
}

/// `Khar, Bajaur, Khyber Pakhtunkhwa, PK`.
pub(crate) fn place_text(e: &EventRow) -> String {
    e.place_text()
}

/// `182–183`, `97`, `?`.
pub(crate) fn toll_range(low: Option<u64>, high: Option<u64>) -> String {
    match (low, high) {
        (Some(lo), Some(hi)) if lo != hi => format!("{lo}–{hi}"),
        (Some(lo), _) => lo.to_string(),
        (None, Some(hi)) => format!("≤{hi}"),
        _ => "?".into(),
    }
}
