//! An actor's profile: an infobox whose every value carries footnotes to
//! the exact span in its source, conflicts marked with low / best / high,
//! the evidence field by field, and the timeline of incidents.

use axum::extract::State;
use axum::http::Uri;
use dossier_model::Predicate;
use dossier_query::{Field, FieldValue, Granularity, Profile, Timeline};
use dossier_resolve::ledger::Verdict;
use dossier_store::SourceRef;
use maud::{Markup, html};

use super::{Nav, PageResult, actor_href, chart, citation, enc, policy_select, query_string, short, words};
use crate::api::granularity;
use crate::openapi::{PROFILE_Q, TIMELINE_Q};
use crate::params::{Params, Segment};
use crate::state::AppState;
use crate::views;

/// Infobox rows: label and the predicate behind it.
const ROWS: &[(&str, Predicate)] = &[
    ("Founded", Predicate::Founded),
    ("Size", Predicate::SizeEstimate),
    ("Leaders", Predicate::Leader),
    ("Split from", Predicate::SplitFrom),
    ("Part of", Predicate::PartOf),
    ("Allies", Predicate::Ally),
    ("Opponents", Predicate::Opponent),
    ("Ideology", Predicate::Ideology),
    ("Areas", Predicate::ActiveIn),
    ("Headquarters", Predicate::Headquarters),
    ("Attacks", Predicate::AttackCount),
];

fn label(p: Predicate) -> &'static str {
    ROWS.iter().find(|(_, q)| *q == p).map(|(l, _)| *l).unwrap_or("Other")
}

/// Where each alias first occurs in each cited source: `(alias, [(source
/// number, start, end)])`.
type AliasSpans = Vec<(String, Vec<(usize, usize, usize)>)>;

struct Data {
    profile: Profile,
    timeline: Timeline,
    aliases: AliasSpans,
}

/// Footnote numbers follow the profile's source list, from 1.
fn number(sources: &[SourceRef], id: &str) -> usize {
    sources.iter().position(|s| s.id == id).map_or(0, |i| i + 1)
}

fn footnote(sources: &[SourceRef], id: &str, start: usize, end: usize, quote: &str) -> Markup {
    let n = number(sources, id);
    let title = sources.get(n.wrapping_sub(1)).map(|s| s.title.as_str()).unwrap_or("");
    html! {
        sup.fn {
            a href=(super::source_href(id, start, end)) title=(short(quote, 200))
                aria-label=(format!("source {n}, {}: {}", short(title, 60), short(quote, 100))) { "[" (n) "]" }
        }
    }
}

