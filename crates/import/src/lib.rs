//! Streaming importers for event datasets: ACLED, GTD and UCDP GED CSV
//! exports, read one record at a time into [`DatasetRow`]s.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let rows = dossier_import::open(std::fs::File::open("acled.csv")?)?; // fails on an unknown header
//! println!("{}", rows.layout());
//! let (mut good, mut bad) = (0, 0);
//! for row in rows {
//!     match row {
//!         Ok(_row) => good += 1,
//!         Err(e) if e.is_fatal() => return Err(e.into()), // unreadable input: stop
//!         Err(e) => {
//!             bad += 1; // one bad row: report it and go on
//!             eprintln!("{e}");
//!         }
//!     }
//! }
//! println!("{good} rows read, {bad} rejected");
//! # Ok(()) }
//! ```
//!
//! The file is recognised by its first line ([`detect`]), never by its
//! name. Rows are parsed from a reused record buffer, so memory stays flat
//! however long the file; one record longer than [`MAX_RECORD_BYTES`] (an
//! unclosed quote swallowing the rest of the file) stops the import rather
//! than the machine. A row that cannot be read — 31 February, a negative
//! toll, a latitude of 95, a stray comma — is an [`ImportError::Row`] with
//! its line number and the reason, and the rows after it still come
//! through. The exact headers and their sources are in `HEADERS.md`.

mod acled;
mod error;
mod generate;
mod gtd;
mod layout;
pub mod link;
mod parse;
mod row;
mod ucdp;

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use csv::ByteRecord;

pub use error::{ImportError, RowError};
pub use generate::{ACLED_HEADER, generate_acled};
pub use row::{Actor, ActorRole, Claimed, Coordinates, DatasetKind, DatasetRow, Fatalities, GeoPrecision, Layout};

use error::expected_columns;
use layout::Header;
use parse::Fields;

/// The longest one CSV record may be (16 MiB). Real rows are a few
/// kilobytes; a record this long is a quote that never closes.
pub const MAX_RECORD_BYTES: u64 = 16 << 20;

/// Which dataset a header line belongs to, if any.
///
/// ACLED (2023 and older layouts), GTD, and UCDP GED, with a header or as a
/// header-less candidate file (then `header` is the first data row: 49
/// fields, the first a number).
pub fn detect(header: &csv::StringRecord) -> Option<DatasetKind> {
    detect_layout(header).map(Layout::kind)
}

/// Like [`detect`], telling the layout apart too.
pub fn detect_layout(header: &csv::StringRecord) -> Option<Layout> {
    Header::from_names(header.iter()).detect()
}

/// Starts reading a dataset: reads the first line, recognises the layout and
/// finds the columns.
///
/// Fails when the input is empty, when the first line is no header we know
/// ([`ImportError::UnknownHeader`], naming what was expected), or when a
/// known header lacks a needed column ([`ImportError::MissingColumns`]).
pub fn open<R: io::Read>(reader: R) -> Result<Rows<R>, ImportError> {
    let limit = Arc::new(Limit { mark: AtomicU64::new(0), tripped: AtomicBool::new(false) });
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(Limited {
        inner: reader,
        read: 0,
        limit: Arc::clone(&limit),
    });
    let mut first = ByteRecord::new();
    match reader.read_byte_record(&mut first) {
        Ok(true) => {}
        Ok(false) => return Err(ImportError::Empty),
        Err(e) => return Err(read_error(e, &limit, 1)),
    }
    let header = Header::from_record(&first);
    let layout = header.detect().ok_or_else(|| ImportError::UnknownHeader { found: header.preview() })?;
    let (header, pending) = match layout {
        Layout::UcdpGedHeaderless => (Header::ucdp_standard(), Some(first)),
        _ => (header, None),
    };
    let columns = match layout.kind() {
        DatasetKind::Acled => {
            acled::Columns::resolve(&header).map(Columns::Acled).map_err(|m| (m, &acled::REQUIRED[..]))
        }
        DatasetKind::Gtd => gtd::Columns::resolve(&header).map(Columns::Gtd).map_err(|m| (m, &gtd::REQUIRED[..])),
        DatasetKind::UcdpGed => {
            ucdp::Columns::resolve(&header).map(Columns::Ucdp).map_err(|m| (m, &ucdp::REQUIRED[..]))
        }
    }
    .map_err(|(missing, required)| ImportError::MissingColumns {
        layout,
        missing,
        expected: expected_columns(layout.kind(), required),
    })?;
    limit.mark.store(reader.position().byte(), Ordering::Relaxed);
    Ok(Rows {
        width: header.len(),
        next_line: reader.position().line(),
        reader,
        layout,
        columns,
        record: ByteRecord::new(),
        pending,
        limit,
        done: false,
    })
}

