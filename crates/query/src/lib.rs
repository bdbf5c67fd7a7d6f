//! Answers over the knowledge base, shared by the CLI, the HTTP API and
//! the report writer: an actor's profile (every field with every source's
//! value, conflicts marked), the conflicts across actors and events, and
//! timelines. The store hands out rows; this crate groups them through the
//! resolve stage's [`ledger`](dossier_resolve::ledger) and never touches SQL.

mod profile;
mod timeline;

pub use profile::{ClaimEntry, Conflict, ConflictSide, Field, FieldValue, Profile, conflicts, profile};
pub use timeline::{Bucket, Granularity, Timeline, timeline, timeline_between};
