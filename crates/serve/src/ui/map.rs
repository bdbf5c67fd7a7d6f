//! The map of incidents: Leaflet over the bundled province boundaries (no
//! tile server). The page carries the events as GeoJSON in a data
//! attribute; `map.js` draws towns as points sized by toll, districts as
//! approximate points, provinces and countries as areas (never as a false
//! point), and a per-province choropleth. The filter form sets the
//! reference period; the stamp says which sources the map rests on.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::Uri;
use dossier_store::{EventRow, SourceRef};
use maud::{Markup, html};

use super::{Nav, PageResult, actor_href, event_href, policy_select, query_string};
use crate::api::event_filter;
use crate::params::{FROM, Kind, POLICY, ParamDoc, Params, TO};
use crate::state::AppState;
use crate::views::{self, place_text, precision, toll_of};

const MAP_Q: &[ParamDoc] = &[
    ParamDoc::new("actor", Kind::Text, "", "iskp"),
    ParamDoc::new("country", Kind::Text, "", "PK"),
    ParamDoc::new("admin1", Kind::Text, "", "PK-KP"),
    FROM,
    TO,
    POLICY,
    ParamDoc::new("metric", Kind::Enum(&["incidents", "fatalities", "none"]), "", "incidents"),
];

/// Events whose reports are read for the stamp, at most.
const STAMP_EVENTS: usize = 500;

struct Data {
    events: Vec<EventRow>,
    actors: Vec<(String, String)>,
    /// Sources behind the events, with how many events each supports.
    stamp: Vec<(SourceRef, usize)>,
    stamp_complete: bool,
}

fn date_input(id: &str, label: &str, value: Option<&str>) -> Markup {
    html! {
        div.field-group {
            label for=(id) { (label) }
            input id=(id) name=(id) type="text" inputmode="numeric" placeholder="YYYY[-MM[-DD]]"
                pattern="[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?" value=[value];
        }
    }
}

/// Year links under the form: each year with events, as a one-click
/// reference period.
fn years(events: &[EventRow]) -> Vec<String> {
    let mut y: Vec<String> = events.iter().filter_map(|e| e.date.as_deref()?.get(..4).map(str::to_string)).collect();
    y.sort();
    y.dedup();
    y
}

