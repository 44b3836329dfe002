//! The user's own knowledge: `[[blocking]]` entries of `blocking-lint.toml`, functions the
//! catalog does not list, reported under the built-in rule each names.

use serde::Deserialize;

/// One `[[blocking]]` entry: a function or method (`Type::method`) to report in async code,
/// under the built-in rule `rule` names (`http`, `blocking::database`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blocking {
    pub path: String,
    pub rule: String,
    pub reason: String,
    #[serde(default)]
    pub replacement: Option<String>,
}