/// The qualifiers a claim gives (`Emir, as of 2019`).
fn qualifiers(v: &FieldValue) -> Option<String> {
    let c = &v.claims.first()?.claim;
    let mut parts = Vec::new();
    if let Some(r) = &c.role {
        parts.push(r.clone());
    }
    if let Some(x) = &c.as_of {
        parts.push(format!("as of {x}"));
    }
    if let Some(x) = &c.until {
        parts.push(format!("until {x}"));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn verdict_text(v: Verdict) -> &'static str {
    match v {
        Verdict::Uncorroborated => "one source",
        Verdict::Agreement => "sources agree",
        Verdict::Refinement => "sources agree (one more precisely)",
        Verdict::Conflict => "sources disagree",
        Verdict::Several => "several values",
    }
}

/// low / best / high of a disputed figure.
fn range(low: Option<&str>, best: Option<&str>, high: Option<&str>) -> Markup {
    html! {
        span.range {
            @if let Some(l) = low { span.low { "low " (l) } }
            @if let Some(b) = best { " · " strong.best { "best " (b) } }
            @if let Some(h) = high { " · " span.high { "high " (h) } }
        }
    }
}

fn value_line(p: &Profile, f: &Field, v: &FieldValue) -> Markup {
    let object = v.claims.iter().find_map(|c| c.claim.object.as_ref());
    let is_best = f.best.as_deref() == Some(v.value.as_str()) && f.verdict == Verdict::Conflict;
    html! {
        li.value.uncorroborated[v.uncorroborated].shown[is_best] {
            @match object {
                Some(o) => { a href=(actor_href(&o.key)) { (v.value) } }
                None => { span { (v.value) } }
            }
            @if let Some(q) = qualifiers(v) { " " span.qual { "(" (q) ")" } }
            @for c in &v.claims {
                (footnote(&p.sources, &c.claim.evidence.source.id, c.claim.evidence.start, c.claim.evidence.end, &c.claim.evidence.quote))
            }
            @if v.uncorroborated { " " span.tag.single { "1 source" } } @else { " " span.tag { (v.sources) " sources" } }
            @if is_best { " " span.tag.best-tag { "shown" } }
            @if let Some(d) = &v.dated {
                @let dates: Vec<String> = d.values.iter().map(|x| x.value.to_string()).collect();
                " " span.dated.conflict[d.verdict == Verdict::Conflict] {
                    "dated " (dates.join(" / "))
                    @if d.verdict == Verdict::Conflict { " — sources disagree on the date" }
                }
            }
        }
    }
}

fn infobox_cell(p: &Profile, fields: &[&Field]) -> Markup {
    html! {
        @if fields.is_empty() {
            span.none { "not stated" }
        }
        @for f in fields {
            div.field.conflict[f.is_conflict()] {
                @if let Some(q) = &f.qualifier { div.qualifier { (q) } }
                @if f.is_conflict() {
                    p.conflict-note {
                        span.tag.conflict-tag { "Conflict" } " "
                        @if f.low.is_some() && f.low != f.high {
                            (range(f.low.as_deref(), f.best.as_deref(), f.high.as_deref()))
                        }
                    }
                }
                ul.values { @for v in &f.values { (value_line(p, f, v)) } }
            }
        }
    }
}

fn infobox(d: &Data) -> Markup {
    let p = &d.profile;
    html! {
        aside.infobox aria-labelledby="infobox-title" {
            h2 #infobox-title { (p.actor.name) }
            table {
                tbody {
                    tr {
                        th scope="row" { "Names" }
                        td {
                            ul.values.aliases {
                                @for (alias, spans) in &d.aliases {
                                    li {
                                        bdi { (alias) }
                                        @for (n, start, end) in spans {
                                            @if let Some(s) = p.sources.get(n - 1) {
                                                (footnote(&p.sources, &s.id, *start, *end, alias))
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    tr { th scope="row" { "Kind" } td { (words(&p.actor.kind)) } }
                    @for (label, predicate) in ROWS {
                        @let fields: Vec<&Field> = p.fields.iter().filter(|f| f.predicate == *predicate).collect();
                        tr.conflict[fields.iter().any(|f| f.is_conflict())] {
                            th scope="row" { (label) }
                            td { (infobox_cell(p, &fields)) }
                        }
                    }
                }
            }
        }
    }
}

fn evidence(p: &Profile) -> Markup {
    html! {
        section.evidence aria-labelledby="evidence-title" {
            h2 #evidence-title { "Evidence, field by field" }
            @for f in &p.fields {
                @let anchor = format!("f-{}{}", f.predicate.as_str(), f.qualifier.as_deref().map(|q| format!("-{}", enc(q))).unwrap_or_default());
                section.field-evidence.conflict[f.is_conflict()] id=(anchor) {
                    h3 {
                        (label(f.predicate))
                        @if let Some(q) = &f.qualifier { " (" (q) ")" }
                        " " span.verdict { "— " (verdict_text(f.verdict)) }
                    }
                    @if f.is_conflict() && f.low.is_some() {
                        p { (range(f.low.as_deref(), f.best.as_deref(), f.high.as_deref())) }
                    }
                    @if !f.why.is_empty() { p.why { "Why this figure: " (f.why) } }
                    @for v in &f.values {
                        div.value-evidence {
                            h4 { (v.value) " " span.tag.single[v.uncorroborated] { (v.sources) " source" @if v.sources != 1 { "s" } } }
                            ul.claims {
                                @for c in &v.claims {
                                    @let e = &c.claim.evidence;
                                    li {
                                        blockquote {
                                            a href=(super::source_href(&e.source.id, e.start, e.end)) { (e.quote) }
                                        }
                                        p.meta {
                                            "[" (number(&p.sources, &e.source.id)) "] " (e.source.title)
                                            @if c.stated != v.value { " · says " (c.stated) }
                                            @if c.less_precise { " · less precise" }
                                            " · rule: " (c.claim.rule)
                                        }
                                        @if !e.citations.is_empty() {
                                            p.cites { "Cites: " @for cit in &e.citations { (citation(cit)) " " } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn sources_list(p: &Profile) -> Markup {
    html! {
        section aria-labelledby="sources-title" {
            h2 #sources-title { "Sources" }
            ol.sources {
                @for s in &p.sources {
                    li {
                        a href=(format!("/sources/{}", enc(&s.id))) { (s.title) }
                        @if let Some(x) = &s.publisher { " — " (x) }
                        @if let Some(x) = &s.date { ", " (x) }
                    }
                }
            }
        }
    }
}

/// Finds each alias in the cited sources' texts (first occurrence per
/// source), so the names row has footnotes like every other.
fn alias_spans(store: &dossier_store::Store, p: &Profile) -> AliasSpans {
    let texts: Vec<(usize, String)> =
        p.sources.iter().enumerate().filter_map(|(i, s)| store.source(&s.id).ok().map(|d| (i + 1, d.text))).collect();
    p.actor
        .aliases
        .iter()
        .map(|a| {
            let spans = texts
                .iter()
                .filter_map(|(n, text)| text.find(&a.alias).map(|start| (*n, start, start + a.alias.len())))
                .collect();
            (a.alias.clone(), spans)
        })
        .collect()
}

/// `GET /actors/{key}?policy=`.
pub(crate) async fn page_handler(st: AppState, key: String, uri: Uri) -> PageResult {
    let p = Params::parse(&uri, PROFILE_Q, false)?;
    let policy = p.policy();
    let data = st
        .read(move |store| {
            let profile = dossier_query::profile(store, &key, policy)?;
            let timeline = dossier_query::timeline(store, &profile.actor.key, Granularity::Month, policy)?;
            let aliases = alias_spans(store, &profile);
            Ok(Data { profile, timeline, aliases })
        })
        .await?;
    let p = &data.profile;
    let key = &p.actor.key;
    let conflicts = p.fields.iter().filter(|f| f.is_conflict()).count();
    let body = html! {
        div.profile {
            header.page-head {
                h1 { (p.actor.name) }
                p.lede {
                    (words(&p.actor.kind)) ", named by " (p.actor.sources) " source" @if p.actor.sources != 1 { "s" } ". "
                    (p.events) " incident" @if p.events != 1 { "s" } " attributed to it. "
                    @if conflicts > 0 { strong.conflict-count { (conflicts) " field" @if conflicts != 1 { "s" } " where sources disagree." } }
                }
                form.inline method="get" action=(actor_href(key)) {
                    (policy_select(policy, "policy"))
                    button type="submit" { "Show" }
                }
                p.links {
                    a href=(format!("/events{}", query_string(&[("actor", Some(key))]))) { "Events" } " · "
                    a href=(format!("/map{}", query_string(&[("actor", Some(key))]))) { "Map" } " · "
                    a href=(format!("{}/timeline", actor_href(key))) { "Timeline" } " · "
                    a href=(format!("/conflicts{}", query_string(&[("actor", Some(key))]))) { "Conflicts" } " · "
                    a href=(format!("/api/actors/{}", enc(key))) { "JSON" }
                }
            }
            (infobox(&data))
            section.timeline-section aria-labelledby="timeline-title" {
                h2 #timeline-title { "Incidents per month" }
                (chart::timeline(&data.timeline, "profile-chart"))
                p { a href=(format!("{}/timeline", actor_href(key))) { "Filter by date range" } }
            }
            (evidence(p))
            (sources_list(p))
        }
    };
    Ok(super::page(&p.actor.name, Nav::Actors, html! {}, body))
}

/// `GET /actors/{key}`.
pub(crate) async fn page(State(st): State<AppState>, Segment(key): Segment, uri: Uri) -> PageResult {
    page_handler(st, key, uri).await
}

/// `GET /actors/{key}/timeline?from=&to=&by=&policy=`.
pub(crate) async fn timeline_page(State(st): State<AppState>, Segment(key): Segment, uri: Uri) -> PageResult {
    let p = Params::parse(&uri, TIMELINE_Q, false)?;
    let (by, policy, from, to) = (granularity(&p), p.policy(), p.day_first("from"), p.day_last("to"));
    let t = st.read(move |store| views::timeline(store, &key, by, policy, from, to)).await?;
    let key = &t.actor.key;
    let body = html! {
        header.page-head {
            h1 { "Timeline: " a href=(actor_href(key)) { (t.actor.name) } }
        }
        form.filters method="get" action=(format!("{}/timeline", actor_href(key))) {
            div.field-group {
                label for="from" { "From" }
                input #from name="from" type="text" inputmode="numeric" placeholder="YYYY[-MM[-DD]]" pattern="[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?" value=[p.get("from")];
            }
            div.field-group {
                label for="to" { "To" }
                input #to name="to" type="text" inputmode="numeric" placeholder="YYYY[-MM[-DD]]" pattern="[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?" value=[p.get("to")];
            }
            div.field-group {
                label for="by" { "Per" }
                select #by name="by" {
                    @for (v, l) in [("month", "month"), ("year", "year")] {
                        @if p.get("by").unwrap_or("month") == v { option value=(v) selected { (l) } } @else { option value=(v) { (l) } }
                    }
                }
            }
            div.field-group { (policy_select(policy, "policy")) }
            div.field-group { button type="submit" { "Show" } }
        }
        (chart::timeline(&t, "timeline-chart"))
        p.links {
            a href=(format!("/api/actors/{}/timeline{}", enc(key), query_string(&[("by", p.get("by")), ("policy", p.get("policy")), ("from", p.get("from")), ("to", p.get("to"))]))) { "JSON" }
        }
    };
    Ok(super::page(&format!("Timeline: {}", t.actor.name), Nav::Actors, html! {}, body))
}
