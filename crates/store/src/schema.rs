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

/// Schema version 2: the knowledge base.
///
/// Two layers. *Per source*, written in the source's own ingest transaction
/// and deleted with it: `doc_actors` (actors as the source names them,
/// numbered `local` within the source), `mentions`, `claims` (subject,
/// predicate, value as JSON, span, qualifiers) and `incident_reports`.
/// *Derived*, rebuilt by the resolve stage from the per-source layer in one
/// transaction whenever `kb_state.stale` is set: `actors`, `actor_aliases`,
/// `actor_members` (which source-local actor is which actor), `events`,
/// `event_reports` and `event_links` (why reports were merged). An event's
/// id is the id of its first report, so it survives rebuilds that keep
/// that report.
const V2: &str = r#"
CREATE TABLE doc_actors (
    source_id      TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    local          INTEGER NOT NULL,
    kind           TEXT NOT NULL,             -- 'armed_group' | 'state_actor' | 'political_party' | 'organisation' | 'person'
    lexicon_id     TEXT,
    name           TEXT NOT NULL,
    aliases        TEXT NOT NULL,             -- JSON array of the forms the source uses
    rule           TEXT NOT NULL,
    PRIMARY KEY (source_id, local)
) STRICT, WITHOUT ROWID;

CREATE TABLE mentions (
    source_id      TEXT NOT NULL,
    local          INTEGER NOT NULL,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    FOREIGN KEY (source_id, local) REFERENCES doc_actors(source_id, local) ON DELETE CASCADE
) STRICT;
CREATE INDEX mentions_actor ON mentions(source_id, local);

CREATE TABLE claims (
    id             INTEGER PRIMARY KEY,
    source_id      TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    passage_id     INTEGER REFERENCES passages(id) ON DELETE CASCADE,
    subject        INTEGER NOT NULL,          -- doc_actors.local
    predicate      TEXT NOT NULL,
    value          TEXT NOT NULL,             -- JSON, see dossier_model::ClaimValue
    object         INTEGER,                   -- doc_actors.local for actor values
    as_of          TEXT,
    role           TEXT,
    until          TEXT,
    date           TEXT,
    period         TEXT,
    place          TEXT,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    quote          TEXT NOT NULL,             -- the span's text, kept so reads need not load the source
    rule           TEXT NOT NULL
) STRICT;
CREATE INDEX claims_subject ON claims(source_id, subject, predicate);

CREATE TABLE incident_reports (
    id             INTEGER PRIMARY KEY,
    source_id      TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    passage_id     INTEGER REFERENCES passages(id) ON DELETE CASCADE,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    trigger_start  INTEGER NOT NULL,
    trigger_end    INTEGER NOT NULL,
    date           TEXT,
    place          TEXT,                      -- JSON, see dossier_model::PlaceClaim
    perpetrator    INTEGER,                   -- doc_actors.local
    target         TEXT,
    fatalities_min INTEGER,
    fatalities_max INTEGER,
    fatalities_start INTEGER,
    fatalities_end INTEGER,
    fatalities_quote TEXT,
    quote          TEXT NOT NULL,
    claimed        INTEGER NOT NULL,
    night          INTEGER NOT NULL,          -- the text speaks of a night: the date may be off by one
    rule           TEXT NOT NULL
) STRICT;
CREATE INDEX incident_reports_source ON incident_reports(source_id);

CREATE TABLE kb_state (
    key            TEXT PRIMARY KEY NOT NULL,
    value          TEXT NOT NULL
) STRICT;
INSERT INTO kb_state VALUES ('stale', '1');

CREATE TABLE actors (
    id             INTEGER PRIMARY KEY,
    key            TEXT NOT NULL UNIQUE,      -- lexicon id, else a slug of the name
    kind           TEXT NOT NULL,
    name           TEXT NOT NULL,
    lexicon_id     TEXT,
    sources        INTEGER NOT NULL
) STRICT;

