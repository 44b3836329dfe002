//! Calls to a dependency's function that its summary found blocking (see `crate::analysis::deps`). Not a
//! rule of its own, as `configured` is not: each is reported under the rule of the blocking call
//! its chain ends at, so levels, suppressions and SARIF treat it as that rule's finding.

use super::hit::Hit;
use super::rule::{Call, RunFacts, Target};
use crate::model::path::DefPath;

pub(super) fn check<'a>(call: &Call<'_>, facts: RunFacts<'a>) -> Option<(&'a str, Hit)> {
    if call.awaited || facts.deps.is_empty() {
        return None;
    }
    let resolved = match call.target {
        Target::Path(p) if !DefPath::new(p).is_local() => p.to_string(),
        Target::Method {
            receiver: Some(ty),
            name,
        } => format!(
            "{}::{name}",
            ty.path().filter(|p| !DefPath::new(p).is_local())?
        ),
        _ => return None,
    };
    let entry = facts.deps.find(&resolved)?;
    let help = format!(
        "`{resolved}` blocks inside {}; call it in `tokio::task::spawn_blocking`, or use an async \
         alternative",
        entry.package
    );
    let hit = Hit {
        callee: resolved,
        help,
        suggestion: None,
    };
    Some((&entry.export.rule, hit))
}
