//! The knowledge base: per-source claims written at ingest, the derived
//! layer (actors across sources, merged events) rebuilt by the resolve
//! stage, and the queries over both.

pub mod dataset;
pub(crate) mod read;
pub(crate) mod refresh;
pub mod types;
pub(crate) mod write;

pub use dataset::{DatasetFile, DatasetSummary, Import, ImportCounts};
pub use read::ROW_EVENT_BASE;
pub use refresh::Rebuilt;
