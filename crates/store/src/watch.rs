//! Telling whether a database changed, cheaply: for caches in front of the
//! store (the HTTP server keeps whole answers while nothing changed).

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Context, Result, StoreError};

/// A read-only connection that only asks `PRAGMA data_version`: the number
/// changes whenever another connection commits to the file. It never
/// creates the file and never waits on a busy database.
pub struct Watcher {
    conn: Connection,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher").field("path", &self.conn.path()).finish()
    }
}

impl Watcher {
    /// Opens `path` read-only for watching.
    pub fn open(path: &Path) -> Result<Watcher> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let open_err = |source| StoreError::Open { path: path.to_owned(), source };
        let conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
        // Callers run on async workers: give up at once rather than wait.
        conn.busy_timeout(Duration::ZERO).ctx("setting the busy timeout")?;
        Ok(Watcher { conn })
    }

    /// The file's data version; equal values mean nothing was committed in
    /// between (by another connection).
    pub fn data_version(&self) -> Result<i64> {
        self.conn.pragma_query_value(None, "data_version", |r| r.get(0)).ctx("reading the data version")
    }
}
