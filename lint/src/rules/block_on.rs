use super::hit::Hit;
use super::rule::{Call, declare_rule, path_hit};

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

const HELP: &str = "`.await` the future instead of starting an executor inside the runtime";

fn check(call: &Call<'_>) -> Option<Hit> {
    if let Some(path) = call.path_in(&[
        "futures::executor::block_on",
        "futures_executor::block_on",
        "futures_lite::future::block_on",
        "futures::executor::block_on_stream",
        "pollster::block_on",
        "async_std::task::block_on",
        "smol::block_on",
        "async_io::block_on",
        "extreme::run",
    ]) {
        return Some(path_hit(path, HELP));
    }
    if let Some(path) = call
        .path_under(&["tokio::runtime::"])
        .filter(|p| p.ends_with("::block_on"))
    {
        return Some(path_hit(path, HELP));
    }
    if let Some(path) = call.path_in(&["tokio::runtime::Runtime::new"]) {
        return Some(path_hit(
            path,
            "build the runtime outside async code: dropping a runtime inside one blocks, and panics",
        ));
    }
    let m = call.method_named(&["block_on"])?;
    let callee = match call.target {
        super::rule::Target::Method {
            receiver: Some(ty), ..
        } => match ty.path() {
            Some(p) => format!("{p}::{m}"),
            None => m.to_string(),
        },
        _ => m.to_string(),
    };
    Some(Hit {
        callee,
        help: HELP.into(),
        suggestion: None,
    })
}
