//! Calls the configuration lists as blocking (`[[blocking]]` in `blocking-lint.toml`): the
//! project's own sync SDK, a vendored client. Not a rule of its own: each entry names the
//! built-in rule it is reported under (`rule = "http"`), so levels, suppressions and SARIF treat
//! it as that rule's finding.

use super::hit::Hit;
use super::rule::{Call, RunFacts, Target};

/// The configured entry this call matches, with the rule it is reported under.
pub(super) fn check<'a>(call: &Call<'_>, facts: RunFacts<'a>) -> Option<(&'a str, Hit)> {
    if call.awaited || facts.configured.is_empty() {
        return None;
    }
    let resolved = match call.target {
        Target::Path(p) => p.to_string(),
        Target::Method {
            receiver: Some(ty),
            name,
        } => format!("{}::{name}", ty.path()?),
        Target::Method { receiver: None, .. } => return None,
    };
    let entry = facts.configured.iter().find(|b| {
        crate::model::path::path_listed(&resolved, std::slice::from_ref(&b.path), facts.crates)
    })?;
    let help = match &entry.replacement {
        Some(r) => format!("{}; use `{r}` instead", entry.reason),
        None => entry.reason.clone(),
    };
    let hit = Hit {
        callee: entry.path.clone(),
        help,
        suggestion: None,
    };
    Some((&entry.rule, hit))
}
