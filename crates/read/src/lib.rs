//! Readers: from a file's bytes to a [`Document`] with one canonical text.
//!
//! The format is chosen by extension and checked by content: a `.pdf` must
//! start like a PDF, and no reader accepts bytes that carry a known binary
//! signature. Each format is one file implementing [`Reader`]; all of them
//! push their text through [`normalize::TextBuilder`] so that the canonical
//! form and the map back to the original are built the same way.

mod error;
mod html;
mod markdown;
pub mod normalize;
mod pdf;
mod text;

use std::path::Path;

use dossier_model::{DocMeta, Document, Format, Layout, OffsetMap, SourceId};

pub use error::{ReadError, ReadErrorKind};

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// What a reader produces before the document is assembled.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The canonical text.
    pub text: String,
    /// Canonical offsets back to the original bytes.
    pub offsets: OffsetMap,
    /// Layout the markup states.
    pub layout: Layout,
    /// Metadata the file states.
    pub meta: DocMeta,
    /// What the reader tolerated.
    pub warnings: Vec<String>,
}

/// One input format.
pub trait Reader {
    /// The format this reader reads.
    fn format(&self) -> Format;
    /// Reads the whole file's bytes.
    fn read(&self, bytes: &[u8]) -> Result<Parsed, ReadErrorKind>;
}

/// The reader for a format.
pub fn reader_for(format: Format) -> &'static dyn Reader {
    match format {
        Format::Text => &text::TextReader,
        Format::Markdown => &markdown::MarkdownReader,
        Format::Html => &html::HtmlReader,
        Format::Pdf => &pdf::PdfReader,
    }
}

/// The format a path's extension names, if Dossier reads it.
pub fn format_for_path(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "txt" | "text" => Format::Text,
        "md" | "markdown" => Format::Markdown,
        "html" | "htm" | "xhtml" => Format::Html,
        "pdf" => Format::Pdf,
        _ => return None,
    })
}

/// Reads a file from disk.
pub fn read_file(path: &Path) -> Result<Document, ReadError> {
    let wrap = |kind| ReadError { path: path.to_path_buf(), kind };
    let size = std::fs::metadata(path).map_err(|e| wrap(e.into()))?.len();
    if size > MAX_FILE_BYTES {
        return Err(wrap(ReadErrorKind::TooLarge { size, limit: MAX_FILE_BYTES }));
    }
    let bytes = std::fs::read(path).map_err(|e| wrap(e.into()))?;
    read_bytes(path, &bytes)
}

/// Reads bytes that came from `path` (used for the format and messages).
pub fn read_bytes(path: &Path, bytes: &[u8]) -> Result<Document, ReadError> {
    let wrap = |kind| ReadError { path: path.to_path_buf(), kind };
    let format = check_format(path, bytes).map_err(wrap)?;
    let parsed = reader_for(format).read(bytes).map_err(wrap)?;
    if parsed.text.trim().is_empty() {
        return Err(wrap(if format == Format::Pdf { ReadErrorKind::NoTextLayer } else { ReadErrorKind::Empty }));
    }
    Ok(Document {
        id: SourceId::of_bytes(bytes),
        path: path.display().to_string(),
        format,
        byte_len: bytes.len(),
        text: parsed.text,
        offsets: parsed.offsets,
        layout: parsed.layout,
        meta: parsed.meta,
        warnings: parsed.warnings,
    })
}

/// Chooses the format by extension and checks it against the content.
fn check_format(path: &Path, bytes: &[u8]) -> Result<Format, ReadErrorKind> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadErrorKind::Empty);
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let sniffed = sniff(bytes);
    let format = match format_for_path(path) {
        Some(f) => f,
        // No or unknown extension: trust the content if it is recognisable.
        None if ext.is_empty() => match sniffed {
            Sniffed::Pdf => Format::Pdf,
            Sniffed::Html => Format::Html,
            Sniffed::Binary(what) => return Err(ReadErrorKind::Binary(what)),
            Sniffed::Text => Format::Text,
        },
        None => return Err(ReadErrorKind::Unsupported(ext)),
    };
    match (format, sniffed) {
        (Format::Pdf, Sniffed::Pdf) => Ok(Format::Pdf),
        (Format::Pdf, _) => Err(ReadErrorKind::Mismatch { extension: ext, expected: "a PDF (no %PDF- header)" }),
        (_, Sniffed::Pdf) => Err(ReadErrorKind::Binary("PDF document")),
        (_, Sniffed::Binary(what)) => Err(ReadErrorKind::Binary(what)),
        (f, _) => Ok(f),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sniffed {
    Pdf,
    Html,
    Text,
    Binary(&'static str),
}

/// Looks at the first bytes: known signatures, then NUL bytes.
fn sniff(bytes: &[u8]) -> Sniffed {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"PK\x03\x04", "ZIP archive or Office document"),
        (b"\x1f\x8b", "gzip archive"),
        (b"BZh", "bzip2 archive"),
        (b"\xfd7zXZ\x00", "xz archive"),
        (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
        (b"\x7fELF", "ELF executable"),
        (b"MZ", "Windows executable"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
        (b"SQLite format 3\x00", "SQLite database"),
    ];
    let head = &bytes[..bytes.len().min(8192)];
    let trimmed = trim_ascii_start(head);
    // The header may stand in the first 1 KB; text files rarely hold a `%`
    // at all, which one vectorised byte search tells.
    let header_zone = &head[..head.len().min(1024 + 4)];
    if trimmed.starts_with(b"%PDF-") || (header_zone.contains(&b'%') && header_zone.windows(5).any(|w| w == b"%PDF-")) {
        return Sniffed::Pdf;
    }
    for (sig, what) in SIGNATURES {
        if head.starts_with(sig) {
            // "MZ" and "BZh" are also ordinary text starts; require a NUL too.
            if (*sig == b"MZ" || *sig == b"BZh") && !head.contains(&0) {
                continue;
            }
            return Sniffed::Binary(what);
        }
    }
    // UTF-16 with a BOM is text we do not decode; say so rather than guess.
    if head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") {
        return Sniffed::Binary("UTF-16 text, convert it to UTF-8");
    }
    if head.contains(&0) {
        return Sniffed::Binary("contains NUL bytes");
    }
    let lower: Vec<u8> = trimmed.iter().take(256).map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
        return Sniffed::Html;
    }
    Sniffed::Text
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(name: &str, bytes: &[u8]) -> String {
        read_bytes(Path::new(name), bytes).unwrap_err().to_string()
    }

    #[test]
    fn hostile_inputs_get_one_line_errors() {
        assert_eq!(err("a.txt", b""), "a.txt: empty file: no text to read");
        assert_eq!(err("a.txt", b" \n\t "), "a.txt: empty file: no text to read");
        assert_eq!(
            err("img.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            "img.txt: binary file (PNG image), not a text report"
        );
        assert_eq!(err("x.pdf", b"hello"), "x.pdf: named .pdf but the content is not a PDF (no %PDF- header)");
        assert_eq!(
            err("x.docx", b"hello"),
            "x.docx: unsupported file type .docx (expected .txt, .md, .html, .htm or .pdf)"
        );
        assert!(!err("x.txt", b"ab\0cd").contains('\n'));
    }

    #[test]
    fn content_decides_when_there_is_no_extension() {
        let doc = read_bytes(Path::new("page"), b"<!DOCTYPE html><title>T</title><p>Hello world.</p>").unwrap();
        assert_eq!(doc.format, Format::Html);
    }
}
