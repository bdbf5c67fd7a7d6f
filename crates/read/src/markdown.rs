//! Markdown reader (placeholder: reads the bytes as plain text until the real reader lands).

use dossier_model::Format;

use crate::{Parsed, ReadErrorKind, Reader};

/// Reads Markdown files.
pub struct MarkdownReader;

impl Reader for MarkdownReader {
    fn format(&self) -> Format {
        Format::Markdown
    }

    fn read(&self, bytes: &[u8]) -> Result<Parsed, ReadErrorKind> {
        crate::text::TextReader.read(bytes)
    }
}
