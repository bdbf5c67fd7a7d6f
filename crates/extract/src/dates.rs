//! Date expressions.
