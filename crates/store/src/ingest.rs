//! Writing a document: validation first, then plain inserts through cached
//! statements inside the caller's transaction.

use std::collections::HashSet;

use dossier_model::{DatePrecision, Document, PartialDate, Segmented, SourceClaims, Span};
use rusqlite::{Connection, params};

use crate::codec::encode_offset_map;
use crate::error::{Context, Result, StoreError};

/// Checks everything that could fail half-way, so that a bad input is
/// rejected before the first write rather than by a rollback.
pub(crate) fn validate(doc: &Document, seg: &Segmented, claims: &SourceClaims) -> Result<()> {
    let invalid = |reason: String| StoreError::InvalidInput { source_path: doc.path.clone(), reason };
    let text = doc.text.as_str();
    let check = |what: &str, span: Span| {
        if span.start > span.end || text.get(span.start..span.end).is_none() {
            return Err(invalid(format!(
                "{what} span {}..{} is not a range of the {}-byte text on character boundaries",
                span.start,
                span.end,
                text.len()
            )));
        }
        Ok(())
    };
    for (i, p) in seg.passages.iter().enumerate() {
        check(&format!("passage {i}"), p.span)?;
    }
    let mut labels = HashSet::with_capacity(seg.notes.len());
    for n in &seg.notes {
        check(&format!("note {:?}", n.label), n.span)?;
        if !labels.insert(n.label.as_str()) {
            return Err(invalid(format!("note label {:?} appears twice", n.label)));
        }
    }
    crate::kb::write::validate(&doc.path, text, claims)
}

/// Inserts a validated document. The caller owns the transaction and has
/// checked that the id is not stored yet.
pub(crate) fn insert(conn: &Connection, doc: &Document, seg: &Segmented, claims: &SourceClaims) -> Result<()> {
    let text = doc.text.as_str();
    let id = doc.id.to_hex();
    let date = doc.meta.date.or(seg.meta.date);
    let warnings = serde_json::to_string(&doc.warnings)
        .map_err(|e| StoreError::InvalidInput { source_path: doc.path.clone(), reason: e.to_string() })?;

    conn.prepare_cached(
        "INSERT INTO sources (id, path, title, publisher, date, date_precision, address, format, bytes, text,
                              offset_map, warnings, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    )
    .and_then(|mut st| {
        st.execute(params![
            id,
            doc.path,
            title(doc, seg),
            non_blank(&doc.meta.publisher).or(non_blank(&seg.meta.publisher)),
            date.map(|d| d.to_string()),
            date.map(|d| precision_name(&d)),
            non_blank(&doc.meta.address).or(non_blank(&seg.meta.address)),
            doc.format.as_str(),
            doc.byte_len,
            text,
            encode_offset_map(&doc.offsets),
            warnings,
        ])
    })
    .ctx("inserting the source")?;

    {
        let mut note_st = conn
            .prepare_cached("INSERT INTO notes (source_id, label, start, \"end\", text) VALUES (?1, ?2, ?3, ?4, ?5)")
            .ctx("preparing note inserts")?;
        let mut ref_st = conn
            .prepare_cached(
                "INSERT INTO refs (note_id, ordinal, raw, author, publisher, title, date, pages, address)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .ctx("preparing reference inserts")?;
        for n in &seg.notes {
            let note_id = note_st
                .insert(params![id, n.label, n.span.start, n.span.end, n.span.slice(text)])
                .ctx("inserting notes")?;
            for (i, r) in n.references.iter().enumerate() {
                ref_st
                    .execute(params![
                        note_id,
                        i,
                        r.raw,
                        r.author,
                        r.publisher,
                        r.title,
                        r.date.map(|d| d.to_string()),
                        r.pages,
                        r.address,
                    ])
                    .ctx("inserting references")?;
            }
        }
    }

    let mut passage_st = conn
        .prepare_cached(
            "INSERT INTO passages (source_id, ordinal, kind, paragraph, start, \"end\", original_start, original_end, text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .ctx("preparing passage inserts")?;
    let mut fts_st =
        conn.prepare_cached("INSERT INTO passages_fts (rowid, text) VALUES (?1, ?2)").ctx("preparing index inserts")?;
    let mut cite_st = conn
        .prepare_cached("INSERT INTO citations (passage_id, ordinal, label) VALUES (?1, ?2, ?3)")
        .ctx("preparing citation inserts")?;
    let mut spans = Vec::with_capacity(seg.passages.len());
    for (ordinal, p) in seg.passages.iter().enumerate() {
        let body = p.span.slice(text);
        let passage_id = passage_st
            .insert(params![
                id,
                ordinal,
                p.kind.as_str(),
                p.paragraph,
                p.span.start,
                p.span.end,
                doc.offsets.to_original(p.span.start),
                doc.offsets.to_original(p.span.end),
                body,
            ])
            .ctx("inserting passages")?;
        fts_st.execute(params![passage_id, body]).ctx("indexing passages")?;
        spans.push((p.span.start, p.span.end, passage_id));
        for (i, label) in p.citations.iter().enumerate() {
            cite_st.execute(params![passage_id, i, label]).ctx("inserting citations")?;
        }
    }
    spans.sort_unstable();
    crate::kb::write::insert(conn, &id, text, &spans, claims)
}

/// The title: the document's own, else the segmenter's, else the file name.
fn title(doc: &Document, seg: &Segmented) -> String {
    non_blank(&doc.meta.title).or(non_blank(&seg.meta.title)).map(str::to_owned).unwrap_or_else(|| {
        let name = doc.path.rsplit(['/', '\\']).find(|s| !s.is_empty()).unwrap_or_default();
        if name.is_empty() { doc.id.to_hex() } else { name.to_owned() }
    })
}

/// A metadata value that says something (blank strings count as absent).
fn non_blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.trim().is_empty())
}

fn precision_name(d: &PartialDate) -> &'static str {
    match d.precision() {
        DatePrecision::Year => "year",
        DatePrecision::Month => "month",
        DatePrecision::Day => "day",
    }
}
