//! Tokio's blocking pool with a bound in front of it.
//!
//! `spawn_blocking` never says no: past its 512 threads it queues jobs without limit, so an
//! overloaded server keeps accepting work it will finish long after the client has gone. A
//! semaphore in front turns overload into an immediate 503 that the client can act on.
//!
//! A second bound matters for CPU-heavy jobs. Offloading frees the runtime's workers, but not the
//! CPU cores: more busy pool threads than cores and the workers wait for a core like everyone else.
//! [`BlockingPool::queued`] lets only a few jobs run at once and makes the others wait for a slot
//! (in the async world, holding no thread); only when the queue is full is the answer 503.

use std::future::Future;
use std::sync::Arc;

use tokio::runtime::Handle;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::{ApiError, background, task};

/// How many CPU-bound jobs may run at once: one per core but one, so that the runtime's workers
/// always have a core to wake up on (one, on a single-core machine).
pub fn cpu_slots() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.saturating_sub(1).max(1)
}

/// A handle to the blocking pool that admits a bounded number of jobs. Cheap to clone: every
/// clone shares the same permits.
#[derive(Clone, Debug)]
pub struct BlockingPool {
    /// One permit per job admitted (running or waiting); none left means 503.
    admitted: Arc<Semaphore>,
    /// One permit per job running on a pool thread.
    running: Arc<Semaphore>,
    bound: usize,
    /// Whose blocking threads run the jobs: the caller's runtime, or background-priority ones.
    threads: Threads,
}

#[derive(Clone, Copy, Debug)]
enum Threads {
    Caller,
    Background,
}

impl BlockingPool {
    /// At most `bound` jobs at once, all running; the next one is refused with a 503.
    pub fn new(bound: usize) -> Self {
        Self::queued(bound, 0)
    }

    /// At most `running` jobs on pool threads at once, up to `waiting` more waiting for a slot;
    /// past that, 503. For CPU-bound work, keep `running` below the number of cores.
    /// With no slot to run in, nothing is admitted: a queue in front of nothing would never move.
    pub fn queued(running: usize, waiting: usize) -> Self {
        let waiting = if running == 0 { 0 } else { waiting };
        Self {
            admitted: Arc::new(Semaphore::new(running + waiting)),
            running: Arc::new(Semaphore::new(running)),
            bound: running + waiting,
            threads: Threads::Caller,
        }
    }

    /// A pool for CPU-bound jobs: [`cpu_slots`] running at once on background-priority threads
    /// ([`BlockingPool::in_background`]), up to `waiting` more waiting for a slot.
    pub fn for_cpu(waiting: usize) -> Self {
        Self::queued(cpu_slots(), waiting).in_background()
    }

    /// Runs the jobs on threads at background priority (see [`crate::background`]) instead of
    /// the caller's blocking pool: for CPU-bound jobs on a machine with no core to spare, so a
    /// worker woken by a request gets a core at once instead of after a time slice.
    pub fn in_background(self) -> Self {
        let threads = Threads::Background;
        Self { threads, ..self }
    }

    /// How many jobs may be admitted at once, running or waiting.
    pub fn bound(&self) -> usize {
        self.bound
    }

    /// How many more jobs would be admitted right now.
    pub fn available(&self) -> usize {
        self.admitted.available_permits()
    }

    /// Runs `work` on the blocking pool as a task named `name` (for tokio-console), or answers
    /// 503 at once when the pool has admitted all the jobs it may.
    ///
    /// The permits move into the job and are released when the job ends, not when the caller
    /// stops waiting: a client that hangs up does not free a slot while its work still runs. A
    /// job that finds a free slot is spawned at once, so the console shows the caller's line (see
    /// [`task`]); one that must wait is spawned when its turn comes.
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
        let start = match self.admitted.clone().try_acquire_owned() {
            Err(_) => Start::Refused(self.bound),
            Ok(admitted) => match self.running.clone().try_acquire_owned() {
                Ok(slot) => Start::Now(task::blocking_on(
                    &self.runtime(),
                    name,
                    holding(admitted, slot, work),
                )),
                Err(_) => Start::Later(admitted, self.clone(), name.to_owned(), work),
            },
        };
        async move {
            match start {
                Start::Refused(bound) => Err(ApiError::overloaded(format!(
                    "the blocking pool is busy ({bound} jobs running or waiting); retry later"
                ))),
                Start::Now(job) => job.await,
                Start::Later(admitted, pool, name, work) => {
                    // The semaphore is never closed, so acquiring can only wait, never fail.
                    let slot = pool.running.clone().acquire_owned().await;
                    let slot = slot.map_err(ApiError::internal)?;
                    task::blocking_on(&pool.runtime(), &name, holding(admitted, slot, work)).await
                }
            }
        }
    }
}

impl BlockingPool {
    fn runtime(&self) -> Handle {
        match self.threads {
            Threads::Caller => Handle::current(),
            Threads::Background => background::handle().clone(),
        }
    }
}

/// How a call to [`BlockingPool::run`] begins.
enum Start<J, F> {
    Refused(usize),
    Now(J),
    Later(OwnedSemaphorePermit, BlockingPool, String, F),
}

/// `work`, holding its permits until it returns.
fn holding<F: FnOnce() -> T, T>(
    admitted: OwnedSemaphorePermit,
    slot: OwnedSemaphorePermit,
    work: F,
) -> impl FnOnce() -> T {
    move || {
        let _permits = (admitted, slot);
        work()
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 1)]
    async fn a_queued_pool_makes_jobs_wait_then_refuses() {
        let pool = BlockingPool::queued(1, 1);
        let (release, wait) = mpsc::channel::<()>();
        let running = tokio::spawn({
            let pool = pool.clone();
            async move { pool.run("first", move || wait.recv().is_ok()).await }
        });
        while pool.available() == 2 {
            tokio::task::yield_now().await;
        }
        // The second job is admitted but has no slot: it waits, on no thread.
        let waiting = tokio::spawn({
            let pool = pool.clone();
            async move { pool.run("second", || 2).await }
        });
        while pool.available() == 1 {
            tokio::task::yield_now().await;
        }
        assert!(!waiting.is_finished());
        let refused = pool.run("third", || 3).await.unwrap_err();
        assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);

        release.send(()).unwrap();
        assert_eq!(running.await.unwrap(), Ok(true));
        assert_eq!(waiting.await.unwrap(), Ok(2));
        assert_eq!(pool.available(), 2);
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn background_jobs_run_under_sched_idle_and_others_do_not() {
        use thread_priority::unix::{
            NormalThreadSchedulePolicy, ThreadSchedulePolicy, thread_schedule_policy,
        };
        let idle = ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle);
        let policy = || thread_schedule_policy().unwrap();

        let background = BlockingPool::new(1).in_background();
        assert_eq!(background.run("background", policy).await, Ok(idle));
        let caller = BlockingPool::new(1).run("caller", policy).await.unwrap();
        assert_ne!(caller, idle);
    }

    #[tokio::test]
    async fn a_queue_with_no_slot_refuses_instead_of_hanging() {
        let refused = BlockingPool::queued(0, 5).run("never", || ()).await;
        assert_eq!(refused.unwrap_err().status, StatusCode::SERVICE_UNAVAILABLE);
    }
}
