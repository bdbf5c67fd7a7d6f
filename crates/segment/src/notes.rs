//! Notes: footnotes and reference-list entries, separated from the body.

use dossier_model::{Layout, Note, Span};

use crate::blocks::{Block, Kind};
use crate::markers::superscript_digit;
use crate::references::parse_references_with;
use crate::{find_link_middle, trim};

/// Splits blocks into the document's notes and its body blocks.
pub(crate) fn split_notes(text: &str, blocks: &[Block], layout: &Layout) -> (Vec<Note>, Vec<Block>) {
    let mut notes: Vec<Note> = Vec::new();
    // Most blocks are body blocks: one allocation instead of a dozen growths.
    let mut body = Vec::with_capacity(blocks.len());

    // Notes the reader found in markup come first; their blocks leave the body.
    let stated: Vec<(String, Span)> = layout
        .notes
        .iter()
        .filter(|n| {
            n.span.end <= text.len() && text.is_char_boundary(n.span.start) && text.is_char_boundary(n.span.end)
        })
        .map(|n| (n.label.clone(), trim(text, n.span)))
        .collect();

    let stated_index = StatedIndex::new(stated.iter().map(|(_, s)| *s));

    let mut open: Option<(String, Option<Span>)> = None; // an EUAA note being collected
    let mut in_reference_section = false;
    for block in blocks {
        if stated_index.nests_with(block.span) {
            continue;
        }
        let t = block.span.slice(text);
        if block.kind == Kind::Heading {
            in_reference_section = is_reference_heading(t);
        }
        // EUAA style: "- [392](#)" alone, the citation in the next block(s).
        if let Some((label, rest)) = euaa_label(t) {
            close(&mut open, &mut notes);
            let rest_span = trim(text, Span::new(block.span.end - rest.len(), block.span.end));
            open = Some((label.to_string(), (!rest_span.is_empty()).then_some(rest_span)));
            continue;
        }
        if let Some((_, so_far)) = &mut open {
            // The first block after a label is its text; later blocks continue
            // it while it is visibly unfinished (399 breaks mid-title).
            let continues = match so_far {
                None => true,
                Some(s) => !ends_note(s.slice(text)) || starts_lowercase(t),
            };
            if continues {
                *so_far = Some(match so_far {
                    None => block.span,
                    Some(s) => Span::new(s.start, block.span.end),
                });
                continue;
            }
            close(&mut open, &mut notes);
        }
        // Markdown footnote definitions written in plain text: "[^3]: …".
        if let Some((label, rest)) = markdown_def(t) {
            let span = trim(text, Span::new(block.span.end - rest.len(), block.span.end));
            notes.push(make_note(label, span));
            continue;
        }
        // "¹ Dawn, …": notes that open with their superscript label, one
        // per line when a block holds several.
        if superscript_def(t).is_some() {
            let mut start = block.span.start;
            for line in t.split_inclusive('\n') {
                let span = trim(text, Span::new(start, start + line.len()));
                start += line.len();
                if let Some((label, rest)) = superscript_def(span.slice(text)) {
                    let rest_span = Span::new(span.end - rest.len(), span.end);
                    notes.push(make_note(&label, trim(text, rest_span)));
                } else if let Some(last) = notes.last_mut() {
                    // A wrapped line continues the previous note.
                    last.span.end = span.end;
                }
            }
            continue;
        }
        // Under a "References"/"Notes" heading: "1. …", "[1] …".
        if in_reference_section
            && block.kind != Kind::Heading
            && let Some((label, rest)) = numbered_entry(t)
        {
            let span = trim(text, Span::new(block.span.end - rest.len(), block.span.end));
            notes.push(make_note(label, span));
            continue;
        }
        body.push(*block);
    }
    close(&mut open, &mut notes);
    for (label, span) in stated {
        notes.push(Note { label, span, references: Vec::new() });
    }
    notes.sort_by_key(|n| n.span.start);
    // One note per label: the first definition wins, later ones are dropped
    // rather than silently merged.
    let mut seen = std::collections::HashSet::with_capacity(notes.len());
    let keep: Vec<bool> = notes.iter().map(|n| seen.insert(n.label.as_str())).collect();
    drop(seen);
    let mut keep = keep.into_iter();
    notes.retain(|_| keep.next().unwrap_or(false));
    // Parsed once, now that every note has its last span and the dropped
    // duplicates are gone.
    let mut fields = Vec::new();
    for n in &mut notes {
        n.references = parse_references_with(text, n.span, &mut fields);
    }
    (notes, body)
}

/// The spans of the notes the reader stated, sorted, to ask whether a block
/// holds one or lies inside one without comparing it with every note.
struct StatedIndex {
    /// Sorted by start.
    spans: Vec<Span>,
    /// `max_end[k]`: the largest end among `spans[..=k]`.
    max_end: Vec<usize>,
}

impl StatedIndex {
    fn new(spans: impl Iterator<Item = Span>) -> Self {
        let mut spans: Vec<Span> = spans.collect();
        spans.sort_unstable_by_key(|s| (s.start, s.end));
        let max_end = spans
            .iter()
            .scan(0, |m, s| {
                *m = s.end.max(*m);
                Some(*m)
            })
            .collect();
        StatedIndex { spans, max_end }
    }

