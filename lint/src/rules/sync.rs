use super::hit::Hit;
use super::rule::{Call, catalog_hit, declare_rule};
use crate::knowledge::blocking::Family;

declare_rule! {
    /// ## What it does
    /// Finds waits on thread synchronisation: `Condvar::wait` and friends, `Barrier::wait`,
    /// `std::thread::JoinHandle::join`, `std::thread::scope` (which joins its threads), and tokio's
    /// `blocking_lock`/`blocking_read`/`blocking_write`.
    ///
    /// ## Why is this bad?
    /// These wait for another thread, for as long as it takes. On a worker thread that is time no
    /// task runs; if the thread being waited for needs this runtime, it is a deadlock. Tokio's
    /// `blocking_*` methods panic inside the runtime.
    ///
    /// ## Example
    /// ```rust,ignore
    /// async fn finish(worker: std::thread::JoinHandle<()>) {
    ///     worker.join().unwrap();
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```rust,ignore
    /// async fn finish(worker: tokio::task::JoinHandle<()>) {
    ///     worker.await.unwrap();
    /// }
    /// ```
    /// or `tokio::sync::{Notify, Barrier}`, and `.lock().await` on a `tokio::sync::Mutex`.
    ///
    /// ## Known problems
    /// A short `std::sync::Mutex::lock` is fine in async code (tokio's own advice) and is not
    /// reported; holding its guard across an `.await` is clippy's `await_holding_lock`.
    pub static SYNC = {
        name: "sync",
        level: Warn,
        summary: "condvar waits, barriers, thread joins and tokio blocking locks in async code",
        check: check,
    };
}

fn check(call: &Call<'_>) -> Option<Hit> {
    // tokio's `blocking_*` lock methods, whatever the receiver: no sync API uses these names.
    if let Some(m) = call.method_named(&["blocking_lock", "blocking_read", "blocking_write"]) {
        let instead = m.trim_start_matches("blocking_");
        return Some(Hit {
            callee: m.to_string(),
            help: format!("use `.{instead}().await`; `{m}` panics inside the runtime"),
            suggestion: None,
        });
    }
    catalog_hit(call, Family::Sync)
}
