//! Reading back: listings, one source in full, counts, and key lookup.

use dossier_model::{Format, PassageKind};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::error::{Context, Result, StoreError};
use crate::types::{Citation, Counts, NoteRow, PassageRow, ReferenceRow, SourceDetail, SourceSummary};

/// Columns of [`SourceSummary`], in the order [`summary_from_row`] reads them.
const SUMMARY_COLUMNS: &str = "s.id, s.path, s.title, s.publisher, s.date, s.address, s.format, s.bytes,
    (SELECT count(*) FROM passages p WHERE p.source_id = s.id),
    (SELECT count(*) FROM notes n WHERE n.source_id = s.id),
    (SELECT count(*) FROM notes n JOIN refs r ON r.note_id = n.id WHERE n.source_id = s.id)";

/// A row of `SUMMARY_COLUMNS`, with the format left as text for
/// [`format`] to check outside the row callback.
type RawSummary = (SourceSummary, String);

fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<RawSummary> {
    Ok((
        SourceSummary {
            id: r.get(0)?,
            path: r.get(1)?,
            title: r.get(2)?,
            publisher: r.get(3)?,
            date: r.get(4)?,
            address: r.get(5)?,
            format: Format::Text,
            bytes: r.get(7)?,
            passages: r.get(8)?,
            notes: r.get(9)?,
            references: r.get(10)?,
        },
        r.get(6)?,
    ))
}

fn finish((mut s, f): RawSummary) -> Result<SourceSummary> {
    s.format = Format::parse(&f).ok_or_else(|| StoreError::Corrupt(format!("unknown format {f:?} for {}", s.id)))?;
    Ok(s)
}

/// Parses a stored passage kind.
pub(crate) fn kind(k: &str) -> Result<PassageKind> {
    PassageKind::parse(k).ok_or_else(|| StoreError::Corrupt(format!("unknown passage kind {k:?}")))
}

pub(crate) fn sources(conn: &Connection) -> Result<Vec<SourceSummary>> {
    let mut st = conn
        .prepare_cached(&format!("SELECT {SUMMARY_COLUMNS} FROM sources s ORDER BY s.path, s.id"))
        .ctx("listing sources")?;
    let raw = st
        .query_map([], summary_from_row)
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .ctx("listing sources")?;
    raw.into_iter().map(finish).collect()
}

/// Finds the one source `key` names and returns its id.
///
/// Tried in order, the first rule that matches anything wins: the full hex
/// id; the stored path (a leading `./` ignored on either side); a hex prefix
/// of at least 4 characters; the file name of the stored path.
pub(crate) fn resolve(conn: &Connection, key: &str) -> Result<String> {
    let key_trim = key.trim();
    if key_trim.is_empty() {
        return Err(StoreError::NotFound(key.to_owned()));
    }
    let is_hex = key_trim.len() <= 64 && key_trim.bytes().all(|b| b.is_ascii_hexdigit());
    let hex = key_trim.to_ascii_lowercase();

    if is_hex && hex.len() == 64 {
        let found: Option<String> = conn
            .query_row("SELECT id FROM sources WHERE id = ?1", [&hex], |r| r.get(0))
            .optional()
            .ctx("looking up a source")?;
        if let Some(id) = found {
            return Ok(id);
        }
    }

    let all: Vec<(String, String)> = {
        let mut st =
            conn.prepare_cached("SELECT id, path FROM sources ORDER BY path, id").ctx("looking up a source")?;
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .ctx("looking up a source")?
    };
    let plain = |p: &str| p.strip_prefix("./").unwrap_or(p).to_owned();
    let file_name = |p: &str| p.rsplit(['/', '\\']).find(|s| !s.is_empty()).unwrap_or_default().to_owned();
    type Rule<'r> = &'r dyn Fn(&(String, String)) -> bool;
    let rules: [Rule<'_>; 3] = [
        &|(_, path)| path == key_trim || plain(path) == plain(key_trim),
        &|(id, _)| is_hex && hex.len() >= 4 && id.starts_with(&hex),
        &|(_, path)| file_name(path) == key_trim,
    ];
    for rule in rules {
        let matches: Vec<&(String, String)> = all.iter().filter(|s| rule(s)).collect();
        match matches.as_slice() {
            [] => continue,
            [(id, _)] => return Ok(id.clone()),
            many => {
                return Err(StoreError::Ambiguous {
                    key: key.to_owned(),
                    candidates: many.iter().map(|(id, path)| format!("{id}  {path}")).collect(),
                });
            }
        }
    }
    Err(StoreError::NotFound(key.to_owned()))
}

