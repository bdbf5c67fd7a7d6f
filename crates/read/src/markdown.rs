//! Markdown: CommonMark with tables, footnotes and strikethrough, read as the
//! text it renders to, with blocks, footnote markers and definitions taken
//! from the syntax rather than guessed from the text.
//!
//! pulldown-cmark gives every event its source range, so text maps back to
//! its exact original bytes; text that differs from its source (escapes,
//! entities) is anchored at the start of its range. A footnote definition
//! keeps its label before its text (`1 Text of the note`), as a plain-text
//! reader would see it; the note's span covers only the text.

use std::ops::Range;

use dossier_model::{BlockKind, DocMeta, Format};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::html::{Anchor, Decoded, Flow, Loc, Mode, char_data};
use crate::{Parsed, ReadErrorKind, Reader};

/// Reads Markdown files.
pub struct MarkdownReader;

impl Reader for MarkdownReader {
    fn format(&self) -> Format {
        Format::Markdown
    }

    fn read(&self, bytes: &[u8]) -> Result<Parsed, ReadErrorKind> {
        let mut warnings = Vec::new();
        let dec = Decoded::new(bytes, None, &mut warnings);
        let src: &str = &dec.text;
        let mut flow = Flow::new(bytes.len());
        let mut kinds: Vec<BlockKind> = Vec::new();
        // Cells seen so far in the open table row.
        let mut row: Option<usize> = None;
        let mut code = 0usize;
        let mut title: Option<String> = None;
        // Raw HTML blocks: their markup is dropped; count those with text.
        let mut html: Option<String> = None;
        let mut skipped_html = 0usize;
        let mut spans = Vec::new();
        let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
        for (event, range) in Parser::new_ext(src, options).into_offset_iter() {
            let kind =
                if row.is_some() { BlockKind::TableRow } else { kinds.last().copied().unwrap_or(BlockKind::Paragraph) };
            match event {
                Event::Start(tag) => match tag {
                    Tag::Heading { .. } => {
                        flow.flush();
                        kinds.push(BlockKind::Heading);
                    }
                    Tag::Item => {
                        flow.flush();
                        kinds.push(BlockKind::ListItem);
                    }
                    Tag::CodeBlock(_) => {
                        flow.flush();
                        code += 1;
                    }
                    Tag::TableHead | Tag::TableRow => {
                        flow.flush();
                        row = Some(0);
                    }
                    Tag::TableCell => {
                        if let Some(cells) = row.as_mut() {
                            if *cells > 0 {
                                flow.cell();
                            }
                            *cells += 1;
                        }
                    }
                    Tag::FootnoteDefinition(label) => {
                        flow.flush();
                        let prefix = (label.to_string(), label_anchor(&dec, &label, range.start));
                        flow.open_note(label.to_string(), Some(prefix), false);
                    }
                    Tag::HtmlBlock => {
                        flow.flush();
                        html = Some(String::new());
                    }
                    Tag::Paragraph
                    | Tag::BlockQuote(_)
                    | Tag::List(_)
                    | Tag::Table(_)
                    | Tag::DefinitionList
                    | Tag::DefinitionListTitle
                    | Tag::DefinitionListDefinition
                    | Tag::MetadataBlock(_) => flow.flush(),
                    _ => {}
                },
                Event::End(tag) => match tag {
                    TagEnd::Heading(level) => {
                        if level == HeadingLevel::H1 && title.is_none() {
                            title = flow.block_text();
                        }
                        flow.flush();
                        kinds.pop();
                    }
                    TagEnd::Item => {
                        flow.flush();
                        kinds.pop();
                    }
                    TagEnd::CodeBlock => {
                        flow.flush();
                        code = code.saturating_sub(1);
                    }
                    TagEnd::TableHead | TagEnd::TableRow => {
                        flow.flush();
                        row = None;
                    }
                    TagEnd::FootnoteDefinition => {
                        flow.flush();
                        flow.close_note(true);
                    }
                    TagEnd::HtmlBlock => {
                        if let Some(block) = html.take()
                            && char_data(&block)
                                .iter()
                                .any(|&(a, z)| block.get(a..z).is_some_and(|t| !t.trim().is_empty()))
                        {
                            skipped_html += 1;
                        }
                    }
                    TagEnd::Paragraph
                    | TagEnd::BlockQuote(_)
                    | TagEnd::List(_)
                    | TagEnd::Table
                    | TagEnd::DefinitionList
                    | TagEnd::DefinitionListTitle
                    | TagEnd::DefinitionListDefinition
                    | TagEnd::MetadataBlock(_) => flow.flush(),
                    _ => {}
                },
                Event::Text(text) => {
                    let mode = if code > 0 { Mode::Pre } else { Mode::Collapse };
                    flow.push_text(&dec, &text, locate(src, &text, range, &mut spans), mode, kind);
                }
                Event::Code(text) => {
                    flow.push_text(&dec, &text, locate(src, &text, range, &mut spans), Mode::Collapse, kind)
                }
                Event::FootnoteReference(label) => {
                    let (start, before) = (flow.mark(), flow.markers_len());
                    flow.push_text(&dec, &label, locate(src, &label, range, &mut spans), Mode::Collapse, kind);
                    flow.end_marker(start, Some(label.to_string()), false, before);
                }
                Event::SoftBreak => flow.space(dec.anchor(range.start, range.end)),
                Event::HardBreak => flow.line_break(),
                Event::Rule => flow.flush(),
                Event::Html(raw) => {
                    if let Some(block) = html.as_mut() {
                        block.push_str(&raw);
                    }
                }
                Event::InlineHtml(raw) => {
                    let tag: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '/').collect();
                    if tag.eq_ignore_ascii_case("<br>") {
                        flow.line_break();
                    }
                }
                _ => {}
            }
        }
        if skipped_html > 0 {
            warnings.push(format!("skipped {skipped_html} raw HTML blocks"));
        }
        let (text, offsets, layout) = flow.finish(&mut warnings);
        let title = title.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|t| !t.is_empty());
        Ok(Parsed { text, offsets, layout, meta: DocMeta { title, ..DocMeta::default() }, warnings })
    }
}

