//! The source viewer: the canonical text with every span the knowledge
//! base cites marked and anchored (`#s-START-END`), the requested span
//! (`?span=START-END`, or the first occurrence of `?find=TEXT`)
//! highlighted, then the notes with their parsed references and the list
//! of what the knowledge base takes from this source.

use std::collections::BTreeSet;

use axum::extract::State;
use axum::http::Uri;
use dossier_store::SourceDetail;
use maud::{Markup, html};

use super::{Nav, PageResult, actor_href, enc, event_href, short, words};
use crate::error::ApiError;
use crate::params::{Kind, ParamDoc, Params, Segment};
use crate::state::AppState;
use crate::views::{self, CitedSpan};

const SOURCE_Q: &[ParamDoc] =
    &[ParamDoc::new("span", Kind::Span, "", "0-10"), ParamDoc::new("find", Kind::Text, "", "ISKP")];

/// One piece of the text between two boundaries.
struct Piece<'a> {
    /// Anchors that start here (`s-12-40`, `note-397`).
    anchors: Vec<String>,
    text: &'a str,
    cited: bool,
    target: bool,
}

/// Cuts `text` at every span's ends so each piece is wholly inside or
/// outside each span. Spans off the text or off character boundaries are
/// dropped.
fn pieces<'a>(
    text: &'a str,
    cited: &[(usize, usize)],
    notes: &[(usize, String)],
    target: Option<(usize, usize)>,
) -> Vec<Piece<'a>> {
    let ok = |a: usize, b: usize| a <= b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b);
    let cited: Vec<(usize, usize)> = cited.iter().copied().filter(|&(a, b)| ok(a, b)).collect();
    let target = target.filter(|&(a, b)| ok(a, b));
    let mut cuts: BTreeSet<usize> = [0, text.len()].into();
    for &(a, b) in cited.iter().chain(target.iter()) {
        cuts.insert(a);
        cuts.insert(b);
    }
    for (a, _) in notes {
        if ok(*a, *a) {
            cuts.insert(*a);
        }
    }
    let cuts: Vec<usize> = cuts.into_iter().collect();
    let mut anchored = BTreeSet::new();
    let mut out = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let mut anchors = Vec::new();
        for &(s, e) in cited.iter().chain(target.iter()) {
            let id = format!("s-{s}-{e}");
            if s == a && anchored.insert(id.clone()) {
                anchors.push(id);
            }
        }
        for (s, label) in notes {
            let id = format!("note-{label}");
            if *s == a && anchored.insert(id.clone()) {
                anchors.push(id);
            }
        }
        let covered = |&(s, e): &(usize, usize)| s <= a && b <= e && s < e;
        out.push(Piece {
            anchors,
            text: &text[a..b],
            cited: cited.iter().any(covered),
            target: target.as_ref().is_some_and(covered),
        });
    }
    out
}

fn text_view(detail: &SourceDetail, cited: &[CitedSpan], target: Option<(usize, usize)>) -> Markup {
    let spans: Vec<(usize, usize)> = cited.iter().map(|c| (c.start, c.end)).collect();
    let notes: Vec<(usize, String)> = detail.notes.iter().map(|n| (n.start, n.label.clone())).collect();
    let pieces = pieces(&detail.text, &spans, &notes, target);
    html! {
        div.source-text lang="und" {
            @for p in &pieces {
                @for a in &p.anchors { span.anchor id=(a) {} }
                @if p.target {
                    mark.target { (p.text) }
                } @else if p.cited {
                    span.cited { (p.text) }
                } @else {
                    (p.text)
                }
            }
        }
    }
}

