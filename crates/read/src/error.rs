//! Why a file could not be read. Every variant renders as one line that a
//! user can act on; the path is added by [`ReadError`].

use std::path::PathBuf;

/// A file that could not be read, and why.
#[derive(Debug, thiserror::Error)]
#[error("{}: {kind}", path.display())]
pub struct ReadError {
    /// The file.
    pub path: PathBuf,
    /// The reason.
    pub kind: ReadErrorKind,
}

/// The reason a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadErrorKind {
    /// The file could not be opened or read.
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
    /// The file has no bytes, or only whitespace.
    #[error("empty file: no text to read")]
    Empty,
    /// The bytes are not text (a known binary signature, or NUL bytes).
    #[error("binary file ({0}), not a text report")]
    Binary(&'static str),
    /// The extension promised one format and the content is another.
    #[error("named .{extension} but the content is not {expected}")]
    Mismatch {
        /// The file's extension.
        extension: String,
        /// What the extension promised.
        expected: &'static str,
    },
    /// The extension is not one Dossier reads.
    #[error("unsupported file type .{0} (expected .txt, .md, .html, .htm or .pdf)")]
    Unsupported(String),
    /// A PDF that parses but has no extractable text (a scan).
    #[error("PDF has no text layer (scanned pages?); run OCR first")]
    NoTextLayer,
    /// A PDF that cannot be parsed (truncated, encrypted, corrupt).
    #[error("unreadable PDF: {0}")]
    Pdf(String),
    /// The file is larger than the reader accepts.
    #[error("file too large: {size} bytes (limit {limit})")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
}