/// The rows of a dataset, in file order: an iterator of
/// `Result<DatasetRow, ImportError>`. After a fatal error (see
/// [`ImportError::is_fatal`]) it yields nothing more.
pub struct Rows<R: io::Read> {
    reader: csv::Reader<Limited<R>>,
    layout: Layout,
    columns: Columns,
    /// Fields in the header (or 49 for header-less UCDP files).
    width: usize,
    /// The buffer every record is read into.
    record: ByteRecord,
    /// A header-less file's first row, read during detection.
    pending: Option<ByteRecord>,
    limit: Arc<Limit>,
    /// The line the next record starts on, for errors that stop reading.
    next_line: u64,
    done: bool,
}

impl<R: io::Read> Rows<R> {
    /// The dataset being read.
    pub fn kind(&self) -> DatasetKind {
        self.layout.kind()
    }

    /// The exact layout recognised.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    fn parse(&self, record: &ByteRecord) -> Result<DatasetRow, ImportError> {
        let line = record.position().map_or(self.next_line, csv::Position::line);
        let fields = Fields::new(record);
        let failed = |reason| ImportError::Row { line, id: fields.opt(Some(self.columns.id())), reason };
        if record.len() != self.width {
            return Err(failed(RowError::FieldCount { expected: self.width, found: record.len() }));
        }
        match &self.columns {
            Columns::Acled(c) => c.row(&fields, line),
            Columns::Gtd(c) => c.row(&fields, line),
            Columns::Ucdp(c) => c.row(&fields, line),
        }
        .map_err(failed)
    }
}

impl<R: io::Read> std::iter::FusedIterator for Rows<R> {}

impl<R: io::Read> Iterator for Rows<R> {
    type Item = Result<DatasetRow, ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(first) = self.pending.take() {
            return Some(self.parse(&first));
        }
        if self.done {
            return None;
        }
        let mut record = std::mem::take(&mut self.record);
        let result = match self.reader.read_byte_record(&mut record) {
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => {
                let position = self.reader.position();
                self.limit.mark.store(position.byte(), Ordering::Relaxed);
                self.next_line = position.line();
                Some(self.parse(&record))
            }
            Err(e) => {
                self.done = true;
                Some(Err(read_error(e, &self.limit, self.next_line)))
            }
        };
        self.record = record;
        result
    }
}

/// Which dataset's columns a file has.
enum Columns {
    Acled(acled::Columns),
    Gtd(gtd::Columns),
    Ucdp(ucdp::Columns),
}

impl Columns {
    fn id(&self) -> usize {
        match self {
            Columns::Acled(c) => c.id,
            Columns::Gtd(c) => c.id,
            Columns::Ucdp(c) => c.id,
        }
    }
}

/// A failed read: the record-size guard, or the input itself.
fn read_error(error: csv::Error, limit: &Limit, line: u64) -> ImportError {
    if limit.tripped.load(Ordering::Relaxed) {
        return ImportError::RecordTooLong { line, limit: MAX_RECORD_BYTES };
    }
    match error.into_kind() {
        csv::ErrorKind::Io(source) => ImportError::Io { line, source },
        other => ImportError::Io { line, source: io::Error::other(format!("{other:?}")) },
    }
}

/// Shared between [`Rows`] and the reader under the CSV parser: where the
/// current record started, and whether the guard fired.
struct Limit {
    mark: AtomicU64,
    tripped: AtomicBool,
}

/// The input, counting bytes so that one record cannot grow past
/// [`MAX_RECORD_BYTES`].
struct Limited<R> {
    inner: R,
    read: u64,
    limit: Arc<Limit>,
}

impl<R: io::Read> io::Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.read.saturating_sub(self.limit.mark.load(Ordering::Relaxed)) > MAX_RECORD_BYTES {
            self.limit.tripped.store(true, Ordering::Relaxed);
            return Err(io::Error::other("record too long"));
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}
