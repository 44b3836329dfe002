use super::hit::{Applicability, Edit, Hit, Suggestion};
use super::rule::{Call, catalog_hit, declare_rule};
use crate::knowledge::blocking::{Family, THREAD_SLEEP};

declare_rule! {
    /// ## What it does
    /// Finds `std::thread::sleep` (and `thread::park`) inside async code.
    ///
    /// ## Why is this bad?
    /// An async task runs on one of the runtime's few worker threads and gives it up only at an
    /// `.await`. A thread sleep keeps the worker for the whole duration: every other task queued on
    /// that worker, including cheap ones such as a health check, waits as long.
    ///
    /// ## Example
    /// ```rust,ignore
    /// async fn retry() {
    ///     std::thread::sleep(std::time::Duration::from_millis(100));
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```rust,ignore
    /// async fn retry() {
    ///     tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    /// }
    /// ```
    ///
    /// ## Known problems
    /// Closures handed to a known offload function (`spawn_blocking`, `std::thread::spawn`, ...)
    /// or to any awaited call (`conn.interact(|c| ..).await`) are taken to run off the runtime,
    /// and closures kept in a `let` binding are not followed: a sleep in either is not reported,
    /// even when the closure does end up running on the runtime.
    pub static SLEEP = {
        name: "sleep",
        level: Warn,
        summary: "std::thread::sleep in async code",
        check: check,
    };
}

fn check(call: &Call<'_>) -> Option<Hit> {
    if let Some(path) = call.path_in(&[THREAD_SLEEP]) {
        // The fix swaps the callee and awaits the result; the argument (a Duration) carries over.
        let suggestion = Suggestion {
            message: "use the runtime's timer".into(),
            edits: vec![
                Edit {
                    loc: call.callee_loc.clone(),
                    replacement: "tokio::time::sleep".into(),
                },
                Edit {
                    loc: call.call_loc.after(),
                    replacement: ".await".into(),
                },
            ],
            // `tokio::time::sleep` takes the same `Duration` and its future yields `()`, so the
            // swap is exact wherever `.await` may be written; in a sync closure called inline
            // (`.for_each(|_| ..)`) or among a macro's tokens a person has to restructure.
            applicability: if call.await_here {
                Applicability::MachineApplicable
            } else {
                Applicability::MaybeIncorrect
            },
        };
        return Some(Hit {
            callee: path.into(),
            help: "use `tokio::time::sleep(..).await`, which yields the worker while it waits"
                .into(),
            suggestion: Some(suggestion),
        });
    }
    catalog_hit(call, Family::Sleep)
}
