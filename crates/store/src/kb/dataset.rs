//! Importing an event dataset file: rows in batches, each batch one
//! transaction, so a crash leaves whole batches and a re-run completes the
//! file (rows already stored are skipped by their dataset id).

use dossier_model::{DatasetActor, DatasetEvent};
use rusqlite::{Connection, OptionalExtension, params};

use std::path::PathBuf;

use crate::error::{Context, Result, StoreError};
use crate::kb::refresh::day_bounds;

/// Rows per transaction: large enough that commits cost little, small
/// enough that a crash loses little.
const BATCH: usize = 50_000;

/// Page cache during an import, in KiB.
const CACHE_KIB: i64 = 65_536;

/// Page cache while the deferred indexes are built, in KiB.
const SORT_CACHE_KIB: i64 = 8192;

/// Files larger than this are imported without the query indexes, which
/// are rebuilt once at the end: one sort is far cheaper than a million
/// scattered index inserts.
const DEFER_INDEXES_ABOVE: u64 = 32 << 20;

const INSERT_ROW: &str = "INSERT OR IGNORE INTO dataset_rows (dataset, file, row_key, line, date, day_first, day_last,
    approximate, country, country_name, admin1, admin1_code, admin1_name, admin2, admin2_id, location, lat, lon,
    geo_precision, place_id, place_name, place_kind, actor, actor2, event_type, sub_event_type, fatalities,
    fatalities_low, fatalities_high, claimed, quote, source)
 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23,
         ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32)";

/// The query indexes over dataset rows; `Store::open` re-creates any that
/// an interrupted bulk import left dropped.
pub(crate) const ROW_INDEXES: &str = "
CREATE INDEX IF NOT EXISTS dataset_rows_actor ON dataset_rows(dataset, actor, country, day_first, day_last, date, fatalities);
CREATE INDEX IF NOT EXISTS dataset_rows_country ON dataset_rows(country, day_first);
";

/// A dataset file about to be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetFile {
    /// Lowercase hex SHA-256 of the file.
    pub id: String,
    /// `ACLED`, `GTD` or `UCDP GED`.
    pub name: String,
    /// The column layout read (`ACLED (2023 layout)`).
    pub layout: String,
    /// Path as given.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// One imported file, as `dossier datasets` lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DatasetSummary {
    /// Hex SHA-256 of the file.
    pub id: String,
    /// Dataset name.
    pub name: String,
    /// Column layout.
    pub layout: String,
    /// Path as given.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Rows stored from it.
    pub rows: u64,
    /// Rows it shares with a file imported before (stored once).
    pub duplicates: u64,
    /// Rows refused.
    pub bad_rows: u64,
    /// Whether the import finished.
    pub complete: bool,
    /// When (UTC, ISO 8601).
    pub imported_at: String,
}

/// Where an import stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct ImportCounts {
    /// Rows stored now.
    pub added: u64,
    /// Rows already stored (from this file's earlier, interrupted run or
    /// another file).
    pub duplicates: u64,
    /// Rows refused.
    pub bad_rows: u64,
}

/// An import in progress, from [`Store::import`](crate::Store::import).
pub struct Import<'s> {
    conn: &'s mut Connection,
    file: DatasetFile,
    /// Local number of each actor name: looked up twice per row, so with
    /// a fast hash.
    actors: rustc_hash::FxHashMap<String, i64>,
    /// `datasets.num` of the file.
    num: i64,
    /// The query indexes were dropped for this import.
    deferred: bool,
    /// The database is in rollback-journal mode for this import.
    rollback: bool,
    /// Held until the import ends (dropped after `Drop` restores settings).
    _lock: Option<ImportLock>,
    pending: usize,
    counts: ImportCounts,
    /// Counts from an earlier interrupted run of the same file.
    earlier: ImportCounts,
}

impl std::fmt::Debug for Import<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Import").field("file", &self.file.path).field("counts", &self.counts).finish()
    }
}

