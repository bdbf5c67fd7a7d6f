//! The knowledge base: per-source claims written at ingest, the derived
//! layer (actors across sources, merged events) rebuilt by the resolve
//! stage, and the queries over both.

pub(crate) mod read;
pub(crate) mod refresh;
pub mod types;
pub(crate) mod write;

pub use refresh::Rebuilt;
