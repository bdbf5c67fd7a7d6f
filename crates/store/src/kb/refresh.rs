//! Rebuilding the derived layer (actors across sources, events) from the
//! per-source layer, in one transaction.

use std::collections::HashMap;

use dossier_model::{ActorKind, PartialDate, PlaceClaim, PlaceRecord, Toll};
use dossier_resolve::ledger::{Figure, Policy, Statement, ledger};
use dossier_resolve::{DocActor, ReportIn, merge_incidents, name_key, resolve_actors};
use rusqlite::{Connection, params};

use crate::error::{Context, Result, StoreError};

/// Whether the derived layer is out of date.
pub(crate) fn is_stale(conn: &Connection) -> Result<bool> {
    let v: Option<String> = conn
        .prepare_cached("SELECT value FROM kb_state WHERE key = 'stale'")
        .and_then(|mut st| st.query_row([], |r| r.get(0)))
        .map(Some)
        .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })
        .ctx("reading the knowledge base state")?;
    Ok(v.as_deref() != Some("0"))
}

/// What a rebuild did, for the CLI's summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Rebuilt {
    /// Actors after resolution.
    pub actors: usize,
    /// Incident reports read.
    pub reports: usize,
    /// Events they became.
    pub events: usize,
}

/// One stored incident report, as the rebuild reads it.
struct StoredReport {
    id: i64,
    source: u32,
    source_date: Option<PartialDate>,
    input: ReportIn,
    claimed: bool,
}

