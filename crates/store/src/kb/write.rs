//! Writing one source's claims, inside its ingest transaction.

use dossier_model::{ClaimValue, SourceClaims, Span};
use rusqlite::{Connection, params};

use crate::error::{Context, Result, StoreError};

/// Checks indexes and spans before anything is written.
pub(crate) fn validate(path: &str, text: &str, c: &SourceClaims) -> Result<()> {
    let invalid = |reason: String| StoreError::InvalidInput { source_path: path.to_owned(), reason };
    let span_ok = |s: Span| s.fits(text);
    let actor_ok = |i: usize| i < c.actors.len();
    for (i, (a, s)) in c.mentions.iter().enumerate() {
        if !actor_ok(*a) || !span_ok(*s) {
            return Err(invalid(format!("mention {i} names no actor or lies outside the text")));
        }
    }
    for (i, r) in c.incidents.iter().enumerate() {
        let spans_ok = span_ok(r.span)
            && span_ok(r.trigger)
            && r.fatalities.is_none_or(|t| span_ok(t.span))
            && r.place.as_ref().is_none_or(|p| span_ok(p.span));
        if !spans_ok || r.perpetrator.is_some_and(|p| !actor_ok(p)) {
            return Err(invalid(format!("incident {i} names no actor or lies outside the text")));
        }
    }
    for (i, cl) in c.claims.iter().enumerate() {
        let object_ok = match &cl.value {
            ClaimValue::Actor { actor } => actor_ok(*actor),
            _ => true,
        };
        if !actor_ok(cl.subject) || !object_ok || !span_ok(cl.span) {
            return Err(invalid(format!("claim {i} names no actor or lies outside the text")));
        }
    }
    Ok(())
}

/// The passage containing `span`'s start, from `(start, end, id)` sorted by
/// start.
fn passage_of(passages: &[(usize, usize, i64)], span: Span) -> Option<i64> {
    let i = passages.partition_point(|p| p.0 <= span.start);
    let p = passages.get(i.checked_sub(1)?)?;
    (span.start < p.1 || span.start == p.0).then_some(p.2)
}

/// Whether a report speaks of a night, so that its date may be the day
/// before or after another report's (`on the night of 22 March`).
fn speaks_of_night(text: &str) -> bool {
    let t = text.to_lowercase();
    t.contains("night of") || t.contains("overnight") || t.contains("late night") || t.contains("midnight")
}

/// Inserts a validated source's claims. `passages` are the source's
/// `(start, end, id)` in text order.
pub(crate) fn insert(
    conn: &Connection,
    source_id: &str,
    text: &str,
    passages: &[(usize, usize, i64)],
    c: &SourceClaims,
) -> Result<()> {
    {
        let mut st = conn
            .prepare_cached(
                "INSERT INTO doc_actors (source_id, local, kind, lexicon_id, name, aliases, rule, parent)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .ctx("preparing actor inserts")?;
        for (i, a) in c.actors.iter().enumerate() {
            st.execute(params![
                source_id,
                i,
                a.kind.as_str(),
                a.lexicon_id,
                a.name,
                json(&a.aliases)?,
                a.rule,
                a.parent
            ])
            .ctx("inserting actors")?;
        }
        let mut st = conn
            .prepare_cached("INSERT INTO mentions (source_id, local, start, \"end\") VALUES (?1, ?2, ?3, ?4)")
            .ctx("preparing mention inserts")?;
        for (a, s) in &c.mentions {
            st.execute(params![source_id, a, s.start, s.end]).ctx("inserting mentions")?;
        }
    }
    let mut st = conn
        .prepare_cached(
            "INSERT INTO claims (source_id, passage_id, subject, predicate, value, object, as_of, role, until, date,
                                 period, place, start, \"end\", quote, rule)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )
        .ctx("preparing claim inserts")?;
    for cl in &c.claims {
        let object = match &cl.value {
            ClaimValue::Actor { actor } => Some(*actor),
            _ => None,
        };
        st.execute(params![
            source_id,
            passage_of(passages, cl.span),
            cl.subject,
            cl.predicate.as_str(),
            json(&cl.value)?,
            object,
            cl.as_of.map(|d| d.to_string()),
            cl.role,
            cl.until.map(|d| d.to_string()),
            cl.date.map(|d| d.to_string()),
            cl.period,
            cl.place,
            cl.span.start,
            cl.span.end,
            cl.span.slice(text),
            cl.rule,
        ])
        .ctx("inserting claims")?;
    }
    let mut st = conn
        .prepare_cached(
            "INSERT INTO incident_reports (source_id, passage_id, start, \"end\", trigger_start, trigger_end, date, place,
                 perpetrator, target, fatalities_min, fatalities_max, fatalities_start, fatalities_end, fatalities_quote,
                 quote, claimed, night, rule)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        )
        .ctx("preparing incident inserts")?;
    for r in &c.incidents {
        let place = match &r.place {
            Some(p) => Some(json(p)?),
            None => None,
        };
        st.execute(params![
            source_id,
            passage_of(passages, r.span),
            r.span.start,
            r.span.end,
            r.trigger.start,
            r.trigger.end,
            r.date.map(|d| d.to_string()),
            place,
            r.perpetrator,
            r.target,
            r.fatalities.and_then(|t| t.min),
            r.fatalities.and_then(|t| t.max),
            r.fatalities.map(|t| t.span.start),
            r.fatalities.map(|t| t.span.end),
            r.fatalities.map(|t| t.span.slice(text)),
            r.span.slice(text),
            r.claimed,
            speaks_of_night(r.span.slice(text)),
            r.rule,
        ])
        .ctx("inserting incidents")?;
    }
    mark_stale(conn)
}

/// Marks the derived layer out of date; the next read rebuilds it.
pub(crate) fn mark_stale(conn: &Connection) -> Result<()> {
    conn.prepare_cached("INSERT OR REPLACE INTO kb_state (key, value) VALUES ('stale', '1')")
        .and_then(|mut st| st.execute([]))
        .ctx("marking the knowledge base stale")?;
    Ok(())
}

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(format!("cannot encode a record: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passage_lookup_finds_the_containing_passage() {
        let p = [(0, 10, 1), (11, 20, 2), (25, 30, 3)];
        assert_eq!(passage_of(&p, Span::new(0, 4)), Some(1));
        assert_eq!(passage_of(&p, Span::new(12, 40)), Some(2));
        assert_eq!(passage_of(&p, Span::new(21, 22)), None);
        assert_eq!(passage_of(&p, Span::new(29, 30)), Some(3));
        assert_eq!(passage_of(&[], Span::new(0, 1)), None);
    }

    #[test]
    fn nights() {
        assert!(speaks_of_night("On the night of 22 March, gunmen"));
        assert!(!speaks_of_night("Nightingale Road"));
    }
}
