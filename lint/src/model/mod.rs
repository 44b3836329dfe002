//! What the code is, with no opinion on what blocks: sources and places ([`source`]), definition
//! paths ([`path`]), the syntax-based semantic model that resolves names and types
//! ([`semantic`]), and what the dependencies' summaries found ([`dependencies`]). No module
//! here knows a rule.

pub mod dependencies;
pub mod path;
pub mod semantic;
pub mod source;
pub mod typed;
