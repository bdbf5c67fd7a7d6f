//! Reading the knowledge base: actors, their claims, events. Every query
//! goes through an index (actor aliases by key, members by actor, claims by
//! source and subject, events by perpetrator, country, province or day).

use std::collections::HashMap;

use dossier_model::{ClaimValue, PlaceClaim, Predicate};
use dossier_resolve::name_key;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

use super::types::{
    ActorRef, ActorRow, AliasRow, ClaimRow, EventDetail, EventFilter, EventRow, Evidence, LinkRow, ReportRow,
    SourceRef, TollColumn,
};
use crate::error::{Context, Result, StoreError};
use crate::read::citations_of;

/// The actor id a name, key or alias stands for.
pub(crate) fn find_actor(conn: &Connection, name: &str) -> Result<i64> {
    let by_key: Option<i64> = conn
        .prepare_cached("SELECT id FROM actors WHERE key = ?1")
        .and_then(|mut st| st.query_row([name.trim().to_lowercase()], |r| r.get(0)).optional())
        .ctx("looking up an actor")?;
    if let Some(id) = by_key {
        return Ok(id);
    }
    let key = name_key(name);
    // Several actors may share an alias (`Taliban`): the one most sources
    // call so wins, then the reviewed one.
    let by_alias: Option<i64> = conn
        .prepare_cached(
            "SELECT a.id FROM actor_aliases al JOIN actors a ON a.id = al.actor_id
             WHERE al.key = ?1 ORDER BY al.sources DESC, a.lexicon_id IS NULL, a.sources DESC, a.id LIMIT 1",
        )
        .and_then(|mut st| st.query_row([&key], |r| r.get(0)).optional())
        .ctx("looking up an actor")?;
    if let Some(id) = by_alias {
        return Ok(id);
    }
    let suggestions: Vec<String> = if key.is_empty() {
        Vec::new()
    } else {
        conn.prepare_cached(
            "SELECT DISTINCT a.name FROM actor_aliases al JOIN actors a ON a.id = al.actor_id
             WHERE al.key LIKE '%' || ?1 || '%' ORDER BY a.sources DESC, a.name LIMIT 5",
        )
        .and_then(|mut st| st.query_map([&key], |r| r.get(0)).and_then(|rows| rows.collect()))
        .ctx("suggesting actors")?
    };
    Err(StoreError::UnknownActor { key: name.to_string(), suggestions })
}

fn actor_row(conn: &Connection, id: i64) -> Result<ActorRow> {
    let (key, name, kind, lexicon_id, sources) = conn
        .prepare_cached("SELECT key, name, kind, lexicon_id, sources FROM actors WHERE id = ?1")
        .and_then(|mut st| {
            st.query_row([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, u64>(4)?,
                ))
            })
        })
        .ctx("reading an actor")?;
    let aliases = conn
        .prepare_cached(
            "SELECT alias, sources FROM actor_aliases WHERE actor_id = ?1 AND sources > 0
             ORDER BY sources DESC, alias",
        )
        .and_then(|mut st| {
            st.query_map([id], |r| Ok(AliasRow { alias: r.get(0)?, sources: r.get(1)? }))
                .and_then(|rows| rows.collect())
        })
        .ctx("reading aliases")?;
    Ok(ActorRow { key, name, kind, lexicon_id, sources, aliases })
}

/// One actor with its aliases.
pub(crate) fn actor(conn: &Connection, name: &str) -> Result<ActorRow> {
    let id = find_actor(conn, name)?;
    actor_row(conn, id)
}

/// All actors, most sources first.
pub(crate) fn actors(conn: &Connection) -> Result<Vec<ActorRow>> {
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM actors ORDER BY sources DESC, name, id")
        .and_then(|mut st| st.query_map([], |r| r.get(0)).and_then(|rows| rows.collect()))
        .ctx("listing actors")?;
    ids.into_iter().map(|id| actor_row(conn, id)).collect()
}

fn actor_ref(conn: &Connection, id: i64) -> Result<ActorRef> {
    conn.prepare_cached("SELECT key, name, kind FROM actors WHERE id = ?1")
        .and_then(|mut st| st.query_row([id], |r| Ok(ActorRef { key: r.get(0)?, name: r.get(1)?, kind: r.get(2)? })))
        .ctx("reading an actor")
}

