//! Html reader (placeholder: reads the bytes as plain text until the real reader lands).

use dossier_model::Format;

use crate::{Parsed, ReadErrorKind, Reader};

/// Reads Html files.
pub struct HtmlReader;

impl Reader for HtmlReader {
    fn format(&self) -> Format {
        Format::Html
    }

    fn read(&self, bytes: &[u8]) -> Result<Parsed, ReadErrorKind> {
        crate::text::TextReader.read(bytes)
    }
}
