use super::hit::Hit;
use super::rule::{Call, declare_rule, method_hit};

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
    if let Some(m) = call.method_named(&["blocking_lock", "blocking_read", "blocking_write"]) {
        let instead = m.trim_start_matches("blocking_");
        return Some(Hit {
            callee: m.to_string(),
            help: format!("use `.{instead}().await`; `{m}` panics inside the runtime"),
            suggestion: None,
        });
    }
    if let Some((ty, m)) = call.method_on(
        &["std::sync::Condvar", "parking_lot::Condvar"],
        &[
            "wait",
            "wait_while",
            "wait_timeout",
            "wait_timeout_while",
            "wait_for",
            "wait_until",
        ],
    ) {
        return Some(method_hit(
            ty,
            m,
            "use `tokio::sync::Notify` and `.notified().await`",
        ));
    }
    if let Some(path) = call.path_in(&["std::thread::scope"]) {
        return Some(super::rule::path_hit(
            path,
            "a scope waits for all its threads: run it inside `tokio::task::spawn_blocking`",
        ));
    }
    if let Some((ty, m)) = call.method_on(&["std::sync::Barrier"], &["wait"]) {
        return Some(method_hit(
            ty,
            m,
            "use `tokio::sync::Barrier` and `.wait().await`",
        ));
    }
    if let Some((ty, m)) = call.method_on(
        &["std::thread::JoinHandle", "std::thread::ScopedJoinHandle"],
        &["join"],
    ) {
        return Some(method_hit(
            ty,
            m,
            "await a `tokio::task::spawn_blocking` handle instead of joining a thread",
        ));
    }
    None
}
