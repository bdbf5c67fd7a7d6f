//! Dossier's knowledge base on disk: the only crate that knows SQL.
//!
//! A [`Store`] is one SQLite file holding every ingested source with its
//! canonical text, passages, notes, parsed references and the citations
//! between them, plus an FTS5 index over the passages. Every passage keeps
//! its byte offsets in both the canonical text and the original file, so a
//! search hit can always be shown in its source.
//!
//! Sources are identified by the SHA-256 of their bytes: ingesting the same
//! bytes again (under any path) writes nothing. The schema is versioned in
//! `PRAGMA user_version` and migrated forward on open; a file from a newer
//! build is refused rather than misread (see [`SCHEMA_VERSION`]). The
//! types handed out are in [`types`]; they are the CLI's `--json` output.

mod bulk;
mod codec;
mod error;
mod ingest;
pub mod kb;
mod read;
mod schema;
mod search;
pub mod types;
mod watch;

use std::path::Path;
use std::time::Duration;

use dossier_model::{Document, OffsetMap, Segmented, SourceClaims, SourceId};
use rusqlite::{Connection, TransactionBehavior};

pub use bulk::Bulk;
pub use codec::{decode_offset_map, encode_offset_map};
pub use error::{Result, StoreError};
pub use kb::types::{
    ActorRef, ActorRow, AliasRow, ClaimRow, EventDetail, EventFilter, EventRow, Evidence, LinkRow, ReportRow,
    SourceRef, TollColumn,
};
pub use kb::{DatasetFile, DatasetSummary, Import, ImportCounts, ROW_EVENT_BASE, Rebuilt};
pub use schema::SCHEMA_VERSION;
pub use search::fts_query;
pub use types::{Citation, Counts, Hit, IngestOutcome, NoteRow, PassageRow, ReferenceRow, SourceDetail, SourceSummary};
pub use watch::Watcher;

use error::Context;

/// An open knowledge base. One connection; not `Sync`, open one per thread
/// (SQLite in WAL mode lets readers run while one writer ingests).
pub struct Store {
    conn: Connection,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.conn.path()).finish()
    }
}

