//! The JSON API. Each handler checks its query against the route table
//! ([`crate::openapi`]), reads on a blocking thread and answers with the
//! CLI's `--json` shapes.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use dossier_query::Granularity;
use dossier_store::EventFilter;
use serde_json::Value;

use crate::error::ApiError;
use crate::openapi;
use crate::params::{Params, Segment};
use crate::state::AppState;
use crate::views;

type ApiResult = Result<Response, ApiError>;

fn params(uri: &Uri, op: &str) -> Result<Params, ApiError> {
    Params::parse(uri, openapi::query(op), true)
}

fn json(v: impl serde::Serialize) -> Response {
    Json(v).into_response()
}

/// `GET /api/openapi.json`.
pub(crate) async fn openapi(State(st): State<AppState>, uri: Uri) -> ApiResult {
    params(&uri, "openapi")?;
    Ok(json(openapi::document(st.writes_enabled())))
}

/// `GET /api/actors?q=`.
pub(crate) async fn actors(State(st): State<AppState>, uri: Uri) -> ApiResult {
    let p = params(&uri, "listActors")?;
    let actors = st.read(|store| Ok(store.actors()?)).await?;
    Ok(json(views::filter_actors(actors, p.get("q"))))
}

/// `GET /api/actors/{key}?policy=`.
pub(crate) async fn profile(State(st): State<AppState>, Segment(key): Segment, uri: Uri) -> ApiResult {
    let p = params(&uri, "getProfile")?;
    let policy = p.policy();
    let profile = st.read(move |store| Ok(dossier_query::profile(store, &key, policy)?)).await?;
    Ok(json(profile))
}

/// The `by` parameter.
pub(crate) fn granularity(p: &Params) -> Granularity {
    match p.get("by") {
        Some("year") => Granularity::Year,
        _ => Granularity::Month,
    }
}

/// `GET /api/actors/{key}/timeline?by=&policy=&from=&to=`.
pub(crate) async fn timeline(State(st): State<AppState>, Segment(key): Segment, uri: Uri) -> ApiResult {
    let p = params(&uri, "getTimeline")?;
    let (by, policy, from, to) = (granularity(&p), p.policy(), p.day_first("from"), p.day_last("to"));
    let t = st.read(move |store| views::timeline(store, &key, by, policy, from, to)).await?;
    Ok(json(t))
}

/// The events filter the query gives (`/api/events`, `/events`, `/map`).
pub(crate) fn event_filter(p: &Params) -> EventFilter {
    EventFilter {
        actor: p.string("actor"),
        country: p.string("country"),
        admin1: p.string("admin1"),
        from: p.day_first("from"),
        to: p.day_last("to"),
        min_fatalities: p.u64("min_fatalities"),
        toll: views::toll_column(p.policy()),
        limit: p.u64("limit").map(|n| n as usize),
    }
}

/// `GET /api/events?…&format=json|geojson|csv`.
pub(crate) async fn events(State(st): State<AppState>, uri: Uri) -> ApiResult {
    let p = params(&uri, "listEvents")?;
    let filter = event_filter(&p);
    let policy = p.policy();
    let events = st.read(move |store| Ok(store.events(&filter)?)).await?;
    Ok(match p.get("format") {
        Some("geojson") => {
            let mut res = json(views::events_geojson(&events, policy));
            res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/geo+json"));
            res
        }
        Some("csv") => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"events.csv\""),
            ],
            views::events_csv(&events, policy)?,
        )
            .into_response(),
        _ => json(events),
    })
}

/// `GET /api/events/{id}`.
pub(crate) async fn event(State(st): State<AppState>, id: Segment, uri: Uri) -> ApiResult {
    params(&uri, "getEvent")?;
    let id = id.event_id()?;
    let detail = st.read(move |store| Ok(store.event(id)?)).await?;
    Ok(json(detail))
}

/// `GET /api/conflicts?actor=&policy=`.
pub(crate) async fn conflicts(State(st): State<AppState>, uri: Uri) -> ApiResult {
    let p = params(&uri, "listConflicts")?;
    let (actor, policy) = (p.string("actor"), p.policy());
    let c = st.read(move |store| Ok(dossier_query::conflicts(store, actor.as_deref(), policy)?)).await?;
    Ok(json(c))
}

/// Default number of search hits.
pub(crate) const SEARCH_LIMIT: usize = 20;

/// `GET /api/search?q=&limit=`.
pub(crate) async fn search(State(st): State<AppState>, uri: Uri) -> ApiResult {
    let p = params(&uri, "search")?;
    let q = p.string("q").unwrap_or_default();
    let limit = p.u64("limit").map_or(SEARCH_LIMIT, |n| n as usize);
    let hits = st.read(move |store| Ok(store.search(&q, limit)?)).await?;
    Ok(json(hits))
}

/// `GET /api/sources`.
pub(crate) async fn sources(State(st): State<AppState>, uri: Uri) -> ApiResult {
    params(&uri, "listSources")?;
    Ok(json(st.read(|store| Ok(store.sources()?)).await?))
}

/// `GET /api/sources/{id}`: `show --json` plus `cited`.
pub(crate) async fn source(State(st): State<AppState>, Segment(key): Segment, uri: Uri) -> ApiResult {
    params(&uri, "getSource")?;
    let v = st
        .read(move |store| {
            let detail = store.source(&key)?;
            let cited = views::cited_spans(store, &detail.summary.id)?;
            let mut v = serde_json::to_value(&detail).map_err(ApiError::internal)?;
            if let Value::Object(o) = &mut v {
                o.insert("cited".into(), serde_json::to_value(cited).map_err(ApiError::internal)?);
            }
            Ok(v)
        })
        .await?;
    Ok(json(v))
}
