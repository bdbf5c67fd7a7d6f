//! The web UI: server-rendered HTML (maud escapes every piece of document
//! text), a little JavaScript from `/assets/`, no inline script or style,
//! so the strict Content-Security-Policy holds. Every page works from the
//! keyboard and reflows from phone width to a desktop.

mod chart;
pub(crate) mod map;
pub(crate) mod pages;
pub(crate) mod profile;
pub(crate) mod source;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use crate::error::ApiError;

/// An error shown as a page, with the error's status.
pub(crate) struct PageError(pub ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> PageError {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let e = self.0;
        let title = match e.status {
            StatusCode::NOT_FOUND => "Not found",
            StatusCode::BAD_REQUEST => "Bad request",
            StatusCode::METHOD_NOT_ALLOWED => "Method not allowed",
            _ => "Error",
        };
        let body = html! {
            h1 { (title) }
            p.error-message { (e.message) }
            p { a href="/" { "Back to the actors" } }
        };
        (e.status, Html(layout(title, Nav::None, html! {}, body).into_string())).into_response()
    }
}

/// What a page handler returns.
pub(crate) type PageResult = Result<Html<String>, PageError>;

/// The site section a page belongs to, for the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nav {
    Actors,
    Events,
    Map,
    Conflicts,
    Sources,
    Search,
    None,
}

const SECTIONS: &[(Nav, &str, &str)] = &[
    (Nav::Actors, "/", "Actors"),
    (Nav::Events, "/events", "Events"),
    (Nav::Map, "/map", "Map"),
    (Nav::Conflicts, "/conflicts", "Conflicts"),
    (Nav::Sources, "/sources", "Sources"),
    (Nav::Search, "/search", "Search"),
];

/// The page around `body`; `head` adds stylesheets and scripts.
pub(crate) fn layout(title: &str, nav: Nav, head: Markup, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " · Dossier" }
                link rel="icon" href="/assets/favicon.svg" type="image/svg+xml";
                link rel="stylesheet" href="/assets/app.css";
                (head)
                script src="/assets/app.js" defer {}
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.site {
                    a.brand href="/" { "Dossier" }
                    nav aria-label="Sections" {
                        ul {
                            @for (section, href, label) in SECTIONS {
                                li {
                                    @if *section == nav {
                                        a href=(href) aria-current="page" { (label) }
                                    } @else {
                                        a href=(href) { (label) }
                                    }
                                }
                            }
                        }
                    }
                }
                main #main tabindex="-1" { (body) }
                footer.site {
                    p {
                        "Dossier records what sources say, each statement with its source and the span it comes from. "
                        "It does not endorse or promote any group. "
                        a href="/api/openapi.json" { "JSON API" }
                    }
                }
            }
        }
    }
}

/// Renders a page.
pub(crate) fn page(title: &str, nav: Nav, head: Markup, body: Markup) -> Html<String> {
    Html(layout(title, nav, head, body).into_string())
}

/// Percent-encodes a query or path component (everything but unreserved
/// characters).
pub(crate) fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `?a=1&b=2` from the pairs that have a value; empty when none has.
pub(crate) fn query_string(pairs: &[(&str, Option<&str>)]) -> String {
    let parts: Vec<String> =
        pairs.iter().filter_map(|(k, v)| v.filter(|v| !v.is_empty()).map(|v| format!("{k}={}", enc(v)))).collect();
    if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
}

/// The source viewer at a span: highlighted by the query, scrolled to by
/// the fragment.
pub(crate) fn source_href(id: &str, start: usize, end: usize) -> String {
    format!("/sources/{}?span={start}-{end}#s-{start}-{end}", enc(id))
}

/// The source viewer with the first occurrence of `quote` highlighted.
pub(crate) fn quote_href(id: &str, quote: &str) -> String {
    let q: String = quote.chars().take(300).collect();
    format!("/sources/{}?find={}#found", enc(id), enc(&q))
}

pub(crate) fn actor_href(key: &str) -> String {
    format!("/actors/{}", enc(key))
}

pub(crate) fn event_href(id: i64) -> String {
    format!("/events/{id}")
}

/// `kind` words as people write them (`armed_group` → `armed group`).
pub(crate) fn words(s: &str) -> String {
    s.replace('_', " ")
}

/// The first `n` characters, whitespace collapsed, `…` when cut.
pub(crate) fn short(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > n { format!("{}…", s.chars().take(n).collect::<String>()) } else { s }
}

/// A policy picker for a GET form.
pub(crate) fn policy_select(current: dossier_resolve::ledger::Policy, id: &str) -> Markup {
    let labels = [
        ("median", "median of the sources (default)"),
        ("conservative", "conservative: lowest figure"),
        ("recent", "most recent statement"),
    ];
    html! {
        label for=(id) { "Figures" }
        select #(id) name="policy" {
            @for (value, label) in labels {
                @if current.as_str() == value {
                    option value=(value) selected { (label) }
                } @else {
                    option value=(value) { (label) }
                }
            }
        }
    }
}

/// A citation (`[397] US, CRS, Terrorist and Other…, 2026-03-25, p. 2`).
pub(crate) fn citation(c: &dossier_store::Citation) -> Markup {
    html! {
        span.citation {
            span.label { "[" (c.label) "]" }
            @for r in &c.references {
                " "
                @match (&r.address, r.address.as_deref().is_some_and(|a| a.starts_with("https://") || a.starts_with("http://"))) {
                    (Some(a), true) => { a href=(a) rel="noopener noreferrer nofollow" { (r.raw) } }
                    _ => { (r.raw) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding() {
        assert_eq!(enc("a b/<c>&é"), "a%20b%2F%3Cc%3E%26%C3%A9");
        assert_eq!(query_string(&[("a", Some("1")), ("b", None), ("c", Some(""))]), "?a=1");
        assert_eq!(query_string(&[("a", None)]), "");
        assert_eq!(source_href("ab", 3, 9), "/sources/ab?span=3-9#s-3-9");
    }

    #[test]
    fn text_is_escaped() {
        let e = PageError(ApiError::not_found("<script>alert(1)</script>")).into_response();
        assert_eq!(e.status(), StatusCode::NOT_FOUND);
        let m = layout("<b>", Nav::None, html! {}, html! { p { ("<script>alert(1)</script>") } }).into_string();
        assert!(m.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !m.contains("<script>alert"));
        assert!(m.contains("<title>&lt;b&gt; · Dossier</title>"));
    }
}