/// How long a connection waits for another process's write lock.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl Store {
    /// Opens (creating if missing) the database at `path` and migrates it
    /// to the current schema. WAL journaling lets searches run during an
    /// ingest; `synchronous=NORMAL` is durable at each checkpoint and never
    /// corrupts; a 5 s busy timeout rides out another process's write.
    pub fn open(path: &Path) -> Result<Store> {
        let open_err = |source| StoreError::Open { path: path.to_owned(), source };
        #[allow(clippy::disallowed_methods, reason = "this is the one place that opens SQLite")]
        let conn = Connection::open(path).map_err(open_err)?;
        Self::setup(conn).map_err(|e| match e {
            // "file is not a database" and the like belong to the path.
            StoreError::SqliteAt { source, .. } | StoreError::Sqlite(source) => open_err(source),
            e => e,
        })
    }

    /// A throwaway database in memory, for tests and dry runs.
    pub fn open_in_memory() -> Result<Store> {
        #[allow(clippy::disallowed_methods, reason = "this is the one place that opens SQLite")]
        let conn = Connection::open_in_memory()?;
        Self::setup(conn)
    }

    fn setup(mut conn: Connection) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT).ctx("setting the busy timeout")?;
        conn.pragma_update(None, "foreign_keys", true).ctx("enabling foreign keys")?;
        conn.pragma_update(None, "synchronous", "NORMAL").ctx("setting synchronous")?;
        conn.pragma_update(None, "temp_store", "MEMORY").ctx("setting temp_store")?;
        // Checkpoint every ~40 MB of WAL instead of ~4 MB: hot pages (index
        // roots, FTS structure) are then written back once, not ten times.
        conn.pragma_update(None, "wal_autocheckpoint", 10_000).ctx("setting wal_autocheckpoint")?;
        // Refuse a newer file before anything (even the journal mode) writes to it.
        schema::check_not_newer(schema::user_version(&conn)?)?;
        // A bulk import in another process may hold the database in
        // rollback-journal mode with its query indexes dropped; it restores
        // both when it ends, and this connection reads meanwhile.
        let importing = kb::dataset::import_running(&conn);
        if !importing {
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0)).ctx("enabling WAL")?;
        }
        conn.set_prepared_statement_cache_capacity(64);
        schema::migrate(&mut conn)?;
        // A bulk import killed before the end leaves its deferred indexes
        // dropped; queries need them back.
        if !importing && schema::user_version(&conn)? >= 3 {
            conn.execute_batch(kb::dataset::ROW_INDEXES).ctx("restoring the row indexes")?;
        }
        Ok(Store { conn })
    }

    /// The schema version of the open database (`PRAGMA user_version`);
    /// after a successful open it equals [`SCHEMA_VERSION`].
    pub fn schema_version(&self) -> Result<u32> {
        schema::user_version(&self.conn)
    }

    /// Whether a source with this id is stored, so a caller can skip
    /// reading and segmenting a file whose bytes are already known.
    pub fn contains(&self, id: &SourceId) -> Result<bool> {
        read::exists(&self.conn, &id.to_hex())
    }

    /// Stores a document and its segmentation in one transaction.
    ///
    /// If a source with the same id (same bytes) is already stored, nothing
    /// is written at all and the result is [`IngestOutcome::Unchanged`]; the
    /// stored path stays the first one. Spans are checked before any write,
    /// so invalid input is [`StoreError::InvalidInput`] with nothing stored,
    /// and any later failure rolls the whole source back. For many files
    /// prefer [`Store::bulk`].
    pub fn ingest(&mut self, doc: &Document, seg: &Segmented) -> Result<IngestOutcome> {
        self.ingest_with(doc, seg, &SourceClaims::default())
    }

    /// [`Store::ingest`] with what extraction found in the document: its
    /// actors, incidents and claims are stored in the same transaction, so
    /// a source is never visible without them. The derived layer is marked
    /// stale; [`Store::refresh`] rebuilds it.
    pub fn ingest_with(&mut self, doc: &Document, seg: &Segmented, claims: &SourceClaims) -> Result<IngestOutcome> {
        let id = doc.id.to_hex();
        // Read-only check first: the common re-ingest path takes no write lock.
        if read::exists(&self.conn, &id)? {
            return Ok(IngestOutcome::Unchanged);
        }
        ingest::validate(doc, seg, claims)?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).ctx("starting the ingest")?;
        // Another process may have stored it since the check above.
        if read::exists(&tx, &id)? {
            return Ok(IngestOutcome::Unchanged); // dropping `tx` rolls back an empty transaction
        }
        ingest::insert(&tx, doc, seg, claims)?;
        tx.commit().ctx("committing the ingest")?;
        Ok(IngestOutcome::Added)
    }

    /// Starts a bulk ingest: many documents share one commit, about twice
    /// as fast as [`Store::ingest`] on folders of small files. Documents
    /// are still never partly stored, but a SQLite failure rolls back the
    /// whole open chunk; see [`Bulk`].
    pub fn bulk(&mut self) -> Bulk<'_> {
        Bulk::new(&mut self.conn)
    }

    /// Replaces the stored source `old_id` (full hex id) by `doc` in one
    /// transaction, for a file whose bytes changed: readers see either the
    /// old source or the new one, never neither.
    ///
    /// If `doc` has the id `old_id`, nothing is written and the result is
    /// `Unchanged`. If `doc`'s bytes are already stored under another path,
    /// the old source is deleted and the result is `Unchanged`.
    /// [`StoreError::NotFound`] if `old_id` is not stored.
    pub fn replace_source(
        &mut self,
        old_id: &str,
        doc: &Document,
        seg: &Segmented,
        claims: &SourceClaims,
    ) -> Result<IngestOutcome> {
        let old = old_id.to_ascii_lowercase();
        let new = doc.id.to_hex();
        if !read::exists(&self.conn, &old)? {
            return Err(StoreError::NotFound(old_id.to_owned()));
        }
        if old == new {
            return Ok(IngestOutcome::Unchanged);
        }
        ingest::validate(doc, seg, claims)?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).ctx("starting the replace")?;
        if !delete(&tx, &old)? {
            return Err(StoreError::NotFound(old_id.to_owned()));
        }
        let outcome = if read::exists(&tx, &new)? {
            IngestOutcome::Unchanged
        } else {
            ingest::insert(&tx, doc, seg, claims)?;
            IngestOutcome::Added
        };
        tx.commit().ctx("committing the replace")?;
        Ok(outcome)
    }

    /// Deletes a source (full hex id) with its passages, notes, references,
    /// citations and index entries. Returns whether it was stored.
    pub fn delete_source(&mut self, id: &str) -> Result<bool> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).ctx("starting the delete")?;
        let deleted = delete(&tx, &id.to_ascii_lowercase())?;
        tx.commit().ctx("committing the delete")?;
        Ok(deleted)
    }

    /// Ids of the stored sources whose path is exactly `path`, so a caller
    /// can tell a changed file (same path, new id) and call
    /// [`Store::replace_source`].
    pub fn ids_at_path(&self, path: &str) -> Result<Vec<String>> {
        let mut st =
            self.conn.prepare_cached("SELECT id FROM sources WHERE path = ?1 ORDER BY id").ctx("looking up a path")?;
        st.query_map([path], |r| r.get(0)).and_then(|rows| rows.collect()).ctx("looking up a path")
    }

    /// All sources with their counts, ordered by path then id (stable
    /// output for listings and diffs).
    pub fn sources(&self) -> Result<Vec<SourceSummary>> {
        read::sources(&self.conn)
    }

    /// One source in full. `key` is the full hex id, the stored path, a
    /// unique hex prefix of at least 4 characters, or the stored path's file
    /// name — tried in that order. [`StoreError::NotFound`] when nothing
    /// matches, [`StoreError::Ambiguous`] when a rule matches several.
    pub fn source(&self, key: &str) -> Result<SourceDetail> {
        read::source(&self.conn, key)
    }

    /// The map from a source's canonical offsets to its original bytes
    /// (`key` as for [`Store::source`]), to show a passage in the original.
    pub fn offset_map(&self, key: &str) -> Result<OffsetMap> {
        let id = read::resolve(&self.conn, key)?;
        decode_offset_map(&read::offset_map_blob(&self.conn, &id)?)
    }

    /// Full-text search over passages, best first (BM25, then source path,
    /// then passage order, so equal scores come out the same every time).
    /// Any non-empty input is a valid query (see [`fts_query`]); empty input
    /// is [`StoreError::BadQuery`].
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>> {
        search::search(&self.conn, query, limit)
    }

    /// Rebuilds the derived layer (actors across sources, merged events)
    /// if a write since the last rebuild made it stale; `None` when it was
    /// fresh. One transaction: readers see the old layer or the new one.
    /// While another process imports a dataset, nothing is rebuilt: the
    /// import rebuilds when it ends, and until then its stored batches show
    /// as events of their own (waiting for its write lock would stall this
    /// reader until the import ends).
    pub fn refresh(&mut self) -> Result<Option<Rebuilt>> {
        if !kb::refresh::is_stale(&self.conn)? || kb::dataset::import_running(&self.conn) {
            return Ok(None);
        }
        self.rebuild().map(Some)
    }

    /// Rebuilds the derived layer unconditionally.
    pub fn rebuild(&mut self) -> Result<Rebuilt> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).ctx("starting the rebuild")?;
        let done = kb::refresh::rebuild(&tx)?;
        tx.commit().ctx("committing the rebuild")?;
        Ok(done)
    }

    /// Whether the derived layer is out of date (see [`Store::refresh`]).
    pub fn is_stale(&self) -> Result<bool> {
        kb::refresh::is_stale(&self.conn)
    }

    /// All actors, most sources first, with their aliases.
    pub fn actors(&self) -> Result<Vec<ActorRow>> {
        kb::read::actors(&self.conn)
    }

    /// The actor a key, name or any alias names (`ISKP`, `ISIS-K`,
    /// `iskp`); [`StoreError::UnknownActor`] with suggestions otherwise.
    pub fn actor(&self, name: &str) -> Result<ActorRow> {
        kb::read::actor(&self.conn, name)
    }

    /// Every claim about the actor `name` names, with its evidence.
    pub fn claims(&self, name: &str) -> Result<Vec<ClaimRow>> {
        let id = kb::read::find_actor(&self.conn, name)?;
        kb::read::claims(&self.conn, id)
    }

    /// Whether a dataset file (hex SHA-256) was imported completely.
    pub fn dataset_complete(&self, id: &str) -> Result<bool> {
        kb::dataset::complete(&self.conn, id)
    }

    /// Starts importing a dataset file: rows go in batches of 50,000, each
    /// its own transaction; a row whose dataset id is stored already is
    /// skipped, so an interrupted import re-run completes the file exactly.
    pub fn import(&mut self, file: DatasetFile) -> Result<Import<'_>> {
        Import::begin(&mut self.conn, file)
    }

    /// Whether a `dossier import` (another process) is writing to this
    /// database now: an incomplete dataset is then in progress, not
    /// interrupted.
    pub fn import_running(&self) -> bool {
        kb::dataset::import_running(&self.conn)
    }

    /// Every imported dataset file (the snapshots figures cite).
    pub fn datasets(&self) -> Result<Vec<DatasetSummary>> {
        kb::dataset::datasets(&self.conn)
    }

    /// Events per month (`by_month`) or year matching `filter`, with their
    /// tolls summed in `filter.toll`'s column: `(period, events, killed)`.
    /// An event counts only where its date is as precise as the period.
    pub fn event_counts(&self, filter: &EventFilter, by_month: bool) -> Result<Vec<(String, u64, u64)>> {
        kb::read::event_counts(&self.conn, filter, by_month)
    }

    /// Events matching `filter`, by date.
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<EventRow>> {
        kb::read::events(&self.conn, filter)
    }

    /// One event with its reports and the links that merged them.
    pub fn event(&self, id: i64) -> Result<EventDetail> {
        kb::read::event(&self.conn, id)
    }

    /// Row counts over the whole store.
    pub fn counts(&self) -> Result<Counts> {
        read::counts(&self.conn)
    }
}

/// Deletes one source; passages go first so their index triggers fire
/// explicitly rather than relying on cascade behaviour.
fn delete(conn: &Connection, id: &str) -> Result<bool> {
    kb::write::mark_stale(conn)?;
    conn.prepare_cached("DELETE FROM passages WHERE source_id = ?1")
        .and_then(|mut st| st.execute([id]))
        .ctx("deleting passages")?;
    let n = conn
        .prepare_cached("DELETE FROM sources WHERE id = ?1")
        .and_then(|mut st| st.execute([id]))
        .ctx("deleting the source")?;
    Ok(n > 0)
}
