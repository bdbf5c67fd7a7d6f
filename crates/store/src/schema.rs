//! The schema and its migrations.
//!
//! Migration `i` (0-based) takes a database from `PRAGMA user_version = i`
//! to `i + 1`. Migrations are append-only: a released one is never edited,
//! a change is a new entry. Each runs inside the same transaction as the
//! `user_version` bump, so a crash leaves the old version intact.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Context, Result, StoreError};

/// Schema version 1.
///
/// * Offsets (`start`, `end`) are bytes into `sources.text`, the canonical
///   text; `original_*` are bytes into the original file.
/// * Ordinals count from 0 in text order.
/// * Dates are ISO strings at the precision the source gives (`2015`,
///   `2015-01`, `2015-01-26`).
/// * `passages_fts` is an external-content FTS5 index over `passages.text`
///   (rowid = `passages.id`): ingest inserts its rows explicitly, triggers
///   remove them when passages are deleted. Superscript digits are
///   separators so `2 000³⁹⁶` indexes `000`, not `000³⁹⁶`.
const V1: &str = r#"
CREATE TABLE sources (
    id             TEXT PRIMARY KEY NOT NULL,  -- lowercase hex SHA-256 of the file's bytes
    path           TEXT NOT NULL,              -- path as given when first ingested
    title          TEXT NOT NULL,              -- document title, else the file name
    publisher      TEXT,
    date           TEXT,                       -- ISO at its precision
    date_precision TEXT,                       -- 'year' | 'month' | 'day'
    address        TEXT,
    format         TEXT NOT NULL,              -- 'text' | 'markdown' | 'html' | 'pdf'
    bytes          INTEGER NOT NULL,           -- size of the original file
    text           TEXT NOT NULL,              -- canonical text
    offset_map     BLOB NOT NULL,              -- see codec.rs
    warnings       TEXT NOT NULL,              -- JSON array of strings
    ingested_at    TEXT NOT NULL               -- UTC, ISO 8601
) STRICT;
CREATE INDEX sources_path ON sources(path);

CREATE TABLE passages (
    id             INTEGER PRIMARY KEY,
    source_id      TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    ordinal        INTEGER NOT NULL,
    kind           TEXT NOT NULL,              -- 'sentence' | 'heading' | 'list_item' | 'table_row'
    paragraph      INTEGER NOT NULL,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    original_start INTEGER NOT NULL,
    original_end   INTEGER NOT NULL,
    text           TEXT NOT NULL,
    UNIQUE (source_id, ordinal)
) STRICT;

CREATE TABLE notes (
    id             INTEGER PRIMARY KEY,
    source_id      TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    label          TEXT NOT NULL,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    text           TEXT NOT NULL,
    UNIQUE (source_id, label)
) STRICT;

CREATE TABLE refs (
    id             INTEGER PRIMARY KEY,
    note_id        INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    ordinal        INTEGER NOT NULL,
    raw            TEXT NOT NULL,
    author         TEXT,
    publisher      TEXT,
    title          TEXT,
    date           TEXT,
    pages          TEXT,
    address        TEXT,
    UNIQUE (note_id, ordinal)
) STRICT;

-- A citation names a note by label; it is resolved through
-- notes(source_id, label) so a label without a note is kept, not lost.
CREATE TABLE citations (
    passage_id     INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    ordinal        INTEGER NOT NULL,
    label          TEXT NOT NULL,
    PRIMARY KEY (passage_id, ordinal)
) STRICT, WITHOUT ROWID;

CREATE VIRTUAL TABLE passages_fts USING fts5(
    text,
    content = 'passages',
    content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2 separators '⁰¹²³⁴⁵⁶⁷⁸⁹'"
);


-- Buffer up to 16 MB of index data in memory before writing a segment
-- (default 1 MB): a bulk ingest then writes and merges far fewer segments.
INSERT INTO passages_fts(passages_fts, rank) VALUES ('hashsize', 16777216);

CREATE TRIGGER passages_fts_delete AFTER DELETE ON passages BEGIN
    INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER passages_fts_update AFTER UPDATE OF text ON passages BEGIN
    INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO passages_fts(rowid, text) VALUES (new.id, new.text);
END;
"#;

/// Every migration in order; the schema version is `MIGRATIONS.len()`.
pub(crate) const MIGRATIONS: &[&str] = &[V1];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Reads `PRAGMA user_version`.
pub(crate) fn user_version(conn: &Connection) -> Result<u32> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0)).ctx("reading the schema version")
}

/// Fails with [`StoreError::NewerSchema`] when the file is from a newer build.
pub(crate) fn check_not_newer(found: u32) -> Result<()> {
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema { found, supported: SCHEMA_VERSION });
    }
    Ok(())
}

/// Applies the migrations the database lacks, all in one transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).ctx("starting the migration")?;
    // Re-read under the write lock: another process may have migrated.
    let found = user_version(&tx)?;
    check_not_newer(found)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.execute_batch(sql).ctx("applying a schema migration")?;
        tx.pragma_update(None, "user_version", i as u32 + 1).ctx("recording the schema version")?;
    }
    tx.commit().ctx("committing the migration")
}