/// Marks a running import: an exclusive lock on `<database>-import`, which
/// the operating system releases when the process ends, however it ends.
/// Other processes opening the database read it (see [`import_running`])
/// and then leave the journal mode and the dropped indexes to the import;
/// a second import into the same database is refused.
#[derive(Debug)]
pub(crate) struct ImportLock(#[allow(dead_code, reason = "held for its lock")] std::fs::File);

impl ImportLock {
    /// `None` for a database in memory.
    fn acquire(conn: &Connection) -> Result<Option<ImportLock>> {
        let Some(path) = lock_path(conn) else { return Ok(None) };
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| StoreError::ImportLock { path: path.clone(), source })?;
        match file.try_lock() {
            Ok(()) => Ok(Some(ImportLock(file))),
            Err(std::fs::TryLockError::WouldBlock) => {
                Err(StoreError::ImportRunning { path: conn.path().unwrap_or_default().into() })
            }
            Err(std::fs::TryLockError::Error(source)) => Err(StoreError::ImportLock { path, source }),
        }
    }
}

fn lock_path(conn: &Connection) -> Option<PathBuf> {
    conn.path().filter(|p| !p.is_empty()).map(|p| PathBuf::from(format!("{p}-import")))
}

/// Whether another process is importing into this database right now.
pub(crate) fn import_running(conn: &Connection) -> bool {
    let Some(path) = lock_path(conn) else { return false };
    let Ok(file) = std::fs::File::open(path) else { return false };
    matches!(file.try_lock_shared(), Err(std::fs::TryLockError::WouldBlock))
}

/// Switches a database nobody else has open from WAL to a rollback
/// journal for a bulk import: WAL writes every page twice (to the log, then
/// to the database at the checkpoint), while a rollback journal appends
/// new pages to the database once and journals only the few pages it
/// changes. Commits are then fully synced, so each batch is as durable as
/// before. When another connection holds the database (a server reading
/// it), the switch is refused and the import stays in WAL mode.
fn rollback_journal(conn: &Connection) -> bool {
    // Ask once: when another connection holds the database, waiting for it
    // would only delay the import.
    let _ = conn.busy_timeout(std::time::Duration::ZERO);
    let switched = conn
        .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))
        .is_ok_and(|mode| mode.eq_ignore_ascii_case("delete"));
    let _ = conn.busy_timeout(crate::BUSY_TIMEOUT);
    if switched {
        let _ = conn.pragma_update(None, "synchronous", "FULL");
        // Readers now take shared locks that a commit must wait out: a
        // slow one should delay a batch, not fail the import.
        let _ = conn.busy_timeout(std::time::Duration::from_secs(600));
    }
    switched
}

/// Whether the file was imported completely before.
pub(crate) fn complete(conn: &Connection, id: &str) -> Result<bool> {
    conn.prepare_cached("SELECT complete FROM datasets WHERE id = ?1")
        .and_then(|mut st| st.query_row([id], |r| r.get::<_, bool>(0)).optional())
        .map(|v| v.unwrap_or(false))
        .ctx("reading a dataset")
}

