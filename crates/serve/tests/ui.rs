//! The HTML pages and assets: every page renders, links into the source
//! viewer land on the cited span, text is escaped everywhere, the CSP
//! header is on every response, and no page needs inline script or style.

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use axum::Router;
use common::{Res, get};
use dossier_serve::{ServeOptions, router};
use dossier_store::{EventFilter, Store};

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'";

/// A document that tries to inject markup and script into every page that
/// shows document text.
const HOSTILE: &[u8] = b"Hostile test document <script>alert(1)</script>\n\n\
The Islamic State Khorasan Province (ISKP) was formed in 2015 <img src=x onerror=alert(2)> \"quoted\" & 'single'.\n\n\
Footnote bait <b>bold</b> and javascript:alert(3) and </textarea><svg onload=alert(4)>.\n";

fn db() -> &'static PathBuf {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| common::build_db("ui", &[("hostile/<b>evil</b>.txt", HOSTILE)]))
}

fn app() -> Router {
    router(db().clone(), ServeOptions::default())
}

fn store() -> Store {
    Store::open(db()).unwrap()
}

fn html(res: &Res, what: &str) -> String {
    assert_eq!(res.status, 200, "{what}: {}", res.text());
    assert!(res.content_type().starts_with("text/html"), "{what}: {}", res.content_type());
    res.text()
}

/// Every `<tag …>` opening tag in the page.
fn tags(page: &str) -> Vec<&str> {
    page.split('<').skip(1).filter_map(|t| t.split_once('>').map(|(tag, _)| tag)).collect()
}

/// The page needs nothing the CSP blocks: no inline script, no inline
/// style, no event-handler attributes, no `javascript:` links, nothing
/// loaded from another origin.
fn assert_csp_clean(page: &str, what: &str) {
    for tag in tags(page) {
        let lower = tag.to_ascii_lowercase();
        let name = lower.split_whitespace().next().unwrap_or("");
        if name == "script" {
            assert!(lower.contains(" src=\"/assets/"), "{what}: inline or foreign script <{tag}>");
        }
        assert!(name != "style", "{what}: inline <style>");
        // Attribute names only: values are quoted and escaped.
        let mut rest = lower.as_str();
        while let Some(i) = rest.find('"') {
            let before = &rest[..i];
            for attr in before.split_whitespace() {
                let attr = attr.trim_end_matches('=');
                assert!(attr != "style", "{what}: style attribute in <{tag}>");
                assert!(
                    !(attr.starts_with("on") && attr.len() > 2 && name != "option"),
                    "{what}: handler {attr} in <{tag}>"
                );
            }
            // Skip the quoted value.
            let after = &rest[i + 1..];
            rest = after.split_once('"').map(|(_, r)| r).unwrap_or("");
        }
        for attr in ["src=\"", "href=\""] {
            if let Some(v) = lower.split(attr).nth(1) {
                assert!(!v.starts_with("javascript:"), "{what}: javascript: URL in <{tag}>");
                if name == "script" || name == "link" || name == "img" {
                    assert!(v.starts_with('/'), "{what}: resource from elsewhere in <{tag}>");
                }
            }
        }
    }
}

fn ids() -> (i64, String, String) {
    let s = store();
    let event = s.events(&EventFilter::default()).unwrap().into_iter().max_by_key(|e| e.reports).unwrap().id;
    let sources = s.sources().unwrap();
    let euaa = sources.iter().find(|x| x.notes > 0).unwrap().id.clone();
    let hostile = sources.iter().find(|x| x.path.contains("evil")).unwrap().id.clone();
    (event, euaa, hostile)
}