    /// Whether some stated span contains `b` or lies inside it.
    fn nests_with(&self, b: Span) -> bool {
        // One that contains `b` starts at or before it and ends at or after it.
        let k = self.spans.partition_point(|s| s.start <= b.start);
        if k > 0 && self.max_end[k - 1] >= b.end {
            return true;
        }
        // One inside `b` starts within it and ends by its end.
        let from = self.spans.partition_point(|s| s.start < b.start);
        self.spans[from..].iter().take_while(|s| s.start <= b.end).any(|s| s.end <= b.end)
    }
}

fn close(open: &mut Option<(String, Option<Span>)>, notes: &mut Vec<Note>) {
    if let Some((label, Some(span))) = open.take() {
        notes.push(Note { label, span, references: Vec::new() });
    }
}

/// A note whose references [`split_notes`] parses at the end.
fn make_note(label: &str, span: Span) -> Note {
    Note { label: label.to_string(), span, references: Vec::new() }
}

/// A note is complete when it ends as citations end: a link, a page or
/// paragraph number, a date, or a full stop.
fn ends_note(t: &str) -> bool {
    let t = t.trim_end();
    t.ends_with(['.', ')', ']', '"', '”', '’']) || t.chars().last().is_some_and(|c| c.is_ascii_digit())
}

fn starts_lowercase(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_lowercase)
}

/// `- [392](#)` or `- [392](#) citation…`: the label and the rest.
fn euaa_label(t: &str) -> Option<(&str, &str)> {
    let t = t.strip_prefix("- ").or_else(|| t.strip_prefix("* "))?.trim_start();
    let inner = t.strip_prefix('[')?;
    let close = find_link_middle(inner)?;
    let label = &inner[..close];
    let after = &inner[close + 2..];
    let paren = after.find(')')?;
    if label.is_empty() || label.len() > 8 || !label.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let target = &after[..paren];
    if !(target.is_empty() || target.starts_with('#')) {
        return None;
    }
    Some((label, &after[paren + 1..]))
}

/// `¹² text`: the label in superscript digits, then the note.
fn superscript_def(t: &str) -> Option<(String, &str)> {
    // Every superscript digit starts with `C2` or `E2`: most blocks are
    // turned away by their first byte.
    if !matches!(t.as_bytes().first(), Some(0xc2 | 0xe2)) {
        return None;
    }
    let label: String = t.chars().map_while(superscript_digit).collect();
    if label.is_empty() || label.len() > 4 {
        return None;
    }
    let rest = &t[t.char_indices().nth(label.chars().count()).map_or(t.len(), |(i, _)| i)..];
    (rest.starts_with(char::is_whitespace) && rest.trim().len() > 2).then_some((label, rest))
}

/// `[^3]: text`.
fn markdown_def(t: &str) -> Option<(&str, &str)> {
    let inner = t.strip_prefix("[^")?;
    let close = inner.find("]:")?;
    let label = &inner[..close];
    (!label.is_empty() && label.len() <= 16 && !label.contains(char::is_whitespace))
        .then(|| (label, &inner[close + 2..]))
}

/// `1. text`, `1) text`, `[1] text`.
fn numbered_entry(t: &str) -> Option<(&str, &str)> {
    let (label, rest) = if let Some(inner) = t.strip_prefix('[') {
        let close = inner.find(']')?;
        (&inner[..close], &inner[close + 1..])
    } else {
        let n = t.bytes().take_while(u8::is_ascii_digit).count();
        let rest = t[n..].strip_prefix(['.', ')'])?;
        (&t[..n], rest)
    };
    (!label.is_empty() && label.len() <= 4 && label.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with(' '))
        .then_some((label, rest))
}

/// Headings that open a list of notes, lowercase.
const REFERENCE_HEADINGS: &[&str] =
    &["notes", "references", "footnotes", "endnotes", "sources", "bibliography", "works cited", "citations"];

fn is_reference_heading(t: &str) -> bool {
    let h = t.trim_start_matches('#').trim().trim_end_matches(':');
    // An ASCII heading compares without a lowercase copy; only others (where
    // the Kelvin sign lowercases to `k`) need `to_lowercase`.
    if h.is_ascii() {
        REFERENCE_HEADINGS.iter().any(|r| h.eq_ignore_ascii_case(r))
    } else {
        REFERENCE_HEADINGS.contains(&h.to_lowercase().as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn superscript_digits_start_with_the_gated_bytes() {
        for c in (0..=0x10ffff).filter_map(char::from_u32).filter(|&c| superscript_digit(c).is_some()) {
            let mut buf = [0u8; 4];
            assert!(matches!(c.encode_utf8(&mut buf).as_bytes()[0], 0xc2 | 0xe2), "{c:?}");
        }
        assert_eq!(superscript_def("¹ Dawn, 2023.").map(|(l, _)| l).as_deref(), Some("1"));
        assert_eq!(superscript_def("⁴⁵ Dawn, 2023.").map(|(l, _)| l).as_deref(), Some("45"));
    }

    #[test]
    fn reference_headings_read_as_lowercase() {
        for t in
            ["## References", "NOTES:", "Works Cited", "Wor\u{212a}s cited", "Notes é", "# sources", "Sourcés", "x"]
        {
            let h = t.trim_start_matches('#').trim().trim_end_matches(':').to_lowercase();
            assert_eq!(is_reference_heading(t), REFERENCE_HEADINGS.contains(&h.as_str()), "{t:?}");
        }
    }
}