/// Rebuilds actors and events; the caller holds a write transaction.
pub(crate) fn rebuild(conn: &Connection) -> Result<Rebuilt> {
    // Sources are numbered in id order; their dates order "recent".
    let mut sources: HashMap<String, (u32, Option<PartialDate>)> = HashMap::new();
    {
        let mut st = conn.prepare("SELECT id, date FROM sources ORDER BY id").ctx("listing sources")?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))
            .ctx("listing sources")?;
        for (i, row) in rows.enumerate() {
            let (id, date) = row.ctx("listing sources")?;
            sources.insert(id, (i as u32, date.as_deref().and_then(PartialDate::parse_iso)));
        }
    }

    // Actors.
    let mut keys: Vec<(String, i64)> = Vec::new();
    let mut input: Vec<DocActor> = Vec::new();
    {
        let mut st = conn
            .prepare(
                "SELECT source_id, local, kind, lexicon_id, name, aliases FROM doc_actors ORDER BY source_id, local",
            )
            .ctx("reading actors")?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })
            .ctx("reading actors")?;
        for row in rows {
            let (source_id, local, kind, lexicon_id, name, aliases) = row.ctx("reading actors")?;
            let kind = ActorKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("actor kind {kind:?}")))?;
            let aliases: Vec<String> =
                serde_json::from_str(&aliases).map_err(|e| StoreError::Corrupt(format!("actor aliases: {e}")))?;
            let source = sources.get(&source_id).map(|s| s.0).unwrap_or(u32::MAX);
            input.push(DocActor { source, kind, lexicon_id, name, aliases });
            keys.push((source_id, local));
        }
    }
    let resolution = resolve_actors(&input);
    conn.execute_batch("DELETE FROM events; DELETE FROM actors;").ctx("clearing the derived layer")?;
    {
        let mut actor_st = conn
            .prepare("INSERT INTO actors (id, key, kind, name, lexicon_id, sources) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .ctx("preparing actor inserts")?;
        let mut alias_st = conn
            .prepare("INSERT OR IGNORE INTO actor_aliases (actor_id, key, alias, sources) VALUES (?1, ?2, ?3, ?4)")
            .ctx("preparing alias inserts")?;
        for (i, a) in resolution.actors.iter().enumerate() {
            let id = i as i64 + 1;
            actor_st
                .execute(params![id, a.key, a.kind.as_str(), a.name, a.lexicon_id, a.sources])
                .ctx("inserting actors")?;
            for al in &a.aliases {
                alias_st.execute(params![id, name_key(&al.name), al.name, al.sources]).ctx("inserting aliases")?;
            }
            // The key finds it too (after the real aliases, which win a shared form).
            alias_st.execute(params![id, name_key(&a.key.replace('-', " ")), a.key, 0]).ctx("inserting aliases")?;
        }
        let mut member_st = conn
            .prepare("INSERT INTO actor_members (source_id, local, actor_id) VALUES (?1, ?2, ?3)")
            .ctx("preparing member inserts")?;
        for ((source_id, local), &a) in keys.iter().zip(&resolution.assignment) {
            member_st.execute(params![source_id, local, a as i64 + 1]).ctx("inserting members")?;
        }
    }
    let actor_of: HashMap<(&str, i64), usize> =
        keys.iter().zip(&resolution.assignment).map(|((s, l), &a)| ((s.as_str(), *l), a)).collect();

    // Incidents.
    let mut reports: Vec<StoredReport> = Vec::new();
    {
        let mut st = conn
            .prepare(
                "SELECT id, source_id, date, place, perpetrator, target, fatalities_min, fatalities_max, claimed, night
                 FROM incident_reports ORDER BY id",
            )
            .ctx("reading incidents")?;
        let mut rows = st.query([]).ctx("reading incidents")?;
        while let Some(r) = rows.next().ctx("reading incidents")? {
            let id: i64 = r.get(0).ctx("reading incidents")?;
            let source_id: String = r.get(1).ctx("reading incidents")?;
            let date: Option<String> = r.get(2).ctx("reading incidents")?;
            let place: Option<String> = r.get(3).ctx("reading incidents")?;
            let perpetrator: Option<i64> = r.get(4).ctx("reading incidents")?;
            let place: Option<PlaceClaim> = match place {
                Some(p) => Some(serde_json::from_str(&p).map_err(|e| StoreError::Corrupt(format!("place: {e}")))?),
                None => None,
            };
            let (source, source_date) = sources.get(&source_id).copied().unwrap_or((u32::MAX, None));
            let fmin: Option<i64> = r.get(6).ctx("reading incidents")?;
            let fmax: Option<i64> = r.get(7).ctx("reading incidents")?;
            let fatalities = (fmin.is_some() || fmax.is_some()).then(|| Toll {
                min: fmin.map(|v| v.max(0) as u64),
                max: fmax.map(|v| v.max(0) as u64),
                span: Default::default(),
            });
            reports.push(StoredReport {
                id,
                source,
                source_date,
                claimed: r.get(8).ctx("reading incidents")?,
                input: ReportIn {
                    source,
                    date: date.as_deref().and_then(PartialDate::parse_iso),
                    place: place.and_then(|p| p.place),
                    perpetrator: perpetrator.and_then(|p| actor_of.get(&(source_id.as_str(), p)).copied()),
                    target: r.get(5).ctx("reading incidents")?,
                    fatalities,
                    night: r.get(9).ctx("reading incidents")?,
                },
            });
        }
    }
    let inputs: Vec<ReportIn> = reports.iter().map(|r| r.input.clone()).collect();
    let clusters = merge_incidents(&inputs);
    let mut event_st = conn
        .prepare(
            "INSERT INTO events (id, date, day_first, day_last, country, admin1, admin1_name, admin2_name, place_name,
                 place_kind, lat, lon, perpetrator, fatalities_low, fatalities_high, fatalities_median, fatalities_recent,
                 claimed, reports, sources)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
        )
        .ctx("preparing event inserts")?;
    let mut member_st = conn
        .prepare("INSERT INTO event_reports (report_id, event_id) VALUES (?1, ?2)")
        .ctx("preparing event report inserts")?;
    let mut link_st = conn
        .prepare("INSERT INTO event_links (event_id, a, b, score, rule) VALUES (?1, ?2, ?3, ?4, ?5)")
        .ctx("preparing event link inserts")?;
    for c in &clusters {
        let members: Vec<&StoredReport> = c.reports.iter().map(|&i| &reports[i]).collect();
        let id = members[0].id;
        let date = best_date(members.iter().filter_map(|r| r.input.date));
        let place = best_place(members.iter().filter_map(|r| r.input.place.as_ref()));
        let perpetrator = most_common(members.iter().filter_map(|r| r.input.perpetrator)).map(|a| a as i64 + 1);
        let statements: Vec<Statement> = members
            .iter()
            .filter_map(|r| {
                let t = r.input.fatalities?;
                Some(Statement {
                    source: r.source,
                    // Reports of one incident share its date: "recent" is the latest published.
                    dated: r.source_date,
                    value: Figure::Range { min: t.min, max: t.max },
                })
            })
            .collect();
        let figure = |p: Policy| ledger(&statements, p).best.as_ref().and_then(figure_point);
        let (low, high) = {
            let l = ledger(&statements, Policy::Conservative);
            (l.low.as_ref().and_then(figure_point), l.high.as_ref().and_then(figure_point))
        };
        let mut srcs: Vec<u32> = members.iter().map(|r| r.source).collect();
        srcs.sort_unstable();
        srcs.dedup();
        let (first, last) = date.map(day_bounds).unzip();
        event_st
            .execute(params![
                id,
                date.map(|d| d.to_string()),
                first,
                last,
                place.map(|p| p.country.clone()).filter(|c| !c.is_empty()),
                place.and_then(|p| p.admin1.clone()),
                place.and_then(|p| p.admin1_name.clone()),
                place.and_then(|p| p.admin2_name.clone()),
                place.map(|p| p.name.clone()),
                place.map(|p| p.kind.clone()),
                place.and_then(|p| p.lat),
                place.and_then(|p| p.lon),
                perpetrator,
                low.map(|v| v as i64),
                high.map(|v| v as i64),
                figure(Policy::Median).map(|v| v as i64),
                figure(Policy::Recent).map(|v| v as i64),
                members.iter().any(|r| r.claimed),
                members.len(),
                srcs.len(),
            ])
            .ctx("inserting events")?;
        for r in &members {
            member_st.execute(params![r.id, id]).ctx("inserting event reports")?;
        }
        for l in &c.links {
            link_st
                .execute(params![id, reports[l.a].id, reports[l.b].id, l.score, l.rule])
                .ctx("inserting event links")?;
        }
    }
    conn.execute("INSERT OR REPLACE INTO kb_state (key, value) VALUES ('stale', '0')", [])
        .ctx("marking the knowledge base fresh")?;
    Ok(Rebuilt { actors: resolution.actors.len(), reports: reports.len(), events: clusters.len() })
}

