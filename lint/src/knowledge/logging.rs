//! How a helper that keeps a record (a log, a journal, an audit trail) shows itself, for advice
//! that fits it: a `spawn_blocking` per line is the wrong fix for a logger.

/// Words in a helper's name that say it keeps a record (`JobLogger::log`, `audit`,
/// `journal_entry`), compared lowercase.
pub const RECORD_WORDS: &[&str] = &["log", "journal", "audit", "record"];

/// Blocking calls that write: a method named `write*` or one of these.
pub const WRITE_PREFIX: &str = "write";
pub const WRITES: &[&str] = &["flush", "create", "append"];
