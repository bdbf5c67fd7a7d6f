//! `POST /api/sources`: upload a document to ingest. The route exists only
//! when a token is configured; [`crate::security::require_token`] checks
//! it before the body is read, and `DefaultBodyLimit` bounds the body.
//! The file name only picks the reader and becomes a sanitized display
//! path: nothing is written to disk but the database.

use std::path::Path;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use dossier_store::IngestOutcome;
use serde_json::json;

use crate::error::ApiError;
use crate::openapi;
use crate::params::Params;
use crate::state::AppState;

/// `upload/NAME` with NAME reduced to letters, digits, `.`, `-` and `_`:
/// no directory, no leading dot, at most 100 characters.
pub(crate) fn display_path(name: &str) -> Result<String, ApiError> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String =
        base.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    let clean = clean.trim_start_matches('.');
    let clean: String = if clean.chars().count() > 100 {
        // Keep the extension, which picks the reader.
        let ext = clean.rsplit_once('.').map(|(_, e)| e).filter(|e| e.len() <= 10).unwrap_or("");
        let stem: String = clean.chars().take(100 - ext.len() - 1).collect();
        format!("{stem}.{ext}")
    } else {
        clean.to_string()
    };
    if dossier_read::format_for_path(Path::new(&clean)).is_none() {
        return Err(ApiError::bad_request(format!(
            "name {name:?} has no extension Dossier reads (.txt, .md, .html, .htm or .pdf)"
        )));
    }
    Ok(format!("upload/{clean}"))
}

pub(crate) async fn upload(State(st): State<AppState>, uri: Uri, body: Result<Bytes, BytesRejection>) -> Response {
    match ingest(st, uri, body).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn ingest(st: AppState, uri: Uri, body: Result<Bytes, BytesRejection>) -> Result<Response, ApiError> {
    let p = Params::parse(&uri, openapi::query("uploadSource"), true)?;
    let path = display_path(p.get("name").unwrap_or_default())?;
    let limit = st.max_upload_bytes();
    let bytes = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, format!("the upload is larger than {limit} bytes"))
        }
        status => ApiError::new(status, e.body_text()),
    })?;
    let (status, result) = st
        .write(move |store| {
            let doc = dossier_read::read_bytes(Path::new(&path), &bytes)
                .map_err(|e| ApiError::bad_request(format!("cannot read the upload: {}", e.kind)))?;
            let seg = dossier_segment::segment(&doc);
            let claims = dossier_extract::records::records(&dossier_extract::extract(&doc, &seg));
            let outcome = store.ingest_with(&doc, &seg, &claims)?;
            let rebuilt = store.refresh()?;
            let title = store.source(&doc.id.to_hex()).map(|s| s.summary.title).unwrap_or_default();
            let status = if outcome == IngestOutcome::Added { StatusCode::CREATED } else { StatusCode::OK };
            Ok((
                status,
                json!({
                    "id": doc.id.to_hex(),
                    "path": doc.path,
                    "title": title,
                    "outcome": outcome,
                    "actors": claims.actors.len(),
                    "incidents": claims.incidents.len(),
                    "claims": claims.claims.len(),
                    "knowledge_base": rebuilt,
                }),
            ))
        })
        .await?;
    Ok((status, Json(result)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_are_sanitized() {
        assert_eq!(display_path("report.md").unwrap(), "upload/report.md");
        assert_eq!(display_path("../../etc/passwd.txt").unwrap(), "upload/passwd.txt");
        assert_eq!(display_path("C:\\x\\évil <b>.html").unwrap(), "upload/_vil__b_.html");
        assert_eq!(display_path("..hidden.txt").unwrap(), "upload/hidden.txt");
        let long = format!("{}.pdf", "a".repeat(300));
        let p = display_path(&long).unwrap();
        assert!(p.ends_with(".pdf") && p.len() <= "upload/".len() + 100, "{p}");
        assert_eq!(display_path("noext").unwrap_err().status, 400);
        assert_eq!(display_path("x.exe").unwrap_err().status, 400);
    }
}
