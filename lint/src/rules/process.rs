use super::hit::Hit;
use super::rule::{Call, catalog_hit, declare_rule};
use crate::knowledge::blocking::Family;

declare_rule! {
    /// ## What it does
    /// Finds waits on child processes: `std::process::Command::output` and `status` (which run
    /// the child to completion), `Child::wait`/`wait_with_output`, and the crates that run a
    /// program and wait for it (`open::that`, `lettre`'s sendmail transport).
    ///
    /// ## Why is this bad?
    /// The worker thread waits for the child to exit, which can take as long as the child likes.
    /// `spawn` alone is fine: it starts the child and returns.
    ///
    /// ## Example
    /// ```rust,ignore
    /// async fn version() -> std::io::Result<std::process::Output> {
    ///     std::process::Command::new("git").arg("--version").output()
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```rust,ignore
    /// async fn version() -> std::io::Result<std::process::Output> {
    ///     tokio::process::Command::new("git").arg("--version").output().await
    /// }
    /// ```
    ///
    /// ## Known problems
    /// A `Command` built in one function and run in another is followed only through typed
    /// parameters and fields.
    pub static PROCESS = {
        name: "process",
        level: Warn,
        summary: "waiting on std::process children in async code",
        check: check,
    };
}

fn check(call: &Call<'_>) -> Option<Hit> {
    catalog_hit(call, Family::Process)
}
