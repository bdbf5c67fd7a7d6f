//! What every handler shares: where the database is, the options, a small
//! pool of open stores to read with on a blocking thread, a store of its
//! own for each write, and the answer cache ([`crate::cache`]).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use dossier_store::Store;

use crate::ServeOptions;
use crate::cache::{Cache, FileId, lock};
use crate::error::ApiError;

/// Idle stores kept open for reads. A store is one SQLite connection
/// (`Send`, not `Sync`): a read takes one from the pool, or opens one when
/// none is idle, and gives it back afterwards.
const POOL: usize = 16;

/// Cheap to clone: everything is behind one `Arc`.
#[derive(Clone)]
pub(crate) struct AppState(Arc<Inner>);

struct Inner {
    db: PathBuf,
    token: Option<String>,
    max_upload_bytes: usize,
    /// Uploads ingest and refresh one at a time.
    write_lock: Mutex<()>,
    /// Idle read stores, each with the file it opened.
    pool: Mutex<Vec<(FileId, Store)>>,
    cache: Cache,
}

impl Inner {
    fn gone(&self) -> ApiError {
        ApiError::internal(format!("the knowledge base {} is gone", self.db.display()))
    }

    /// An idle store of the file the path names now, or a new one.
    fn checkout(&self) -> Result<(FileId, Store), ApiError> {
        // `Store::open` would create a missing file: a deleted database is
        // an error to report, not an empty one to serve.
        let file = FileId::of(&self.db).ok_or_else(|| self.gone())?;
        {
            let mut pool = lock(&self.pool);
            while let Some((f, store)) = pool.pop() {
                if f == file {
                    return Ok((f, store));
                }
                // A store of a file since replaced: closed.
            }
        }
        Ok((file, Store::open(&self.db).map_err(ApiError::internal)?))
    }

    fn checkin(&self, entry: (FileId, Store)) {
        let mut pool = lock(&self.pool);
        if pool.len() < POOL {
            pool.push(entry);
        }
    }
}

impl AppState {
    pub fn new(db: PathBuf, options: ServeOptions) -> AppState {
        let token = options.token.filter(|t| !t.is_empty());
        AppState(Arc::new(Inner {
            db,
            token,
            max_upload_bytes: options.max_upload_bytes,
            write_lock: Mutex::new(()),
            pool: Mutex::new(Vec::new()),
            cache: Cache::default(),
        }))
    }

    /// Whether `POST /api/sources` exists.
    pub fn writes_enabled(&self) -> bool {
        self.0.token.is_some()
    }

    pub fn token(&self) -> Option<&str> {
        self.0.token.as_deref()
    }

    pub fn max_upload_bytes(&self) -> usize {
        self.0.max_upload_bytes
    }

    pub fn db(&self) -> &Path {
        &self.0.db
    }

    pub fn cache(&self) -> &Cache {
        &self.0.cache
    }

    /// Runs `f` on a blocking thread with a store from the pool. Each of
    /// the store's reads sees the latest commit (WAL: a reader's snapshot
    /// lasts one statement or transaction, not the connection).
    pub async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let inner = self.0.clone();
        tokio::task::spawn_blocking(move || {
            let entry = inner.checkout()?;
            let out = f(&entry.1);
            inner.checkin(entry);
            out
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// Runs `f` on a blocking thread with a writable store of its own, one
    /// write at a time; afterwards the answer cache starts afresh.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        let inner = self.0.clone();
        tokio::task::spawn_blocking(move || {
            let _guard = lock(&inner.write_lock);
            if FileId::of(&inner.db).is_none() {
                return Err(inner.gone());
            }
            let mut store = Store::open(&inner.db).map_err(ApiError::internal)?;
            let out = f(&mut store);
            inner.cache.invalidate();
            out
        })
        .await
        .map_err(ApiError::internal)?
    }
}
