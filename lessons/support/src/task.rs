//! Named tasks, so tokio-console can point at the lesson's work.
//!
//! axum runs each connection in a task spawned by `axum::serve`, and every such task looks the
//! same in the console. Running a handler's work in a task with a name ("GET /block") lets the
//! reader find it in the task list and watch its busy time grow. The work is polled by a worker
//! exactly as it would be inline, so a blocking call in it still blocks that worker.
//!
//! Names need tokio's unstable API (`--cfg tokio_unstable`, set in `.cargo/config.toml`); built
//! without it, the same functions spawn unnamed tasks, so the lessons still build and run.
//!
//! Both functions spawn at once and are `#[track_caller]`, so the console's "Location" column
//! shows the lesson's line, not this file's.

use std::future::Future;

use tokio::runtime::Handle;
use tokio::task::JoinHandle;

use crate::ApiError;

/// Spawns `work` as a task named `name` on the current runtime; the returned future waits for it.
#[track_caller]
pub fn named<F>(name: &str, work: F) -> impl Future<Output = Result<F::Output, ApiError>> + use<F>
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
    join(handle)
}

/// Runs the sync closure `work` on tokio's blocking pool as a blocking task named `name`.
///
/// This is `tokio::task::spawn_blocking` with a name for the console: the closure runs on a
/// thread of the blocking pool, and the worker that awaited it is free to run other tasks.
#[track_caller]
pub fn blocking<F, T>(name: &str, work: F) -> impl Future<Output = Result<T, ApiError>> + use<F, T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    blocking_on(&Handle::current(), name, work)
}

/// [`blocking`] on the blocking pool of the runtime behind `runtime`, which need not be the
/// caller's: [`crate::priority`] keeps some whose threads give way to the workers.
#[track_caller]
pub fn blocking_on<F, T>(
    runtime: &Handle,
    name: &str,
    work: F,
) -> impl Future<Output = Result<T, ApiError>> + use<F, T>
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

/// Waits for a spawned task; a failure to spawn or a panic in the task is a 500.
async fn join<T>(handle: std::io::Result<JoinHandle<T>>) -> Result<T, ApiError> {
    handle
        .map_err(ApiError::internal)?
        .await
        .map_err(ApiError::internal)
}