pub(crate) fn source(conn: &Connection, key: &str) -> Result<SourceDetail> {
    let id = resolve(conn, key)?;
    let (raw, ingested_at, warnings, text): (RawSummary, String, String, String) = conn
        .prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS}, s.ingested_at, s.warnings, s.text FROM sources s WHERE s.id = ?1"
        ))
        .and_then(|mut st| st.query_row([&id], |r| Ok((summary_from_row(r)?, r.get(11)?, r.get(12)?, r.get(13)?))))
        .ctx("reading a source")?;
    let summary = finish(raw)?;
    let warnings: Vec<String> = serde_json::from_str(&warnings)
        .map_err(|e| StoreError::Corrupt(format!("warnings of {id} are not a JSON string array: {e}")))?;

    // Passages, then their citations in one pass over the same order.
    let mut passages = Vec::new();
    {
        let mut st = conn
            .prepare_cached(
                "SELECT ordinal, kind, paragraph, start, \"end\", original_start, original_end, text
                 FROM passages WHERE source_id = ?1 ORDER BY ordinal",
            )
            .ctx("reading passages")?;
        let mut rows = st.query([&id]).ctx("reading passages")?;
        while let Some(r) = rows.next().ctx("reading passages")? {
            let k: String = r.get(1)?;
            passages.push(PassageRow {
                ordinal: r.get(0)?,
                kind: kind(&k)?,
                paragraph: r.get(2)?,
                start: r.get(3)?,
                end: r.get(4)?,
                original_start: r.get(5)?,
                original_end: r.get(6)?,
                text: r.get(7)?,
                citations: Vec::new(),
            });
        }
    }
    {
        let mut st = conn
            .prepare_cached(
                "SELECT p.ordinal, c.label FROM passages p JOIN citations c ON c.passage_id = p.id
                 WHERE p.source_id = ?1 ORDER BY p.ordinal, c.ordinal",
            )
            .ctx("reading citations")?;
        let mut rows = st.query([&id]).ctx("reading citations")?;
        while let Some(r) = rows.next().ctx("reading citations")? {
            let ordinal: usize = r.get(0)?;
            let label: String = r.get(1)?;
            // Ordinals are 0..n, so the ordinal is the index (checked, not assumed).
            match passages.get_mut(ordinal) {
                Some(p) if p.ordinal == ordinal => p.citations.push(label),
                _ => return Err(StoreError::Corrupt(format!("passage ordinals of {id} are not 0..n"))),
            }
        }
    }

    let mut notes: Vec<NoteRow> = Vec::new();
    let mut note_ids: Vec<i64> = Vec::new();
    {
        let mut st = conn
            .prepare_cached("SELECT id, label, start, \"end\", text FROM notes WHERE source_id = ?1 ORDER BY start, id")
            .ctx("reading notes")?;
        let mut rows = st.query([&id]).ctx("reading notes")?;
        while let Some(r) = rows.next().ctx("reading notes")? {
            note_ids.push(r.get(0)?);
            notes.push(NoteRow {
                label: r.get(1)?,
                start: r.get(2)?,
                end: r.get(3)?,
                text: r.get(4)?,
                references: Vec::new(),
            });
        }
    }
    for (note, note_id) in notes.iter_mut().zip(note_ids) {
        note.references = references_of(conn, note_id)?;
    }

    Ok(SourceDetail { summary, ingested_at, warnings, text, passages, notes })
}

/// The references of one note, in order.
fn references_of(conn: &Connection, note_id: i64) -> Result<Vec<ReferenceRow>> {
    let mut st = conn
        .prepare_cached(
            "SELECT ordinal, raw, author, publisher, title, date, pages, address
             FROM refs WHERE note_id = ?1 ORDER BY ordinal",
        )
        .ctx("reading references")?;
    st.query_map([note_id], |r| {
        Ok(ReferenceRow {
            ordinal: r.get(0)?,
            raw: r.get(1)?,
            author: r.get(2)?,
            publisher: r.get(3)?,
            title: r.get(4)?,
            date: r.get(5)?,
            pages: r.get(6)?,
            address: r.get(7)?,
        })
    })
    .and_then(|rows| rows.collect())
    .ctx("reading references")
}

/// The notes a passage cites, resolved through its source's labels.
pub(crate) fn citations_of(conn: &Connection, passage_id: i64) -> Result<Vec<Citation>> {
    let cited: Vec<(String, Option<i64>)> = {
        let mut st = conn
            .prepare_cached(
                "SELECT c.label, n.id
                 FROM citations c
                 JOIN passages p ON p.id = c.passage_id
                 LEFT JOIN notes n ON n.source_id = p.source_id AND n.label = c.label
                 WHERE c.passage_id = ?1
                 ORDER BY c.ordinal",
            )
            .ctx("reading citations")?;
        st.query_map(params![passage_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .ctx("reading citations")?
    };
    cited
        .into_iter()
        .map(|(label, note_id)| {
            let references = match note_id {
                Some(n) => references_of(conn, n)?,
                None => Vec::new(),
            };
            Ok(Citation { label, references })
        })
        .collect()
}

pub(crate) fn counts(conn: &Connection) -> Result<Counts> {
    conn.query_row(
        "SELECT (SELECT count(*) FROM sources), (SELECT count(*) FROM passages), (SELECT count(*) FROM notes),
                (SELECT count(*) FROM refs), (SELECT count(*) FROM citations)",
        [],
        |r| {
            Ok(Counts {
                sources: r.get(0)?,
                passages: r.get(1)?,
                notes: r.get(2)?,
                references: r.get(3)?,
                citations: r.get(4)?,
            })
        },
    )
    .ctx("counting rows")
}

/// Whether a source with this hex id is stored.
pub(crate) fn exists(conn: &Connection, id: &str) -> Result<bool> {
    conn.prepare_cached("SELECT 1 FROM sources WHERE id = ?1")
        .and_then(|mut st| st.exists([id]))
        .ctx("checking for a source")
}

/// The stored offset map of a source.
pub(crate) fn offset_map_blob(conn: &Connection, id: &str) -> Result<Vec<u8>> {
    conn.query_row("SELECT offset_map FROM sources WHERE id = ?1", [id], |r| r.get(0))
        .optional()
        .ctx("reading an offset map")?
        .ok_or_else(|| StoreError::NotFound(id.to_owned()))
}
