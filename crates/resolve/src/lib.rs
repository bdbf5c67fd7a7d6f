//! The resolve stage: what no single document can say.
//!
//! * [`actors`]: doc-level actors from every source become one actor under
//!   all its names (the reviewed lexicon seeds it; names a source teaches
//!   join actors across sources; a person never joins a group).
//! * [`incidents`]: reports of the same incident from different sources
//!   become one event, each merge with its rule and score.
//! * [`ledger`]: every source's value for a field, kept side by side, with
//!   low / best / high under a named [`Policy`], conflicts and refinements.
//!
//! Everything here is a pure function of its inputs (no I/O, no SQL), so the
//! store can run it inside a transaction and tests can run it on plain
//! values. Output order is deterministic.

pub mod actors;
pub mod incidents;
pub mod ledger;

pub use actors::{ActorResolution, DocActor, ResolvedActor, name_key, resolve_actors};
pub use incidents::{Cluster, Link, ReportIn, merge_incidents};
pub use ledger::{Figure, Ledger, LedgerValue, Policy, Statement, Verdict};
