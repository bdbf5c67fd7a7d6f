//! Gazetteer (placeholder).
