//! Tokio's blocking pool with a bound in front of it.
//!
//! `spawn_blocking` never says no: past its 512 threads it queues jobs without limit, so an
//! overloaded server keeps accepting work it will finish long after the client has gone. A
//! semaphore in front turns overload into an immediate 503 that the client can act on.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::{ApiError, task};

/// A handle to the blocking pool that admits at most `bound` jobs at once. Cheap to clone: every
/// clone shares the same permits.
#[derive(Clone, Debug)]
pub struct BlockingPool {
    /// One permit per job allowed on the pool at once.
    permits: Arc<Semaphore>,
    bound: usize,
}

impl BlockingPool {
    pub fn new(bound: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(bound)),
            bound,
        }
    }

    /// How many jobs may run at once.
    pub fn bound(&self) -> usize {
        self.bound
    }

    /// How many more jobs would be admitted right now.
    pub fn available(&self) -> usize {
        self.permits.available_permits()
    }

    /// Runs `work` on the blocking pool as a task named `name` (for tokio-console), or answers
    /// 503 at once when `bound` jobs are already running.
    ///
    /// The permit moves into the job and is released when the job ends, not when the caller stops
    /// waiting: a client that hangs up does not free a slot while its work still runs. The job is
    /// spawned at once and the console shows the caller's line (see [`task`]).
    #[track_caller]
    pub fn run<F, T>(
        &self,
        name: &str,
        work: F,
    ) -> impl Future<Output = Result<T, ApiError>> + use<F, T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let bound = self.bound;
        let job = self.permits.clone().try_acquire_owned().map(|permit| {
            task::blocking(name, move || {
                let _permit = permit;
                work()
            })
        });
        async move {
            let job = job.map_err(|_| {
                ApiError::overloaded(format!(
                    "the blocking pool is busy ({bound} jobs running); retry later"
                ))
            })?;
            job.await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;
    use std::sync::mpsc;

    #[tokio::test(flavor = "multi_thread", worker_threads = 1)]
    async fn past_the_bound_is_503_and_the_slot_comes_back() {
        let pool = BlockingPool::new(1);
        let (release, wait) = mpsc::channel::<()>();
        let busy = tokio::spawn({
            let pool = pool.clone();
            async move { pool.run("hold", move || wait.recv().is_ok()).await }
        });
        while pool.available() > 0 {
            tokio::task::yield_now().await;
        }
        let refused = pool.run("refused", || ()).await.unwrap_err();
        assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);

        release.send(()).unwrap();
        assert_eq!(busy.await.unwrap(), Ok(true));
        assert_eq!(pool.run("again", || 7).await, Ok(7));
        assert_eq!(pool.available(), 1);
    }

    #[tokio::test]
    async fn a_dropped_caller_keeps_its_slot_until_the_job_ends() {
        let pool = BlockingPool::new(1);
        let (release, wait) = mpsc::channel::<()>();
        let caller = tokio::spawn({
            let pool = pool.clone();
            async move { pool.run("abandoned", move || wait.recv().is_ok()).await }
        });
        while pool.available() > 0 {
            tokio::task::yield_now().await;
        }
        // The client hangs up: its handler future is dropped, the job runs on.
        caller.abort();
        let _ = caller.await;
        assert_eq!(pool.available(), 0);
        release.send(()).unwrap();
        while pool.available() == 0 {
            tokio::task::yield_now().await;
        }
    }
}
