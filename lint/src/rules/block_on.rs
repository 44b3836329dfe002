use super::hit::Hit;
use super::rule::{Call, Target, catalog_hit, declare_rule, path_hit};
use crate::knowledge::blocking::{BLOCK_ON_HELP, Family};

declare_rule! {
    /// ## What it does
    /// Finds executors started inside async code: `futures::executor::block_on`, `pollster`,
    /// `Runtime::block_on`, `Handle::block_on`, `LocalSet::block_on` and every other `block_on`, and
    /// tokio runtimes created inside async code.
    ///
    /// ## Why is this bad?
    /// `block_on` parks the thread until the future completes. On a worker thread that stalls every
    /// other task, and if the future needs this runtime to make progress it never does. Tokio
    /// panics with "Cannot start a runtime from within a runtime".
    ///
    /// ## Example
    /// ```rust,ignore
    /// async fn handler() -> String {
    ///     futures::executor::block_on(fetch())
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```rust,ignore
    /// async fn handler() -> String {
    ///     fetch().await
    /// }
    /// ```
    ///
    /// ## Known problems
    /// A method named `block_on` is reported whatever its receiver: no async API uses the name.
    pub static BLOCK_ON = {
        name: "block_on",
        level: Warn,
        summary: "block_on (futures, pollster, tokio Runtime/Handle) in async code",
        check: check,
    };
}

fn check(call: &Call<'_>) -> Option<Hit> {
    if let Some(hit) = catalog_hit(call, Family::BlockOn) {
        return Some(hit);
    }
    // Every `block_on` of tokio's runtime types (`Runtime`, `Handle`, `LocalRuntime`, ...).
    if let Some(path) = call
        .path_under(&["tokio::runtime::"])
        .filter(|p| p.ends_with("::block_on"))
    {
        return Some(path_hit(path, BLOCK_ON_HELP));
    }
    // A `block_on` method of any executor, named by its type when the receiver's is known.
    let m = call.method_named(&["block_on"])?;
    let callee = match call.target {
        Target::Method {
            receiver: Some(ty), ..
        } => match ty.path() {
            Some(p) => format!("{p}::{m}"),
            None => m.to_string(),
        },
        _ => m.to_string(),
    };
    Some(Hit {
        callee,
        help: BLOCK_ON_HELP.into(),
        suggestion: None,
    })
}