fn cited_list(id: &str, cited: &[CitedSpan]) -> Markup {
    html! {
        @if cited.is_empty() {
            p.empty { "The knowledge base takes nothing from this source." }
        } @else {
            div.table-wrap {
                table.cited-list {
                    thead { tr { th scope="col" { "Span" } th scope="col" { "What" } th scope="col" { "Actor" } th scope="col" { "Quote" } } }
                    tbody {
                        @for c in cited {
                            tr {
                                td { a href=(super::source_href(id, c.start, c.end)) { (c.start) "–" (c.end) } }
                                td {
                                    @if let Some(e) = c.event {
                                        a href=(event_href(e)) { "incident " (e) }
                                        @if let Some(v) = &c.value { ": " (v) }
                                    } @else {
                                        (c.predicate.as_deref().map(words).unwrap_or_default())
                                        @if let Some(v) = &c.value { ": " (v) }
                                    }
                                }
                                td { @if let Some(a) = &c.actor { a href=(actor_href(&a.key)) { (a.name) } } }
                                td { (short(&c.quote, 160)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `GET /sources/{id}?span=START-END` or `?find=TEXT`.
pub(crate) async fn page(State(st): State<AppState>, Segment(key): Segment, uri: Uri) -> PageResult {
    let p = Params::parse(&uri, SOURCE_Q, false)?;
    let span = p.span("span");
    let find = p.string("find");
    let (detail, cited) = st
        .read(move |store| {
            let detail = store.source(&key)?;
            let cited = views::cited_spans(store, &detail.summary.id)?;
            Ok((detail, cited))
        })
        .await?;
    let text = &detail.text;
    if let Some((a, b)) = span
        && (b > text.len() || !text.is_char_boundary(a) || !text.is_char_boundary(b))
    {
        return Err(ApiError::bad_request(format!(
            "span {a}-{b} is not a span of this source's text ({} bytes)",
            text.len()
        ))
        .into());
    }
    let found = find.as_deref().and_then(|q| text.find(q).map(|s| (s, s + q.len())));
    let target = span.or(found);
    let s = &detail.summary;
    let id = s.id.as_str();
    let body = html! {
        header.page-head {
            h1 { (s.title) }
            dl.meta {
                @if let Some(x) = &s.publisher { dt { "Publisher" } dd { (x) } }
                @if let Some(x) = &s.date { dt { "Date" } dd { (x) } }
                @if let Some(x) = &s.address {
                    dt { "Address" }
                    dd {
                        @if x.starts_with("https://") || x.starts_with("http://") {
                            a href=(x) rel="noopener noreferrer nofollow" { (x) }
                        } @else { (x) }
                    }
                }
                dt { "Stored as" } dd { code { (s.path) } }
                dt { "Format" } dd { (format!("{:?}", s.format).to_lowercase()) ", " (s.bytes) " bytes, ingested " (detail.ingested_at) }
                dt { "Id" } dd { code.id { (id) } }
                dt { "Contents" } dd { (detail.passages.len()) " passages, " (detail.notes.len()) " notes, " (s.references) " references" }
            }
            @if !detail.warnings.is_empty() {
                ul.warnings { @for w in &detail.warnings { li { (w) } } }
            }
            @if let Some((a, b)) = target {
                p.target-note #found {
                    "Highlighted: bytes " (a) "–" (b) ". "
                    a href=(format!("#s-{a}-{b}")) { "Jump to the highlighted span" }
                }
            } @else if let Some(q) = &find {
                p.target-note #found { "The text “" (short(q, 80)) "” does not occur in this source." }
            }
            p.links {
                a href="#text" { "Text" } " · " a href="#notes" { "Notes and references" } " · "
                a href="#cited" { "Cited in the knowledge base (" (cited.len()) ")" } " · "
                a href=(format!("/api/sources/{}", enc(id))) { "JSON" }
            }
        }
        section aria-labelledby="text" {
            h2 #text { "Text" }
            p.hint { "Underlined: spans the knowledge base cites. Highlighted: the span you followed." }
            (text_view(&detail, &cited, target))
        }
        section aria-labelledby="notes" {
            h2 #notes { "Notes and references" }
            @if detail.notes.is_empty() {
                p.empty { "No notes." }
            } @else {
                ol.notes {
                    @for n in &detail.notes {
                        li {
                            a href=(format!("#note-{}", n.label)) { "[" (n.label) "]" } " " (n.text)
                            @if !n.references.is_empty() {
                                ul.refs {
                                    @for r in &n.references {
                                        li {
                                            @if let Some(a) = &r.author { span.ref-author { (a) } ", " }
                                            @if let Some(x) = &r.publisher { span.ref-publisher { (x) } ", " }
                                            @if let Some(x) = &r.title { cite { (x) } }
                                            @if let Some(x) = &r.date { ", " (x) }
                                            @if let Some(x) = &r.pages { ", " (x) }
                                            @if r.title.is_none() { (r.raw) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @let cites: Vec<&dossier_store::PassageRow> = detail.passages.iter().filter(|p| !p.citations.is_empty()).collect();
            @if !cites.is_empty() {
                details {
                    summary { "Which passage cites which note (" (cites.len()) ")" }
                    ul.passage-cites {
                        @for p in cites {
                            li {
                                a href=(super::source_href(id, p.start, p.end)) { (short(&p.text, 90)) }
                                " → " @for c in &p.citations { a href=(format!("#note-{c}")) { "[" (c) "]" } " " }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="cited" {
            h2 #cited { "Cited in the knowledge base" }
            (cited_list(id, &cited))
        }
    };
    Ok(super::page(&s.title, Nav::Sources, html! {}, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cover_the_text_once() {
        let text = "héllo wörld, again";
        let ps = pieces(text, &[(0, 6), (3, 13), (99, 100), (1, 2)], &[(14, "1".into())], Some((7, 13)));
        assert_eq!(ps.iter().map(|p| p.text).collect::<String>(), text);
        assert!(ps.iter().any(|p| p.target && p.text == "wörld"));
        let anchors: Vec<&String> = ps.iter().flat_map(|p| &p.anchors).collect();
        assert!(anchors.iter().any(|a| *a == "s-0-6") && anchors.iter().any(|a| *a == "note-1"));
        // (1, 2) is not on a character boundary: dropped, not a panic.
        assert!(!anchors.iter().any(|a| *a == "s-1-2"));
    }
}
