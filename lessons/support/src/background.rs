//! Threads for CPU-bound jobs that give way to the runtime's workers.
//!
//! Offloading CPU work frees the workers, not the cores. On a machine with as many cores as
//! workers, a pool thread that computes holds a core the workers need, and the kernel shares it
//! fairly: a worker woken by a new request waits for the computing thread's time slice to end,
//! a few milliseconds, before it can answer. Fair is wrong here. The workers' jobs are short and
//! somebody waits for each; the pool's jobs are long and can wait a little.
//!
//! So the threads here ask the kernel for background priority once, when they start: on Linux the
//! `SCHED_IDLE` policy, under which any ordinary thread that wakes takes the core at once; on other
//! systems the lowest priority the system gives without privileges. Lowering needs no privilege;
//! raising it back would, so these threads never run anything but background jobs: they belong to
//! a runtime of their own that runs nothing but jobs sent with [`crate::task::blocking_on`] (as
//! [`crate::pool::BlockingPool::in_background`] does) and never the server's tasks.

use std::sync::OnceLock;

use tokio::runtime::{Builder, Handle, Runtime};

// ANCHOR: threads
/// The runtime whose blocking threads run background jobs. Built on first use and never dropped
/// (dropping a runtime from async code panics), so it lives as long as the process.
static BACKGROUND: OnceLock<Runtime> = OnceLock::new();

/// A handle to spawn blocking jobs on background-priority threads.
///
/// No thread drives this runtime and none needs to: blocking jobs run on threads of its own pool,
/// started on demand (`on_thread_start` lowers each), and the caller awaits them from its own
/// runtime.
pub fn handle() -> &'static Handle {
    BACKGROUND
        .get_or_init(|| {
            Builder::new_current_thread()
                .thread_name("background-cpu")
                .on_thread_start(lower_current_thread)
                .build()
                .expect("a runtime with no I/O or timer driver builds without system resources")
        })
        .handle()
}

/// Asks for background priority for the calling thread. A refusal (some sandboxes forbid it) is
/// logged and the job runs at normal priority: slower neighbours, same answers.
fn lower_current_thread() {
    use thread_priority::{ThreadPriority, set_current_thread_priority};

    #[cfg(target_os = "linux")]
    let lowered = {
        use thread_priority::unix::{
            NormalThreadSchedulePolicy, ThreadSchedulePolicy, set_thread_priority_and_policy,
            thread_native_id,
        };
        let idle = ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle);
        set_thread_priority_and_policy(thread_native_id(), ThreadPriority::Min, idle)
    };
    #[cfg(not(target_os = "linux"))]
    let lowered = set_current_thread_priority(ThreadPriority::Min);

    if let Err(error) = lowered.or_else(|_| set_current_thread_priority(ThreadPriority::Min)) {
        tracing::warn!(?error, "could not lower a background thread's priority");
    }
}
// ANCHOR_END: threads
