//! Named tasks, so tokio-console can point at the lesson's work.
//!
//! axum runs each connection in a task spawned by `axum::serve`, and every such task looks the
//! same in the console. Running a handler's work in a task with a name ("GET /block") lets the
//! reader find it in the task list and watch its busy time grow. The work is polled by a worker
//! exactly as it would be inline, so a blocking call in it still blocks that worker.
//!
//! Names need tokio's unstable API (`--cfg tokio_unstable`, set in `.cargo/config.toml`); built
//! without it, the same functions spawn unnamed tasks, so the lessons still build and run.

use std::future::Future;

use crate::ApiError;

/// Runs `work` as a task named `name` on the current runtime and waits for it.
pub async fn named<F>(name: &str, work: F) -> Result<F::Output, ApiError>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    #[cfg(tokio_unstable)]
    let handle = tokio::task::Builder::new()
        .name(name)
        .spawn(work)
        .map_err(ApiError::internal)?;
    #[cfg(not(tokio_unstable))]
    let handle = {
        let _ = name;
        tokio::spawn(work)
    };
    handle.await.map_err(ApiError::internal)
}

/// Runs the sync closure `work` on tokio's blocking pool as a blocking task named `name`.
///
/// This is `tokio::task::spawn_blocking` with a name for the console: the closure runs on a
/// thread of the blocking pool, and the worker that awaited it is free to run other tasks.
pub async fn blocking<F, T>(name: &str, work: F) -> Result<T, ApiError>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    #[cfg(tokio_unstable)]
    let handle = tokio::task::Builder::new()
        .name(name)
        .spawn_blocking(work)
        .map_err(ApiError::internal)?;
    #[cfg(not(tokio_unstable))]
    let handle = {
        let _ = name;
        tokio::task::spawn_blocking(work)
    };
    handle.await.map_err(ApiError::internal)
}
