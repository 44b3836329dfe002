//! The rule catalog. Each rule is one file whose doc comment is its catalog entry; this module
//! gathers them into the registry that `--list`, `--explain` and the checker read.
//!
//! Adding a rule: write `rules/NAME.rs` with `declare_rule!`, add `mod NAME;` below and a row in
//! [`REGISTRY`].

pub mod finding;
pub mod hit;
pub mod levels;
pub mod rule;

pub use hit::Hit;
pub use rule::{Call, CallArgs, Level, Rule, RunFacts, Target};

mod block_on;
mod channel;
mod configured;
mod cpu;
mod database;
mod deps;
mod fs;
mod http;
mod net;
mod process;
mod sleep;
mod startup;
mod stdin;
mod sync;

/// Every rule, in the order `--list` shows them and the checker tries them.
pub static REGISTRY: &[&Rule] = &[
    &sleep::SLEEP,
    &fs::FS,
    &net::NET,
    &http::HTTP,
    &process::PROCESS,
    &channel::CHANNEL,
    &sync::SYNC,
    &block_on::BLOCK_ON,
    &database::DATABASE,
    &cpu::CPU,
    &stdin::STDIN,
    &startup::STARTUP,
];

/// Findings in start-up code are reported under this rule instead of their own.
pub static STARTUP: &Rule = &startup::STARTUP;

/// A rule by `NAME` or `blocking::NAME`.
pub fn find(name: &str) -> Option<&'static Rule> {
    let short = name.strip_prefix("blocking::").unwrap_or(name);
    REGISTRY.iter().copied().find(|r| r.name == short)
}

/// The first rule that calls this call blocking, with what it found; then the configuration's
/// `[[blocking]]` entries, under the rule each names; then the dependencies' summaries, under
/// the rule of the blocking call each chain ends at.
pub fn check(call: &Call<'_>, facts: RunFacts<'_>) -> Option<(&'static Rule, Hit)> {
    if call.only_polls() {
        return None;
    }
    REGISTRY
        .iter()
        .find_map(|rule| (rule.check)(call).map(|hit| (*rule, hit)))
        .or_else(|| {
            // Configured entries and dependencies' summaries name the rule they are reported
            // under; `config` checked the names when it read the file, and a summary was made by
            // this same catalog.
            let (name, hit) =
                configured::check(call, facts).or_else(|| deps::check(call, facts))?;
            Some((find(name)?, hit))
        })
}
