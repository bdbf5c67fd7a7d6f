//! Answers kept whole while the database does not change.
//!
//! Every successful `GET` of the API and of the pages (not the bundled
//! assets, which are compiled in) is kept as its status, headers and body,
//! keyed by the request's path and query. An entry is served only while
//! the database is the one it was built from:
//!
//! - the same file (device and inode, so a database replaced under the
//!   server is noticed),
//! - the same `PRAGMA data_version`, asked of a connection of our own that
//!   never writes: SQLite changes it whenever another connection commits
//!   (an upload, `dossier ingest` in another process, a refresh),
//! - the same write generation: the server's own writes bump it, so an
//!   upload is visible to the very next request whatever SQLite says.
//!
//! The version is read *before* an answer is computed, so an entry is
//! never labelled newer than the data it holds; a commit during the
//! computation only makes the next request compute again. When the
//! version cannot be told (the file is gone, SQLite is busy), nothing is
//! cached or served from the cache for that request.

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::AppState;

/// Largest answer kept (bytes).
const MAX_ENTRY: usize = 8 << 20;
/// Bytes kept in all; the oldest entries go first.
const MAX_TOTAL: usize = 64 << 20;
/// Entries kept in all.
const MAX_ENTRIES: usize = 4096;

/// Locks, carrying on after a panic elsewhere (the data stays consistent:
/// every critical section below is a few plain assignments).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Which file a path names now: device and inode on Unix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileId(u64, u64);

impl FileId {
    /// `None` when the path is not a regular file.
    pub fn of(path: &Path) -> Option<FileId> {
        let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(FileId(meta.dev(), meta.ino()))
        }
        #[cfg(not(unix))]
        {
            // No cheap identity: the file's creation time, where known.
            let created = meta.created().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            Some(FileId(created.map_or(0, |d| d.as_secs()), created.map_or(0, |d| d.subsec_nanos().into())))
        }
    }
}

/// What an answer was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Version {
    file: FileId,
    data: i64,
    generation: u64,
}

/// The connection that asks `PRAGMA data_version`, for the file it opened.
#[derive(Default)]
struct Monitor {
    file: Option<FileId>,
    conn: Option<dossier_store::Watcher>,
}

/// One kept answer.
struct Entry {
    version: Version,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Default)]
struct Entries {
    /// The version every entry in `map` has.
    version: Option<Version>,
    map: HashMap<String, Arc<Entry>>,
    /// Keys, oldest first.
    order: VecDeque<String>,
    bytes: usize,
}

impl Entries {
    fn clear(&mut self) {
        self.map.clear();
        self.order.clear();
        self.bytes = 0;
    }
}

/// The cache of one [`AppState`].
#[derive(Default)]
pub(crate) struct Cache {
    monitor: Mutex<Monitor>,
    entries: Mutex<Entries>,
    generation: AtomicU64,
}

impl Cache {
    /// The database's version now, or `None` when it cannot be told.
    pub fn version(&self, db: &Path) -> Option<Version> {
        let file = FileId::of(db)?;
        let generation = self.generation.load(Ordering::Acquire);
        let mut m = lock(&self.monitor);
        if m.file != Some(file) {
            // First use, or the file was replaced: watch the new one (once;
            // if it cannot be opened, nothing is cached).
            m.conn = open_monitor(db);
            m.file = Some(file);
        }
        let data = m.conn.as_ref()?.data_version().ok()?;
        Some(Version { file, data, generation })
    }

    /// Forgets every entry: the server has written.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        lock(&self.entries).clear();
    }

    fn get(&self, key: &str, version: Version) -> Option<Arc<Entry>> {
        let mut e = lock(&self.entries);
        if e.version != Some(version) {
            e.clear();
            e.version = Some(version);
            return None;
        }
        e.map.get(key).cloned()
    }

    fn insert(&self, key: String, entry: Entry) {
        let size = entry.body.len() + key.len();
        if size > MAX_ENTRY {
            return;
        }
        let mut e = lock(&self.entries);
        // Computed from an older database (or the cache moved on): not kept.
        if e.version != Some(entry.version) {
            return;
        }
        if let Some(old) = e.map.remove(&key) {
            e.bytes -= old.body.len() + key.len();
            e.order.retain(|k| *k != key);
        }
        while e.bytes + size > MAX_TOTAL || e.map.len() >= MAX_ENTRIES {
            let Some(oldest) = e.order.pop_front() else { break };
            if let Some(old) = e.map.remove(&oldest) {
                e.bytes -= old.body.len() + oldest.len();
            }
        }
        e.bytes += size;
        e.order.push_back(key.clone());
        e.map.insert(key, Arc::new(entry));
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        lock(&self.entries).map.len()
    }
}