/// `GET /map?actor=&from=&to=&policy=&metric=`.
pub(crate) async fn page(State(st): State<AppState>, uri: Uri) -> PageResult {
    let p = Params::parse(&uri, MAP_Q, false)?;
    let filter = event_filter(&p);
    let all_years_filter = dossier_store::EventFilter { from: None, to: None, ..filter.clone() };
    let policy = p.policy();
    let (data, all_years) = st
        .read(move |store| {
            let events = store.events(&filter)?;
            let all = years(&store.events(&all_years_filter)?);
            let actors =
                store.actors()?.into_iter().filter(|a| a.kind != "person").map(|a| (a.key, a.name)).collect::<Vec<_>>();
            let mut stamp: BTreeMap<String, (SourceRef, usize)> = BTreeMap::new();
            for e in events.iter().take(STAMP_EVENTS) {
                let detail = store.event(e.id)?;
                let mut seen = Vec::new();
                for r in detail.report_list {
                    let s = r.evidence.source;
                    if seen.contains(&s.id) {
                        continue;
                    }
                    seen.push(s.id.clone());
                    stamp.entry(s.id.clone()).or_insert((s, 0)).1 += 1;
                }
            }
            let stamp_complete = events.len() <= STAMP_EVENTS;
            let mut stamp: Vec<(SourceRef, usize)> = stamp.into_values().collect();
            stamp.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.title.cmp(&b.0.title)));
            Ok((Data { events, actors, stamp, stamp_complete }, all))
        })
        .await?;
    let geojson = views::events_geojson(&data.events, policy).to_string();
    let metric = p.get("metric").unwrap_or("incidents");
    let actor = p.get("actor");
    let period = match (p.get("from"), p.get("to")) {
        (None, None) => "all dates".to_string(),
        (Some(f), None) => format!("from {f}"),
        (None, Some(t)) => format!("up to {t}"),
        (Some(f), Some(t)) => format!("{f} to {t}"),
    };
    let head = html! {
        link rel="stylesheet" href="/assets/leaflet/leaflet.css";
        script src="/assets/leaflet/leaflet.js" defer {}
        script src="/assets/boundaries.js" defer {}
        script src="/assets/map.js" defer {}
    };
    let body = html! {
        header.page-head {
            h1 { "Map of incidents" }
            p.lede {
                "Towns are points sized by the number killed; districts are approximate points; events known only to "
                "a province or a country are drawn as that area, never as a point. Provinces are shaded by the "
                "incidents with at least one death, or by the number killed."
            }
        }
        form.filters method="get" action="/map" {
            div.field-group {
                label for="actor" { "Perpetrator" }
                select #actor name="actor" {
                    option value="" { "any" }
                    @for (key, name) in &data.actors {
                        @if actor == Some(key.as_str()) { option value=(key) selected { (name) } } @else { option value=(key) { (name) } }
                    }
                }
            }
            fieldset.period {
                legend { "Reference period" }
                (date_input("from", "From", p.get("from")))
                (date_input("to", "To", p.get("to")))
            }
            div.field-group { (policy_select(policy, "policy")) }
            fieldset.metric {
                legend { "Shade provinces by" }
                @for (value, label) in [("incidents", "incidents with ≥1 death"), ("fatalities", "number killed"), ("none", "nothing")] {
                    label.radio {
                        @if metric == value { input type="radio" name="metric" value=(value) checked; } @else { input type="radio" name="metric" value=(value); }
                        " " (label)
                    }
                }
            }
            div.field-group { button type="submit" { "Show" } }
        }
        @if !all_years.is_empty() {
            p.years {
                "Reference period: "
                a href=(format!("/map{}", query_string(&[("actor", actor), ("policy", p.get("policy")), ("metric", p.get("metric"))]))) { "all" }
                @for y in &all_years {
                    " · "
                    a href=(format!("/map{}", query_string(&[("actor", actor), ("from", Some(y)), ("to", Some(y)), ("policy", p.get("policy")), ("metric", p.get("metric"))]))) { (y) }
                }
            }
        }
        div #map .map data-events=(geojson) data-metric=(metric) data-policy=(policy.as_str())
            role="region" aria-label="Map of incidents; the table below lists the same events" tabindex="0" {}
        noscript { p { "The map needs JavaScript; the table below lists the same events." } }
        p #map-status .status aria-live="polite" { (data.events.len()) " events match." }
        section.stamp aria-labelledby="stamp-title" {
            h2 #stamp-title { "What this map rests on" }
            p {
                (data.events.len()) " incident" @if data.events.len() != 1 { "s" } ", " (period) ", figures under the "
                (policy.as_str()) " policy"
                @if let Some(a) = actor { ", perpetrator " a href=(actor_href(a)) { (a) } }
                "."
            }
            @if data.stamp.is_empty() {
                p { "No sources: no incident matches." }
            } @else {
                p {
                    "Sources" @if !data.stamp_complete { " of the first " (STAMP_EVENTS) " incidents" } ":"
                }
                ul.stamp-sources {
                    @for (s, n) in &data.stamp {
                        li {
                            a href=(format!("/sources/{}", super::enc(&s.id))) { (s.title) }
                            @if let Some(x) = &s.publisher { " — " (x) }
                            @if let Some(x) = &s.date { ", " (x) }
                            " (" (n) " incident" @if *n != 1 { "s" } ")"
                        }
                    }
                }
            }
            p.small {
                "Boundaries: Natural Earth admin-1 (public domain), Afghanistan and Pakistan only; they predate the "
                "2018 merger of FATA into Khyber Pakhtunkhwa, so FATA is drawn as part of Khyber Pakhtunkhwa. "
                a href="/assets/ATTRIBUTION.md" { "Attribution" } ". Map library: Leaflet (BSD-2-Clause)."
            }
        }
        section aria-labelledby="list-title" {
            h2 #list-title { "The incidents" }
            div.table-wrap {
                table.events {
                    thead {
                        tr {
                            th scope="col" { "Id" } th scope="col" { "Date" } th scope="col" { "Place" }
                            th scope="col" { "Drawn as" } th scope="col" { "Perpetrator" } th scope="col" { "Killed" }
                            th scope="col" { "Sources" }
                        }
                    }
                    tbody {
                        @for e in &data.events {
                            tr {
                                td { a href=(event_href(e.id)) { (e.id) } }
                                td { (e.date.as_deref().unwrap_or("undated")) }
                                td { (place_text(e)) }
                                td { (precision(e.place_kind.as_deref())) }
                                td { @if let Some(a) = &e.perpetrator { a href=(actor_href(&a.key)) { (a.name) } } @else { "unknown" } }
                                td.num { (toll_of(e, policy).map(|t| t.to_string()).unwrap_or_else(|| "?".into())) }
                                td.num { (e.sources) }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(super::page("Map", Nav::Map, head, body))
}
