//! Blocks: the units between blank lines, classified as headings,
//! paragraphs, list items or table rows.

use dossier_model::{BlockKind, Layout, PassageKind, Span};

use crate::markers::superscript_digit;
use crate::trim;

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Heading,
    Paragraph,
    ListItem,
    TableRow,
}

impl Kind {
    pub(crate) fn passage_kind(self) -> PassageKind {
        match self {
            Kind::Heading => PassageKind::Heading,
            Kind::Paragraph => PassageKind::Sentence,
            Kind::ListItem => PassageKind::ListItem,
            Kind::TableRow => PassageKind::TableRow,
        }
    }
}

/// One block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Block {
    pub kind: Kind,
    pub span: Span,
}

/// A block whose median line is shorter than this many characters is read
/// as a list (a flattened infobox, a menu), one passage per line, not as
/// prose wrapped at a fixed width.
const LIST_LINE_MEDIAN: usize = 50;

/// The blocks of a text: the reader's when it stated them, else inferred.
pub(crate) fn blocks(text: &str, layout: &Layout) -> Vec<Block> {
    if !layout.blocks.is_empty() {
        return layout
            .blocks
            .iter()
            .filter(|b| {
                b.span.end <= text.len() && text.is_char_boundary(b.span.start) && text.is_char_boundary(b.span.end)
            })
            .map(|b| Block {
                kind: match b.kind {
                    BlockKind::Heading => Kind::Heading,
                    BlockKind::Paragraph => Kind::Paragraph,
                    BlockKind::ListItem => Kind::ListItem,
                    BlockKind::TableRow => Kind::TableRow,
                },
                span: trim(text, b.span),
            })
            .filter(|b| !b.span.is_empty())
            .collect();
    }
    let mut out = Vec::new();
    let mut group: Vec<Span> = Vec::new();
    let mut lens = Vec::new(); // scratch for `classify`
    for line in lines(text) {
        if line.slice(text).trim().is_empty() {
            classify(text, &group, &mut lens, &mut out);
            group.clear();
        } else {
            group.push(line);
        }
    }
    classify(text, &group, &mut lens, &mut out);
    out
}

/// Line spans without their `\n`.
fn lines(text: &str) -> impl Iterator<Item = Span> + '_ {
    let mut start = 0;
    text.split_inclusive('\n').map(move |l| {
        let s = start;
        start += l.len();
        Span::new(s, s + l.trim_end_matches('\n').len())
    })
}

/// Turns one group of consecutive non-blank lines into blocks. `lens` is
/// scratch space.
fn classify(text: &str, lines: &[Span], lens: &mut Vec<usize>, out: &mut Vec<Block>) {
    if lines.is_empty() {
        return;
    }
    let listlike = lines.len() > 1 && {
        lens.clear();
        lens.extend(lines.iter().map(|l| l.slice(text).trim().chars().count()));
        lens.sort_unstable();
        lens[lens.len() / 2] < LIST_LINE_MEDIAN
    };
    let mut current: Option<Block> = None;
    let flush = |cur: &mut Option<Block>, out: &mut Vec<Block>| {
        if let Some(b) = cur.take() {
            let span = trim(text, b.span);
            if !span.is_empty() {
                out.push(Block { kind: b.kind, span });
            }
        }
    };
    for &line in lines {
        let s = line.slice(text);
        let t = s.trim();
        if is_bullet(t) || is_table_row(t) {
            flush(&mut current, out);
            let kind = if is_table_row(t) { Kind::TableRow } else { Kind::ListItem };
            current = Some(Block { kind, span: line });
        } else if t.starts_with('#') || (lines.len() == 1 && is_heading(t)) {
            flush(&mut current, out);
            out.push(Block { kind: Kind::Heading, span: trim(text, line) });
        } else if listlike {
            flush(&mut current, out);
            out.push(Block { kind: Kind::ListItem, span: trim(text, line) });
        } else {
            match &mut current {
                // An indented line continues a list item; any other line ends it.
                Some(b) if b.kind == Kind::ListItem && s.starts_with([' ', '\t']) => b.span.end = line.end,
                Some(b) if b.kind == Kind::Paragraph => b.span.end = line.end,
                _ => {
                    flush(&mut current, out);
                    current = Some(Block { kind: Kind::Paragraph, span: line });
                }
            }
        }
    }
    flush(&mut current, out);
}

/// `- item`, `* item`, `• item`, `1. item`, `2) item`.
pub(crate) fn is_bullet(t: &str) -> bool {
    let mut chars = t.chars();
    match chars.next() {
        Some('-' | '*' | '•' | '·' | '◦' | '▪' | '‣' | '–') => chars.next().is_some_and(char::is_whitespace),
        Some(c) if c.is_ascii_digit() => {
            let digits = t.bytes().take_while(u8::is_ascii_digit).count();
            let rest = &t[digits..];
            digits <= 3 && (rest.starts_with(". ") || rest.starts_with(") "))
        }
        _ => false,
    }
}

fn is_table_row(t: &str) -> bool {
    t.starts_with('|') && t.ends_with('|') && t.len() > 2
}

/// A lone short line with no closing punctuation reads as a heading
/// ("3.2.7. Islamic State …", "Who are ISKP?").
fn is_heading(t: &str) -> bool {
    // The length and the ends first: most lines are long paragraphs or
    // notes ending in a full stop, whose words need no counting.
    t.len() <= 160
        && !t.ends_with(['.', ',', ';', ':', '!'])
        && t.chars().last().is_none_or(|c| superscript_digit(c).is_none())
        && t.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || !c.is_alphabetic())
        && t.split_whitespace().count() <= 15
        && t.chars().any(char::is_alphabetic)
        && !has_sentence_break(t)
}

/// A lowercase word closed by `.`, `!` or `?` and followed by more text:
/// the line holds sentences, whatever its length.
fn has_sentence_break(t: &str) -> bool {
    let mut chars = t.chars();
    let (Some(mut a), Some(mut b)) = (chars.next(), chars.next()) else { return false };
    for c in chars {
        if matches!(b, '.' | '!' | '?') && a.is_lowercase() && (c.is_whitespace() || superscript_digit(c).is_some()) {
            return true;
        }
        (a, b) = (b, c);
    }
    false
}
