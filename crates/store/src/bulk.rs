//! Bulk ingest: many documents per commit, each whole or absent.

use dossier_model::{Document, Segmented, SourceClaims, SourceId};
use rusqlite::Connection;

use crate::error::{Context, Result, StoreError};
use crate::{IngestOutcome, ingest, read};

/// Commit after this many documents…
const CHUNK_DOCS: usize = 1_000;
/// …or this many bytes of canonical text, whichever comes first.
const CHUNK_BYTES: usize = 32 << 20;

/// A bulk ingest, from [`Store::bulk`](crate::Store::bulk): documents are
/// written into one open transaction (a *chunk*) that is committed every
/// 1000 documents or 32 MB of text, on [`Bulk::commit`], on
/// [`Bulk::finish`], and (best effort) when the `Bulk` is dropped. Sharing
/// commits is what makes thousands of small files fast; per-document
/// savepoints would cost as much as commits (each one flushes the FTS5
/// index), so there are none.
///
/// What holds instead:
/// * Invalid input ([`StoreError::InvalidInput`]) is caught before any
///   write and affects only its document.
/// * If SQLite fails while writing a document (I/O error, full disk), the
///   whole chunk is rolled back and reported as
///   [`StoreError::ChunkRolledBack`] with the paths of the earlier
///   documents lost with it. No document is ever partly stored; the bulk
///   stays usable and a later ingest adds the lost ones.
/// * `Added` is durable once the chunk commits; if the process dies first,
///   the chunk is simply absent.
///
/// The write lock is held while a chunk is open; readers (other
/// connections) are not blocked and see a chunk only once it commits.
pub struct Bulk<'s> {
    conn: &'s mut Connection,
    open: bool,
    /// Paths of the documents written into the open chunk.
    pending: Vec<String>,
    bytes: usize,
}

impl std::fmt::Debug for Bulk<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bulk").field("open", &self.open).field("pending", &self.pending.len()).finish()
    }
}

impl<'s> Bulk<'s> {
    pub(crate) fn new(conn: &'s mut Connection) -> Self {
        Bulk { conn, open: false, pending: Vec::new(), bytes: 0 }
    }

    /// Whether a source with this id is stored (committed or in the open
    /// chunk), to skip reading and segmenting known bytes.
    pub fn contains(&self, id: &SourceId) -> Result<bool> {
        read::exists(self.conn, &id.to_hex())
    }

    /// Stores one document; same outcomes as
    /// [`Store::ingest`](crate::Store::ingest), and errors as described on
    /// [`Bulk`].
    pub fn ingest(&mut self, doc: &Document, seg: &Segmented) -> Result<IngestOutcome> {
        self.ingest_with(doc, seg, &SourceClaims::default())
    }

    /// Stores one document with what extraction found in it.
    pub fn ingest_with(&mut self, doc: &Document, seg: &Segmented, claims: &SourceClaims) -> Result<IngestOutcome> {
        let id = doc.id.to_hex();
        if read::exists(self.conn, &id)? {
            return Ok(IngestOutcome::Unchanged);
        }
        ingest::validate(doc, seg, claims)?;
        if !self.open {
            self.conn.execute_batch("BEGIN IMMEDIATE").ctx("starting a bulk chunk")?;
            self.open = true;
            // Another process may have stored it before we took the lock.
            if read::exists(self.conn, &id)? {
                return Ok(IngestOutcome::Unchanged);
            }
        }
        if let Err(e) = ingest::insert(self.conn, doc, seg, claims) {
            if !self.conn.is_autocommit() {
                let _ = self.conn.execute_batch("ROLLBACK");
            }
            let lost = std::mem::take(&mut self.pending);
            self.reset();
            return Err(StoreError::ChunkRolledBack { path: doc.path.clone(), lost, source: Box::new(e) });
        }
        self.pending.push(doc.path.clone());
        self.bytes += doc.text.len();
        if self.pending.len() >= CHUNK_DOCS || self.bytes >= CHUNK_BYTES {
            self.commit()?;
        }
        Ok(IngestOutcome::Added)
    }

    /// Commits the open chunk now (e.g. before a long pause), so that what
    /// was added is durable and visible to readers.
    pub fn commit(&mut self) -> Result<()> {
        if !self.open {
            return Ok(());
        }
        let done = self.conn.execute_batch("COMMIT").ctx("committing a bulk chunk");
        if done.is_err() && !self.conn.is_autocommit() {
            // Leave no transaction behind on a failed commit.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        self.reset();
        done
    }

    /// Commits what is left and ends the bulk.
    pub fn finish(mut self) -> Result<()> {
        self.commit()
    }

    fn reset(&mut self) {
        self.open = false;
        self.pending.clear();
        self.bytes = 0;
    }
}

impl Drop for Bulk<'_> {
    fn drop(&mut self) {
        // Every document in the open chunk is whole, so keeping them is safe.
        let _ = self.commit();
    }
}