/// The resolved actor of a source-local one.
fn member_ref(conn: &Connection, source_id: &str, local: i64) -> Result<Option<ActorRef>> {
    let id: Option<i64> = conn
        .prepare_cached("SELECT actor_id FROM actor_members WHERE source_id = ?1 AND local = ?2")
        .and_then(|mut st| st.query_row(params![source_id, local], |r| r.get(0)).optional())
        .ctx("resolving an actor")?;
    id.map(|id| actor_ref(conn, id)).transpose()
}

fn source_ref(conn: &Connection, id: &str) -> Result<SourceRef> {
    conn.prepare_cached("SELECT id, title, path, publisher, date FROM sources WHERE id = ?1")
        .and_then(|mut st| {
            st.query_row([id], |r| {
                Ok(SourceRef {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    path: r.get(2)?,
                    publisher: r.get(3)?,
                    date: r.get(4)?,
                })
            })
        })
        .ctx("reading a source")
}

/// Builds [`Evidence`], remembering sources and passages already read:
/// a profile cites the same few sources and passages many times.
#[derive(Default)]
struct Evidencer {
    sources: HashMap<String, SourceRef>,
    passages: HashMap<i64, (Option<String>, Vec<crate::types::Citation>)>,
    objects: HashMap<(String, i64), Option<ActorRef>>,
}

impl Evidencer {
    fn evidence(
        &mut self,
        conn: &Connection,
        source_id: &str,
        passage_id: Option<i64>,
        start: usize,
        end: usize,
        quote: String,
    ) -> Result<Evidence> {
        let (passage, citations) = match passage_id {
            Some(p) => match self.passages.get(&p) {
                Some(hit) => hit.clone(),
                None => {
                    let t: Option<String> = conn
                        .prepare_cached("SELECT text FROM passages WHERE id = ?1")
                        .and_then(|mut st| st.query_row([p], |r| r.get(0)).optional())
                        .ctx("reading a passage")?;
                    let v = (t, citations_of(conn, p)?);
                    self.passages.insert(p, v.clone());
                    v
                }
            },
            None => (None, Vec::new()),
        };
        let source = match self.sources.get(source_id) {
            Some(s) => s.clone(),
            None => {
                let s = source_ref(conn, source_id)?;
                self.sources.insert(source_id.to_string(), s.clone());
                s
            }
        };
        Ok(Evidence { source, start, end, quote, passage, citations })
    }

    fn member(&mut self, conn: &Connection, source_id: &str, local: i64) -> Result<Option<ActorRef>> {
        let key = (source_id.to_string(), local);
        if let Some(hit) = self.objects.get(&key) {
            return Ok(hit.clone());
        }
        let r = member_ref(conn, source_id, local)?;
        self.objects.insert(key, r.clone());
        Ok(r)
    }
}

