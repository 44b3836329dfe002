//! How long a thread waited for a core: Linux's `schedstat`, so that a worker the OS did not run
//! is not taken for a worker that blocked.
//!
//! A poll's wall time is its own work, its sleeps, and the time its thread was runnable but not
//! running. On a machine busy with other work the last can be tens of milliseconds (measured on
//! this workspace's 2-core machine during builds); reported as is, it names whatever route
//! happened to be running. The kernel counts it per thread; the watchdog reads it only for polls
//! that have already run a quarter threshold, so a short poll never pays for it.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where this thread's counters are, found once per thread: `/proc/thread-self` is a link to
/// `<pid>/task/<tid>`, which other threads (the watchdog's) can read too. `None` off Linux.
pub(crate) fn this_thread() -> Option<PathBuf> {
    let task = std::fs::read_link("/proc/thread-self").ok()?;
    Some(Path::new("/proc").join(task).join("schedstat"))
}

/// The thread's total time spent runnable on a run queue (the second of `schedstat`'s three
/// numbers, in nanoseconds).
pub(crate) fn queued(schedstat: &Path) -> Option<Duration> {
    // blocking-lint: allow(fs) -- a procfs file is made from the kernel's memory when read: no disk
    let text = std::fs::read_to_string(schedstat).ok()?;
    let nanos = text.split_whitespace().nth(1)?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// `wall` less the time spent waiting for a core since `baseline`, when both are known.
pub(crate) fn blocked(
    wall: Duration,
    baseline: Option<Duration>,
    schedstat: Option<&Path>,
) -> Duration {
    match (baseline, schedstat.and_then(queued)) {
        (Some(before), Some(now)) => wall.saturating_sub(now.saturating_sub(before)),
        _ => wall,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_reads_its_own_counters_on_linux() {
        if cfg!(target_os = "linux") {
            let path = this_thread().expect("/proc/thread-self");
            assert!(queued(&path).is_some(), "{path:?}");
        }
    }

    #[test]
    fn time_waiting_for_a_core_is_not_time_blocked() {
        let ms = Duration::from_millis;
        // Without both readings, the wall time stands.
        assert_eq!(blocked(ms(30), None, None), ms(30));
        let missing = Path::new("/nonexistent/schedstat");
        assert_eq!(blocked(ms(30), Some(ms(5)), Some(missing)), ms(30));
    }
}
