//! Tokio's blocking pool with a bound in front of it, a deadline, and a way to stop.
//!
//! Three things `spawn_blocking` alone does not do, and a server needs:
//! - say no: past its 512 threads it queues jobs without limit, so an overloaded server keeps
//!   accepting work it will finish long after the client has gone. A semaphore in front turns
//!   overload into an immediate [`Error::Full`] (for HTTP: a 503 with `Retry-After`) that the
//!   client can act on;
//! - give up: every job has a deadline ([`DEFAULT_DEADLINE`] unless set), past which the caller
//!   gets [`Error::TimedOut`] (a 504) instead of waiting on;
//! - stop: a job whose caller has gone (the client hung up, so axum dropped the handler's future;
//!   or the deadline passed) is told so through its [`Cancel`] flag, which it checks between
//!   steps, and its slot comes back as soon as it returns.
//!
//! A second bound matters for CPU-heavy jobs. Offloading frees the runtime's workers, but not the
//! CPU cores: more busy pool threads than cores and the workers wait for a core like everyone else.
//! [`BlockingPool::queued`] lets only a few jobs run at once and makes the others wait for a slot
//! (in the async world, holding no thread); only when the queue is full is the answer
//! [`Error::Full`].

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::runtime::Handle;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::cancel::Cancel;
use crate::priority::{self, Priority};
use crate::{Error, task};

/// How long a job may take, waiting for a slot included, before its caller gets
/// [`Error::TimedOut`] and the job is cancelled, unless [`BlockingPool::with_deadline`] says
/// otherwise. Bound the inputs so that the largest finishes well inside it on an idle machine:
/// what is past it is a machine in trouble.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(5);

/// How long [`Error::Full`] asks the caller to wait before trying again, unless
/// [`BlockingPool::with_retry_after`] says otherwise: a job runs for milliseconds to a few
/// seconds, so a second is long enough for a slot to come free and short enough not to idle a
/// client that could be served.
pub const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(1);

/// How many CPU-bound jobs may run at once: one per core but one, so that the runtime's workers
/// always have a core to wake up on (one, on a single-core machine).
pub fn cpu_slots() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.saturating_sub(1).max(1)
}

/// A handle to the blocking pool that admits a bounded number of jobs. Cheap to clone: every
/// clone shares the same permits.
///
/// ```
/// use std::time::Duration;
/// use blocking_pool::{BlockingPool, Error};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// // Two jobs at once, no queue, each given 100 ms.
/// let pool = BlockingPool::new(2).with_deadline(Duration::from_millis(100));
/// let sum = pool.run("sum", |_cancel| (1..=10u64).sum::<u64>()).await;
/// assert_eq!(sum, Ok(55));
///
/// // A job that would sleep ten minutes sleeps on its flag, which the deadline raises.
/// let slow = pool.run("slow", |cancel| cancel.sleep(Duration::from_secs(600))).await;
/// assert!(matches!(slow, Err(Error::TimedOut { .. })));
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct BlockingPool {
    /// One permit per job admitted (running or waiting); none left means 503.
    admitted: Arc<Semaphore>,
    /// One permit per job running on a pool thread.
    running: Arc<Semaphore>,
    bound: usize,
    /// Past it, the caller gets [`Error::TimedOut`] and the job is cancelled.
    deadline: Duration,
    /// What [`Error::Full`] tells the caller to wait.
    retry_after: Duration,
    /// Whose blocking threads run the jobs: the caller's runtime's (`None`), or lowered ones.
    priority: Option<Priority>,
}

impl BlockingPool {
    /// At most `bound` jobs at once, all running; the next one is refused with [`Error::Full`].
    pub fn new(bound: usize) -> Self {
        Self::queued(bound, 0)
    }

    /// At most `running` jobs on pool threads at once, up to `waiting` more waiting for a slot;
    /// past that, [`Error::Full`]. For CPU-bound work, keep `running` below the number of cores.
    /// With no slot to run in, nothing is admitted: a queue in front of nothing would never move.
    pub fn queued(running: usize, waiting: usize) -> Self {
        let waiting = if running == 0 { 0 } else { waiting };
        Self {
            admitted: Arc::new(Semaphore::new(running + waiting)),
            running: Arc::new(Semaphore::new(running)),
            bound: running + waiting,
            deadline: DEFAULT_DEADLINE,
            retry_after: DEFAULT_RETRY_AFTER,
            priority: None,
        }
    }

    /// A pool for CPU-bound jobs: [`cpu_slots`] running at once on threads lowered to
    /// [`Priority::Lowered`], up to `waiting` more waiting for a slot.
    ///
    /// Why lowered, and how far: at the workers' own priority, a computing pool thread makes a
    /// woken worker wait out its time slice (lesson 02 measured `/health`'s p99 at 7 to 18 times
    /// idle); at the lowest priority (`SCHED_IDLE`), any other busy process on the machine starves
    /// the pool (as little as a fifth of its throughput beside two `nice -n 19` loops). Niceness
    /// 10 off the workers' core gave both: p99 near idle, and nearly all the throughput beside
    /// the loops. See [`Priority`].
    pub fn for_cpu(waiting: usize) -> Self {
        Self::queued(cpu_slots(), waiting).at(Priority::Lowered)
    }

