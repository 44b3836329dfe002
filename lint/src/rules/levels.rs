//! Lint levels from defaults and the command line (`-A`/`-W`/`-D`, applied in order, later
//! wins, as rustc does; `warnings` re-levels whatever ends up at warn).

use super::rule::{Level, Rule};

/// Why a rule has its level, for the `= note:` rustc prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Default,
    /// The rule's default, raised to deny because the finding is in a request handler.
    HandlerDefault,
    /// The configuration file's entry: `fs = "deny"` in `blocking-lint.toml`.
    Config(String),
    /// The flag as written: `-D blocking::fs`.
    CommandLine(String),
    /// `-D warnings` (or `-A warnings`) applied to a rule at warn level.
    Warnings(String),
}

#[derive(Clone, Debug, Default)]
pub struct Levels {
    /// `(level, selector, entry as written)` from the configuration file, group first; the
    /// command line overrides them.
    pub config: Vec<(Level, String, String)>,
    /// The configuration's default for findings in request handlers, with its entry as written.
    pub handlers: Option<(Level, String)>,
    /// `(level, selector, flag as written)` in command-line order.
    pub overrides: Vec<(Level, String, String)>,
}

/// A selector names one rule, the whole group (`blocking`), or `warnings`.
pub fn validate(selector: &str) -> Result<(), String> {
    if selector == "warnings" || selector == "blocking" || selector == "blocking::all" {
        return Ok(());
    }
    if super::find(selector).is_some() {
        return Ok(());
    }
    let names: Vec<String> = super::REGISTRY.iter().map(|r| r.code()).collect();
    Err(format!(
        "unknown lint `{selector}`; known lints: warnings, blocking, {}",
        names.join(", ")
    ))
}

impl Levels {
    pub fn push(&mut self, level: Level, selector: &str) {
        let flag = match level {
            Level::Allow => "-A",
            Level::Warn => "-W",
            Level::Deny => "-D",
        };
        self.overrides
            .push((level, selector.to_string(), format!("{flag} {selector}")));
    }

    /// The level of a warning that belongs to no rule (a suppression comment's problem):
    /// warn, or what the last `-D warnings`/`-A warnings` says.
    pub fn warnings_level(&self) -> Level {
        self.overrides
            .iter()
            .rev()
            .find(|(_, s, _)| s == "warnings")
            .map_or(Level::Warn, |(l, _, _)| *l)
    }

    /// The level of `rule` for one finding. In a request handler the default is deny (or the
    /// configuration's `handlers`): a blocked worker there delays every request that worker
    /// would have served next. The file's rule entries, then the command line, override either.
    pub fn level(&self, rule: &Rule, in_handler: bool) -> (Level, Origin) {
        let mut level = if let Some((l, entry)) = self.handlers.as_ref().filter(|_| in_handler) {
            (*l, Origin::Config(entry.clone()))
        } else if in_handler && rule.default_level < Level::Deny {
            (Level::Deny, Origin::HandlerDefault)
        } else {
            (rule.default_level, Origin::Default)
        };
        let matches = |sel: &str| {
            sel == "blocking"
                || sel == "blocking::all"
                || super::find(sel).is_some_and(|r| std::ptr::eq(r, rule))
        };
        for (l, sel, entry) in &self.config {
            if matches(sel) {
                level = (*l, Origin::Config(entry.clone()));
            }
        }
        for (l, sel, flag) in &self.overrides {
            if matches(sel) {
                level = (*l, Origin::CommandLine(flag.clone()));
            }
        }
        if level.0 == Level::Warn
            && let Some((l, _, flag)) = self
                .overrides
                .iter()
                .rev()
                .find(|(_, s, _)| s == "warnings")
        {
            level = (*l, Origin::Warnings(flag.clone()));
        }
        level
    }
}
