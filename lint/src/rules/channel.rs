use super::hit::Hit;
use super::rule::{Call, declare_rule, method_hit};

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

const RECEIVERS: &[&str] = &[
    "std::sync::mpsc::Receiver",
    "crossbeam_channel::Receiver",
    "flume::Receiver",
];

fn check(call: &Call<'_>) -> Option<Hit> {
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
    if let Some((ty, m)) = call.method_on(
        RECEIVERS,
        &["recv", "recv_timeout", "recv_deadline", "iter"],
    ) {
        return Some(method_hit(
            ty,
            m,
            "use `tokio::sync::mpsc` (or `flume`'s `recv_async`) and `.recv().await`",
        ));
    }
    if let Some((ty, m)) = call.method_on(&["std::sync::mpsc::SyncSender"], &["send"]) {
        return Some(method_hit(
            ty,
            m,
            "use a bounded `tokio::sync::mpsc` channel and `.send(..).await`",
        ));
    }
    None
}