/// Every claim about an actor (as subject), ordered by predicate, source
/// and position.
pub(crate) fn claims(conn: &Connection, actor_id: i64) -> Result<Vec<ClaimRow>> {
    struct Raw {
        id: i64,
        source_id: String,
        passage_id: Option<i64>,
        predicate: String,
        value: String,
        object: Option<i64>,
        as_of: Option<String>,
        role: Option<String>,
        until: Option<String>,
        date: Option<String>,
        period: Option<String>,
        place: Option<String>,
        start: usize,
        end: usize,
        rule: String,
        quote: String,
    }
    let raw: Vec<Raw> = conn
        .prepare_cached(
            "SELECT c.id, c.source_id, c.passage_id, c.predicate, c.value, c.object, c.as_of, c.role, c.until, c.date,
                    c.period, c.place, c.start, c.\"end\", c.rule, c.quote
             FROM actor_members m
             JOIN claims c ON c.source_id = m.source_id AND c.subject = m.local
             WHERE m.actor_id = ?1
             ORDER BY c.predicate, c.source_id, c.start, c.id",
        )
        .and_then(|mut st| {
            st.query_map([actor_id], |r| {
                Ok(Raw {
                    id: r.get(0)?,
                    source_id: r.get(1)?,
                    passage_id: r.get(2)?,
                    predicate: r.get(3)?,
                    value: r.get(4)?,
                    object: r.get(5)?,
                    as_of: r.get(6)?,
                    role: r.get(7)?,
                    until: r.get(8)?,
                    date: r.get(9)?,
                    period: r.get(10)?,
                    place: r.get(11)?,
                    start: r.get(12)?,
                    end: r.get(13)?,
                    rule: r.get(14)?,
                    quote: r.get(15)?,
                })
            })
            .and_then(|rows| rows.collect())
        })
        .ctx("reading claims")?;
    // Everything the evidence needs, in four queries over the same actor
    // rather than four per claim: sources, passages, their citations with
    // notes, and the notes' references.
    let sources: HashMap<String, SourceRef> = conn
        .prepare_cached(
            "SELECT DISTINCT s.id, s.title, s.path, s.publisher, s.date
             FROM actor_members m JOIN sources s ON s.id = m.source_id WHERE m.actor_id = ?1",
        )
        .and_then(|mut st| {
            st.query_map([actor_id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    SourceRef {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        path: r.get(2)?,
                        publisher: r.get(3)?,
                        date: r.get(4)?,
                    },
                ))
            })
            .and_then(|rows| rows.collect())
        })
        .ctx("reading claim sources")?;
    let passages: HashMap<i64, String> = conn
        .prepare_cached(
            "SELECT DISTINCT p.id, p.text FROM actor_members m
             JOIN claims c ON c.source_id = m.source_id AND c.subject = m.local
             JOIN passages p ON p.id = c.passage_id WHERE m.actor_id = ?1",
        )
        .and_then(|mut st| st.query_map([actor_id], |r| Ok((r.get(0)?, r.get(1)?))).and_then(|rows| rows.collect()))
        .ctx("reading claim passages")?;
    let cited: Vec<(i64, i64, String, Option<i64>)> = conn
        .prepare_cached(
            "SELECT DISTINCT ci.passage_id, ci.ordinal, ci.label, n.id FROM actor_members m
             JOIN claims c ON c.source_id = m.source_id AND c.subject = m.local
             JOIN citations ci ON ci.passage_id = c.passage_id
             LEFT JOIN notes n ON n.source_id = c.source_id AND n.label = ci.label
             WHERE m.actor_id = ?1 ORDER BY ci.passage_id, ci.ordinal",
        )
        .and_then(|mut st| {
            st.query_map([actor_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .and_then(|rows| rows.collect())
        })
        .ctx("reading claim citations")?;
    let mut references: HashMap<i64, Vec<crate::types::ReferenceRow>> = HashMap::new();
    {
        let mut st = conn
            .prepare_cached(
                "SELECT DISTINCT r.note_id, r.ordinal, r.raw, r.author, r.publisher, r.title, r.date, r.pages, r.address
                 FROM actor_members m
                 JOIN claims c ON c.source_id = m.source_id AND c.subject = m.local
                 JOIN citations ci ON ci.passage_id = c.passage_id
                 JOIN notes n ON n.source_id = c.source_id AND n.label = ci.label
                 JOIN refs r ON r.note_id = n.id
                 WHERE m.actor_id = ?1 ORDER BY r.note_id, r.ordinal",
            )
            .ctx("reading claim references")?;
        let rows = st
            .query_map([actor_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    crate::types::ReferenceRow {
                        ordinal: r.get(1)?,
                        raw: r.get(2)?,
                        author: r.get(3)?,
                        publisher: r.get(4)?,
                        title: r.get(5)?,
                        date: r.get(6)?,
                        pages: r.get(7)?,
                        address: r.get(8)?,
                    },
                ))
            })
            .ctx("reading claim references")?;
        for row in rows {
            let (note, reference) = row.ctx("reading claim references")?;
            references.entry(note).or_default().push(reference);
        }
    }
    let mut citations: HashMap<i64, Vec<crate::types::Citation>> = HashMap::new();
    for (passage, _, label, note) in cited {
        let refs = note.and_then(|n| references.get(&n).cloned()).unwrap_or_default();
        citations.entry(passage).or_default().push(crate::types::Citation { label, references: refs });
    }
    let mut ev = Evidencer::default();
    raw.into_iter()
        .map(|c| {
            let predicate = Predicate::parse(&c.predicate)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown predicate {:?}", c.predicate)))?;
            let value: ClaimValue =
                serde_json::from_str(&c.value).map_err(|e| StoreError::Corrupt(format!("claim value: {e}")))?;
            let object = match c.object {
                Some(local) => ev.member(conn, &c.source_id, local)?,
                None => None,
            };
            let source = match sources.get(&c.source_id) {
                Some(s) => s.clone(),
                None => source_ref(conn, &c.source_id)?,
            };
            let passage = c.passage_id.and_then(|p| passages.get(&p).cloned());
            let cites = c.passage_id.and_then(|p| citations.get(&p).cloned()).unwrap_or_default();
            Ok(ClaimRow {
                id: c.id,
                predicate,
                value,
                object,
                as_of: c.as_of,
                role: c.role,
                until: c.until,
                date: c.date,
                period: c.period,
                place: c.place,
                rule: c.rule,
                evidence: Evidence { source, start: c.start, end: c.end, quote: c.quote, passage, citations: cites },
            })
        })
        .collect()
}

