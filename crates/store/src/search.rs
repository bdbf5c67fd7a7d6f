//! Full-text search: user input is turned into an FTS5 query that cannot
//! be a syntax error, then ranked by BM25.

use rusqlite::{Connection, params};

use crate::error::{Context, Result, StoreError};
use crate::read::{citations_of, kind};
use crate::types::Hit;

/// Turns what a user typed into a safe FTS5 query.
///
/// Every whitespace-separated word becomes a quoted FTS5 string (`"` doubled
/// inside), so operators (`AND`, `NEAR(`), column filters (`text:`) and
/// punctuation (`ISIS-K`, `U.S.`) are matched as text, never parsed. Text in
/// double quotes stays one phrase; an unclosed quote just quotes the rest. A
/// trailing `*` on a word (`fight*`) keeps its FTS5 meaning of a prefix
/// search. Words are ANDed. Input with nothing but whitespace and `"` is a
/// [`StoreError::BadQuery`].
pub fn fts_query(input: &str) -> Result<String> {
    // FTS5 reads its query as a C string: a NUL would end it mid-quote.
    let input = input.replace('\0', " ");
    let mut parts: Vec<String> = Vec::new();
    let mut rest = input.as_str();
    while let Some(q) = rest.find('"') {
        words(&rest[..q], &mut parts);
        let after = &rest[q + 1..];
        let (phrase, next) = match after.find('"') {
            Some(end) => (&after[..end], &after[end + 1..]),
            None => (after, ""),
        };
        if !phrase.trim().is_empty() {
            parts.push(quote(phrase.trim()));
        }
        rest = next;
    }
    words(rest, &mut parts);
    if parts.is_empty() {
        return Err(StoreError::BadQuery("the query is empty".into()));
    }
    Ok(parts.join(" "))
}

fn words(s: &str, parts: &mut Vec<String>) {
    for w in s.split_whitespace() {
        match w.strip_suffix('*') {
            Some(stem) if !stem.trim_end_matches('*').is_empty() => {
                parts.push(format!("{}*", quote(stem.trim_end_matches('*'))));
            }
            // A bare `*` is searched as text (it matches nothing).
            Some(_) => parts.push(quote(w)),
            None => parts.push(quote(w)),
        }
    }
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Runs a search; see [`crate::Store::search`].
pub(crate) fn search(conn: &Connection, query: &str, limit: usize) -> Result<Vec<Hit>> {
    let fts = fts_query(query)?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut st = conn
        .prepare_cached(
            "SELECT p.id, p.source_id, s.title, s.path, p.ordinal, p.kind, p.start, p.\"end\",
                    p.original_start, p.original_end, p.text,
                    snippet(passages_fts, 0, '[', ']', '…', 24), bm25(passages_fts) AS score
             FROM passages_fts
             JOIN passages p ON p.id = passages_fts.rowid
             JOIN sources s ON s.id = p.source_id
             WHERE passages_fts MATCH ?1
             ORDER BY score, s.path, p.source_id, p.ordinal
             LIMIT ?2",
        )
        .ctx("preparing the search")?;
    let rows = st
        .query_map(params![fts, limit], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Hit {
                    source_id: r.get(1)?,
                    source_title: r.get(2)?,
                    source_path: r.get(3)?,
                    passage: r.get(4)?,
                    kind: dossier_model::PassageKind::Sentence,
                    start: r.get(6)?,
                    end: r.get(7)?,
                    original_start: r.get(8)?,
                    original_end: r.get(9)?,
                    text: r.get(10)?,
                    snippet: r.get(11)?,
                    rank: r.get(12)?,
                    citations: Vec::new(),
                },
                r.get::<_, String>(5)?,
            ))
        })
        .and_then(|rows| rows.collect::<std::result::Result<Vec<_>, _>>())
        .map_err(|e| match e {
            // Quoting makes syntax errors impossible in principle; if FTS5
            // still refuses the query, it is the query's fault, not the
            // database's.
            rusqlite::Error::SqliteFailure(_, Some(msg)) if msg.starts_with("fts5:") => StoreError::BadQuery(msg),
            source => StoreError::SqliteAt { context: "searching", source },
        })?;
    let mut hits = Vec::with_capacity(rows.len());
    for (passage_id, mut hit, k) in rows {
        hit.kind = kind(&k)?;
        hit.citations = citations_of(conn, passage_id)?;
        hits.push(hit);
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_and_anded() {
        assert_eq!(fts_query("ISIS-K  fighters").unwrap(), r#""ISIS-K" "fighters""#);
        assert_eq!(fts_query("U.S. AND OR NOT").unwrap(), r#""U.S." "AND" "OR" "NOT""#);
        assert_eq!(fts_query("NEAR( text:x").unwrap(), r#""NEAR(" "text:x""#);
    }

    #[test]
    fn phrases_stay_phrases_and_quotes_are_escaped() {
        assert_eq!(fts_query(r#"size "of the group" 2"#).unwrap(), r#""size" "of the group" "2""#);
        assert_eq!(fts_query(r#""unbalanced phrase"#).unwrap(), r#""unbalanced phrase""#);
        assert_eq!(fts_query(r#"a"b"#).unwrap(), r#""a" "b""#);
        assert_eq!(fts_query("a\0b").unwrap(), r#""a" "b""#);
        assert_eq!(fts_query(r#"it's 6"""#).unwrap(), r#""it's" "6""#);
    }

    #[test]
    fn trailing_star_is_a_prefix_search_and_bare_star_is_text() {
        assert_eq!(fts_query("fight*").unwrap(), r#""fight"*"#);
        assert_eq!(fts_query("fight** x").unwrap(), r#""fight"* "x""#);
        assert_eq!(fts_query("* x").unwrap(), r#""*" "x""#);
    }

    #[test]
    fn empty_input_is_a_bad_query() {
        for q in ["", "   ", "\"\"", "\" \"", "\t\n"] {
            assert!(matches!(fts_query(q), Err(StoreError::BadQuery(_))), "{q:?}");
        }
    }
}
