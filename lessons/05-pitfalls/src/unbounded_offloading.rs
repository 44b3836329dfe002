//! Pitfall: `spawn_blocking` for every request, without a bound.
//!
//! The blocking pool is bounded: 512 threads by default (`Builder::max_blocking_threads`). Past
//! that, `spawn_blocking` does not fail or push back; it queues the job, without limit. Under
//! overload, every new request waits behind every job already queued, memory grows with the
//! queue, and clients time out while the server still works through jobs nobody waits for.
//! A bound in front of the pool turns that into a quick, honest "busy, retry later".

use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio::task::JoinError;

// ANCHOR: bad
/// THE PITFALL: every call goes to the pool, however many are already waiting.
pub async fn offload<T, F>(job: F) -> Result<T, JoinError>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(job).await
}
// ANCHOR_END: bad

// ANCHOR: fix
/// The pool is full: the caller should answer 503 (lesson 01's `/offload` does).
#[derive(Debug, PartialEq, Eq)]
pub struct Overloaded;

/// The fix: a semaphore with as many permits as jobs we accept at once.
#[derive(Clone)]
pub struct BoundedOffload {
    permits: Arc<Semaphore>,
}

impl BoundedOffload {
    pub fn new(max_jobs: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(max_jobs)),
        }
    }

    /// Runs `job` on the pool if a permit is free, or refuses at once.
    ///
    /// The permit moves into the closure, so it is released when the job ends, not when the
    /// caller stops waiting: a job that outlives its caller still counts against the bound.
    pub async fn run<T, F>(&self, job: F) -> Result<Result<T, JoinError>, Overloaded>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let permit = self
            .permits
            .clone()
            .try_acquire_owned()
            .map_err(|_| Overloaded)?;
        Ok(tokio::task::spawn_blocking(move || {
            let _permit = permit;
            job()
        })
        .await)
    }
}
// ANCHOR_END: fix

#[cfg(test)]
mod tests {
    // ANCHOR: test
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Barrier, mpsc};

    use super::*;

    /// Counts jobs running at once and remembers the most it saw.
    #[derive(Default)]
    struct Concurrency {
        now: AtomicUsize,
        most: AtomicUsize,
    }

    impl Concurrency {
        fn enter(&self) {
            let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
            self.most.fetch_max(now, Ordering::SeqCst);
        }
        fn leave(&self) {
            self.now.fetch_sub(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn the_pool_runs_at_most_its_bound_and_queues_the_rest() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .max_blocking_threads(2)
            .build()
            .unwrap();
        let seen = Arc::new(Concurrency::default());
        // Each job waits for a partner, so two jobs certainly run together.
        let pairs = Arc::new(Barrier::new(2));
        runtime.block_on(async {
            let jobs: Vec<_> = (0..6)
                .map(|_| {
                    let (seen, pairs) = (seen.clone(), pairs.clone());
                    tokio::spawn(offload(move || {
                        seen.enter();
                        pairs.wait();
                        seen.leave();
                    }))
                })
                .collect();
            for job in jobs {
                job.await.unwrap().unwrap();
            }
        });
        // Six jobs, two threads: the other four waited in the queue.
        assert_eq!(seen.most.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn the_bound_refuses_at_once_instead_of_queueing() {
        let offload = BoundedOffload::new(2);
        let (release, gate) = mpsc::channel::<()>();
        let gate = Arc::new(std::sync::Mutex::new(gate));
        let (started, running) = mpsc::channel::<()>();
        let busy: Vec<_> = (0..2)
            .map(|_| {
                let (offload, gate, started) = (offload.clone(), gate.clone(), started.clone());
                tokio::spawn(async move {
                    offload
                        .run(move || {
                            started.send(()).unwrap();
                            gate.lock().unwrap().recv().unwrap();
                        })
                        .await
                })
            })
            .collect();
        // Wait (off the runtime) until both jobs hold their permits.
        tokio::task::spawn_blocking(move || {
            running.recv().unwrap();
            running.recv().unwrap();
        })
        .await
        .unwrap();

        assert_eq!(offload.run(|| ()).await.unwrap_err(), Overloaded);

        for _ in 0..2 {
            release.send(()).unwrap();
        }
        for job in busy {
            job.await.unwrap().unwrap().unwrap();
        }
        assert_eq!(offload.run(|| 42).await.unwrap().unwrap(), 42);
    }
    // ANCHOR_END: test
}