#[tokio::test]
async fn every_page_renders_with_the_csp() {
    let app = app();
    let (event, euaa, _) = ids();
    let pages = [
        "/".to_string(),
        "/actors".into(),
        "/actors?q=isis-k".into(),
        "/actors/iskp".into(),
        "/actors/ISIS-K?policy=conservative".into(),
        "/actors/ispp".into(),
        "/actors/iskp/timeline".into(),
        "/actors/iskp/timeline?from=2016&to=2024-06&by=year&policy=recent".into(),
        "/actors/iskp/timeline?from=&to=".into(),
        "/events".into(),
        "/events?actor=iskp&country=PK&from=2016&to=2026&min_fatalities=1&policy=conservative".into(),
        format!("/events/{event}"),
        "/map".into(),
        "/map?actor=iskp&from=2016&to=2023&policy=recent&metric=fatalities".into(),
        "/map?metric=none".into(),
        "/conflicts".into(),
        "/conflicts?actor=iskp&policy=recent".into(),
        "/search".into(),
        "/search?q=fighters".into(),
        "/search?q=%22Khorasan+Province%22&limit=3".into(),
        "/sources".into(),
        format!("/sources/{euaa}"),
        format!("/sources/{euaa}?span=0-10"),
        format!("/sources/{euaa}?find=ISKP"),
    ];
    for page in &pages {
        let res = get(&app, page).await;
        let body = html(&res, page);
        assert_eq!(
            res.headers.get("content-security-policy").map(|v| v.to_str().unwrap().starts_with(CSP)),
            Some(true),
            "{page}"
        );
        assert!(body.starts_with("<!DOCTYPE html>"), "{page}");
        assert!(body.contains("<meta name=\"viewport\""), "{page}");
        assert!(body.contains("href=\"#main\""), "{page}: skip link");
        assert_csp_clean(&body, page);
    }
}

#[tokio::test]
async fn csp_and_security_headers_on_every_response() {
    let app = app();
    for uri in [
        "/",
        "/api/actors",
        "/api/actors/nobody",
        "/nope",
        "/api/nope",
        "/assets/app.css",
        "/assets/nope.js",
        "/favicon.ico",
    ] {
        let res = get(&app, uri).await;
        let h = |k: &str| res.headers.get(k).map(|v| v.to_str().unwrap().to_string());
        let csp = h("content-security-policy").unwrap_or_else(|| panic!("{uri}: no CSP"));
        for directive in CSP.split("; ") {
            assert!(csp.split("; ").any(|d| d == directive), "{uri}: CSP lacks {directive:?}: {csp}");
        }
        assert_eq!(h("x-content-type-options").as_deref(), Some("nosniff"), "{uri}");
        assert_eq!(h("x-frame-options").as_deref(), Some("DENY"), "{uri}");
        assert_eq!(h("referrer-policy").as_deref(), Some("no-referrer"), "{uri}");
    }
}

#[tokio::test]
async fn profile_infobox_footnotes_land_on_their_spans() {
    let app = app();
    let page = html(&get(&app, "/actors/iskp").await, "profile");
    assert!(page.contains("class=\"infobox\""));
    for label in [
        "Names",
        "Founded",
        "Size",
        "Leaders",
        "Split from",
        "Part of",
        "Allies",
        "Opponents",
        "Ideology",
        "Areas",
        "Headquarters",
    ] {
        assert!(page.contains(&format!("<th scope=\"row\">{label}</th>")), "infobox row {label}");
    }
    // The disputed size: marked, with low, best and high.
    assert!(page.contains("conflict-tag"), "conflict marker");
    assert!(page.contains("low 2,000"), "low");
    assert!(page.contains("best 4,000–6,000"), "best");
    assert!(page.contains("high 6,000"), "high");
    // An alias and a leader, with footnotes.
    assert!(page.contains("ISIS–K"));
    assert!(page.contains("Shahab al-Muhajir"));
    assert!(page.contains("<svg class=\"chart\""), "timeline chart");

    // Every footnote opens the source viewer with its span highlighted
    // and anchored.
    let links: Vec<&str> = page
        .split("href=\"/sources/")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|l| l.contains("?span="))
        .collect();
    assert!(links.len() > 20, "{} footnotes", links.len());
    let s = store();
    for link in links.iter().take(40) {
        let (path, fragment) = link.split_once('#').unwrap();
        let (id, span) = path.split_once("?span=").unwrap();
        assert_eq!(fragment, format!("s-{span}"));
        let (a, b) = span.split_once('-').unwrap();
        let (a, b): (usize, usize) = (a.parse().unwrap(), b.parse().unwrap());
        let text = s.source(id).unwrap().text;
        let quote = &text[a..b];
        let viewer = html(&get(&app, &format!("/sources/{path}")).await, link);
        assert!(viewer.contains(&format!("id=\"s-{a}-{b}\"")), "{link}: no anchor");
        let marked: String = viewer
            .split("<mark class=\"target\">")
            .skip(1)
            .map(|m| m.split("</mark>").next().unwrap())
            .collect::<Vec<_>>()
            .join("");
        let plain = |s: &str| s.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
        // Marks stop at other spans' edges; together they are the quote.
        let stripped: String = {
            let mut out = String::new();
            let mut inside = false;
            for c in marked.chars() {
                match c {
                    '<' => inside = true,
                    '>' => inside = false,
                    c if !inside => out.push(c),
                    _ => {}
                }
            }
            out
        };
        assert_eq!(plain(&stripped), quote, "{link}");
    }
}

