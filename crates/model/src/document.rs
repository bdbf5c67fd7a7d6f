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