/// A connection that only ever asks `PRAGMA data_version`. Dossier's
/// store opens the database for everything else; this one is read-only,
/// never creates the file, and gives up at once when SQLite is busy (the
/// request is then answered without the cache).
fn open_monitor(db: &Path) -> Option<dossier_store::Watcher> {
    // It runs on the async worker, so it must not wait on a busy database
    // (the watcher never does).
    match dossier_store::Watcher::open(db) {
        Ok(conn) => Some(conn),
        Err(e) => {
            eprintln!("dossier serve: answers are not cached: cannot watch {} for changes: {e}", db.display());
            None
        }
    }
}

/// The middleware: answers a `GET` from the cache when the database has
/// not changed since the answer was computed; otherwise computes it and
/// keeps it if it is a success.
pub(crate) async fn layer(State(st): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET {
        return next.run(req).await;
    }
    let Some(version) = st.cache().version(st.db()) else {
        return next.run(req).await;
    };
    let key = req.uri().path_and_query().map_or_else(|| req.uri().path().to_string(), |pq| pq.as_str().to_string());
    if let Some(hit) = st.cache().get(&key, version) {
        let mut res = Response::new(Body::from(hit.body.clone()));
        *res.status_mut() = hit.status;
        *res.headers_mut() = hit.headers.clone();
        return res;
    }
    let res = next.run(req).await;
    if res.status() != StatusCode::OK {
        return res;
    }
    let (parts, body) = res.into_parts();
    // Only whole bodies of known size (every handler's; never a stream).
    if body.size_hint().exact().is_none_or(|n| n > MAX_ENTRY as u64) {
        return Response::from_parts(parts, body);
    }
    let bytes = match axum::body::to_bytes(body, MAX_ENTRY).await {
        Ok(b) => b,
        Err(e) => return ApiError::internal(format!("reading an answer to cache it: {e}")).into_response(),
    };
    st.cache()
        .insert(key, Entry { version, status: parts.status, headers: parts.headers.clone(), body: bytes.clone() });
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(version: Version, body: &'static [u8]) -> Entry {
        Entry { version, status: StatusCode::OK, headers: HeaderMap::new(), body: Bytes::from_static(body) }
    }

    #[test]
    fn data_version_changes_with_another_connections_commit() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kb.db");
        assert!(Cache::default().version(&db).is_none(), "no file, no version");
        let mut store = dossier_store::Store::open(&db).unwrap();
        let cache = Cache::default();
        let v1 = cache.version(&db).expect("a version");
        assert_eq!(cache.version(&db), Some(v1), "nothing changed");
        assert!(cache.get("/a", v1).is_none());
        cache.insert("/a".into(), entry(v1, b"one"));
        assert_eq!(&cache.get("/a", v1).unwrap().body[..], b"one");

        // Another connection commits: a new version, the entry is not served.
        store.rebuild().unwrap();
        let v2 = cache.version(&db).unwrap();
        assert_ne!(v1, v2);
        assert!(cache.get("/a", v2).is_none());
        // An answer computed before the change is not kept.
        cache.insert("/a".into(), entry(v1, b"old"));
        assert!(cache.get("/a", v2).is_none());
        cache.insert("/a".into(), entry(v2, b"two"));
        assert_eq!(&cache.get("/a", v2).unwrap().body[..], b"two");

        // The server's own write: a new generation.
        cache.invalidate();
        let v3 = cache.version(&db).unwrap();
        assert_ne!(v2, v3);
        assert!(cache.get("/a", v3).is_none());
        drop(store);

        // The file replaced by another: noticed.
        let v4 = cache.version(&db).unwrap();
        std::fs::remove_file(&db).unwrap();
        let _ = std::fs::remove_file(db.with_extension("db-wal"));
        let _ = std::fs::remove_file(db.with_extension("db-shm"));
        assert!(cache.version(&db).is_none(), "gone");
        // (The watching connection still holds the old inode, so the new
        // file cannot reuse its number.)
        drop(dossier_store::Store::open(&db).unwrap());
        let v5 = cache.version(&db).unwrap();
        assert_ne!(v4.file, v5.file);
    }

    #[test]
    fn bounded() {
        let cache = Cache::default();
        let v = Version { file: FileId(1, 2), data: 1, generation: 0 };
        assert!(cache.get("/", v).is_none());
        for i in 0..MAX_ENTRIES + 10 {
            cache.insert(format!("/{i}"), entry(v, b"x"));
        }
        assert_eq!(cache.len(), MAX_ENTRIES);
        assert!(cache.get("/0", v).is_none(), "the oldest went first");
        assert!(cache.get(&format!("/{}", MAX_ENTRIES + 9), v).is_some());
        let big = Entry { body: Bytes::from(vec![0u8; MAX_ENTRY + 1]), ..entry(v, b"") };
        cache.insert("/big".into(), big);
        assert!(cache.get("/big", v).is_none(), "too big to keep");
    }
}
