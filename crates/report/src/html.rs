//! A standalone HTML page: inline CSS (screen and print, A4 pages with
//! numbered footers), footnote markers as superscript links to the
//! reference list carrying the source id and span as `data-` attributes,
//! the map as inline SVG. Every piece of document text is escaped.

use std::fmt::Write;

use crate::text::html;
use crate::{Block, Footnote, Inline, Phrase, Report};

const CSS: &str = r#"
:root { --ink: #1f2933; --muted: #52606d; --rule: #cbd2d9; --accent: #1b4f72; }
* { box-sizing: border-box; }
html { font-size: 11pt; }
body { margin: 0; color: var(--ink); background: #fff;
  font-family: "Source Serif Pro", "Georgia", "DejaVu Serif", serif; line-height: 1.45; }
main.report { max-width: 48rem; margin: 0 auto; padding: 2.5rem 1.5rem 4rem; }
header.title { border-bottom: 3px solid var(--accent); margin-bottom: 1.5rem; padding-bottom: .75rem; }
h1 { font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; font-size: 1.9rem; color: var(--accent);
  margin: 0 0 .5rem; line-height: 1.2; }
h2 { font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; font-size: 1.3rem; color: var(--accent);
  margin: 2rem 0 .6rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
h3 { font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
p { margin: 0 0 .8rem; text-align: justify; hyphens: auto; }
p.preface { color: var(--muted); font-size: .92rem; text-align: left; }
p.remark, p.table-note { color: var(--muted); font-style: italic; font-size: .92rem; }
nav.toc ol { margin: .3rem 0 0; padding-left: 1.4rem; columns: 2; font-size: .95rem; }
nav.toc a { color: var(--accent); text-decoration: none; }
sup.fn { font-size: .68em; line-height: 0; vertical-align: super; }
sup.fn { color: var(--accent); }
sup.fn a { color: var(--accent); text-decoration: none; }
cite { font-style: italic; }
table { width: 100%; border-collapse: collapse; margin: .4rem 0 .4rem; font-size: .86rem;
  font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: .3rem 0; color: var(--ink); }
th, td { border: 1px solid var(--rule); padding: .25rem .4rem; vertical-align: top; text-align: left; }
th { background: #e4ebf2; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #f7f9fb; }
figure.map { margin: 1rem 0; }
figure.map svg { width: 100%; height: auto; display: block; }
figure.map figcaption { font-size: .86rem; color: var(--muted); margin-bottom: .4rem; font-weight: bold; }
ol.references { padding-left: 2.4rem; font-size: .86rem; }
ol.references li { margin-bottom: .45rem; overflow-wrap: anywhere; }
ol.references .quote { display: block; color: var(--muted); margin-top: .1rem; }
ol.references .loc { font-family: "DejaVu Sans Mono", monospace; font-size: .78rem; color: var(--muted); }
ol.references li:target { background: #fff4cc; }
@page { size: A4; margin: 18mm 16mm 20mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; color: #52606d; } }
@media print {
  html { font-size: 10pt; }
  main.report { max-width: none; padding: 0; }
  nav.toc { display: none; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  table, figure.map { break-inside: auto; }
  tr, figure.map svg, ol.references li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  th { background: #e4ebf2 !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  figure.map svg { max-height: 150mm; }
}
"#;

/// The link of one footnote marker.
fn marker(n: u32, f: Option<&Footnote>) -> String {
    let data = match f {
        Some(f) => {
            format!(" data-source-id=\"{}\" data-start=\"{}\" data-end=\"{}\"", html(&f.source_id), f.start, f.end)
        }
        None => String::new(),
    };
    format!("<a class=\"fn\" href=\"#fn-{n}\"{data}>{n}</a>")
}

/// Escaped text with each right-to-left run (Arabic, Hebrew …) isolated in
/// `<bdi>`, so it does not reorder the sentence around it.
pub(crate) fn text_html(s: &str) -> String {
    let mut out = String::new();
    for (rtl, run) in crate::text::bidi_runs(s) {
        if rtl {
            let _ = write!(out, "<bdi>{}</bdi>", html(run));
        } else {
            out.push_str(&html(run));
        }
    }
    out
}

fn phrase(p: &Phrase, r: &Report) -> String {
    let mut out = String::new();
    let mut in_sup = false;
    for part in &p.parts {
        if in_sup && !matches!(part, Inline::Note { .. }) {
            out.push_str("</sup>");
            in_sup = false;
        }
        match part {
            Inline::Text { text } => out.push_str(&text_html(text)),
            Inline::Title { text } => {
                let _ = write!(out, "<cite>{}</cite>", text_html(text));
            }
            Inline::Quote { text } => {
                let _ = write!(out, "‘<span class=\"src-quote\">{}</span>’", text_html(text));
            }
            Inline::Note { number } => {
                if in_sup {
                    out.push(',');
                } else {
                    out.push_str("<sup class=\"fn\">");
                    in_sup = true;
                }
                let f = r.footnotes.get((*number as usize).wrapping_sub(1));
                out.push_str(&marker(*number, f));
            }
        }
    }
    if in_sup {
        out.push_str("</sup>");
    }
    out
}

pub(crate) fn render(r: &Report) -> String {
    let mut o = String::new();
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    o.push_str("<meta name=\"generator\" content=\"Dossier\">\n");
    let _ = writeln!(o, "<title>{}</title>", html(&r.title));
    let _ = writeln!(o, "<style>{CSS}</style>\n</head>");
    let _ = writeln!(o, "<body>\n<main class=\"report\" data-actor=\"{}\">", html(&r.actor.key));
    let _ = writeln!(o, "<header class=\"title\">\n<h1>{}</h1>", html(&r.title));
    for line in &r.preface {
        let _ = writeln!(o, "<p class=\"preface\">{}</p>", html(line));
    }
    o.push_str("</header>\n<nav class=\"toc\" aria-label=\"Contents\"><strong>Contents</strong><ol>\n");
    for s in &r.sections {
        let _ = writeln!(o, "<li><a href=\"#{}\">{}</a></li>", html(&s.id), html(&s.title));
    }
    o.push_str("<li><a href=\"#references\">References</a></li>\n</ol></nav>\n");
    let mut table_no = 0;
    for s in &r.sections {
        let _ = writeln!(o, "<section id=\"{}\">\n<h2>{}. {}</h2>", html(&s.id), s.number, html(&s.title));
        for b in &s.blocks {
            match b {
                Block::Paragraph { sentences } => {
                    let text: Vec<String> = sentences.iter().map(|p| phrase(p, r)).collect();
                    let _ = writeln!(o, "<p>{}</p>", text.join(" "));
                }
                Block::Heading { text } => {
                    let _ = writeln!(o, "<h3>{}</h3>", html(text));
                }
                Block::Remark { text } => {
                    let _ = writeln!(o, "<p class=\"remark\">{}</p>", html(text));
                }
                Block::Table(t) => {
                    table_no += 1;
                    let _ = writeln!(o, "<table id=\"table-{table_no}\">\n<caption>{}</caption>", html(&t.caption));
                    o.push_str("<thead><tr>");
                    for (i, c) in t.columns.iter().enumerate() {
                        let class = if t.numeric.get(i).copied().unwrap_or(false) { " class=\"num\"" } else { "" };
                        let _ = write!(o, "<th scope=\"col\"{class}>{}</th>", html(c));
                    }
                    o.push_str("</tr></thead>\n<tbody>\n");
                    for row in &t.rows {
                        o.push_str("<tr>");
                        for (i, c) in row.iter().enumerate() {
                            let class = if t.numeric.get(i).copied().unwrap_or(false) { " class=\"num\"" } else { "" };
                            let _ = write!(o, "<td{class}>{}</td>", phrase(c, r));
                        }
                        o.push_str("</tr>\n");
                    }
                    o.push_str("</tbody>\n</table>\n");
                    if let Some(n) = &t.note {
                        let _ = writeln!(o, "<p class=\"table-note\">{}</p>", html(n));
                    }
                }
                Block::Map(m) => {
                    let _ = writeln!(
                        o,
                        "<figure class=\"map\">\n<figcaption>{}</figcaption>\n{}\n</figure>",
                        html(&m.caption),
                        m.svg
                    );
                }
            }
        }
        o.push_str("</section>\n");
    }
    let _ = writeln!(
        o,
        "<section id=\"references\">\n<h2>{}. References</h2>\n<ol class=\"references\">",
        r.sections.len() + 1
    );
    for f in &r.footnotes {
        let quote: String = f.quote.split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = writeln!(
            o,
            "<li id=\"fn-{n}\" value=\"{n}\" data-source-id=\"{id}\" data-start=\"{s}\" data-end=\"{e}\">{reference} \
             <span class=\"quote\">“{quote}”</span><span class=\"loc\">source {short} · bytes {s}–{e}</span></li>",
            n = f.number,
            id = html(&f.source_id),
            s = f.start,
            e = f.end,
            reference = html(&f.reference),
            quote = html(&quote),
            short = html(f.source_id.get(..12).unwrap_or(&f.source_id)),
        );
    }
    o.push_str("</ol>\n</section>\n</main>\n</body>\n</html>\n");
    o
}
