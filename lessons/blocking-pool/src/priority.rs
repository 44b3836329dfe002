//! Threads for CPU-bound jobs that give way to the runtime's workers, and how far they give way.
//!
//! Offloading CPU work frees the workers, not the cores. On a machine with as many cores as
//! workers, a pool thread that computes holds a core the workers need, and at equal priority the
//! kernel shares it fairly: a worker woken by a new request can wait out the computing thread's
//! time slice, a few milliseconds, before it answers. Fair is wrong here: the workers' jobs are
//! short and somebody waits for each; the pool's jobs are long and can wait a little.
//!
//! So CPU jobs run on threads that, once, when they start, keep off one core (the workers'
//! spare, see [`cpu_slots`](crate::cpu_slots)) and lower their own priority. Only those threads:
//! they belong to a runtime of their own that runs nothing but the jobs of a
//! [`BlockingPool`](crate::BlockingPool) set [`at`](crate::BlockingPool::at) that priority, never
//! the server's tasks (lowering needs no privilege; raising it back would). How far to lower is
//! the question, and lesson 02's demo measures the answers:
//! - [`Priority::Lowered`], niceness 10: the kernel's share for a nice-10 thread is a tenth of a
//!   nice-0 one's, so a woken worker gets the core almost at once; yet it is seven times the share
//!   of a `nice -n 19` neighbour, so another busy process on the machine does not starve the
//!   pool. [`BlockingPool::for_cpu`](crate::BlockingPool::for_cpu)'s choice, and lessons 02 to 04's.
//! - [`Priority::Idle`], `SCHED_IDLE` on Linux: runs only when nothing else wants the core. As
//!   good on an idle machine, and starved by anything else that runs, however humble: beside two
//!   `nice -n 19` busy loops the pool's throughput fell to as little as a fifth.
//!
//! Niceness is weighed inside the process's scheduling group (the terminal session's autogroup,
//! or the service's cgroup): lowering these threads gives way to the server's own workers and to
//! what shares its group, not to other programs.

use std::sync::OnceLock;

use tokio::runtime::{Builder, Handle, Runtime};

/// How far a dedicated pool's threads lower themselves below the workers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Priority {
    /// Niceness 10: yields to the workers, holds its own against other low-priority work.
    Lowered,
    /// `SCHED_IDLE` (the lowest priority the system gives elsewhere): yields to everything.
    Idle,
}

/// The niceness of [`Priority::Lowered`] threads.
pub const LOWERED_NICENESS: i8 = 10;

// ANCHOR: threads
/// The runtimes whose blocking threads run the jobs of each priority. Built on first use and
/// never dropped (dropping a runtime from async code panics), so they live as long as the process.
static LOWERED: OnceLock<Runtime> = OnceLock::new();
static IDLE: OnceLock<Runtime> = OnceLock::new();

/// A handle to spawn blocking jobs on threads of `priority`.
///
/// No thread drives these runtimes and none needs to: blocking jobs run on threads of their own
/// pool, started on demand (`on_thread_start` lowers each), and the caller awaits them from its
/// own runtime.
pub(crate) fn handle(priority: Priority) -> &'static Handle {
    let (cell, name) = match priority {
        Priority::Lowered => (&LOWERED, "lowered-cpu"),
        Priority::Idle => (&IDLE, "idle-cpu"),
    };
    cell.get_or_init(|| {
        Builder::new_current_thread()
            .thread_name(name)
            .on_thread_start(move || lower_current_thread(priority))
            .build()
            .expect("a runtime with no I/O or timer driver builds without system resources")
    })
    .handle()
}

/// Lowers the calling thread to `priority`. A refusal (some sandboxes forbid it) is logged and
/// the job runs at normal priority: slower neighbours, same answers.
fn lower_current_thread(priority: Priority) {
    if let Err(error) = lower(priority) {
        tracing::warn!(
            ?error,
            ?priority,
            "could not lower a pool thread's priority"
        );
    }
    if let Err(error) = keep_off_one_core() {
        tracing::warn!(%error, "could not keep a pool thread off the workers' core");
    }
}
// ANCHOR_END: threads

