//! Shared by the integration tests: a fresh knowledge base built from the
//! repository's corpus (ingested the way the upload endpoint does), and
//! request helpers over `tower::ServiceExt::oneshot`.

#![allow(dead_code, reason = "each test binary uses a different part")]

use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use dossier_store::Store;
use tower::ServiceExt;

/// The repository's corpus folder.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

/// Reads, segments, extracts and stores one document.
pub fn ingest(store: &mut Store, path: &str, bytes: &[u8]) {
    let doc = dossier_read::read_bytes(Path::new(path), bytes).expect("readable document");
    let seg = dossier_segment::segment(&doc);
    let claims = dossier_extract::records::records(&dossier_extract::extract(&doc, &seg));
    store.ingest_with(&doc, &seg, &claims).expect("stored");
}

/// A fresh database in a folder of its own under the target directory,
/// holding the corpus and `extra` documents `(name, bytes)`.
pub fn build_db(name: &str, extra: &[(&str, &[u8])]) -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    // One folder per process (test runners may run binaries side by side);
    // those of earlier runs are cleared once they are an hour old.
    let prefix = format!("serve-{name}-");
    for old in std::fs::read_dir(tmp).into_iter().flatten().flatten() {
        let stale = old
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(3600));
        if old.file_name().to_string_lossy().starts_with(&prefix) && stale {
            let _ = std::fs::remove_dir_all(old.path());
        }
    }
    let dir = tmp.join(format!("{prefix}{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let db = dir.join("kb.db");
    let mut store = Store::open(&db).expect("open");
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("corpus folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "expected the corpus in {}", corpus_dir().display());
    for f in &files {
        let bytes = std::fs::read(f).expect("corpus file");
        ingest(&mut store, &format!("corpus/{}", f.file_name().unwrap().to_string_lossy()), &bytes);
    }
    for (name, bytes) in extra {
        ingest(&mut store, name, bytes);
    }
    store.refresh().expect("refresh");
    db
}

/// A response, read whole.
pub struct Res {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Res {
    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("utf-8 body")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn content_type(&self) -> &str {
        self.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

/// Sends one request.
pub async fn send(app: &Router, req: Request<Body>) -> Res {
    let res = app.clone().oneshot(req).await.expect("infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), usize::MAX).await.expect("body").to_vec();
    Res { status, headers, body }
}

pub async fn get(app: &Router, uri: &str) -> Res {
    send(app, Request::builder().uri(uri).body(Body::empty()).unwrap()).await
}

pub async fn request(app: &Router, method: Method, uri: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Res {
    let mut b = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    send(app, b.body(Body::from(body)).unwrap()).await
}

/// Asserts the JSON error shape and status.
pub fn assert_error(res: &Res, status: u16, what: &str) {
    assert_eq!(res.status.as_u16(), status, "{what}: {}", String::from_utf8_lossy(&res.body));
    assert!(res.content_type().starts_with("application/json"), "{what}: {}", res.content_type());
    let v = res.json();
    assert_eq!(v["status"], status, "{what}: {v}");
    assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{what}: {v}");
}