const EVENT_COLUMNS: &str = "e.id, e.date, e.country, e.admin1, e.admin1_name, e.admin2_name, e.place_name,
    e.place_kind, e.lat, e.lon, e.perpetrator, e.fatalities_low, e.fatalities_high, e.fatalities_median,
    e.fatalities_recent, e.claimed, e.reports, e.sources";

fn event_from_row(r: &Row<'_>) -> rusqlite::Result<(EventRow, Option<i64>)> {
    Ok((
        EventRow {
            id: r.get(0)?,
            date: r.get(1)?,
            country: r.get(2)?,
            admin1: r.get(3)?,
            admin1_name: r.get(4)?,
            admin2_name: r.get(5)?,
            place: r.get(6)?,
            place_kind: r.get(7)?,
            lat: r.get(8)?,
            lon: r.get(9)?,
            perpetrator: None,
            fatalities_low: r.get(11)?,
            fatalities_high: r.get(12)?,
            fatalities_median: r.get(13)?,
            fatalities_recent: r.get(14)?,
            claimed: r.get(15)?,
            reports: r.get(16)?,
            sources: r.get(17)?,
        },
        r.get(10)?,
    ))
}

/// Ids of events that are one dataset row on its own start here, above
/// any report id: `ROW_EVENT_BASE + dataset_rows.id`.
pub const ROW_EVENT_BASE: i64 = 1 << 40;

/// The columns of [`EVENT_COLUMNS`] computed for a dataset row on its own.
fn row_columns() -> String {
    format!(
        "r.id + {ROW_EVENT_BASE}, r.date, r.country, r.admin1_code, r.admin1_name, r.admin2, coalesce(r.place_name, r.location),
         CASE r.geo_precision WHEN 'country' THEN 'country' WHEN 'admin1' THEN 'admin1' WHEN 'region' THEN 'admin1'
              WHEN 'admin2' THEN 'admin2' ELSE coalesce(r.place_kind, 'city') END,
         r.lat, r.lon, a.actor_id, coalesce(r.fatalities_low, r.fatalities), coalesce(r.fatalities_high, r.fatalities),
         r.fatalities, r.fatalities, coalesce(r.claimed, 0), 1, 1"
    )
}

