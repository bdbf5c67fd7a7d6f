//! What every handler shares: where the database is, the options, and a
//! way to run a read or a write on a blocking thread with its own store.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use dossier_store::Store;

use crate::ServeOptions;
use crate::error::ApiError;

/// Cheap to clone: everything is behind one `Arc`.
#[derive(Clone)]
pub(crate) struct AppState(Arc<Inner>);

struct Inner {
    db: PathBuf,
    token: Option<String>,
    max_upload_bytes: usize,
    /// Uploads ingest and refresh one at a time.
    write_lock: Mutex<()>,
}

impl AppState {
    pub fn new(db: PathBuf, options: ServeOptions) -> AppState {
        let token = options.token.filter(|t| !t.is_empty());
        AppState(Arc::new(Inner { db, token, max_upload_bytes: options.max_upload_bytes, write_lock: Mutex::new(()) }))
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

    fn open(db: &std::path::Path) -> Result<Store, ApiError> {
        // `Store::open` would create a missing file: a deleted database is
        // an error to report, not an empty one to serve.
        if !db.is_file() {
            return Err(ApiError::internal(format!("the knowledge base {} is gone", db.display())));
        }
        Store::open(db).map_err(ApiError::internal)
    }

    /// Runs `f` on a blocking thread with a store of its own.
    pub async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let inner = self.0.clone();
        tokio::task::spawn_blocking(move || f(&Self::open(&inner.db)?)).await.map_err(ApiError::internal)?
    }

    /// Runs `f` on a blocking thread with a writable store, one write at a
    /// time.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        let inner = self.0.clone();
        tokio::task::spawn_blocking(move || {
            let _guard = inner.write_lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut Self::open(&inner.db)?)
        })
        .await
        .map_err(ApiError::internal)?
    }
}
