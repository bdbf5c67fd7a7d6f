//! Markdown: headings, paragraphs with `[n]` markers, pipe tables, the map
//! as an inline SVG block and the numbered references. Every piece of
//! source text is escaped, so a source's `*`, `[` or `<` stays text.

use crate::text::{isolate_rtl, md};
use crate::{Block, Inline, Phrase, Report};

fn phrase(p: &Phrase) -> String {
    let mut out = String::new();
    for part in &p.parts {
        match part {
            Inline::Text { text } => out.push_str(&md(&isolate_rtl(text))),
            Inline::Title { text } => {
                out.push('*');
                out.push_str(&md(text));
                out.push('*');
            }
            Inline::Quote { text } => {
                out.push('‘');
                out.push_str(&md(text));
                out.push('’');
            }
            Inline::Note { number } => out.push_str(&format!("[{number}]")),
        }
    }
    out
}

pub(crate) fn render(r: &Report) -> String {
    let mut out = String::new();
    out.push_str(&format!("# {}\n\n", md(&r.title)));
    for line in &r.preface {
        out.push_str(&format!("*{}*\n\n", md(line)));
    }
    for s in &r.sections {
        out.push_str(&format!("## {}. {}\n\n", s.number, md(&s.title)));
        for b in &s.blocks {
            match b {
                Block::Paragraph { sentences } => {
                    let text: Vec<String> = sentences.iter().map(phrase).collect();
                    out.push_str(&text.join(" "));
                    out.push_str("\n\n");
                }
                Block::Heading { text } => out.push_str(&format!("### {}\n\n", md(text))),
                Block::Remark { text } => out.push_str(&format!("*{}*\n\n", md(text))),
                Block::Table(t) => {
                    out.push_str(&format!("**{}**\n\n", md(&t.caption)));
                    let head: Vec<String> = t.columns.iter().map(|c| md(c)).collect();
                    out.push_str(&format!("| {} |\n", head.join(" | ")));
                    let rule: Vec<&str> = t.numeric.iter().map(|n| if *n { "---:" } else { "---" }).collect();
                    out.push_str(&format!("|{}|\n", rule.join("|")));
                    for row in &t.rows {
                        let cells: Vec<String> = row.iter().map(phrase).collect();
                        out.push_str(&format!("| {} |\n", cells.join(" | ")));
                    }
                    out.push('\n');
                    if let Some(n) = &t.note {
                        out.push_str(&format!("*{}*\n\n", md(n)));
                    }
                }
                Block::Map(m) => {
                    out.push_str(&format!("**{}**\n\n", md(&m.caption)));
                    out.push_str(&m.svg);
                    out.push_str("\n\n");
                }
            }
        }
    }
    let n = r.sections.len() + 1;
    out.push_str(&format!("## {n}. References\n\n"));
    for f in &r.footnotes {
        out.push_str(&format!("[{}] {}  \n", f.number, md(&f.reference)));
        let quote: String = f.quote.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push_str(&format!(
            "    Source {}, bytes {}–{}: “{}”\n\n",
            f.source_id.get(..12).unwrap_or(&f.source_id),
            f.start,
            f.end,
            md(&quote)
        ));
    }
    out
}
