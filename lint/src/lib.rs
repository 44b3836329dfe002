//! `blocking-lint`: finds blocking calls inside async handlers and async code.
//!
//! The engine arrives with its own issue; this crate holds the workspace's place for it.
