//! The write endpoint: absent without a token, 401 without the right
//! bearer token (checked before the body is read), 413 past the size
//! limit, 400 for a name or body it cannot read; an accepted upload is
//! ingested, the knowledge base rebuilt, and nothing but the database is
//! written.

mod common;

use axum::http::Method;
use common::{assert_error, get, request};
use dossier_serve::{ServeError, ServeOptions, router};

const DOC: &[u8] = b"Uploaded field note\n\n\
On 3 March 2024 the Islamic State Khorasan Province (ISKP) attacked a market in Jalalabad, killing 7 people. \
ISKP claimed responsibility for the attack.\n";

fn options(max: usize) -> ServeOptions {
    ServeOptions { token: Some("s3cret-token".into()), max_upload_bytes: max }
}

fn auth() -> [(&'static str, &'static str); 2] {
    [("authorization", "Bearer s3cret-token"), ("content-type", "application/octet-stream")]
}

#[tokio::test]
async fn read_only_without_a_token() {
    let db = common::build_db("upload-ro", &[]);
    for options in [ServeOptions::default(), ServeOptions { token: Some(String::new()), ..Default::default() }] {
        let app = router(db.clone(), options);
        let res = request(&app, Method::POST, "/api/sources?name=a.txt", &auth(), DOC.to_vec()).await;
        assert_error(&res, 405, "no write endpoint without a token");
        let doc = get(&app, "/api/openapi.json").await.json();
        assert!(doc["paths"]["/api/sources"].get("post").is_none());
    }
    assert_eq!(
        get(&router(db.clone(), ServeOptions::default()), "/api/sources").await.json().as_array().unwrap().len(),
        4
    );
    // Serving refuses an empty token outright, and a missing database.
    let addr = "127.0.0.1:0".parse().unwrap();
    let empty = ServeOptions { token: Some(String::new()), ..Default::default() };
    assert!(matches!(dossier_serve::serve(db.clone(), addr, empty).await, Err(ServeError::EmptyToken)));
    let missing = db.with_file_name("missing.db");
    assert!(matches!(
        dossier_serve::serve(missing.clone(), addr, ServeOptions::default()).await,
        Err(ServeError::NoDatabase(_))
    ));
    assert!(!missing.exists(), "a missing database is not created");
}

#[tokio::test]
async fn tokens_are_checked_first() {
    let db = common::build_db("upload-auth", &[]);
    let app = router(db, options(1024));
    let url = "/api/sources?name=note.txt";
    assert_error(&request(&app, Method::POST, url, &[], DOC.to_vec()).await, 401, "no token");
    let res = request(&app, Method::POST, url, &[("authorization", "Bearer wrong")], DOC.to_vec()).await;
    assert_error(&res, 401, "wrong token");
    assert_eq!(res.headers.get("www-authenticate").unwrap(), "Bearer");
    let res = request(&app, Method::POST, url, &[("authorization", "Basic czNjcmV0LXRva2Vu")], DOC.to_vec()).await;
    assert_error(&res, 401, "not a bearer token");
    let res =
        request(&app, Method::POST, url, &[("authorization", "Bearer s3cret-token-and-more")], DOC.to_vec()).await;
    assert_error(&res, 401, "a longer token");
    // An oversized body without the token is refused for the token.
    let res = request(&app, Method::POST, url, &[], vec![b'a'; 10_000]).await;
    assert_error(&res, 401, "the token is checked before the body");
    assert_eq!(get(&app, "/api/sources").await.json().as_array().unwrap().len(), 4, "nothing stored");
}

#[tokio::test]
async fn size_limit() {
    let db = common::build_db("upload-size", &[]);
    let app = router(db, options(1024));
    let big: Vec<u8> = b"ISKP attacked. ".iter().copied().cycle().take(2048).collect();
    let res = request(&app, Method::POST, "/api/sources?name=big.txt", &auth(), big).await;
    assert_error(&res, 413, "over the limit");
    assert!(res.json()["error"].as_str().unwrap().contains("1024"));
    // Without a Content-Length header (a streamed body) too.
    let stream = unannounced_body(2048);
    let req = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/sources?name=big.txt")
        .header("authorization", "Bearer s3cret-token")
        .body(stream)
        .unwrap();
    assert_error(&common::send(&app, req).await, 413, "streamed body over the limit");
    assert_eq!(get(&app, "/api/sources").await.json().as_array().unwrap().len(), 4, "nothing stored");
}

/// A body of `n` bytes in chunks, its length not announced.
fn unannounced_body(n: usize) -> axum::body::Body {
    struct Chunks(usize);
    impl http_body::Body for Chunks {
        type Data = axum::body::Bytes;
        type Error = std::io::Error;
        fn poll_frame(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
            if self.0 == 0 {
                return std::task::Poll::Ready(None);
            }
            let k = self.0.min(256);
            self.0 -= k;
            std::task::Poll::Ready(Some(Ok(http_body::Frame::data(vec![b'x'; k].into()))))
        }
    }
    axum::body::Body::new(Chunks(n))
}

#[tokio::test]
async fn bad_uploads_are_refused() {
    let db = common::build_db("upload-bad", &[]);
    let app = router(db, options(1 << 20));
    for (url, body, what) in [
        ("/api/sources", DOC.to_vec(), "no name"),
        ("/api/sources?name=", DOC.to_vec(), "empty name"),
        ("/api/sources?name=note", DOC.to_vec(), "no extension"),
        ("/api/sources?name=run.exe", DOC.to_vec(), "unsupported extension"),
        ("/api/sources?name=a.txt&extra=1", DOC.to_vec(), "undocumented parameter"),
        ("/api/sources?name=a.txt", Vec::new(), "empty body"),
        ("/api/sources?name=a.txt", b"abc\0\0\0def".to_vec(), "binary body"),
        ("/api/sources?name=a.pdf", DOC.to_vec(), "not a PDF"),
    ] {
        assert_error(&request(&app, Method::POST, url, &auth(), body).await, 400, what);
    }
    assert_eq!(get(&app, "/api/sources").await.json().as_array().unwrap().len(), 4, "nothing stored");
}