/// The union of events read from reports and dataset rows not merged into
/// one, filtered; `select_e`/`select_r` are the column lists of each side.
fn union_sql(conn: &Connection, f: &EventFilter, select_e: &str, select_r: &str) -> Result<(String, Vec<Value>)> {
    let mut args: Vec<Value> = Vec::new();
    let mut arg = |v: Value| {
        args.push(v);
        format!("?{}", args.len())
    };
    let (mut we, mut wr) = (String::new(), String::new());
    let mut join = "LEFT JOIN";
    if let Some(a) = &f.actor {
        let p = arg(find_actor(conn, a)?.into());
        we += &format!(" AND e.perpetrator = {p}");
        wr += &format!(" AND a.actor_id = {p}");
        join = "JOIN";
    }
    if let Some(c) = &f.country {
        let p = arg(c.to_uppercase().into());
        we += &format!(" AND e.country = {p}");
        wr += &format!(" AND r.country = {p}");
    }
    if let Some(a) = &f.admin1 {
        let p = arg(a.clone().into());
        we += &format!(" AND (e.admin1_name = {p} COLLATE NOCASE OR e.admin1 = upper({p}))");
        wr += &format!(
            " AND (r.admin1_name = {p} COLLATE NOCASE OR r.admin1_code = upper({p}) OR r.admin1 = {p} COLLATE NOCASE)"
        );
    }
    if let Some(d) = &f.from {
        let p = arg(d.clone().into());
        we += &format!(" AND e.day_last >= {p}");
        // A bound on day_first lets the indexes narrow the scan; dataset
        // rows span at most a year (a year-precision date).
        let q = arg(crate::kb::refresh::shift_day(d, -366).into());
        wr += &format!(" AND r.day_last >= {p} AND r.day_first >= {q}");
    }
    if let Some(d) = &f.to {
        let p = arg(d.clone().into());
        we += &format!(" AND e.day_first <= {p}");
        wr += &format!(" AND r.day_first <= {p}");
    }
    if let Some(n) = f.min_fatalities {
        let col = match f.toll {
            TollColumn::Low => "fatalities_low",
            TollColumn::Recent => "fatalities_recent",
            TollColumn::Median => "fatalities_median",
        };
        let p = arg((n as i64).into());
        we += &format!(" AND e.{col} >= {p}");
        let rcol = if f.toll == TollColumn::Low { "coalesce(r.fatalities_low, r.fatalities)" } else { "r.fatalities" };
        wr += &format!(" AND {rcol} >= {p}");
    }
    // Filtering by actor, the few dataset actors it is drive the scan
    // (CROSS JOIN fixes that order) through the covering
    // (dataset, actor, day_first, …) index.
    let from_r = if join == "JOIN" {
        "dataset_actors a CROSS JOIN dataset_rows r ON r.dataset = a.dataset AND r.actor = a.local"
    } else {
        "dataset_rows r LEFT JOIN dataset_actors a ON a.dataset = r.dataset AND a.local = r.actor"
    };
    let sql = format!(
        "SELECT {select_e} FROM events e WHERE 1{we}
         UNION ALL
         SELECT {select_r} FROM {from_r}
         WHERE NOT EXISTS (SELECT 1 FROM event_rows x WHERE x.row_id = r.id){wr}"
    );
    Ok((sql, args))
}

/// Events matching a filter, by date (undated last), then id: events read
/// from reports (with any dataset rows merged into them) and dataset rows
/// that are events on their own.
pub(crate) fn events(conn: &Connection, f: &EventFilter) -> Result<Vec<EventRow>> {
    let (mut sql, args) = union_sql(
        conn,
        f,
        &format!("{EVENT_COLUMNS}, e.day_first AS sort_day, e.day_first IS NULL AS undated, e.id AS sort_id"),
        &format!("{}, r.day_first, 0, r.id + {ROW_EVENT_BASE}", row_columns()),
    )?;
    sql += " ORDER BY undated, sort_day, sort_id";
    if let Some(l) = f.limit {
        sql += &format!(" LIMIT {l}");
    }
    let raw: Vec<(EventRow, Option<i64>)> = conn
        .prepare_cached(&sql)
        .and_then(|mut st| st.query_map(params_from_iter(args), event_from_row).and_then(|rows| rows.collect()))
        .ctx("listing events")?;
    let mut actors: HashMap<i64, ActorRef> = HashMap::new();
    raw.into_iter()
        .map(|(mut e, p)| {
            if let Some(id) = p {
                if let std::collections::hash_map::Entry::Vacant(slot) = actors.entry(id) {
                    slot.insert(actor_ref(conn, id)?);
                }
                e.perpetrator = actors.get(&id).cloned();
            }
            Ok(e)
        })
        .collect()
}