CREATE TABLE actor_aliases (
    actor_id       INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    key            TEXT NOT NULL,             -- comparison form (dossier_resolve::name_key)
    alias          TEXT NOT NULL,
    sources        INTEGER NOT NULL,
    PRIMARY KEY (actor_id, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX actor_aliases_key ON actor_aliases(key);

CREATE TABLE actor_members (
    source_id      TEXT NOT NULL,
    local          INTEGER NOT NULL,
    actor_id       INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    PRIMARY KEY (source_id, local)
) STRICT, WITHOUT ROWID;
CREATE INDEX actor_members_actor ON actor_members(actor_id);

CREATE TABLE events (
    id             INTEGER PRIMARY KEY,       -- the id of its first report
    date           TEXT,                      -- most precise date its reports agree on
    day_first      TEXT,                      -- first possible day, for date filters
    day_last       TEXT,                      -- last possible day
    country        TEXT,
    admin1         TEXT,                      -- ISO 3166-2
    admin1_name    TEXT,
    admin2_name    TEXT,
    place_name     TEXT,                      -- most specific place its reports give
    place_kind     TEXT,
    lat            REAL,
    lon            REAL,
    perpetrator    INTEGER REFERENCES actors(id) ON DELETE SET NULL,
    fatalities_low INTEGER,
    fatalities_high INTEGER,
    fatalities_median INTEGER,
    fatalities_recent INTEGER,
    claimed        INTEGER NOT NULL,
    reports        INTEGER NOT NULL,
    sources        INTEGER NOT NULL
) STRICT;
CREATE INDEX events_perpetrator ON events(perpetrator, day_first);
CREATE INDEX events_country ON events(country, day_first);
CREATE INDEX events_admin1 ON events(admin1_name COLLATE NOCASE, day_first);
CREATE INDEX events_day ON events(day_first);

CREATE TABLE event_reports (
    report_id      INTEGER PRIMARY KEY REFERENCES incident_reports(id) ON DELETE CASCADE,
    event_id       INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE
) STRICT;
CREATE INDEX event_reports_event ON event_reports(event_id);

CREATE TABLE event_links (
    event_id       INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    a              INTEGER NOT NULL,          -- incident_reports.id
    b              INTEGER NOT NULL,
    score          INTEGER NOT NULL,
    rule           TEXT NOT NULL
) STRICT;
CREATE INDEX event_links_event ON event_links(event_id);
"#;

/// Schema version 3: event datasets.
///
/// `datasets` records each imported file (a snapshot: name, hash, counts,
/// date, whether it finished). `dataset_rows` holds one row per dataset
/// event, unique per dataset and row id (a second export of the same
/// events adds nothing), with the columns the event queries filter on.
/// `dataset_actors` are the names a dataset uses, linked by the resolve
/// stage to actors (`actor_id`, derived). `event_rows` (derived) records
/// which rows were merged into an event read from reports, and why; rows
/// not merged are events on their own (see `kb/read.rs`).
const V3: &str = r#"
CREATE TABLE datasets (
    num            INTEGER PRIMARY KEY,        -- what rows refer to (small, unlike the hash)
    id             TEXT NOT NULL UNIQUE,       -- lowercase hex SHA-256 of the file
    name           TEXT NOT NULL,              -- 'ACLED' | 'GTD' | 'UCDP GED'
    layout         TEXT NOT NULL,
    path           TEXT NOT NULL,
    bytes          INTEGER NOT NULL,
    rows           INTEGER NOT NULL,           -- rows stored from this file
    duplicates     INTEGER NOT NULL,           -- rows already stored from an earlier file
    bad_rows       INTEGER NOT NULL,           -- rows refused (reported with their line)
    complete       INTEGER NOT NULL,           -- 0 while importing or after a crash
    imported_at    TEXT NOT NULL
) STRICT;

-- The organisation a reviewed actor belongs to (ISKP in IS), so reports
-- naming the parent and the branch can meet.
ALTER TABLE doc_actors ADD COLUMN parent TEXT;

CREATE TABLE dataset_actors (
    dataset        TEXT NOT NULL,              -- datasets.name: one list per dataset
    local          INTEGER NOT NULL,
    name           TEXT NOT NULL,
    lexicon_id     TEXT,
    parent         TEXT,
    actor_id       INTEGER,                    -- derived: the resolved actor
    PRIMARY KEY (dataset, local),
    UNIQUE (dataset, name)
) STRICT;
CREATE INDEX dataset_actors_actor ON dataset_actors(actor_id);

CREATE TABLE dataset_rows (
    id             INTEGER PRIMARY KEY,
    dataset        TEXT NOT NULL,
    file           INTEGER NOT NULL REFERENCES datasets(num) ON DELETE CASCADE,
    row_key        TEXT NOT NULL,              -- the dataset's own id (event_id_cnty, eventid, id)
    line           INTEGER NOT NULL,
    date           TEXT NOT NULL,              -- ISO at the precision the dataset vouches for
    day_first      TEXT NOT NULL,
    day_last       TEXT NOT NULL,
    approximate    INTEGER NOT NULL,
    country        TEXT,                       -- ISO 3166-1 alpha-2 when linked
    country_name   TEXT,
    admin1         TEXT,                       -- as the dataset writes it
    admin1_code    TEXT,                       -- ISO 3166-2 when linked
    admin1_name    TEXT,                       -- the gazetteer's name when linked
    admin2         TEXT,
    admin2_id      TEXT,
    location       TEXT,
    lat            REAL,
    lon            REAL,
    geo_precision  TEXT,
    place_id       TEXT,
    place_name     TEXT,
    place_kind     TEXT,
    actor          INTEGER,                    -- dataset_actors.local
    actor2         INTEGER,
    event_type     TEXT,
    sub_event_type TEXT,
    fatalities     INTEGER,
    fatalities_low INTEGER,
    fatalities_high INTEGER,
    claimed        INTEGER,
    quote          TEXT,
    source         TEXT,
    UNIQUE (dataset, row_key)
) STRICT;
CREATE INDEX dataset_rows_actor ON dataset_rows(dataset, actor, country, day_first, day_last, date, fatalities);
CREATE INDEX dataset_rows_country ON dataset_rows(country, day_first);

CREATE TABLE event_rows (
    row_id         INTEGER PRIMARY KEY REFERENCES dataset_rows(id) ON DELETE CASCADE,
    event_id       INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    report_id      INTEGER NOT NULL,           -- the report it was linked to
    score          INTEGER NOT NULL,
    rule           TEXT NOT NULL
) STRICT;
CREATE INDEX event_rows_event ON event_rows(event_id);
"#;

/// Every migration in order; the schema version is `MIGRATIONS.len()`.
pub(crate) const MIGRATIONS: &[&str] = &[V1, V2, V3];

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
    // Current already: no write lock, so opening never waits for a writer
    // (an import in another process holds the lock for its whole run).
    if user_version(conn)? as usize == MIGRATIONS.len() {
        return Ok(());
    }
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
