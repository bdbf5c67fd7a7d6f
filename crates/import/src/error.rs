//! What can go wrong, and whether the import can go on.
//!
//! Two kinds of failure, kept apart because callers treat them differently:
//! a file whose header is not one we know is *fatal* (every row would be
//! misread, so nothing is imported), while a bad row is *one error among
//! the rows* (it is reported with its line number and the reason, and the
//! rows after it still come through).

use std::io;

use crate::row::{DatasetKind, Layout};

/// An import failure. [`ImportError::Row`] concerns one row and the
/// iterator goes on after it; every other variant is fatal.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The input has no bytes, or only blank lines, so there is no header to
    /// recognise.
    #[error("the input is empty: expected {EXPECTED_HEADERS}")]
    Empty,
    /// The first line is not the header of a dataset we read (nor a
    /// header-less UCDP GED candidate row).
    #[error("unrecognised header ({found}): expected {EXPECTED_HEADERS}")]
    UnknownHeader {
        /// The first names of the line found, for the message.
        found: String,
    },
    /// The header is recognisably one dataset's but lacks columns the
    /// importer needs; reading on would misplace every value.
    #[error("{layout} header lacks column(s) {}: expected {expected}", missing.join(", "))]
    MissingColumns {
        /// The layout the header was taken for.
        layout: Layout,
        /// The columns that are not there.
        missing: Vec<&'static str>,
        /// The columns that dataset must have.
        expected: String,
    },
    /// One row could not be read; the rows around it are unaffected.
    #[error("line {line}{}: {reason}", id_note(id.as_deref()))]
    Row {
        /// The line on which the row starts (1-based, header included).
        line: u64,
        /// The row's dataset id, when it could be read.
        id: Option<String>,
        /// What is wrong with it.
        reason: RowError,
    },
    /// One record ran past the size limit: almost always a quote that is
    /// never closed, which would otherwise swallow the rest of the file
    /// into memory. Reading stops here.
    #[error("line {line}: a record runs past {limit} bytes (an unclosed quote?); reading stopped")]
    RecordTooLong {
        /// The line on which the runaway record starts.
        line: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// Reading the input failed. Reading stops here.
    #[error("line {line}: reading failed: {source}")]
    Io {
        /// The line being read.
        line: u64,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

impl ImportError {
    /// True when the import cannot go on (everything but a bad row).
    pub fn is_fatal(&self) -> bool {
        !matches!(self, ImportError::Row { .. })
    }

    /// The line the error concerns, when it concerns one.
    pub fn line(&self) -> Option<u64> {
        match self {
            ImportError::Row { line, .. } | ImportError::RecordTooLong { line, .. } | ImportError::Io { line, .. } => {
                Some(*line)
            }
            _ => None,
        }
    }
}

/// The headers the importer knows, for messages.
pub(crate) const EXPECTED_HEADERS: &str = "an ACLED header (event_id_cnty, event_date, year, time_precision, …), \
a GTD header (eventid, iyear, imonth, iday, approxdate, …) or a UCDP GED header (id, relid, year, active_year, …; \
or 49 header-less candidate columns)";

fn id_note(id: Option<&str>) -> String {
    id.map(|id| format!(" ({})", one_line(id))).unwrap_or_default()
}

/// A value from the file as it may appear bare in a message: cut like
/// [`shown`], and quoted with escapes if it holds a line break or another
/// control character (a quoted field may), so a message stays one line.
pub(crate) fn one_line(value: &str) -> String {
    let value = shown(value);
    if value.contains(char::is_control) { format!("{value:?}") } else { value }
}

/// Why one row was rejected. Values are quoted as found (cut to 60
/// characters), columns named as in the file's codebook.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RowError {
    /// The row does not have as many fields as the header: a stray comma
    /// or quote in a text field, or a truncated line.
    #[error("{found} fields where the header has {expected} (a stray comma or quote?)")]
    FieldCount {
        /// Fields in the header.
        expected: usize,
        /// Fields in this row.
        found: usize,
    },
    /// A value every row must have is empty.
    #[error("{column} is empty")]
    Missing {
        /// The column.
        column: &'static str,
    },
    /// A number column holds something else.
    #[error("{column} {value:?} is not a number")]
    NotANumber {
        /// The column.
        column: &'static str,
        /// The value found.
        value: String,
    },
    /// A count holds a fraction (`2.5` deaths).
    #[error("{column} {value:?} is not a whole number")]
    NotWholeNumber {
        /// The column.
        column: &'static str,
        /// The value found.
        value: String,
    },
    /// A count is below zero: a death toll cannot be.
    #[error("{column} {value:?} is negative")]
    Negative {
        /// The column.
        column: &'static str,
        /// The value found.
        value: String,
    },
    /// A year is not four digits.
    #[error("{column} {value:?} is not a year")]
    NotAYear {
        /// The column.
        column: &'static str,
        /// The value found.
        value: String,
    },
    /// A date column holds something that is not a date.
    #[error("{column} {value:?} is not a date")]
    NotADate {
        /// The column.
        column: &'static str,
        /// The value found.
        value: String,
    },
    /// A date that does not exist (31 February, month 13).
    #[error("{column} {value:?} does not exist in the calendar")]
    ImpossibleDate {
        /// The column (or columns, for GTD's `iyear`/`imonth`/`iday`).
        column: &'static str,
        /// The value found.
        value: String,
    },
    /// The `year` column disagrees with the date.
    #[error("year {year} does not match {column} {value:?}")]
    YearMismatch {
        /// The date column.
        column: &'static str,
        /// The date's value.
        value: String,
        /// The year column's value.
        year: i32,
    },
    /// The range ends before it starts.
    #[error("{end_column} {end:?} is before {start_column} {start:?}")]
    DateOrder {
        /// The start column.
        start_column: &'static str,
        /// Its value.
        start: String,
        /// The end column.
        end_column: &'static str,
        /// Its value.
        end: String,
    },
    /// A number is outside the range the codebook allows (latitude beyond
    /// ±90, a precision code that does not exist).
    #[error("{column} {value:?} is out of range ({allowed})")]
    OutOfRange {
        /// The column.
        column: &'static str,
        /// The value found.
        value: String,
        /// What is allowed.
        allowed: &'static str,
    },
    /// One coordinate without the other.
    #[error("latitude and longitude must be both given or both empty")]
    HalfCoordinates,
    /// UCDP estimates out of order (`low ≤ best ≤ high` must hold).
    #[error("fatality estimates out of order: low {low}, best {best}, high {high}")]
    EstimateOrder {
        /// `low`.
        low: u64,
        /// `best`.
        best: u64,
        /// `high`.
        high: u64,
    },
}

/// Cuts a value for a message: errors stay one short line.
pub(crate) fn shown(value: &str) -> String {
    const MAX: usize = 60;
    match value.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &value[..i]),
        None => value.to_string(),
    }
}

/// Lists a dataset's required columns, for [`ImportError::MissingColumns`].
pub(crate) fn expected_columns(kind: DatasetKind, columns: &[&str]) -> String {
    format!("the {kind} columns {}", columns.join(", "))
}
