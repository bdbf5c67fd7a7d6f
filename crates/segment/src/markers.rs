//! Footnote markers in the body: superscript digits (`³⁹²`), `[^3]`, `[3]`,
//! and those the reader found in markup.

use dossier_model::{Layout, Note, Span};

use dossier_model::scan::ByteSet;

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

/// The bytes a marker can start with: `[` and the UTF-8 leads of the
/// superscript digits.
const MARKER_STARTS: ByteSet = ByteSet::new(b"[\xc2\xe2");

/// All markers in text order. A marker that names no note (`km²`, `[3]` in
/// a document without notes) is not a citation and is left out.
pub(crate) fn find(text: &str, layout: &Layout, notes: &[Note]) -> Vec<Found> {
    // A sorted list: a binary search beats hashing for a few hundred labels.
    let mut labels: Vec<&str> = notes.iter().map(|n| n.label.as_str()).collect();
    labels.sort_unstable();
    labels.dedup();
    let known = |label: &str| labels.binary_search(&label).is_ok();
    let mut out: Vec<Found> = layout
        .markers
        .iter()
        .filter(|m| known(m.label.as_str()) && m.span.end <= text.len())
        .map(|m| Found { span: m.span, label: m.label.clone() })
        .collect();
    if labels.is_empty() {
        return out;
    }
    // Walks bytes: a marker starts with `[` or a superscript digit, whose
    // UTF-8 leads are `C2` (¹²³) and `E2` (⁰, ⁴–⁹).
    let bytes = text.as_bytes();
    let mut label = String::new(); // the digits of a superscript run, reused
    let mut i = 0;
    loop {
        i = MARKER_STARTS.find_from(bytes, i);
        if i >= bytes.len() {
            break;
        }
        match bytes[i] {
            b'[' => {
                // `[^label]` or `[digits]`, not followed by `(` or `:` (a
                // link or a definition).
                let rest = &bytes[i + 1..];
                if let Some(close) = rest[..rest.len().min(19)].iter().position(|&b| b == b']') {
                    let inner = &text[i + 1..i + 1 + close];
                    let after = bytes.get(i + 1 + close + 1).copied();
                    if !matches!(after, Some(b'(' | b':')) {
                        let label = inner.strip_prefix('^').unwrap_or(inner);
                        let bracketed_number = !inner.starts_with('^') && label.bytes().all(|b| b.is_ascii_digit());
                        if (inner.starts_with('^') || bracketed_number) && known(label) {
                            out.push(Found { span: Span::new(i, i + close + 2), label: label.to_string() });
                        }
                    }
                }
                i += 1;
            }
            0xc2 | 0xe2 => {
                let c = text[i..].chars().next().unwrap_or_default();
                let Some(first) = superscript_digit(c) else {
                    i += c.len_utf8();
                    continue;
                };
                label.clear();
                label.push(first);
                let mut end = i + c.len_utf8();
                while let Some(d) = text[end..].chars().next() {
                    let Some(v) = superscript_digit(d) else { break };
                    label.push(v);
                    end += d.len_utf8();
                }
                if known(&label) {
                    out.push(Found { span: Span::new(i, end), label: label.clone() });
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    out.sort_by_key(|f| f.span.start);
    out.dedup_by_key(|f| f.span);
    out
}