#[tokio::test]
async fn source_viewer_lists_references_and_cited_spans() {
    let app = app();
    let (_, euaa, _) = ids();
    let page = html(&get(&app, &format!("/sources/{euaa}")).await, "source");
    assert!(page.contains("Notes and references"));
    assert!(page.contains("id=\"note-397\""), "note anchors");
    assert!(page.contains("Terrorist and Other Militant Groups in Pakistan"), "a parsed reference");
    assert!(page.contains("Cited in the knowledge base"));
    assert!(page.contains("class=\"cited\""), "cited spans underlined");
    // Bad spans are refused; a quote that does not occur is said so.
    assert_eq!(get(&app, &format!("/sources/{euaa}?span=10-5")).await.status, 400);
    assert_eq!(get(&app, &format!("/sources/{euaa}?span=0-99999999")).await.status, 400);
    let page = html(&get(&app, &format!("/sources/{euaa}?find=qqqzzz")).await, "find");
    assert!(page.contains("does not occur"));
}

#[tokio::test]
async fn errors_are_pages_with_statuses() {
    let app = app();
    for (uri, status) in [
        ("/actors/no-such-group", 404),
        ("/actors/no-such-group/timeline", 404),
        ("/events/abc", 400),
        ("/events/999999", 404),
        ("/sources/ffffffffffff", 404),
        ("/nope", 404),
        ("/events?from=2023-13", 400),
        ("/map?from=soon", 400),
        ("/actors/iskp?policy=best", 400),
        ("/assets/../Cargo.toml", 404),
        ("/assets/..%2F..%2FCargo.toml", 404),
    ] {
        let res = get(&app, uri).await;
        assert_eq!(res.status.as_u16(), status, "{uri}");
        assert!(res.content_type().starts_with("text/html"), "{uri}");
        assert!(res.text().contains("<h1>"), "{uri}");
    }
}

