//! Pitfall: expecting a `spawn_blocking` job to stop when nobody waits for it any more.
//!
//! Dropping a `JoinHandle`, calling `abort()` on it, a `timeout` that fires, a client that hangs
//! up so axum drops the handler's future: none of these stop a closure that is already running on
//! the blocking pool. Tokio cannot interrupt a thread; the closure runs until it returns. A job
//! that should stop early must be told so, and must check.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::task::JoinError;

/// Why an offloaded job did not give a result.
#[derive(Debug, PartialEq, Eq)]
pub enum Gave {
    /// The caller stopped waiting after its time limit.
    UpAfterTimeout,
    /// The job panicked or was cancelled before it started.
    UpOnJoinError,
}

impl From<JoinError> for Gave {
    fn from(_: JoinError) -> Self {
        Gave::UpOnJoinError
    }
}

// ANCHOR: bad
/// THE PITFALL: the caller gives up after `limit`, and believes the job did too. It did not: the
/// closure keeps its pool thread, and whatever it writes, it still writes.
pub async fn run_with_timeout<T, F>(limit: Duration, job: F) -> Result<T, Gave>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    match tokio::time::timeout(limit, tokio::task::spawn_blocking(job)).await {
        Ok(joined) => Ok(joined?),
        Err(_elapsed) => Err(Gave::UpAfterTimeout),
    }
}
// ANCHOR_END: bad

// ANCHOR: fix
/// A flag a blocking job checks between steps to learn that nobody wants its result any more.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Sets the flag when dropped: when the timeout fires, and also when the caller's own future is
/// dropped (in axum: when the client disconnects).
struct CancelOnDrop(Cancel);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.0.store(true, Ordering::Relaxed);
    }
}

/// The fix: the job gets a [`Cancel`] and checks it between steps; the caller raises it on the
/// way out, however it leaves.
pub async fn run_cancellable<T, F>(limit: Duration, job: F) -> Result<T, Gave>
where
    F: FnOnce(Cancel) -> T + Send + 'static,
    T: Send + 'static,
{
    let cancel = Cancel::default();
    let _guard = CancelOnDrop(cancel.clone());
    let handle = tokio::task::spawn_blocking(move || job(cancel));
    match tokio::time::timeout(limit, handle).await {
        Ok(joined) => Ok(joined?),
        Err(_elapsed) => Err(Gave::UpAfterTimeout),
    }
}
// ANCHOR_END: fix

#[cfg(test)]
mod tests {
    // ANCHOR: test
    use std::sync::mpsc;

    use super::*;

    #[tokio::test]
    async fn the_job_outlives_the_timeout() {
        let (release, gate) = mpsc::channel::<()>();
        let (done, finished) = tokio::sync::oneshot::channel::<&str>();
        let job = move || {
            // Held until the caller has given up, so the order is certain.
            gate.recv().unwrap();
            done.send("written anyway").unwrap();
        };
        let outcome = run_with_timeout(Duration::from_millis(1), job).await;
        assert_eq!(outcome, Err(Gave::UpAfterTimeout));
        release.send(()).unwrap();
        // The caller has moved on, yet the job still runs to its end.
        assert_eq!(finished.await.unwrap(), "written anyway");
    }

    #[tokio::test]
    async fn a_cancellable_job_stops_when_the_caller_leaves() {
        let (stopped, outcome) = mpsc::channel::<u64>();
        // Far longer than the test will wait, unless the job notices the flag.
        let job = move |cancel: Cancel| {
            for step in 0..100_000 {
                if cancel.is_cancelled() {
                    stopped.send(step).unwrap();
                    return;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            stopped.send(u64::MAX).unwrap();
        };
        let outcome_now = run_cancellable(Duration::from_millis(20), job).await;
        assert_eq!(outcome_now, Err(Gave::UpAfterTimeout));
        let step = tokio::task::spawn_blocking(move || outcome.recv().unwrap())
            .await
            .unwrap();
        assert!(step < 100_000, "the job stopped early, at step {step}");
    }
    // ANCHOR_END: test
}