/// Events per month or year matching a filter, with their tolls summed
/// (`toll` column), counted only where the date is at least as precise as
/// the period: `(period, events, fatalities)`.
pub(crate) fn event_counts(conn: &Connection, f: &EventFilter, by_month: bool) -> Result<Vec<(String, u64, u64)>> {
    let toll_e = match f.toll {
        TollColumn::Low => "e.fatalities_low",
        TollColumn::Recent => "e.fatalities_recent",
        TollColumn::Median => "e.fatalities_median",
    };
    let toll_r = if f.toll == TollColumn::Low { "coalesce(r.fatalities_low, r.fatalities)" } else { "r.fatalities" };
    let (sql, args) =
        union_sql(conn, f, &format!("e.date AS d, {toll_e} AS t"), &format!("r.date AS d, {toll_r} AS t"))?;
    let n = if by_month { 7 } else { 4 };
    let sql = format!(
        "SELECT substr(d, 1, {n}) AS period, count(*), coalesce(sum(t), 0) FROM ({sql})
         WHERE length(d) >= {n} GROUP BY period ORDER BY period"
    );
    conn.prepare_cached(&sql)
        .and_then(|mut st| {
            st.query_map(params_from_iter(args), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .and_then(|rows| rows.collect())
        })
        .ctx("counting events")
}

/// One event with its reports and links.
pub(crate) fn event(conn: &Connection, id: i64) -> Result<EventDetail> {
    if id >= ROW_EVENT_BASE {
        return row_event(conn, id);
    }
    let (mut event, perp) = conn
        .prepare_cached(&format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = ?1"))
        .and_then(|mut st| st.query_row([id], event_from_row).optional())
        .ctx("reading an event")?
        .ok_or(StoreError::UnknownEvent(id))?;
    event.perpetrator = perp.map(|p| actor_ref(conn, p)).transpose()?;
    type RawReport = (
        i64,
        String,
        Option<i64>,
        usize,
        usize,
        Option<String>,
        Option<String>,
        Option<i64>,
        Option<String>,
        (Option<u64>, Option<u64>, Option<String>, String),
        bool,
        String,
    );
    let raw: Vec<RawReport> = conn
        .prepare_cached(
            "SELECT r.id, r.source_id, r.passage_id, r.start, r.\"end\", r.date, r.place, r.perpetrator, r.target,
                    r.fatalities_min, r.fatalities_max, r.fatalities_quote, r.quote, r.claimed, r.rule
             FROM event_reports er JOIN incident_reports r ON r.id = er.report_id
             WHERE er.event_id = ?1 ORDER BY r.id",
        )
        .and_then(|mut st| {
            st.query_map([id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    (r.get(9)?, r.get(10)?, r.get(11)?, r.get(12)?),
                    r.get(13)?,
                    r.get(14)?,
                ))
            })
            .and_then(|rows| rows.collect())
        })
        .ctx("reading event reports")?;
    let mut report_list: Vec<ReportRow> = Vec::with_capacity(raw.len());
    let mut ev = Evidencer::default();
    for (rid, source_id, passage_id, start, end, date, place, perp, target, toll, claimed, rule) in raw {
        let place: Option<PlaceClaim> = match place {
            Some(p) => Some(serde_json::from_str(&p).map_err(|e| StoreError::Corrupt(format!("place: {e}")))?),
            None => None,
        };
        let (fmin, fmax, fatalities_quote, quote) = toll;
        let evidence = ev.evidence(conn, &source_id, passage_id, start, end, quote)?;
        report_list.push(ReportRow {
            id: rid,
            date,
            place,
            perpetrator: match perp {
                Some(l) => ev.member(conn, &source_id, l)?,
                None => None,
            },
            target,
            fatalities_min: fmin,
            fatalities_max: fmax,
            fatalities_quote,
            claimed,
            rule,
            evidence,
        });
    }
    let links: Vec<LinkRow> = conn
        .prepare_cached("SELECT a, b, score, rule FROM event_links WHERE event_id = ?1 ORDER BY rowid")
        .and_then(|mut st| {
            st.query_map([id], |r| Ok(LinkRow { a: r.get(0)?, b: r.get(1)?, score: r.get(2)?, rule: r.get(3)? }))
                .and_then(|rows| rows.collect())
        })
        .ctx("reading event links")?;
    let mut links = links;
    // Dataset rows merged into it: reports too, linked by their rule.
    let merged: Vec<(i64, i64, i64, String)> = conn
        .prepare_cached("SELECT row_id, report_id, score, rule FROM event_rows WHERE event_id = ?1 ORDER BY row_id")
        .and_then(|mut st| {
            st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).and_then(|rows| rows.collect())
        })
        .ctx("reading merged dataset rows")?;
    for (row_id, report_id, score, rule) in merged {
        let (report, _) = row_report(conn, row_id)?;
        links.push(LinkRow { a: report_id, b: report.id, score, rule });
        report_list.push(report);
    }
    Ok(EventDetail { event, report_list, links })
}

