//! Extraction: from a segmented report to actors, incidents and facts, each
//! tied to the span it comes from. Pure functions of the document and the
//! bundled lexicons: no global state, so documents extract in parallel.

pub mod dates;
pub mod gazetteer;
pub mod numbers;