#[tokio::test]
async fn an_upload_is_ingested_and_the_knowledge_base_rebuilt() {
    let db = common::build_db("upload-ok", &[]);
    let dir = db.parent().unwrap().to_path_buf();
    let files_before: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    let app = router(db.clone(), options(1 << 20));
    let events_before = get(&app, "/api/events").await.json().as_array().unwrap().len();

    let url = "/api/sources?name=..%2F..%2Fetc%2Ffield%20note%20%3Cb%3E.txt";
    let res = request(&app, Method::POST, url, &auth(), DOC.to_vec()).await;
    assert_eq!(res.status, 201, "{}", res.text());
    let v = res.json();
    assert_eq!(v["outcome"], "added");
    assert_eq!(v["path"], "upload/field_note__b_.txt", "the name is only a sanitized display path");
    assert!(v["incidents"].as_u64().unwrap() >= 1, "{v}");
    assert!(v["knowledge_base"]["events"].as_u64().unwrap() as usize > events_before, "{v}");
    let id = v["id"].as_str().unwrap().to_string();

    // Visible at once: the source, its text in search, its incident.
    let sources = get(&app, "/api/sources").await.json();
    assert_eq!(sources.as_array().unwrap().len(), 5);
    let src = get(&app, &format!("/api/sources/{id}")).await.json();
    assert_eq!(src["title"], "Uploaded field note");
    assert!(!src["cited"].as_array().unwrap().is_empty(), "its incident is cited");
    let hits = get(&app, "/api/search?q=Jalalabad%20market").await.json();
    assert_eq!(hits[0]["source_id"], id.as_str());
    assert_eq!(get(&app, "/api/events").await.json().as_array().unwrap().len(), events_before + 1);
    let page = get(&app, &format!("/sources/{id}")).await;
    assert_eq!(page.status, 200);

    // The same bytes again: nothing written, 200.
    let res = request(&app, Method::POST, "/api/sources?name=again.md", &auth(), DOC.to_vec()).await;
    assert_eq!(res.status, 200, "{}", res.text());
    assert_eq!(res.json()["outcome"], "unchanged");
    assert_eq!(get(&app, "/api/sources").await.json().as_array().unwrap().len(), 5);

    // Nothing but the database (and its WAL files) was written.
    let files_after: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    for f in &files_after {
        assert!(f.to_string_lossy().starts_with("kb.db"), "unexpected file {f:?}");
    }
    assert!(files_before.iter().all(|f| files_after.contains(f)));
    assert!(!dir.join("upload").exists() && !dir.join("etc").exists());
}

/// Answers are cached while the database does not change: every write,
/// the server's or another process's, is visible to the next request,
/// in the API and on the pages; a deleted database is an error, not
/// yesterday's answers.
#[tokio::test]
async fn cached_answers_follow_every_write() {
    let db = common::build_db("upload-cache", &[]);
    let app = router(db.clone(), options(1 << 20));
    let uris = ["/api/sources", "/api/actors/iskp", "/api/events?format=geojson", "/sources", "/actors/iskp", "/map"];
    let mut first = Vec::new();
    for uri in uris {
        let a = get(&app, uri).await;
        assert_eq!(a.status, 200, "{uri}");
        // Asked again: the same answer, headers included.
        let b = get(&app, uri).await;
        assert_eq!((a.status, &a.body), (b.status, &b.body), "{uri}");
        assert_eq!(a.content_type(), b.content_type(), "{uri}");
        assert!(b.headers.contains_key("content-security-policy"), "{uri}");
        first.push(a.body);
    }
    assert_eq!(get(&app, "/api/sources").await.json().as_array().unwrap().len(), 4);

    // Another process writes (its own connection): seen at once.
    {
        let mut store = dossier_store::Store::open(&db).unwrap();
        common::ingest(&mut store, "elsewhere/field-note.txt", DOC);
        store.refresh().unwrap();
    }
    assert_eq!(get(&app, "/api/sources").await.json().as_array().unwrap().len(), 5, "another process's ingest");
    for (uri, before) in uris.iter().zip(&first) {
        let now = get(&app, uri).await;
        assert_eq!(now.status, 200, "{uri}");
        assert_ne!(&now.body, before, "{uri}: a stale answer after another process's write");
    }
    assert!(get(&app, "/sources").await.text().contains("Uploaded field note"));

    // An upload through the server: seen at once.
    let other = b"Second field note\n\nOn 9 September 2024 ISKP attacked a police post in Kunar, killing 4 people.\n";
    let before = get(&app, "/api/events").await.json().as_array().unwrap().len();
    let res = request(&app, Method::POST, "/api/sources?name=second.txt", &auth(), other.to_vec()).await;
    assert_eq!(res.status, 201, "{}", res.text());
    assert_eq!(get(&app, "/api/sources").await.json().as_array().unwrap().len(), 6, "the upload");
    assert_eq!(get(&app, "/api/events").await.json().as_array().unwrap().len(), before + 1, "its incident");
    assert!(get(&app, "/sources").await.text().contains("Second field note"));

    // The database deleted: an error, not the cached answers.
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    assert_error(&get(&app, "/api/sources").await, 500, "a deleted database");
    assert_eq!(get(&app, "/sources").await.status, 500);
    assert!(!db.exists(), "a deleted database is not created again");
}
