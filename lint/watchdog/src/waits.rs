//! How much of a long poll was the poll's own doing, from the counters Linux keeps per thread,
//! so that a worker the OS (or the hypervisor under it) did not run is not taken for a worker
//! that blocked.
//!
//! A poll's wall time is its own work, its sleeps, the time its thread was runnable but not
//! running, and, in a virtual machine, the time the host gave its core to another guest. On a
//! machine busy with other work the last two can be tens of milliseconds (measured on this
//! workspace's 2-core machines, during builds and in CI); reported as is, they name whatever
//! route happened to be running. The watchdog reads the counters only for polls that have
//! already run a quarter threshold, so a short poll never pays for it.
//!
//! Two counters, because neither is enough alone. `schedstat`'s run delay (time runnable on a
//! queue) is added to only when a wait ends, so a thread still waiting shows none of it, and
//! time stolen by the hypervisor is in no queue. The time on a core (also `schedstat`, with steal
//! time taken out where the kernel accounts it) has neither fault, but a thread that sleeps adds
//! nothing to it, and a sleep in a poll is the very thing to report. So a poll whose thread has
//! not slept since the first reading is counted by its time on a core; one that has, by its wall
//! time less its waits on a queue.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where this thread's counters are, found once per thread: `/proc/thread-self` is a link to
/// `<pid>/task/<tid>`, which other threads (the watchdog's) can read too. `None` off Linux.
pub(crate) fn this_thread() -> Option<PathBuf> {
    let task = std::fs::read_link("/proc/thread-self").ok()?;
    Some(Path::new("/proc").join(task))
}

/// A thread's counters at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Reading {
    /// Time on a core.
    on_cpu: Duration,
    /// Time runnable on a queue, for the waits that have ended.
    queued: Duration,
    /// How many times the thread gave up its core by itself: a sleep, a lock, a read.
    voluntary: u64,
    /// Off its core by its own doing at the moment of reading.
    asleep: bool,
}

impl Reading {
    /// The counters of the thread at `thread` (a `/proc/<pid>/task/<tid>` directory).
    pub(crate) fn of(thread: &Path) -> Option<Reading> {
        // blocking-lint: allow(fs) -- procfs files are made from the kernel's memory when read: no disk
        let schedstat = std::fs::read_to_string(thread.join("schedstat")).ok()?;
        // blocking-lint: allow(fs) -- as above
        let status = std::fs::read_to_string(thread.join("status")).ok()?;
        Reading::parse(&schedstat, &status)
    }

    fn parse(schedstat: &str, status: &str) -> Option<Reading> {
        let mut numbers = schedstat.split_whitespace();
        let on_cpu = Duration::from_nanos(numbers.next()?.parse().ok()?);
        let queued = Duration::from_nanos(numbers.next()?.parse().ok()?);
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
                .map(str::trim)
        };
        let voluntary = field("voluntary_ctxt_switches")?.parse().ok()?;
        // `R` is running or runnable; every other state (sleeping, in a disk wait, stopped) is
        // off the core by the thread's own doing.
        let asleep = !field("State")?.starts_with('R');
        Some(Reading {
            on_cpu,
            queued,
            voluntary,
            asleep,
        })
    }
}

/// The first reading of a poll's thread, taken when the poll had run `age`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Baseline {
    pub(crate) age: Duration,
    pub(crate) reading: Reading,
}