    /// Runs the jobs on threads of `priority` (see [`Priority`]) instead of the caller's
    /// blocking pool.
    pub fn at(self, priority: Priority) -> Self {
        let priority = Some(priority);
        Self { priority, ..self }
    }

    /// Runs the jobs on the caller's own blocking pool, at the workers' priority: plain
    /// `spawn_blocking`. For jobs that wait (sleeps, blocking I/O) this is right; for CPU-bound
    /// ones see [`BlockingPool::for_cpu`].
    pub fn at_normal_priority(self) -> Self {
        Self {
            priority: None,
            ..self
        }
    }

    /// The same pool with another deadline.
    pub fn with_deadline(self, deadline: Duration) -> Self {
        Self { deadline, ..self }
    }

    /// The same pool, telling a refused caller to wait `retry_after` ([`Error::Full`]).
    pub fn with_retry_after(self, retry_after: Duration) -> Self {
        Self {
            retry_after,
            ..self
        }
    }

    /// How many jobs may be admitted at once, running or waiting.
    pub fn bound(&self) -> usize {
        self.bound
    }

    /// How long a job may take before its caller gets [`Error::TimedOut`] and it is cancelled.
    pub fn deadline(&self) -> Duration {
        self.deadline
    }

    /// How many more jobs would be admitted right now.
    pub fn available(&self) -> usize {
        self.admitted.available_permits()
    }

    // ANCHOR: run
    /// Runs `work` on the blocking pool as a task named `name` (for tokio-console), or answers
    /// [`Error::Full`] at once when the pool has admitted all the jobs it may.
    ///
    /// `work` is handed a [`Cancel`] flag, raised when the returned future is dropped (the client
    /// hung up) or the deadline passes ([`Error::TimedOut`]); it should check the flag every
    /// few milliseconds and return early when it is raised. The permits move into the job and are
    /// released when the job returns, not when the caller stops waiting: a job that ignores its
    /// flag keeps its slot to the end. A job that finds a free slot is spawned at once, so the
    /// console shows the caller's line (see [`named`](crate::named)); one that must wait is
    /// spawned when its turn comes.
    #[track_caller]
    pub fn run<F, T>(
        &self,
        name: &str,
        work: F,
    ) -> impl Future<Output = Result<T, Error>> + use<F, T>
    where
        F: FnOnce(&Cancel) -> T + Send + 'static,
        T: Send + 'static,
    {
        let cancel = Cancel::default();
        // Raised however the caller leaves: answered, timed out, or dropped mid-wait.
        let raise_on_exit = cancel.on_drop();
        let work = move || work(&cancel);
        let start = match self.admitted.clone().try_acquire_owned() {
            Err(_) => Start::Refused(Error::Full {
                bound: self.bound,
                retry_after: self.retry_after,
            }),
            Ok(admitted) => match self.running.clone().try_acquire_owned() {
                Ok(slot) => Start::Now(task::blocking_on(
                    &self.runtime(),
                    name,
                    holding(admitted, slot, work),
                )),
                Err(_) => Start::Later(admitted, self.clone(), name.to_owned(), work),
            },
        };
        let deadline = self.deadline;
        async move {
            let _raise_on_exit = raise_on_exit;
            let finished = tokio::time::timeout(deadline, async move {
                match start {
                    Start::Refused(full) => Err(full),
                    Start::Now(job) => job.await,
                    Start::Later(admitted, pool, name, work) => {
                        // The semaphore is never closed, so acquiring can only wait, never fail.
                        let slot = pool.running.clone().acquire_owned().await;
                        let slot = slot.map_err(|closed| Error::Failed(closed.to_string()))?;
                        let job = holding(admitted, slot, work);
                        task::blocking_on(&pool.runtime(), &name, job).await
                    }
                }
            });
            let timed_out = Error::TimedOut { deadline };
            finished.await.unwrap_or(Err(timed_out))
        }
    }
    // ANCHOR_END: run
}

impl BlockingPool {
    fn runtime(&self) -> Handle {
        match self.priority {
            None => Handle::current(),
            Some(priority) => priority::handle(priority).clone(),
        }
    }
}

/// How a call to [`BlockingPool::run`] begins.
enum Start<J, F> {
    Refused(Error),
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
    use std::sync::mpsc;
    use std::time::Instant;

    /// Waits (yielding) until `pool` has `permits` free.
    async fn until_available(pool: &BlockingPool, permits: usize) {
        while pool.available() != permits {
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 1)]
    async fn past_the_bound_is_full_with_retry_after_and_the_slot_comes_back() {
        let pool = BlockingPool::new(1);
        let (release, wait) = mpsc::channel::<()>();
        let busy = tokio::spawn({
            let pool = pool.clone();
            async move { pool.run("hold", move |_| wait.recv().is_ok()).await }
        });
        until_available(&pool, 0).await;
        let refused = pool.run("refused", |_| ()).await.unwrap_err();
        let retry_after = DEFAULT_RETRY_AFTER;
        assert_eq!(
            refused,
            Error::Full {
                bound: 1,
                retry_after
            }
        );
        let later = Duration::from_secs(3);
        let refused = pool.clone().with_retry_after(later).run("refused", |_| ());
        assert!(
            matches!(refused.await, Err(Error::Full { retry_after, .. }) if retry_after == later)
        );

        release.send(()).unwrap();
        assert_eq!(busy.await.unwrap(), Ok(true));
        assert_eq!(pool.run("again", |_| 7).await, Ok(7));
        assert_eq!(pool.available(), 1);
    }