/// A dataset row as a report: its provenance is the dataset file, the row
/// id and line, and its description as the quote.
fn row_report(conn: &Connection, row_id: i64) -> Result<(ReportRow, EventRow)> {
    let (event, perp) = conn
        .prepare_cached(&format!(
            "SELECT {} FROM dataset_rows r LEFT JOIN dataset_actors a ON a.dataset = r.dataset AND a.local = r.actor
             WHERE r.id = ?1",
            row_columns()
        ))
        .and_then(|mut st| st.query_row([row_id], event_from_row).optional())
        .ctx("reading a dataset row")?
        .ok_or(StoreError::UnknownEvent(row_id + ROW_EVENT_BASE))?;
    type Raw = (String, String, String, i64, String, Option<String>, Option<String>, Option<String>, Option<String>);
    let (dataset, file_id, row_key, line, imported_at, quote, location, source, place_id): Raw = conn
        .prepare_cached(
            "SELECT r.dataset, d.id, r.row_key, r.line, d.imported_at, r.quote,
                    coalesce(r.location, r.admin2, r.admin1, r.country_name), r.source, r.place_id
             FROM dataset_rows r JOIN datasets d ON d.num = r.file WHERE r.id = ?1",
        )
        .and_then(|mut st| {
            st.query_row([row_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?))
            })
        })
        .ctx("reading a dataset row")?;
    let path: String = conn
        .prepare_cached("SELECT path FROM datasets WHERE id = ?1")
        .and_then(|mut st| st.query_row([&file_id], |r| r.get(0)))
        .ctx("reading a dataset")?;
    let perpetrator = perp.map(|p| actor_ref(conn, p)).transpose()?;
    let place = location.map(|surface| PlaceClaim {
        surface,
        span: Default::default(),
        place: place_id.map(|id| dossier_model::PlaceRecord {
            id,
            name: event.place.clone().unwrap_or_default(),
            kind: event.place_kind.clone().unwrap_or_default(),
            country: event.country.clone().unwrap_or_default(),
            admin1: event.admin1.clone(),
            admin1_name: event.admin1_name.clone(),
            admin2: None,
            admin2_name: event.admin2_name.clone(),
            lat: event.lat,
            lon: event.lon,
        }),
    });
    let report = ReportRow {
        id: row_id + ROW_EVENT_BASE,
        date: event.date.clone(),
        place,
        perpetrator: perpetrator.clone(),
        target: None,
        fatalities_min: event.fatalities_low,
        fatalities_max: event.fatalities_high,
        fatalities_quote: None,
        claimed: event.claimed,
        rule: format!(
            "{dataset} row {row_key} (line {line}){}",
            source.map(|s| format!("; source: {s}")).unwrap_or_default()
        ),
        evidence: Evidence {
            source: SourceRef {
                id: file_id,
                title: format!("{dataset} {row_key}"),
                path,
                publisher: Some(dataset),
                date: imported_at.get(..10).map(str::to_string),
            },
            start: 0,
            end: 0,
            quote: quote.unwrap_or_default(),
            passage: None,
            citations: Vec::new(),
        },
    };
    let mut event = event;
    event.perpetrator = perpetrator;
    Ok((report, event))
}

/// A dataset row that is an event on its own.
fn row_event(conn: &Connection, id: i64) -> Result<EventDetail> {
    let (report, event) = row_report(conn, id - ROW_EVENT_BASE)?;
    // A row merged into a report's event is shown there, not twice.
    let merged: Option<i64> = conn
        .prepare_cached("SELECT event_id FROM event_rows WHERE row_id = ?1")
        .and_then(|mut st| st.query_row([id - ROW_EVENT_BASE], |r| r.get(0)).optional())
        .ctx("reading merged dataset rows")?;
    if let Some(e) = merged {
        return self::event(conn, e);
    }
    Ok(EventDetail { event, report_list: vec![report], links: Vec::new() })
}
