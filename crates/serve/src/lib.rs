//! Dossier over HTTP: the knowledge base as a JSON API (described by an
//! OpenAPI 3 document at `/api/openapi.json`) and as a server-rendered web
//! UI (actor profiles with footnoted infoboxes, timelines, a map of
//! incidents over bundled province boundaries, conflicts, search and a
//! source viewer that highlights the cited span).
//!
//! The server only reads, except for one write endpoint (`POST
//! /api/sources`, upload a document to ingest) that exists only when a
//! token is configured and requires it as a bearer token. Every response
//! carries a strict Content-Security-Policy; every asset is compiled into
//! the binary, so the UI works offline. No request parameter reaches the
//! file system: the only file opened is the database given to [`router`].
//!
//! Reads run on blocking threads, each with a [`dossier_store::Store`]
//! taken from a small pool of open ones (a store is not `Sync`); SQLite's
//! WAL mode gives every reader a consistent snapshot while an upload
//! writes. Successful `GET` answers are kept whole and served again until
//! the database changes (`PRAGMA data_version`, the file's identity, the
//! server's own writes), so a repeated request does not query at all. The
//! derived layer (actors, events) is assumed fresh for reads: the CLI
//! refreshes it before serving, and an upload refreshes it after its
//! ingest.

mod api;
mod assets;
mod cache;
mod error;
mod openapi;
mod params;
mod security;
mod state;
mod ui;
mod upload;
mod views;

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

pub use error::ServeError;

use state::AppState;

/// Default bound on an uploaded document's size (16 MiB).
pub const DEFAULT_MAX_UPLOAD_BYTES: usize = 16 * 1024 * 1024;

/// How the server behaves beyond reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeOptions {
    /// The bearer token that enables and guards the write endpoint
    /// (`POST /api/sources`). `None` (or an empty token) serves read-only:
    /// the write endpoint does not exist.
    pub token: Option<String>,
    /// Largest accepted upload body, in bytes; larger ones get 413.
    pub max_upload_bytes: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions { token: None, max_upload_bytes: DEFAULT_MAX_UPLOAD_BYTES }
    }
}

/// The whole application: JSON API, web UI and bundled assets, serving the
/// knowledge base at `db` (which should exist and be fresh; see the crate
/// docs). Security headers are set on every response.
pub fn router(db: PathBuf, options: ServeOptions) -> Router {
    let state = AppState::new(db, options);
    let mut sources = get(api::sources);
    if state.writes_enabled() {
        let write = post(upload::upload)
            .route_layer(axum::middleware::from_fn_with_state(state.clone(), security::require_token))
            .layer(DefaultBodyLimit::max(state.max_upload_bytes()));
        sources = sources.merge(write);
    }
    let api = Router::new()
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/actors", get(api::actors))
        .route("/api/actors/{key}", get(api::profile))
        .route("/api/actors/{key}/timeline", get(api::timeline))
        .route("/api/events", get(api::events))
        .route("/api/events/{id}", get(api::event))
        .route("/api/conflicts", get(api::conflicts))
        .route("/api/search", get(api::search))
        .route("/api/sources", sources)
        .route("/api/sources/{id}", get(api::source));
    let pages = Router::new()
        .route("/", get(ui::pages::home))
        .route("/actors", get(ui::pages::home))
        .route("/actors/{key}", get(ui::profile::page))
        .route("/actors/{key}/timeline", get(ui::profile::timeline_page))
        .route("/events", get(ui::pages::events))
        .route("/events/{id}", get(ui::pages::event))
        .route("/map", get(ui::map::page))
        .route("/conflicts", get(ui::pages::conflicts))
        .route("/search", get(ui::pages::search))
        .route("/sources", get(ui::pages::sources))
        .route("/sources/{id}", get(ui::source::page));
    // Answers from the knowledge base are cached; the compiled-in assets
    // need no cache.
    api.merge(pages)
        .layer(axum::middleware::from_fn_with_state(state.clone(), cache::layer))
        .route("/assets/{*path}", get(assets::asset))
        .route("/favicon.ico", get(assets::favicon))
        .fallback(error::fallback)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(axum::middleware::from_fn(security::headers))
        .with_state(state)
}

/// Binds `addr` and serves until Ctrl-C. Fails early when `db` does not
/// exist or cannot be opened, or when `options.token` is `Some("")`.
pub async fn serve(db: PathBuf, addr: SocketAddr, options: ServeOptions) -> Result<(), ServeError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr: addr.to_string(), source })?;
    if let Ok(local) = listener.local_addr() {
        eprintln!("dossier: serving {} on http://{local}/", db.display());
    }
    serve_listener(listener, db, options).await
}

/// Serves on a listener the caller bound (say, to port 0, reading the port
/// back), until Ctrl-C. Checks as [`serve`] does.
pub async fn serve_listener(
    listener: tokio::net::TcpListener,
    db: PathBuf,
    options: ServeOptions,
) -> Result<(), ServeError> {
    check(&db, &options).await?;
    axum::serve(listener, router(db, options)).with_graceful_shutdown(shutdown()).await.map_err(ServeError::Io)
}

/// [`serve`] on a runtime of its own, for a caller that is not async.
pub fn run(db: PathBuf, addr: SocketAddr, options: ServeOptions) -> Result<(), ServeError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Io)?
        .block_on(serve(db, addr, options))
}

async fn check(db: &std::path::Path, options: &ServeOptions) -> Result<(), ServeError> {
    if options.token.as_deref() == Some("") {
        return Err(ServeError::EmptyToken);
    }
    if !db.is_file() {
        return Err(ServeError::NoDatabase(db.to_owned()));
    }
    let path = db.to_owned();
    tokio::task::spawn_blocking(move || dossier_store::Store::open(&path).map(drop))
        .await
        .map_err(|e| ServeError::Io(std::io::Error::other(e)))?
        .map_err(ServeError::Store)
}

async fn shutdown() {
    // Without a signal handler (an odd platform) serve until killed.
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}
