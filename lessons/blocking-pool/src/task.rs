//! Named tasks, so tokio-console can point at the work.
//!
//! axum runs each connection in a task spawned by `axum::serve`, and every such task looks the
//! same in the console. Running a handler's work in a task with a name ("GET /block") lets the
//! reader find it in the task list and watch its busy time grow. The work is polled by a worker
//! exactly as it would be inline, so a blocking call in it still blocks that worker.
//!
//! Names need tokio's unstable API (`--cfg tokio_unstable`); built without it, the same functions
//! spawn unnamed tasks, so a project that does not set it builds and runs all the same.
//!
//! Both functions spawn at once and are `#[track_caller]`, so the console's "Location" column
//! shows the caller's line, not this file's.
//!
//! Cancellation is one rule for both: work nobody waits for stops. A task from [`named`] is
//! aborted when the future waiting for it is dropped (hyper drops a handler's future when its
//! client hangs up), through tokio-util's `AbortOnDropHandle`; a plain `JoinHandle` would detach
//! the task and let it compute on. A task aborts at its next `.await`, so work that yields
//! between slices stops within a slice. Sync work on the blocking pool cannot be aborted: it
//! stops by looking at its [`Cancel`](crate::Cancel) flag.

use std::future::Future;

use tokio::runtime::Handle;
use tokio::task::JoinHandle;
use tokio_util::task::AbortOnDropHandle;

use crate::Error;

/// Spawns `work` as a task named `name` on the current runtime; the returned future waits for it,
/// and dropping that future aborts the task. A task that panics is [`Error::Failed`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let answer = blocking_pool::named("GET /answer", async { 6 * 7 }).await;
/// assert_eq!(answer, Ok(42));
/// # }
/// ```
#[track_caller]
pub fn named<F>(name: &str, work: F) -> impl Future<Output = Result<F::Output, Error>> + use<F>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    #[cfg(tokio_unstable)]
    let handle = tokio::task::Builder::new().name(name).spawn(work);
    #[cfg(not(tokio_unstable))]
    let handle = {
        let _ = name;
        Ok(tokio::spawn(work))
    };
    let handle = handle.map(AbortOnDropHandle::new);
    async move { Ok(handle?.await?) }
}

/// `tokio::task::spawn_blocking` with a name for the console, on the blocking pool of the runtime
/// behind `runtime`, which need not be the caller's: [`crate::priority`] keeps some whose threads
/// give way to the workers. The closure runs on a thread of that pool, and the worker that awaits
/// it is free to run other tasks.
#[track_caller]
pub(crate) fn blocking_on<F, T>(
    runtime: &Handle,
    name: &str,
    work: F,
) -> impl Future<Output = Result<T, Error>> + use<F, T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    #[cfg(tokio_unstable)]
    let handle = tokio::task::Builder::new()
        .name(name)
        .spawn_blocking_on(work, runtime);
    #[cfg(not(tokio_unstable))]
    let handle = {
        let _ = name;
        Ok(runtime.spawn_blocking(work))
    };
    join(handle)
}

/// Waits for a spawned task; a failure to spawn or a panic in the task is [`Error::Failed`].
async fn join<T>(handle: std::io::Result<JoinHandle<T>>) -> Result<T, Error> {
    Ok(handle?.await?)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::Duration;

    use super::*;

    /// A task that nobody waits for any more stops at its next `.await`, instead of computing on
    /// (a plain `JoinHandle`, dropped, leaves its task running).
    #[tokio::test]
    async fn dropping_the_wait_aborts_the_named_task() {
        let slices = Arc::new(AtomicU64::new(0));
        let counted = slices.clone();
        let waiting = named("slices", async move {
            loop {
                counted.fetch_add(1, Ordering::Relaxed);
                tokio::task::yield_now().await;
            }
        });
        // Let it run, then give up on it as a client that hangs up would.
        let _ = tokio::time::timeout(Duration::from_millis(20), waiting).await;
        let at_drop = slices.load(Ordering::Relaxed);
        assert!(at_drop > 0, "the task never ran");
        tokio::time::sleep(Duration::from_millis(20)).await;
        let after = slices.load(Ordering::Relaxed);
        assert!(
            after <= at_drop + 1,
            "{} slices after the drop",
            after - at_drop
        );
    }

    #[tokio::test]
    async fn a_task_that_panics_is_failed_not_a_panic_in_the_caller() {
        let failed = named("panics", async { panic!("on purpose") }).await;
        assert!(matches!(failed, Err(Error::Failed(_))), "{failed:?}");
    }
}
