//! Rebuilding the derived layer (actors across sources, events) from the
//! per-source layer, in one transaction.

use std::collections::HashMap;

use dossier_model::{ActorKind, DatePrecision, PartialDate, PlaceClaim, PlaceRecord, Toll};
use dossier_resolve::incidents::{PairVerdict, compare, threshold};
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
    // The lexicon parent of each input actor, in input order.
    let mut parents: Vec<Option<String>> = Vec::new();
    let mut input: Vec<DocActor> = Vec::new();
    {
        let mut st = conn
            .prepare(
                "SELECT source_id, local, kind, lexicon_id, name, aliases, parent FROM doc_actors
                 ORDER BY source_id, local",
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
                    r.get::<_, Option<String>>(6)?,
                ))
            })
            .ctx("reading actors")?;
        for row in rows {
            let (source_id, local, kind, lexicon_id, name, aliases, parent) = row.ctx("reading actors")?;
            parents.push(parent);
            let kind = ActorKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("actor kind {kind:?}")))?;
            let aliases: Vec<String> =
                serde_json::from_str(&aliases).map_err(|e| StoreError::Corrupt(format!("actor aliases: {e}")))?;
            let source = sources.get(&source_id).map(|s| s.0).unwrap_or(u32::MAX);
            input.push(DocActor { source, kind, lexicon_id, name, aliases });
            keys.push((source_id, local));
        }
    }
    // Names event datasets use join the same resolution, one pseudo-source
    // per dataset (numbered after the sources).
    let doc_actor_count = input.len();
    let mut dataset_keys: Vec<(String, i64)> = Vec::new();
    {
        let mut st = conn
            .prepare("SELECT dataset, local, name, lexicon_id, parent FROM dataset_actors ORDER BY dataset, local")
            .ctx("reading dataset actors")?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })
            .ctx("reading dataset actors")?;
        let mut numbers: HashMap<String, u32> = HashMap::new();
        for row in rows {
            let (dataset, local, name, lexicon_id, parent) = row.ctx("reading dataset actors")?;
            parents.push(parent);
            let next = sources.len() as u32 + numbers.len() as u32;
            let source = *numbers.entry(dataset.clone()).or_insert(next);
            input.push(DocActor {
                source,
                kind: ActorKind::ArmedGroup,
                lexicon_id,
                name: name.clone(),
                aliases: vec![name],
            });
            dataset_keys.push((dataset, local));
        }
    }
    let resolution = resolve_actors(&input);
    // Each actor's parent organisation, when the knowledge base has it.
    let parent_of: Vec<Option<usize>> = {
        let by_lex: HashMap<&str, usize> =
            resolution.actors.iter().enumerate().filter_map(|(i, a)| Some((a.lexicon_id.as_deref()?, i))).collect();
        let mut out = vec![None; resolution.actors.len()];
        for (i, p) in parents.iter().enumerate() {
            if let Some(p) = p.as_deref().and_then(|p| by_lex.get(p)) {
                out[resolution.assignment[i]] = Some(*p);
            }
        }
        out
    };
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
        for ((source_id, local), &a) in keys.iter().zip(&resolution.assignment[..doc_actor_count]) {
            member_st.execute(params![source_id, local, a as i64 + 1]).ctx("inserting members")?;
        }
        let mut dataset_st = conn
            .prepare("UPDATE dataset_actors SET actor_id = ?3 WHERE dataset = ?1 AND local = ?2")
            .ctx("preparing dataset actor updates")?;
        for ((dataset, local), &a) in dataset_keys.iter().zip(&resolution.assignment[doc_actor_count..]) {
            dataset_st.execute(params![dataset, local, a as i64 + 1]).ctx("linking dataset actors")?;
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
                    perpetrator_parent: perpetrator
                        .and_then(|p| actor_of.get(&(source_id.as_str(), p)))
                        .and_then(|&a| parent_of.get(a).copied().flatten()),
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
    let mut row_st = conn
        .prepare("INSERT INTO event_rows (row_id, event_id, report_id, score, rule) VALUES (?1, ?2, ?3, ?4, ?5)")
        .ctx("preparing event row inserts")?;
    let mut link_st = conn
        .prepare("INSERT INTO event_links (event_id, a, b, score, rule) VALUES (?1, ?2, ?3, ?4, ?5)")
        .ctx("preparing event link inserts")?;
    for c in &clusters {
        let members: Vec<&StoredReport> = c.reports.iter().map(|&i| &reports[i]).collect();
        let id = members[0].id;
        let date = best_date(members.iter().filter_map(|r| r.input.date));
        let place = best_place(members.iter().filter_map(|r| r.input.place.as_ref()));
        let perpetrator = most_common(members.iter().filter_map(|r| r.input.perpetrator)).map(|a| a as i64 + 1);
        let rows = match (date, place) {
            (Some(d), Some(p)) if d.precision() >= DatePrecision::Month && !p.country.is_empty() => {
                matching_rows(conn, &members, d, &p.country, &parent_of)?
            }
            _ => Vec::new(),
        };
        let mut statements: Vec<Statement> = members
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
        for (i, r) in rows.iter().enumerate() {
            if let Some(t) = r.input.fatalities {
                statements.push(Statement {
                    source: u32::MAX - i as u32,
                    dated: None,
                    value: Figure::Range { min: t.min, max: t.max },
                });
            }
        }
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
                members.len() + rows.len(),
                srcs.len() + rows.len(),
            ])
            .ctx("inserting events")?;
        for r in &members {
            member_st.execute(params![r.id, id]).ctx("inserting event reports")?;
        }
        for r in &rows {
            row_st.execute(params![r.row_id, id, r.report_id, r.score, r.rule]).ctx("linking dataset rows")?;
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

/// A dataset row merged into an event read from reports.
struct LinkedRow {
    row_id: i64,
    report_id: i64,
    score: i32,
    rule: String,
    input: ReportIn,
}

/// Dataset rows that report the same incident as an event's reports: in
/// the same country, within the event's days (one either side for a
/// night), passing the merge's hard rules against every report and scoring
/// at least its threshold against one. At most one row per dataset (the
/// best), since a dataset records an incident once.
fn matching_rows(
    conn: &Connection,
    members: &[&StoredReport],
    date: PartialDate,
    country: &str,
    parent_of: &[Option<usize>],
) -> Result<Vec<LinkedRow>> {
    let (first, last) = day_bounds(date);
    let (from, to) = (shift_day(&first, -1), shift_day(&last, 1));
    // Rows start at most a month before the event's first day (month
    // precision); the bound lets the (country, day_first) index do the work.
    let earliest = shift_day(&first, -32);
    let mut st = conn
        .prepare_cached(
            "SELECT r.id, r.dataset, r.date, r.place_id, r.place_name, r.place_kind, r.country, r.admin1_code,
                    r.admin1_name, r.admin2_id, r.admin2, r.lat, r.lon, r.fatalities, r.fatalities_low,
                    r.fatalities_high, a.actor_id
             FROM dataset_rows r LEFT JOIN dataset_actors a ON a.dataset = r.dataset AND a.local = r.actor
             WHERE r.country = ?1 AND r.day_first >= ?2 AND r.day_first <= ?3 AND r.day_last >= ?4
             ORDER BY r.id LIMIT 10000",
        )
        .ctx("finding dataset rows")?;
    let candidates = st
        .query_map(params![country, earliest, to, from], |r| {
            let place_id: Option<String> = r.get(3)?;
            let place = match place_id {
                Some(id) => Some(PlaceRecord {
                    id,
                    name: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                    kind: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                    country: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
                    admin1: r.get(7)?,
                    admin1_name: r.get(8)?,
                    admin2: r.get(9)?,
                    admin2_name: r.get(10)?,
                    lat: r.get(11)?,
                    lon: r.get(12)?,
                }),
                None => None,
            };
            let (best, low, high): (Option<i64>, Option<i64>, Option<i64>) = (r.get(13)?, r.get(14)?, r.get(15)?);
            let u = |v: Option<i64>| v.map(|x| x.max(0) as u64);
            let fatalities = (best.is_some() || low.is_some() || high.is_some()).then(|| Toll {
                min: u(low.or(best)),
                max: u(high.or(best)),
                span: Default::default(),
            });
            let actor: Option<i64> = r.get(16)?;
            let date: String = r.get(2)?;
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                ReportIn {
                    source: u32::MAX,
                    date: PartialDate::parse_iso(&date),
                    place,
                    perpetrator: actor.map(|a| (a - 1).max(0) as usize),
                    perpetrator_parent: actor.and_then(|a| parent_of.get((a - 1).max(0) as usize).copied().flatten()),
                    target: None,
                    fatalities,
                    night: false,
                },
            ))
        })
        .ctx("finding dataset rows")?;
    let mut best: HashMap<String, LinkedRow> = HashMap::new();
    for c in candidates {
        let (row_id, dataset, input) = c.ctx("finding dataset rows")?;
        let mut top: Option<(i32, i64, String)> = None;
        let mut allowed = true;
        for m in members {
            match compare(&m.input, &input) {
                PairVerdict::Forbidden(_) => {
                    allowed = false;
                    break;
                }
                PairVerdict::Scored(score, why) => {
                    if score >= threshold(&m.input, &input) && top.as_ref().is_none_or(|t| score > t.0) {
                        top = Some((score, m.id, why.join("; ")));
                    }
                }
            }
        }
        let (true, Some((score, report_id, rule))) = (allowed, top) else { continue };
        let better = best.get(&dataset).is_none_or(|b| score > b.score);
        if better {
            best.insert(dataset, LinkedRow { row_id, report_id, score, rule, input });
        }
    }
    let mut rows: Vec<LinkedRow> = best.into_values().collect();
    rows.sort_by_key(|r| r.row_id);
    Ok(rows)
}

/// `YYYY-MM-DD` moved by `delta` days.
pub(crate) fn shift_day(day: &str, delta: i64) -> String {
    let parse = |a: usize, b: usize| day.get(a..b).and_then(|s| s.parse::<i64>().ok());
    let (Some(y), Some(m), Some(d)) = (parse(0, 4), parse(5, 7), parse(8, 10)) else { return day.to_string() };
    // Days from civil (Howard Hinnant's algorithm), shifted, and back.
    let (y2, m2) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * m2 + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let z = era * 146_097 + doe + delta;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
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

#[cfg(test)]
mod tests {
    use super::shift_day;

    #[test]
    fn days_shift_across_months_years_and_leap_days() {
        assert_eq!(shift_day("2023-07-31", 1), "2023-08-01");
        assert_eq!(shift_day("2024-03-01", -1), "2024-02-29");
        assert_eq!(shift_day("2023-01-01", -1), "2022-12-31");
        assert_eq!(shift_day("2023-07-30", -32), "2023-06-28");
        assert_eq!(shift_day("bad", 1), "bad");
    }
}