#[tokio::test]
async fn document_text_is_escaped() {
    let app = app();
    let (_, _, hostile) = ids();
    let raw = ["<script>alert(1)</script>", "<img src=x", "<svg onload", "<b>bold</b>", "</textarea>", "<b>evil</b>"];
    let check = |page: &str, what: &str| {
        for r in raw {
            assert!(!page.contains(r), "{what}: {r:?} reached the page unescaped");
        }
        assert_csp_clean(page, what);
    };
    let page = html(&get(&app, &format!("/sources/{hostile}")).await, "hostile source");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the text is shown, escaped");
    assert!(page.contains("&lt;img src=x onerror=alert(2)&gt;"));
    check(&page, "source page");
    let page = html(&get(&app, &format!("/sources/{hostile}?find=%3Cscript%3E")).await, "find");
    assert!(page.contains("<mark class=\"target\">&lt;script&gt;</mark>"), "highlighted, escaped");
    check(&page, "source page with find");

    let page = html(&get(&app, "/search?q=alert").await, "search");
    assert!(page.contains("&lt;script&gt;"), "the hit is shown, escaped");
    check(&page, "search page");
    let page = html(&get(&app, "/search?q=%3Cscript%3Ealert").await, "search for markup");
    check(&page, "search page with markup in the query");
    assert!(page.contains("value=\"&lt;script&gt;alert\""), "the query echoed, escaped");

    for uri in
        ["/sources", "/actors/iskp", "/events", "/map", "/conflicts", "/actors/%3Cscript%3Ealert(1)%3C%2Fscript%3E"]
    {
        let res = get(&app, uri).await;
        check(&res.text(), uri);
    }
    // The JSON API returns the text as data (JSON-escaped, served as JSON).
    let res = get(&app, &format!("/api/sources/{hostile}")).await;
    assert!(res.content_type().starts_with("application/json"));
    assert!(res.json()["text"].as_str().unwrap().contains("<script>alert(1)</script>"));
}

#[tokio::test]
async fn assets_are_bundled_and_offline() {
    let app = app();
    for (uri, kind) in [
        ("/assets/app.css", "text/css"),
        ("/assets/app.js", "text/javascript"),
        ("/assets/map.js", "text/javascript"),
        ("/assets/leaflet/leaflet.js", "text/javascript"),
        ("/assets/leaflet/leaflet.css", "text/css"),
        ("/assets/leaflet/LICENSE", "text/plain"),
        ("/assets/boundaries.js", "text/javascript"),
        ("/assets/admin1-af-pk.geojson", "application/geo+json"),
        ("/assets/ATTRIBUTION.md", "text/plain"),
        ("/assets/favicon.svg", "image/svg+xml"),
        ("/favicon.ico", "image/svg+xml"),
    ] {
        let res = get(&app, uri).await;
        assert_eq!(res.status, 200, "{uri}");
        assert!(res.content_type().starts_with(kind), "{uri}: {}", res.content_type());
        assert!(!res.body.is_empty());
    }
    assert!(get(&app, "/assets/leaflet/leaflet.js").await.text().contains("Leaflet 1.9.4"));
    assert!(get(&app, "/assets/leaflet/LICENSE").await.text().contains("BSD"));
    // Our own scripts and styles load nothing from elsewhere.
    for uri in ["/assets/app.css", "/assets/app.js", "/assets/map.js"] {
        let text = get(&app, uri).await.text().replace("http://www.w3.org/2000/svg", "");
        assert!(!text.contains("http://") && !text.contains("https://") && !text.contains("//cdn"), "{uri}");
    }
    let g: serde_json::Value = serde_json::from_slice(&get(&app, "/assets/admin1-af-pk.geojson").await.body).unwrap();
    assert!(g["source"].as_str().unwrap().contains("2018 FATA merger"));
    assert_eq!(get(&app, "/assets/nope.js").await.status, 404);
}

#[tokio::test]
async fn map_page_carries_events_and_stamp() {
    let app = app();
    let page = html(&get(&app, "/map?actor=iskp").await, "map");
    assert!(page.contains("id=\"map\""));
    assert!(page.contains("data-events=\"{&quot;features&quot;:") || page.contains("data-events=\"{&quot;type&quot;:"));
    assert!(page.contains("/assets/leaflet/leaflet.js") && page.contains("/assets/boundaries.js"));
    assert!(page.contains("What this map rests on"), "stamp");
    assert!(page.contains("European Union Agency for Asylum"), "a source in the stamp");
    assert!(page.contains("province (area)") || page.contains("country (area)"), "precision shown");
    assert!(page.contains("predate"), "boundary caveat");
    // The reference period narrows the events.
    let all = get(&app, "/map").await.text().matches("<td><a href=\"/events/").count();
    let some = get(&app, "/map?from=2021&to=2022").await.text().matches("<td><a href=\"/events/").count();
    assert!(some > 0 && some < all, "{some} of {all}");
}
