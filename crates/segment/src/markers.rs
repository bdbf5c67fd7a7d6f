//! Footnote markers in the body: superscript digits (`³⁹²`), `[^3]`, `[3]`,
//! and those the reader found in markup.

use std::collections::HashSet;

use dossier_model::{Layout, Note, Span};

/// A marker whose label names a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub span: Span,
    pub label: String,
}

/// The value of a superscript digit.
pub(crate) fn superscript_digit(c: char) -> Option<char> {
    Some(match c {
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        _ => return None,
    })
}

/// All markers in text order. A marker that names no note (`km²`, `[3]` in
/// a document without notes) is not a citation and is left out.
pub(crate) fn find(text: &str, layout: &Layout, notes: &[Note]) -> Vec<Found> {
    let labels: HashSet<&str> = notes.iter().map(|n| n.label.as_str()).collect();
    let mut out: Vec<Found> = layout
        .markers
        .iter()
        .filter(|m| labels.contains(m.label.as_str()) && m.span.end <= text.len())
        .map(|m| Found { span: m.span, label: m.label.clone() })
        .collect();
    if labels.is_empty() {
        return out;
    }
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if let Some(first) = superscript_digit(c) {
            let mut label = String::from(first);
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                let Some(v) = superscript_digit(d) else { break };
                label.push(v);
                end = j + d.len_utf8();
                chars.next();
            }
            if labels.contains(label.as_str()) {
                out.push(Found { span: Span::new(i, end), label });
            }
        } else if c == '[' {
            // `[^label]` or `[digits]`, not followed by `(` or `:` (a link or
            // a definition).
            let rest = &text[i + 1..];
            let Some(close) = rest.find(']').filter(|&k| k <= 18) else { continue };
            let inner = &rest[..close];
            let after = bytes.get(i + 1 + close + 1).copied();
            if matches!(after, Some(b'(' | b':')) {
                continue;
            }
            let label = inner.strip_prefix('^').unwrap_or(inner);
            let bracketed_number = !inner.starts_with('^') && label.bytes().all(|b| b.is_ascii_digit());
            if (inner.starts_with('^') || bracketed_number) && labels.contains(label) {
                out.push(Found { span: Span::new(i, i + close + 2), label: label.to_string() });
            }
        }
    }
    out.sort_by_key(|f| f.span.start);
    out.dedup_by_key(|f| f.span);
    out
}