/// Where [`Priority::Lowered`] sits on thread-priority's cross-platform scale (0 lowest, 99
/// highest): on Linux the crate maps it to niceness 10 (a test checks it), elsewhere to the
/// system's own middle-low priority.
const LOWERED_ON_THE_CRATES_SCALE: u8 = 22;

fn lower(priority: Priority) -> Result<(), thread_priority::Error> {
    use thread_priority::{ThreadPriority, set_current_thread_priority};
    let scale = LOWERED_ON_THE_CRATES_SCALE.try_into();
    let lowered = ThreadPriority::Crossplatform(scale.expect("22 is inside the scale's 0..=99"));
    match priority {
        Priority::Lowered => set_current_thread_priority(lowered),
        #[cfg(target_os = "linux")]
        Priority::Idle => {
            use thread_priority::unix::{
                NormalThreadSchedulePolicy, ThreadSchedulePolicy, set_thread_priority_and_policy,
                thread_native_id,
            };
            let idle = ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle);
            set_thread_priority_and_policy(thread_native_id(), ThreadPriority::Min, idle)
        }
        #[cfg(not(target_os = "linux"))]
        Priority::Idle => set_current_thread_priority(ThreadPriority::Min),
    }
}

/// Narrows the calling thread to the cores the process may use, but the first: a core that the
/// pool's threads never take, so a worker woken by a request always has one to run on at once.
/// (The number of jobs running at once is bounded to one per core but one; this makes the spare
/// core always the same one, instead of whichever the scheduler found busy last.)
#[cfg(target_os = "linux")]
fn keep_off_one_core() -> std::io::Result<()> {
    use rustix::thread::{CpuSet, sched_getaffinity, sched_setaffinity};
    let mut allowed = sched_getaffinity(None)?;
    let first = (0..CpuSet::MAX_CPU).find(|&cpu| allowed.is_set(cpu));
    match first {
        Some(first) if allowed.count() > 1 => {
            allowed.unset(first);
            Ok(sched_setaffinity(None, &allowed)?)
        }
        // One core: nothing to keep apart; the priority alone has to do.
        _ => Ok(()),
    }
}

#[cfg(not(target_os = "linux"))]
fn keep_off_one_core() -> std::io::Result<()> {
    // macOS has no affinity to set; the priority alone has to do.
    Ok(())
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// The calling thread's niceness, from the 19th field of its `stat` line.
    fn niceness() -> i8 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
        // The command name (field 2) may hold spaces; the fields after its ')' do not.
        let after_name = &stat[stat.rfind(')').unwrap() + 2..];
        after_name.split(' ').nth(16).unwrap().parse().unwrap()
    }

    #[test]
    fn pool_threads_keep_off_the_first_core() {
        use rustix::thread::sched_getaffinity;
        let before = sched_getaffinity(None).unwrap();
        let on_pool = std::thread::spawn(|| {
            keep_off_one_core().unwrap();
            sched_getaffinity(None).unwrap()
        });
        let after = on_pool.join().unwrap();
        if before.count() > 1 {
            assert_eq!(after.count(), before.count() - 1);
        } else {
            assert_eq!(after, before);
        }
        assert_eq!(
            sched_getaffinity(None).unwrap(),
            before,
            "only the pool's thread moves"
        );
    }

    #[test]
    fn lowered_threads_run_at_niceness_10() {
        let on_pool = std::thread::spawn(|| {
            lower(Priority::Lowered).unwrap();
            niceness()
        });
        assert_eq!(on_pool.join().unwrap(), LOWERED_NICENESS);
        assert_eq!(niceness(), 0, "only the pool's own thread is lowered");
    }
}
