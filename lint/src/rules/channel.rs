use super::hit::Hit;
use super::rule::{Call, catalog_hit, declare_rule};
use crate::knowledge::blocking::Family;

declare_rule! {
    /// ## What it does
    /// Finds blocking channel operations: `recv`/`recv_timeout`/`iter` on `std::sync::mpsc`,
    /// `crossbeam_channel` and `flume` receivers, `send` on a bounded `SyncSender`, and tokio's
    /// own `blocking_recv`/`blocking_send`.
    ///
    /// ## Why is this bad?
    /// A blocking receive parks the worker thread until a message arrives. If the sender is a task
    /// on the same runtime, it may never get to run: a deadlock. Tokio's `blocking_*` methods panic
    /// when called inside the runtime.
    ///
    /// ## Example
    /// ```rust,ignore
    /// async fn next(rx: std::sync::mpsc::Receiver<Job>) -> Option<Job> {
    ///     rx.recv().ok()
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```rust,ignore
    /// async fn next(rx: &mut tokio::sync::mpsc::Receiver<Job>) -> Option<Job> {
    ///     rx.recv().await
    /// }
    /// ```
    ///
    /// ## Known problems
    /// `try_recv` is not reported: it does not wait. A `crossbeam` bounded `send` can block but is
    /// not told apart from an unbounded one, so it is not reported.
    pub static CHANNEL = {
        name: "channel",
        level: Warn,
        summary: "blocking channel receives and sends in async code",
        check: check,
    };
}

fn check(call: &Call<'_>) -> Option<Hit> {
    // tokio's `blocking_*` methods, whatever the receiver: no sync API uses these names.
    if let Some(m) = call.method_named(&["blocking_recv", "blocking_send", "blocking_recv_many"]) {
        return Some(Hit {
            callee: m.to_string(),
            help: format!(
                "use `.{}(..).await`; `{m}` panics inside the runtime",
                m.trim_start_matches("blocking_")
            ),
            suggestion: None,
        });
    }
    catalog_hit(call, Family::Channel)
}