impl<'s> Import<'s> {
    pub(crate) fn begin(conn: &'s mut Connection, file: DatasetFile) -> Result<Import<'s>> {
        let lock = ImportLock::acquire(conn)?;
        // Several B-trees grow at once (rows and the unique row-id index): a
        // page cache that holds their working set spares re-reading and
        // re-writing pages within a batch. Bounded; reset when the import ends.
        conn.pragma_update(None, "cache_size", -CACHE_KIB).ctx("sizing the page cache")?;
        // Sorting for the deferred indexes spills to temporary files rather
        // than memory, so memory stays flat whatever the file's size.
        conn.pragma_update(None, "temp_store", "FILE").ctx("setting temp_store")?;
        // One checkpoint at the end instead of one per 40 MB of WAL: the
        // same pages are not copied into the database again and again.
        conn.pragma_update(None, "wal_autocheckpoint", 0).ctx("pausing checkpoints")?;
        let rollback = lock.is_some() && file.bytes > DEFER_INDEXES_ABOVE && rollback_journal(conn);
        let tx = conn.transaction().ctx("starting an import")?;
        let earlier: Option<(u64, u64, u64)> = tx
            .query_row("SELECT rows, duplicates, bad_rows FROM datasets WHERE id = ?1", [&file.id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()
            .ctx("reading a dataset")?;
        tx.execute(
            "INSERT INTO datasets (id, name, layout, path, bytes, rows, duplicates, bad_rows, complete, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, 0, 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
             ON CONFLICT (id) DO NOTHING",
            params![file.id, file.name, file.layout, file.path, file.bytes],
        )
        .ctx("recording the dataset")?;
        let num: i64 = tx
            .query_row("SELECT num FROM datasets WHERE id = ?1", [&file.id], |r| r.get(0))
            .ctx("reading a dataset")?;
        let actors: rustc_hash::FxHashMap<String, i64> = tx
            .prepare("SELECT name, local FROM dataset_actors WHERE dataset = ?1")
            .and_then(|mut st| st.query_map([&file.name], |r| Ok((r.get(0)?, r.get(1)?))).and_then(|r| r.collect()))
            .ctx("reading dataset actors")?;
        let deferred = file.bytes > DEFER_INDEXES_ABOVE;
        if deferred {
            tx.execute_batch("DROP INDEX IF EXISTS dataset_rows_actor; DROP INDEX IF EXISTS dataset_rows_country;")
                .ctx("deferring the row indexes")?;
        }
        tx.commit().ctx("starting an import")?;
        let earlier = earlier
            .map(|(added, duplicates, bad_rows)| ImportCounts { added, duplicates, bad_rows })
            .unwrap_or_default();
        Ok(Import {
            conn,
            file,
            actors,
            num,
            deferred,
            rollback,
            _lock: lock,
            pending: 0,
            counts: ImportCounts::default(),
            earlier,
        })
    }

    fn open_batch(&mut self) -> Result<()> {
        if self.conn.is_autocommit() {
            self.conn.execute_batch("BEGIN IMMEDIATE").ctx("starting an import batch")?;
        }
        Ok(())
    }

    /// The file's local number for an actor name, recorded on first sight.
    fn actor(&mut self, a: &DatasetActor) -> Result<i64> {
        if let Some(&local) = self.actors.get(&a.name) {
            return Ok(local);
        }
        let local = self.actors.len() as i64;
        self.conn
            .prepare_cached(
                "INSERT INTO dataset_actors (dataset, local, name, lexicon_id, parent) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .and_then(|mut st| st.execute(params![self.file.name, local, a.name, a.lexicon_id, a.parent]))
            .ctx("recording a dataset actor")?;
        self.actors.insert(a.name.clone(), local);
        Ok(local)
    }

    /// Stores one row; `false` when a row with the same dataset id is
    /// already stored.
    pub fn add(&mut self, e: &DatasetEvent) -> Result<bool> {
        Ok(self.add_all(std::slice::from_ref(e))? == 1)
    }

    /// Stores rows in order, committing every [`BATCH`] rows; returns how
    /// many were new (the others share a dataset id with a stored row).
    /// One prepared statement serves a whole slice, so callers that have
    /// rows in hand should pass them together.
    pub fn add_all(&mut self, events: &[DatasetEvent]) -> Result<u64> {
        let mut added = 0;
        let mut rest = events;
        while !rest.is_empty() {
            let (now, later) = rest.split_at(rest.len().min(BATCH - self.pending));
            rest = later;
            self.open_batch()?;
            let mut sides = Vec::with_capacity(now.len());
            for e in now {
                let actor = e.actor.as_ref().map(|a| self.actor(a)).transpose()?;
                let actor2 = e.actor2.as_ref().map(|a| self.actor(a)).transpose()?;
                sides.push((actor, actor2));
            }
            let mut st = self.conn.prepare_cached(INSERT_ROW).ctx("inserting a dataset row")?;
            for (e, (actor, actor2)) in now.iter().zip(sides) {
                let (first, _) = day_bounds(e.date);
                let (_, last) = day_bounds(e.date_end.unwrap_or(e.date));
                let p = e.place.as_ref();
                let n = st
                    .execute(params![
                        self.file.name,
                        self.num,
                        e.row_key,
                        e.line,
                        e.date.to_string(),
                        first,
                        last,
                        e.approximate,
                        e.country,
                        e.country_name,
                        e.admin1,
                        p.and_then(|p| p.admin1.as_deref()),
                        p.and_then(|p| p.admin1_name.as_deref()).or(e.admin1.as_deref()),
                        e.admin2,
                        p.and_then(|p| p.admin2.as_deref()),
                        e.location,
                        e.lat,
                        e.lon,
                        e.geo_precision,
                        p.map(|p| p.id.as_str()),
                        p.map(|p| p.name.as_str()),
                        p.map(|p| p.kind.as_str()),
                        actor,
                        actor2,
                        e.event_type,
                        e.sub_event_type,
                        e.fatalities_best,
                        e.fatalities_low,
                        e.fatalities_high,
                        e.claimed,
                        e.quote,
                        e.source,
                    ])
                    .ctx("inserting a dataset row")?;
                if n == 1 {
                    self.counts.added += 1;
                    added += 1;
                } else {
                    self.counts.duplicates += 1;
                }
            }
            drop(st);
            self.pending += now.len();
            if self.pending >= BATCH {
                self.commit()?;
            }
        }
        Ok(added)
    }

    /// Counts a row the reader refused.
    pub fn bad_row(&mut self) {
        self.counts.bad_rows += 1;
    }

    /// Counts so far in this run.
    pub fn counts(&self) -> ImportCounts {
        self.counts
    }

    fn commit(&mut self) -> Result<()> {
        if !self.conn.is_autocommit() {
            // The file's running totals go with the rows they count.
            self.conn
                .prepare_cached("UPDATE datasets SET rows = ?2, duplicates = ?3, bad_rows = ?4 WHERE id = ?1")
                .and_then(|mut st| {
                    st.execute(params![
                        self.file.id,
                        self.earlier.added + self.counts.added,
                        self.counts.duplicates.saturating_sub(self.earlier.added),
                        self.counts.bad_rows
                    ])
                })
                .ctx("updating the dataset")?;
            crate::kb::write::mark_stale(self.conn)?;
            self.conn.execute_batch("COMMIT").ctx("committing an import batch")?;
        }
        self.pending = 0;
        Ok(())
    }

    /// Commits the last batch and marks the file complete.
    pub fn finish(mut self) -> Result<ImportCounts> {
        self.open_batch()?;
        if self.deferred {
            // The sort behind each index build works in runs the size of the
            // page cache, and with helper threads sorts runs in parallel and
            // merges them: a small cache gives many runs, so both cores
            // work, and memory stays low (1M rows: 1.4 s instead of 2.4 s
            // with the 64 MB cache and no threads).
            let _ = self.conn.pragma_update(None, "cache_size", -SORT_CACHE_KIB);
            let _ = self.conn.pragma_update(None, "threads", 4);
            self.conn.execute_batch(ROW_INDEXES).ctx("building the row indexes")?;
            let _ = self.conn.pragma_update(None, "threads", 0);
        }
        self.conn
            .prepare_cached("UPDATE datasets SET complete = 1 WHERE id = ?1")
            .and_then(|mut st| st.execute([&self.file.id]))
            .ctx("completing the dataset")?;
        self.commit()?;
        self.restore_settings();
        Ok(self.counts)
    }

    fn restore_settings(&mut self) {
        let _ = self.conn.pragma_update(None, "cache_size", -2000);
        let _ = self.conn.pragma_update(None, "temp_store", "MEMORY");
        let _ = self.conn.pragma_update(None, "wal_autocheckpoint", 10_000);
        if self.rollback {
            let _ = self.conn.busy_timeout(crate::BUSY_TIMEOUT);
            let _ = self.conn.pragma_update(None, "synchronous", "NORMAL");
            let _ = self.conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0));
        } else {
            // Best effort: a reader holding an old snapshot only delays it.
            let _ = self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }
}

impl Drop for Import<'_> {
    fn drop(&mut self) {
        // Rows of the open batch are whole; keep them (the file stays
        // incomplete, and a re-run finishes it). Indexes come back either way.
        let _ = self.commit();
        if self.deferred {
            let _ = self.conn.execute_batch(ROW_INDEXES);
        }
        self.restore_settings();
    }
}

/// Every imported file.
pub(crate) fn datasets(conn: &Connection) -> Result<Vec<DatasetSummary>> {
    conn.prepare_cached(
        "SELECT id, name, layout, path, bytes, rows, duplicates, bad_rows, complete, imported_at
         FROM datasets ORDER BY imported_at, id",
    )
    .and_then(|mut st| {
        st.query_map([], |r| {
            Ok(DatasetSummary {
                id: r.get(0)?,
                name: r.get(1)?,
                layout: r.get(2)?,
                path: r.get(3)?,
                bytes: r.get(4)?,
                rows: r.get(5)?,
                duplicates: r.get(6)?,
                bad_rows: r.get(7)?,
                complete: r.get(8)?,
                imported_at: r.get(9)?,
            })
        })
        .and_then(|rows| rows.collect())
    })
    .ctx("listing datasets")
}