    #[tokio::test]
    async fn a_job_that_ignores_its_flag_keeps_its_slot_until_it_ends() {
        let pool = BlockingPool::new(1);
        let (release, wait) = mpsc::channel::<()>();
        let caller = tokio::spawn({
            let pool = pool.clone();
            async move { pool.run("abandoned", move |_| wait.recv().is_ok()).await }
        });
        until_available(&pool, 0).await;
        // The client hangs up: its handler future is dropped, the job runs on.
        caller.abort();
        let _ = caller.await;
        assert_eq!(pool.available(), 0);
        release.send(()).unwrap();
        until_available(&pool, 1).await;
    }

    #[tokio::test]
    async fn a_dropped_caller_cancels_its_job_and_the_slot_comes_back() {
        let pool = BlockingPool::new(1);
        let (stopped, stopped_at) = mpsc::channel::<Instant>();
        let caller = tokio::spawn({
            let pool = pool.clone();
            async move {
                let job = move |cancel: &Cancel| {
                    let outcome = cancel.sleep(Duration::from_secs(600));
                    stopped.send(Instant::now()).unwrap();
                    outcome
                };
                pool.run("abandoned", job).await
            }
        });
        until_available(&pool, 0).await;
        let dropped_at = Instant::now();
        caller.abort();
        let _ = caller.await;
        until_available(&pool, 1).await;
        let stopped_at = stopped_at.recv().unwrap();
        // Ten minutes of sleep asked for: the job ended because its flag was raised.
        let after = stopped_at.saturating_duration_since(dropped_at);
        assert!(
            after < Duration::from_secs(60),
            "stopped {after:?} after the drop"
        );
    }

    #[tokio::test]
    async fn past_the_deadline_it_times_out_and_the_job_is_cancelled() {
        let pool = BlockingPool::new(1).with_deadline(Duration::from_millis(20));
        let outcome = pool
            .run("slow", |cancel| cancel.sleep(Duration::from_secs(600)))
            .await
            .unwrap_err();
        let deadline = Duration::from_millis(20);
        assert_eq!(outcome, Error::TimedOut { deadline });
        assert!(outcome.to_string().contains("20 ms"), "{outcome}");
        until_available(&pool, 1).await;
        // A job inside its deadline is not touched.
        let quick = pool.run("quick", |cancel| cancel.sleep(Duration::from_millis(1)));
        assert_eq!(quick.await, Ok(Ok(())));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 1)]
    async fn a_queued_pool_makes_jobs_wait_then_refuses() {
        let pool = BlockingPool::queued(1, 1);
        let (release, wait) = mpsc::channel::<()>();
        let running = tokio::spawn({
            let pool = pool.clone();
            async move { pool.run("first", move |_| wait.recv().is_ok()).await }
        });
        until_available(&pool, 1).await;
        // The second job is admitted but has no slot: it waits, on no thread.
        let waiting = tokio::spawn({
            let pool = pool.clone();
            async move { pool.run("second", |_| 2).await }
        });
        until_available(&pool, 0).await;
        assert!(!waiting.is_finished());
        let refused = pool.run("third", |_| 3).await.unwrap_err();
        assert!(
            matches!(refused, Error::Full { bound: 2, .. }),
            "{refused:?}"
        );

        release.send(()).unwrap();
        assert_eq!(running.await.unwrap(), Ok(true));
        assert_eq!(waiting.await.unwrap(), Ok(2));
        assert_eq!(pool.available(), 2);
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn each_priority_runs_its_jobs_under_its_own_policy() {
        use thread_priority::unix::{
            NormalThreadSchedulePolicy, ThreadSchedulePolicy, thread_schedule_policy,
        };
        let normal = ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Other);
        let idle = ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle);
        let policy = |_: &Cancel| thread_schedule_policy().unwrap();

        let sched_idle = BlockingPool::new(1).at(Priority::Idle);
        assert_eq!(sched_idle.run("idle", policy).await, Ok(idle));
        // Lowered threads keep the normal policy: only their niceness changes.
        assert_eq!(
            BlockingPool::for_cpu(0).run("cpu", policy).await,
            Ok(normal)
        );
        let plain = BlockingPool::new(1).at_normal_priority();
        assert_eq!(plain.run("plain", policy).await, Ok(normal));
    }

    #[tokio::test]
    async fn a_queue_with_no_slot_refuses_instead_of_hanging() {
        let refused = BlockingPool::queued(0, 5).run("never", |_| ()).await;
        assert!(
            matches!(refused, Err(Error::Full { bound: 0, .. })),
            "{refused:?}"
        );
    }
}
