//! PDF reader (placeholder until the real reader lands).

use dossier_model::Format;

use crate::{Parsed, ReadErrorKind, Reader};

/// Reads PDF files.
pub struct PdfReader;

impl Reader for PdfReader {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn read(&self, _bytes: &[u8]) -> Result<Parsed, ReadErrorKind> {
        Err(ReadErrorKind::Pdf("PDF reading is not built yet".into()))
    }
}
