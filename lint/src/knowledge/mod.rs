//! What libraries do, as data: which calls block and what to use instead ([`blocking`]), and the
//! user's own entries (`[[blocking]]` in `blocking-lint.toml`, [`configured`]). The bottom layer:
//! it names nothing else in the crate, so every layer above may read it, and a fact about a
//! library is written once, here.

pub mod blocking;
pub mod configured;
pub mod signatures;
