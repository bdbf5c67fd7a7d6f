//! What a reader hands forward: one canonical text per source, the map back
//! to the original, and whatever layout the format states explicitly.

use std::fmt;

use sha2::{Digest, Sha256};

use crate::{OffsetMap, PartialDate, Span};

/// The file format a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text (`.txt`).
    Text,
    /// Markdown (`.md`, `.markdown`).
    Markdown,
    /// HTML (`.html`, `.htm`).
    Html,
    /// PDF with a text layer.
    Pdf,
}

impl Format {
    /// The stable lowercase name used in the database and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }

    /// Inverse of [`Format::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "text" => Format::Text,
            "markdown" => Format::Markdown,
            "html" => Format::Html,
            "pdf" => Format::Pdf,
            _ => return None,
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A source's identity: the SHA-256 of its bytes, so that the same bytes are
/// the same source wherever they come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceId(pub [u8; 32]);

impl SourceId {
    /// Hashes the raw bytes of a file.
    pub fn of_bytes(bytes: &[u8]) -> Self {
        SourceId(Sha256::digest(bytes).into())
    }

    /// Lowercase hex, 64 characters.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Parses 64 hex characters.
    pub fn from_hex(s: &str) -> Option<Self> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(s, &mut out).ok()?;
        Some(SourceId(out))
    }
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl serde::Serialize for SourceId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Bibliographic metadata of a source, as far as the document states it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DocMeta {
    /// The document's own title.
    pub title: Option<String>,
    /// Publishing organisation or author.
    pub publisher: Option<String>,
    /// Publication date at the precision the document gives.
    pub date: Option<PartialDate>,
    /// Where the document was published (a URL), when it says.
    pub address: Option<String>,
}

/// The kind of a block of text that a structured format (HTML, Markdown)
/// states explicitly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A heading (`<h1>`–`<h6>`, `#`).
    Heading,
    /// A paragraph of prose.
    Paragraph,
    /// One item of a list.
    ListItem,
    /// One row of a table, cells separated by ` | `.
    TableRow,
}

/// A block the reader knows from markup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// What kind of block.
    pub kind: BlockKind,
    /// Its text in the canonical text.
    pub span: Span,
}

/// A footnote marker in the body (`<sup>12</sup>`, `<a href="#fn12">`,
/// `[^12]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The marker's own text in the canonical text.
    pub span: Span,
    /// The note label it points to (`12`).
    pub label: String,
}

/// A footnote's definition (the text the marker points to).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteDef {
    /// The note label (`12`).
    pub label: String,
    /// The note's text in the canonical text, without the label itself.
    pub span: Span,
}

/// Layout stated by markup. Plain text has none (`Layout::default()`), and
/// the segmenter infers blocks and footnotes from the text alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    /// Blocks in text order, not overlapping.
    pub blocks: Vec<Block>,
    /// Footnote markers in the body, in text order.
    pub markers: Vec<Marker>,
    /// Footnote definitions, in text order.
    pub notes: Vec<NoteDef>,
}

impl Layout {
    /// The first broken promise of the layout an HTML or Markdown reader
    /// states, if any: blocks in order, trimmed, separated by exactly a
    /// blank line (so a text-only segmenter finds the same blocks);
    /// markers non-empty, in order and inside blocks; note definitions
    /// non-empty. The readers' tests, the fuzz targets and their replay
    /// tests all check through this one place.
    pub fn markup_violation(&self, text: &str) -> Option<String> {
        let spans = self.blocks.iter().map(|b| b.span).chain(self.markers.iter().map(|m| m.span));
        if let Some(s) = spans.chain(self.notes.iter().map(|n| n.span)).find(|s| !s.fits(text)) {
            return Some(format!("span {s:?} does not fit the text"));
        }
        for w in self.blocks.windows(2) {
            if w[0].span.end >= w[1].span.start {
                return Some(format!("blocks {:?} and {:?} overlap or touch", w[0], w[1]));
            }
            if text.get(w[0].span.end..w[1].span.start) != Some("\n\n") {
                return Some(format!("blocks {:?} and {:?} are not a blank line apart", w[0], w[1]));
            }
        }
        for b in &self.blocks {
            let s = b.span.slice(text);
            if s.is_empty() || s.trim() != s || s.contains("\n\n") {
                return Some(format!("block {s:?} is empty, has edge whitespace or holds a blank line"));
            }
        }
        if self.markers.windows(2).any(|w| w[0].span.end > w[1].span.start) {
            return Some("markers out of order".into());
        }
        if let Some(m) = self.markers.iter().find(|m| m.span.is_empty()) {
            return Some(format!("empty marker {m:?}"));
        }
        if let Some(m) = self.markers.iter().find(|m| !self.blocks.iter().any(|b| b.span.contains(m.span))) {
            return Some(format!("marker {m:?} outside blocks"));
        }
        if let Some(n) = self.notes.iter().find(|n| n.span.is_empty()) {
            return Some(format!("empty note definition {n:?}"));
        }
        None
    }
}

/// A source after reading: one canonical text (NFC, line ends `\n`, odd
/// spaces made plain) that every later offset points into.
#[derive(Debug, Clone)]
pub struct Document {
    /// SHA-256 of the file's bytes.
    pub id: SourceId,
    /// Where it was read from, as given (for messages and display).
    pub path: String,
    /// The format it was read as.
    pub format: Format,
    /// Size of the original file in bytes.
    pub byte_len: usize,
    /// The canonical text.
    pub text: String,
    /// Canonical offsets back to the original bytes.
    pub offsets: OffsetMap,
    /// Layout the format states explicitly.
    pub layout: Layout,
    /// Metadata the reader found in the file itself (`<title>`, PDF info).
    pub meta: DocMeta,
    /// Things the reader tolerated: decoded as Windows-1252, dropped control
    /// characters, skipped unreadable pages. Partial success is data.
    pub warnings: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(start: usize, end: usize) -> Block {
        Block { kind: BlockKind::Paragraph, span: Span::new(start, end) }
    }

    #[test]
    fn markup_layout_promises_are_checked_one_by_one() {
        let text = "One.\n\nTwo¹ here.";
        let marker = Marker { span: Span::new(9, 11), label: "1".into() };
        let good = Layout { blocks: vec![block(0, 4), block(6, text.len())], markers: vec![marker], notes: vec![] };
        assert_eq!(good.markup_violation(text), None);

        let mut touching = good.clone();
        touching.blocks[1].span.start = 5;
        assert!(touching.markup_violation(text).unwrap().contains("blank line apart"));

        let padded = Layout { blocks: vec![block(0, 5)], ..Layout::default() };
        assert!(padded.markup_violation(text).unwrap().contains("edge whitespace"));

        let mut outside = good.clone();
        outside.markers[0].span = Span::new(4, 5);
        assert!(outside.markup_violation(text).unwrap().contains("outside blocks"));

        let mut split_char = good.clone();
        split_char.markers[0].span = Span::new(9, 10);
        assert!(split_char.markup_violation(text).unwrap().contains("does not fit"));
    }
}
