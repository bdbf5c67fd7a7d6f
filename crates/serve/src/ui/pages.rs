//! The list pages: actors, events, one event, conflicts, search, sources.

use axum::extract::State;
use axum::http::Uri;
use maud::{Markup, html};

use super::{
    Nav, PageResult, actor_href, citation, enc, event_href, policy_select, query_string, quote_href, short, words,
};
use crate::api::{SEARCH_LIMIT, event_filter};
use crate::openapi::{ACTORS_Q, CONFLICTS_Q, EVENTS_Q, SEARCH_Q};
use crate::params::{Params, Segment};
use crate::state::AppState;
use crate::views::{self, place_text, precision, toll_of, toll_range};

fn text_input(id: &str, label: &str, value: Option<&str>, placeholder: &str) -> Markup {
    html! {
        div.field-group {
            label for=(id) { (label) }
            input id=(id) name=(id) type="text" placeholder=(format!("e.g. {placeholder}")) value=[value];
        }
    }
}

/// `GET /` and `GET /actors?q=`.
pub(crate) async fn home(State(st): State<AppState>, uri: Uri) -> PageResult {
    let p = Params::parse(&uri, ACTORS_Q, false)?;
    let q = p.string("q");
    let (actors, counts) = st.read(|store| Ok((store.actors()?, store.counts()?))).await?;
    let total = actors.len();
    let actors = views::filter_actors(actors, q.as_deref());
    let body = html! {
        header.page-head {
            h1 { "Actors" }
            p.lede {
                (total) " actors named in " (counts.sources) " sources. Each profile shows every source's claim "
                "with a link to the sentence it comes from; where sources disagree, the page says so."
            }
        }
        form.filters method="get" action="/actors" role="search" {
            (text_input("q", "Name or alias contains", q.as_deref(), "ISIS-K"))
            div.field-group { button type="submit" { "Find" } }
        }
        @if actors.is_empty() {
            p.empty { "No actor matches." }
        } @else {
            div.table-wrap {
                table.actors {
                    thead { tr { th scope="col" { "Actor" } th scope="col" { "Kind" } th scope="col" { "Sources" } th scope="col" { "Also called" } } }
                    tbody {
                        @for a in &actors {
                            tr {
                                td { a href=(actor_href(&a.key)) { (a.name) } }
                                td { (words(&a.kind)) }
                                td.num { (a.sources) }
                                td.aliases {
                                    @let others: Vec<&str> = a.aliases.iter().map(|x| x.alias.as_str()).filter(|x| *x != a.name).collect();
                                    (others.join(", "))
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(super::page("Actors", Nav::Actors, html! {}, body))
}

/// `GET /events?actor=&country=&admin1=&from=&to=&min_fatalities=&policy=`.
pub(crate) async fn events(State(st): State<AppState>, uri: Uri) -> PageResult {
    let p = Params::parse(&uri, EVENTS_Q, false)?;
    let filter = event_filter(&p);
    let policy = p.policy();
    let events = st.read(move |store| Ok(store.events(&filter)?)).await?;
    let keep: Vec<(&str, Option<&str>)> = ["actor", "country", "admin1", "from", "to", "min_fatalities", "policy"]
        .iter()
        .map(|k| (*k, p.get(k)))
        .collect();
    let with_format = |f: &'static str| {
        let mut pairs = keep.clone();
        pairs.push(("format", Some(f)));
        format!("/api/events{}", query_string(&pairs))
    };
    let body = html! {
        header.page-head {
            h1 { "Events" }
            p.lede { "Incidents merged across sources. Killed: the figure under the policy; the range is lowest to highest any report gives." }
        }
        form.filters method="get" action="/events" {
            (text_input("actor", "Perpetrator", p.get("actor"), "iskp"))
            (text_input("country", "Country", p.get("country"), "PK"))
            (text_input("admin1", "Province", p.get("admin1"), "PK-KP"))
            (text_input("from", "From", p.get("from"), "2023-07"))
            (text_input("to", "To", p.get("to"), "2024"))
            (text_input("min_fatalities", "Killed at least", p.get("min_fatalities"), "1"))
            div.field-group { (policy_select(policy, "policy")) }
            div.field-group { button type="submit" { "Filter" } }
        }
        p.links {
            (events.len()) " events. Download: "
            a href=(with_format("csv")) { "CSV" } " · " a href=(with_format("geojson")) { "GeoJSON" } " · " a href=(with_format("json")) { "JSON" }
            " · " a href=(format!("/map{}", query_string(&keep))) { "on the map" }
        }
        div.table-wrap {
            table.events {
                thead {
                    tr {
                        th scope="col" { "Id" } th scope="col" { "Date" } th scope="col" { "Place" } th scope="col" { "Precision" }
                        th scope="col" { "Perpetrator" } th scope="col" { "Killed" } th scope="col" { "Range" }
                        th scope="col" { "Claimed" } th scope="col" { "Sources" }
                    }
                }
                tbody {
                    @for e in &events {
                        tr {
                            td { a href=(event_href(e.id)) { (e.id) } }
                            td { (e.date.as_deref().unwrap_or("undated")) }
                            td { (place_text(e)) }
                            td { (precision(e.place_kind.as_deref())) }
                            td { @if let Some(a) = &e.perpetrator { a href=(actor_href(&a.key)) { (a.name) } } @else { "unknown" } }
                            td.num { (toll_of(e, policy).map(|t| t.to_string()).unwrap_or_else(|| "?".into())) }
                            td.num.conflict[e.fatalities_low != e.fatalities_high] { (toll_range(e.fatalities_low, e.fatalities_high)) }
                            td { @if e.claimed { "yes" } }
                            td.num { (e.sources) }
                        }
                    }
                }
            }
        }
    };
    Ok(super::page("Events", Nav::Events, html! {}, body))
}

/// `GET /events/{id}`.
pub(crate) async fn event(State(st): State<AppState>, id: Segment) -> PageResult {
    let id = id.event_id()?;
    let d = st.read(move |store| Ok(store.event(id)?)).await?;
    let e = &d.event;
    let title = format!("Incident {}: {}", e.id, e.date.as_deref().unwrap_or("undated"));
    let body = html! {
        header.page-head {
            h1 { (title) }
            p.lede { (place_text(e)) " — " (precision(e.place_kind.as_deref())) }
        }
        dl.meta {
            dt { "Perpetrator" }
            dd { @if let Some(a) = &e.perpetrator { a href=(actor_href(&a.key)) { (a.name) } } @else { "unknown" } }
            dt { "Killed" }
            dd.conflict[e.fatalities_low != e.fatalities_high] {
                @if e.fatalities_low.is_none() && e.fatalities_high.is_none() { "not given" } @else {
                    "low " (toll_range(e.fatalities_low, e.fatalities_low)) " · median "
                    (toll_range(e.fatalities_median, e.fatalities_median)) " · most recent "
                    (toll_range(e.fatalities_recent, e.fatalities_recent)) " · high " (toll_range(e.fatalities_high, e.fatalities_high))
                }
            }
            dt { "Responsibility claimed" } dd { @if e.claimed { "yes, per at least one report" } @else { "not reported" } }
            dt { "Reports" } dd { (e.reports) " from " (e.sources) " source" @if e.sources != 1 { "s" } }
        }
        h2 { "Reports" }
        ol.reports {
            @for r in &d.report_list {
                @let ev = &r.evidence;
                li {
                    p.meta {
                        "Report " (r.id) " · " a href=(format!("/sources/{}", enc(&ev.source.id))) { (ev.source.title) }
                        @if let Some(x) = &ev.source.publisher { " (" (x) ")" }
                        " · " (r.date.as_deref().unwrap_or("undated"))
                        @if let Some(pl) = &r.place { " · " (pl.surface) }
                        " · "
                        @if r.fatalities_min.is_none() && r.fatalities_max.is_none() { "toll not given" } @else {
                            (toll_range(r.fatalities_min, r.fatalities_max)) " killed"
                        }
                        @if let Some(t) = &r.target { " · target: " (t) }
                    }
                    blockquote { a href=(super::source_href(&ev.source.id, ev.start, ev.end)) { (ev.quote) } }
                    @if !ev.citations.is_empty() { p.cites { "Cites: " @for c in &ev.citations { (citation(c)) " " } } }
                    p.small { "Rule: " (r.rule) }
                }
            }
        }
        h2 { "Why these reports are one incident" }
        @if d.links.is_empty() {
            p { "One report: nothing was merged." }
        } @else {
            ul { @for l in &d.links { li { "Reports " (l.a) " and " (l.b) " (score " (l.score) "): " (l.rule) } } }
        }
        p.links { a href=(format!("/api/events/{}", e.id)) { "JSON" } }
    };
    Ok(super::page(&title, Nav::Events, html! {}, body))
}

/// `GET /conflicts?actor=&policy=`.
pub(crate) async fn conflicts(State(st): State<AppState>, uri: Uri) -> PageResult {
    let p = Params::parse(&uri, CONFLICTS_Q, false)?;
    let (actor, policy) = (p.string("actor"), p.policy());
    let list = st.read(move |store| Ok(dossier_query::conflicts(store, actor.as_deref(), policy)?)).await?;
    let body = html! {
        header.page-head {
            h1 { "Conflicts" }
            p.lede { "Where sources disagree: the values side by side, with the lowest, the highest and the figure shown under the policy." }
        }
        form.filters method="get" action="/conflicts" {
            (text_input("actor", "Actor", p.get("actor"), "iskp"))
            div.field-group { (policy_select(policy, "policy")) }
            div.field-group { button type="submit" { "Show" } }
        }
        p { (list.len()) " conflict" @if list.len() != 1 { "s" } "." }
        @for c in &list {
            section.conflict-card {
                h2 {
                    @if let Some(a) = &c.actor { a href=(actor_href(&a.key)) { (a.name) } ": " }
                    @if let Some(e) = c.event { a href=(event_href(e)) { "incident " (e) } " " }
                    (words(&c.field))
                }
                p.range {
                    span.tag.conflict-tag { "Conflict" } " "
                    span.low { "low " (c.low.as_deref().unwrap_or("?")) } " · "
                    strong.best { "best " (c.best.as_deref().unwrap_or("?")) } " · "
                    span.high { "high " (c.high.as_deref().unwrap_or("?")) }
                }
                ul.sides {
                    @for s in &c.sides {
                        li {
                            strong { (s.value) }
                            ul {
                                @for (src, quote) in &s.sources {
                                    li {
                                        a href=(quote_href(&src.id, quote)) { "“" (short(quote, 200)) "”" }
                                        " — " (src.title)
                                        @if let Some(x) = &src.date { ", " (x) }
                                    }
                                }
                            }
                        }
                    }
                }
                @if !c.why.is_empty() { p.why { "Why: " (c.why) } }
            }
        }
    };
    Ok(super::page("Conflicts", Nav::Conflicts, html! {}, body))
}

/// `[word]` in a snippet marks a match: shown as `<mark>`, everything
/// escaped.
fn snippet(s: &str) -> Markup {
    let mut parts: Vec<(bool, String)> = Vec::new();
    let mut current = String::new();
    let mut inside = false;
    for c in s.chars() {
        match c {
            '[' if !inside => {
                parts.push((false, std::mem::take(&mut current)));
                inside = true;
            }
            ']' if inside => {
                parts.push((true, std::mem::take(&mut current)));
                inside = false;
            }
            c => current.push(c),
        }
    }
    parts.push((false, current));
    html! { @for (m, t) in &parts { @if *m { mark { (t) } } @else { (t) } } }
}

/// `GET /search?q=&limit=`.
pub(crate) async fn search(State(st): State<AppState>, uri: Uri) -> PageResult {
    let p = Params::parse(
        &uri,
        SEARCH_Q.iter().map(|d| crate::params::ParamDoc { required: false, ..*d }).collect::<Vec<_>>().as_slice(),
        false,
    )?;
    let q = p.string("q");
    let limit = p.u64("limit").map_or(SEARCH_LIMIT, |n| n as usize);
    let query = q.clone();
    let hits = match query {
        Some(q) => Some(st.read(move |store| Ok(store.search(&q, limit)?)).await?),
        None => None,
    };
    let body = html! {
        header.page-head { h1 { "Search the sources" } }
        form.filters method="get" action="/search" role="search" {
            div.field-group.wide {
                label for="q" { "Words" }
                input #q name="q" type="search" value=[q.as_deref()] placeholder="e.g. fighters";
            }
            div.field-group { button type="submit" { "Search" } }
        }
        p.hint { "Every word must occur; put a phrase in double quotes." }
        @if let Some(hits) = &hits {
            p { (hits.len()) " passage" @if hits.len() != 1 { "s" } @if hits.len() == limit { " (the best " (limit) ")" } "." }
            ol.hits {
                @for h in hits {
                    li {
                        p.hit-source { a href=(super::source_href(&h.source_id, h.start, h.end)) { (h.source_title) } " · " (words(&format!("{:?}", h.kind).to_lowercase())) }
                        p.snippet { (snippet(&h.snippet)) }
                        @if !h.citations.is_empty() { p.cites { "Cites: " @for c in &h.citations { (citation(c)) " " } } }
                    }
                }
            }
        }
    };
    Ok(super::page("Search", Nav::Search, html! {}, body))
}

/// `GET /sources`.
pub(crate) async fn sources(State(st): State<AppState>) -> PageResult {
    let list = st.read(|store| Ok(store.sources()?)).await?;
    let body = html! {
        header.page-head { h1 { "Sources" } p.lede { (list.len()) " documents, each stored whole with its notes and references." } }
        div.table-wrap {
            table.sources-table {
                thead { tr { th scope="col" { "Title" } th scope="col" { "Publisher" } th scope="col" { "Date" } th scope="col" { "Passages" } th scope="col" { "Notes" } } }
                tbody {
                    @for s in &list {
                        tr {
                            td { a href=(format!("/sources/{}", enc(&s.id))) { (s.title) } }
                            td { (s.publisher.as_deref().unwrap_or("")) }
                            td { (s.date.as_deref().unwrap_or("")) }
                            td.num { (s.passages) }
                            td.num { (s.notes) }
                        }
                    }
                }
            }
        }
    };
    Ok(super::page("Sources", Nav::Sources, html! {}, body))
}

#[cfg(test)]
mod tests {
    #[test]
    fn snippets_mark_matches_and_escape() {
        let m = super::snippet("… 4 000 [fighters] <b>x</b> [").into_string();
        assert_eq!(m, "… 4 000 <mark>fighters</mark> &lt;b&gt;x&lt;/b&gt; ");
    }
}