/// A number standing for a figure: the exact value, the middle of a closed
/// range, the bound of an open one.
fn figure_point(f: &Figure) -> Option<u64> {
    match *f {
        Figure::Range { min: Some(a), max: Some(b) } => Some(a + b.saturating_sub(a) / 2),
        Figure::Range { min, max } => min.or(max),
        _ => None,
    }
}

/// The most precise date; among equally precise ones the most reported,
/// then the earliest.
fn best_date(dates: impl Iterator<Item = PartialDate>) -> Option<PartialDate> {
    let mut counts: Vec<(PartialDate, usize)> = Vec::new();
    for d in dates {
        match counts.iter_mut().find(|(x, _)| *x == d) {
            Some(c) => c.1 += 1,
            None => counts.push((d, 1)),
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.0.precision().cmp(&b.0.precision()).then(a.1.cmp(&b.1)).then(b.0.cmp(&a.0)))
        .map(|c| c.0)
}

fn place_rank(p: &PlaceRecord) -> u8 {
    match p.kind.as_str() {
        "city" => 4,
        "admin2" => 3,
        "admin1" => 2,
        "country" => 1,
        _ => 0,
    }
}

/// The most specific place (a town over its district over its province).
fn best_place<'a>(places: impl Iterator<Item = &'a PlaceRecord>) -> Option<&'a PlaceRecord> {
    let mut best: Option<&PlaceRecord> = None;
    for p in places {
        if best.is_none_or(|b| place_rank(p) > place_rank(b)) {
            best = Some(p);
        }
    }
    best
}

fn most_common(items: impl Iterator<Item = usize>) -> Option<usize> {
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for x in items {
        match counts.iter_mut().find(|(y, _)| *y == x) {
            Some(c) => c.1 += 1,
            None => counts.push((x, 1)),
        }
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|c| c.0)
}

/// First and last day a date may be (`2023-07` → `2023-07-01`, `2023-07-31`).
pub(crate) fn day_bounds(d: PartialDate) -> (String, String) {
    let y = d.year;
    match (d.month, d.day) {
        (Some(m), Some(day)) => {
            let s = format!("{y:04}-{m:02}-{day:02}");
            (s.clone(), s)
        }
        (Some(m), None) => {
            let last = (28..=31).rev().find(|&x| PartialDate::day(y, m, x).is_some()).unwrap_or(28);
            (format!("{y:04}-{m:02}-01"), format!("{y:04}-{m:02}-{last:02}"))
        }
        _ => (format!("{y:04}-01-01"), format!("{y:04}-12-31")),
    }
}