/// Where an event's text lies in the source: verbatim at its range (or
/// inside it, as for `\*` or `` `code` ``); else character by character
/// in order within the range, skipping what the syntax added (line prefixes
/// such as `> `, escapes, a line end read as a space); else anchored at the
/// range's start.
fn locate<'l>(src: &str, text: &str, range: Range<usize>, spans: &'l mut Vec<(usize, usize)>) -> Loc<'l> {
    let Some(s) = src.get(range.clone()) else { return Loc::At(range.start.min(src.len())) };
    if s == text {
        return Loc::Src(range.start);
    }
    if text.is_empty() {
        return Loc::At(range.start);
    }
    if let Some(p) = s.find(text) {
        return Loc::Src(range.start + p);
    }
    spans.clear();
    let mut pos = 0;
    for c in text.chars() {
        let found = s.get(pos..).and_then(|rest| {
            rest.char_indices().find(|&(_, d)| d == c || (c == ' ' && matches!(d, '\n' | '\r' | '\t')))
        });
        let Some((i, d)) = found else { return Loc::At(range.start) };
        let at = range.start + pos + i;
        spans.push((at, at + d.len_utf8()));
        pos += i + d.len_utf8();
    }
    Loc::Spans(spans)
}

/// The source span of the label in a footnote definition `[^label]:`.
fn label_anchor(dec: &Decoded, label: &str, start: usize) -> Anchor {
    let at = start + 2;
    let rest = dec.text.get(start..)?;
    let shown = rest.strip_prefix("[^")?.strip_prefix(label)?;
    shown.starts_with(']').then(|| dec.anchor(at, at + label.len())).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::tests::{assert_block_starts_map, assert_maps, assert_markers_resolve, assert_sound};

    fn read(md: &str) -> Parsed {
        MarkdownReader.read(md.as_bytes()).unwrap()
    }

    fn blocks(p: &Parsed) -> Vec<(BlockKind, &str)> {
        p.layout.blocks.iter().map(|b| (b.kind, b.span.slice(&p.text))).collect()
    }

    const REPORT: &[u8] = include_bytes!("../tests/fixtures/md_report.md");

    #[test]
    fn report_blocks() {
        let p = MarkdownReader.read(REPORT).unwrap();
        use BlockKind::*;
        assert_eq!(
            blocks(&p),
            vec![
                (Heading, "Armed groups in the Sahel: a field report"),
                (Paragraph, "Prepared by the Example Research Centre, June 2023."),
                (Heading, "Summary"),
                (
                    Paragraph,
                    "The Northern Front controls three districts.1 Its leader is Amadou Kone, who met Al-Shabaab \
                     envoys in 2022.kone"
                ),
                (ListItem, "Kalo district, taken in March 2023"),
                (ListItem, "Mara district"),
                (ListItem, "Outlying villages"),
                (ListItem, "Tessit, according to local media"),
                (TableRow, "District | Taken | Source"),
                (TableRow, "Kalo | March 2023 | UN panel"),
                (TableRow, "Mara | | Local media"),
                (Paragraph, "raw log line 1\n  indented line 2"),
                (Paragraph, "Inline code span, an escaped *star* and an image satellite image of Kalo here."),
                (Paragraph, "1 UN Security Council, S/2023/123, para. 45."),
                (Paragraph, "A second paragraph of the first note, with more detail."),
                (Paragraph, "kone Interview, 12 April 2023."),
            ]
        );
        assert_eq!(p.meta.title.as_deref(), Some("Armed groups in the Sahel: a field report"));
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        assert_sound(&p, REPORT);
    }

    #[test]
    fn report_footnotes() {
        let p = MarkdownReader.read(REPORT).unwrap();
        let markers: Vec<(&str, &str)> =
            p.layout.markers.iter().map(|m| (m.label.as_str(), m.span.slice(&p.text))).collect();
        assert_eq!(markers, vec![("1", "1"), ("kone", "kone")]);
        let notes: Vec<(&str, &str)> =
            p.layout.notes.iter().map(|n| (n.label.as_str(), n.span.slice(&p.text))).collect();
        assert_eq!(
            notes,
            vec![
                (
                    "1",
                    "UN Security Council, S/2023/123, para. 45.\n\nA second paragraph of the first note, with more detail."
                ),
                ("kone", "Interview, 12 April 2023."),
            ]
        );
        assert_markers_resolve(&p);
        for m in &p.layout.markers {
            let o = p.offsets.to_original(m.span.start);
            assert!(REPORT[o..].starts_with(format!("{}]", m.label).as_bytes()));
            assert_eq!(&REPORT[o - 2..o], b"[^");
        }
    }

    #[test]
    fn report_offsets() {
        let p = MarkdownReader.read(REPORT).unwrap();
        for phrase in [
            "Armed groups in the Sahel",
            "Example Research Centre",
            "The Northern Front controls",
            "Amadou Kone, who met",
            "March 2023",
            "Outlying villages",
            "local media",
            "UN panel",
            "indented line 2",
            "code span",
            "star",
            "satellite image of Kalo",
            "UN Security Council",
            "A second paragraph",
            "Interview, 12 April",
        ] {
            assert_maps(&p, REPORT, phrase);
        }
        assert_block_starts_map(&p, REPORT);
    }

    #[test]
    fn small_documents() {
        let p = read("# Title *here*\n\nHello *world*,\nnext  line.  \nhard\n\n***\n\n> quoted\n");
        assert_eq!(p.text, "Title here\n\nHello world, next line.\nhard\n\nquoted");
        assert_eq!(p.meta.title.as_deref(), Some("Title here"));
        let p = read("## Not a title\n\ntext\n");
        assert_eq!(p.meta.title, None);
        let p = read("a &amp; b \\_c\\_ &copy;\n");
        assert_eq!(p.text, "a & b _c_ \u{a9}");
        assert_maps(&p, b"a &amp; b \\_c\\_ &copy;\n", "c");
        assert_maps(&p, b"a &amp; b \\_c\\_ &copy;\n", " b ");
    }

    #[test]
    fn text_unlike_its_source_maps_character_by_character() {
        let md = b"> `run this\n> now` then stop\n";
        let p = MarkdownReader.read(md).unwrap();
        assert_eq!(p.text, "run this now then stop");
        for phrase in ["run this", "now", "then stop"] {
            assert_maps(&p, md, phrase);
        }
        assert_sound(&p, md);
    }

    #[test]
    fn notes_hold_no_markers_and_refs_without_notes_are_text() {
        let p = read("Claim.[^a] Other[^missing].\n\n[^a]: Note citing[^b].\n[^b]: Second.\n");
        assert_eq!(p.layout.markers.len(), 1);
        assert_eq!(p.layout.markers[0].label, "a");
        assert!(p.text.contains("Other[^missing]."));
        assert_eq!(p.layout.notes.len(), 2);
        assert_eq!(p.layout.notes[0].span.slice(&p.text), "Note citingb.");
    }

    #[test]
    fn windows_1252_markdown() {
        let bytes = b"# Caf\xe9\r\n\r\nLe \x93groupe\x94 arm\xe9 a 5\xa0000 membres.\r\n";
        let p = MarkdownReader.read(bytes).unwrap();
        assert_eq!(p.text, "Caf\u{e9}\n\nLe \u{201c}groupe\u{201d} arm\u{e9} a 5 000 membres.");
        assert!(p.warnings[0].contains("windows-1252"));
        for phrase in ["groupe", "000 membres", "Le "] {
            assert_maps(&p, bytes, phrase);
        }
        assert_sound(&p, bytes);
    }

    #[test]
    fn hostile_markdown() {
        let inputs = [
            "> ".repeat(10_000) + "deep",
            "- ".repeat(5_000) + "item",
            "[".repeat(10_000) + "x" + &"]".repeat(10_000),
            "*".repeat(10_000) + "a" + &"_".repeat(10_000),
            "[^1]: ".repeat(2_000) + "x",
            "|a|\n|-|\n".to_owned() + &"|\u{0}|\u{85}|\u{feff}|\n".repeat(100),
            "\u{301}\u{301}start\n\n```\n\n\n```\n".to_owned(),
        ];
        for md in &inputs {
            let p = read(md);
            assert_sound(&p, md.as_bytes());
        }
        assert!(read(&inputs[0]).text.ends_with("deep"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let p = MarkdownReader.read(&bytes).unwrap();
            assert_sound(&p, &bytes);
        }

        #[test]
        fn markdown_soup_never_panics(s in "(# |\n|\n\n|- |1. |> |\\| |---|```|`|\\*|_|\\[\\^1\\]|\\[\\^1\\]: |    |<br>|&amp;|\\\\|[a-z ]){0,60}") {
            let p = MarkdownReader.read(s.as_bytes()).unwrap();
            assert_sound(&p, s.as_bytes());
        }
    }
}
