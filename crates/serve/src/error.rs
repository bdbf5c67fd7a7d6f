//! Errors: what starting the server can fail with ([`ServeError`]), and
//! the JSON error every API request can end in ([`ApiError`]).

use std::path::PathBuf;

use axum::Json;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use dossier_store::StoreError;

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The knowledge base file does not exist.
    #[error("no knowledge base at {} (run `dossier ingest FILES…` first)", .0.display())]
    NoDatabase(PathBuf),
    /// The knowledge base cannot be opened.
    #[error(transparent)]
    Store(StoreError),
    /// The address cannot be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// An empty token would let anyone write.
    #[error("the write token is empty; give a real token or none")]
    EmptyToken,
    /// The server failed while running.
    #[error("server error: {0}")]
    Io(std::io::Error),
}

/// An API error: `{"error": "...", "status": N}` with that status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError { status, message: message.into() }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    /// A failure that is not the client's: logged in full, answered briefly.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        eprintln!("dossier serve: internal error: {detail}");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error (see the server's log)")
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound(_) | StoreError::UnknownActor { .. } | StoreError::UnknownEvent(_) => {
                ApiError::not_found(e.to_string())
            }
            StoreError::BadQuery(_) | StoreError::Ambiguous { .. } => ApiError::bad_request(e.to_string()),
            e => ApiError::internal(e),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(serde_json::json!({"error": self.message, "status": self.status.as_u16()}));
        let mut res = (self.status, body).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        res
    }
}

/// No route: JSON under `/api/`, an HTML page elsewhere.
pub(crate) async fn fallback(uri: Uri) -> Response {
    let e = ApiError::not_found(format!("no such page or endpoint: {}", uri.path()));
    if uri.path().starts_with("/api/") { e.into_response() } else { crate::ui::PageError(e).into_response() }
}

/// A route that exists, asked with another method.
pub(crate) async fn method_not_allowed(uri: Uri) -> Response {
    let e = ApiError::new(StatusCode::METHOD_NOT_ALLOWED, format!("method not allowed on {}", uri.path()));
    if uri.path().starts_with("/api/") { e.into_response() } else { crate::ui::PageError(e).into_response() }
}