/// How much of `wall`, a poll's time so far, the poll blocked its thread, given the `baseline`
/// and a reading `now`; `wall` itself when either is missing. The time before the baseline
/// counts, as the watchdog cannot tell it apart, but for a thread that never slept at most
/// `unseen`: the longest a poll goes unseen by a watchdog that looks on time. Past that, the
/// watchdog's thread was itself kept from running, which says the machine was busy, not that
/// the poll blocked.
pub(crate) fn blocked(
    wall: Duration,
    baseline: Option<Baseline>,
    now: Option<Reading>,
    unseen: Duration,
) -> Duration {
    let (Some(Baseline { age, reading: then }), Some(now)) = (baseline, now) else {
        return wall;
    };
    let slept = then.asleep || now.asleep || now.voluntary != then.voluntary;
    if slept {
        // A wait on a queue in progress at the baseline is added when it ends, whole: counted.
        wall.saturating_sub(now.queued.saturating_sub(then.queued))
    } else {
        let own = now.on_cpu.saturating_sub(then.on_cpu);
        (age.min(unseen) + own).min(wall)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATUS: &str = "Name:\tworker\nState:\tR (running)\nTgid:\t7\n\
                          voluntary_ctxt_switches:\t12\nnonvoluntary_ctxt_switches:\t3\n";

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn reading(on_cpu: u64, queued: u64, voluntary: u64, asleep: bool) -> Reading {
        Reading {
            on_cpu: ms(on_cpu),
            queued: ms(queued),
            voluntary,
            asleep,
        }
    }

    fn baseline(age: u64, then: Reading) -> Option<Baseline> {
        Some(Baseline {
            age: ms(age),
            reading: then,
        })
    }

    #[test]
    fn a_thread_reads_its_own_counters_on_linux() {
        if cfg!(target_os = "linux") {
            let path = this_thread().expect("/proc/thread-self");
            let reading = Reading::of(&path).expect("schedstat and status");
            assert!(!reading.asleep, "the reading thread runs: {reading:?}");
        }
    }

    #[test]
    fn the_counters_are_parsed_from_schedstat_and_status() {
        let parsed = Reading::parse("5000000 2000000 40\n", STATUS);
        assert_eq!(parsed, Some(reading(5, 2, 12, false)));
        let sleeping = STATUS.replace("R (running)", "S (sleeping)");
        assert!(Reading::parse("1 2 3\n", &sleeping).unwrap().asleep);
        // `nonvoluntary_ctxt_switches` is not mistaken for the voluntary count.
        let only_other = "State:\tR (running)\nnonvoluntary_ctxt_switches:\t3\n";
        assert_eq!(Reading::parse("1 2 3\n", only_other), None);
        assert_eq!(Reading::parse("garbage", STATUS), None);
    }

    #[test]
    fn without_both_readings_the_wall_time_stands() {
        let then = reading(0, 0, 0, false);
        assert_eq!(blocked(ms(30), None, Some(then), ms(5)), ms(30));
        assert_eq!(blocked(ms(30), baseline(3, then), None, ms(5)), ms(30));
    }

    #[test]
    fn a_thread_waiting_for_a_core_now_is_not_blocked() {
        // Runnable since before the baseline and still waiting: the run delay has not moved,
        // and neither has the time on a core.
        let then = reading(10, 4, 12, false);
        assert_eq!(blocked(ms(30), baseline(3, then), Some(then), ms(5)), ms(3));
        // The same with a baseline taken late: only `unseen` of the time before it counts.
        assert_eq!(
            blocked(ms(30), baseline(28, then), Some(then), ms(5)),
            ms(5)
        );
    }

    #[test]
    fn a_spinning_thread_is_blocked_for_its_time_on_a_core() {
        let then = reading(10, 4, 12, false);
        let now = reading(30, 9, 12, false);
        assert_eq!(blocked(ms(40), baseline(3, then), Some(now), ms(5)), ms(23));
    }

    #[test]
    fn a_sleeping_thread_is_blocked_for_its_wall_time_less_its_waits_on_a_queue() {
        let then = reading(10, 4, 12, false);
        // Asleep now, or slept in between, or asleep at the baseline.
        let asleep = reading(11, 6, 13, true);
        assert_eq!(
            blocked(ms(40), baseline(3, then), Some(asleep), ms(5)),
            ms(38)
        );
        let woke = reading(11, 6, 13, false);
        assert_eq!(
            blocked(ms(40), baseline(3, then), Some(woke), ms(5)),
            ms(38)
        );
        let was_asleep = reading(10, 4, 12, true);
        let now = reading(11, 6, 12, false);
        assert_eq!(
            blocked(ms(40), baseline(3, was_asleep), Some(now), ms(5)),
            ms(38)
        );
    }
}
