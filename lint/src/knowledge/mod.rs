//! What libraries do, as data, each fact written once: which calls block and what to use
//! instead ([`blocking`]), what calls return so a value can be followed ([`signatures`]), where
//! a closure handed to a call runs ([`closures`]), how frameworks name their routes
//! ([`routing`]), how a logger shows itself ([`logging`]), and the user's own entries
//! (`[[blocking]]` in `blocking-lint.toml`, [`configured`]).
//!
//! The bottom layer: it names nothing else in the crate, so every layer above may read it.
//! `tests/knowledge.rs` checks every entry (its rule exists, its paths parse, its advice names
//! an alternative).

pub mod blocking;
pub mod closures;
pub mod configured;
pub mod logging;
pub mod routing;
pub mod signatures;
