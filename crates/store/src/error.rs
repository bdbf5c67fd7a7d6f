//! Errors the store reports, kept distinct so the CLI can tell a user's
//! mistake (bad query, unknown source) from a broken database.

use std::path::PathBuf;

/// Result of every store operation.
pub type Result<T> = std::result::Result<T, StoreError>;

/// Why a store operation failed.
#[derive(thiserror::Error, Debug)]
#[non_exhaustive]
pub enum StoreError {
    /// SQLite failed where no more specific context was useful.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),

    /// SQLite failed while doing `context` (e.g. "inserting passages").
    #[error("database error while {context}: {source}")]
    SqliteAt {
        /// What the store was doing.
        context: &'static str,
        /// The SQLite error.
        #[source]
        source: rusqlite::Error,
    },

    /// The database file could not be opened or configured.
    #[error("cannot open database {}: {source}", path.display())]
    Open {
        /// The file that was being opened.
        path: PathBuf,
        /// The SQLite error.
        #[source]
        source: rusqlite::Error,
    },

    /// The database was written by a newer Dossier; refusing to touch it
    /// protects its data from an older schema's assumptions.
    #[error("database schema version {found} is newer than this program supports ({supported}); upgrade dossier")]
    NewerSchema {
        /// `PRAGMA user_version` found in the file.
        found: u32,
        /// Highest version this build knows.
        supported: u32,
    },

    /// Another `dossier import` is writing to this database.
    #[error("another import into {} is running; wait for it to finish", path.display())]
    ImportRunning {
        /// The database.
        path: PathBuf,
    },

    /// The lock file that marks a running import could not be created.
    #[error("cannot create the import lock {}: {source}", path.display())]
    ImportLock {
        /// The lock file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },

    /// The search query cannot be run (e.g. it is empty).
    #[error("bad query: {0}")]
    BadQuery(String),

    /// No source matches the key given.
    #[error("no source matches {0:?}")]
    NotFound(String),

    /// Several sources match the key given; `candidates` are their ids.
    #[error("{key:?} matches {} sources: {}", candidates.len(), candidates.join(", "))]
    Ambiguous {
        /// The key the user gave.
        key: String,
        /// `id  path` of each matching source, ordered by path then id.
        candidates: Vec<String>,
    },

    /// No actor has this name, key or alias.
    #[error("no actor is named {key:?}{}", if suggestions.is_empty() { String::new() } else { format!("; did you mean {}?", suggestions.join(", ")) })]
    UnknownActor {
        /// What the user gave.
        key: String,
        /// Actors whose names contain it.
        suggestions: Vec<String>,
    },

    /// No event has this id.
    #[error("no event has id {0}")]
    UnknownEvent(i64),

    /// During a [`Bulk`](crate::Bulk) ingest, SQLite failed while writing
    /// `path` (an I/O error, a full disk); the open chunk was rolled back,
    /// so the documents in `lost`, already reported `Added`, are not
    /// stored either. Nothing is partly stored; ingesting them again adds
    /// them.
    #[error("storing {path} failed ({source}); the {} earlier documents of its chunk were rolled back too", lost.len())]
    ChunkRolledBack {
        /// The document whose write failed.
        path: String,
        /// Paths of the documents of the same chunk that were rolled back.
        lost: Vec<String>,
        /// The SQLite failure.
        #[source]
        source: Box<StoreError>,
    },

    /// The input to `ingest` breaks the model's contract (a span outside the
    /// text, duplicate note labels); nothing was written.
    #[error("invalid input for {source_path}: {reason}")]
    InvalidInput {
        /// Path of the document being ingested.
        source_path: String,
        /// What is wrong.
        reason: String,
    },

    /// A stored value cannot be decoded (hand-edited or damaged database).
    #[error("corrupt database: {0}")]
    Corrupt(String),
}

/// Attaches a short description of the operation to SQLite errors.
pub(crate) trait Context<T> {
    fn ctx(self, context: &'static str) -> Result<T>;
}

impl<T> Context<T> for std::result::Result<T, rusqlite::Error> {
    fn ctx(self, context: &'static str) -> Result<T> {
        self.map_err(|source| StoreError::SqliteAt { context, source })
    }
}
