//! What the watchdog has seen, per name, in bounded memory; and when a stall may be logged.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// One stall, as it is noticed (`ongoing`) and as it ends. Subscribers get both: the same `id`
/// first with `ongoing: true` and the time blocked so far, then with `ongoing: false` and the
/// whole time (a stall the watchdog thread did not catch in time arrives only once, ended).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StallEvent {
    /// Pairs the ongoing and the final event of one stall.
    pub id: u64,
    /// The route (`GET /block`), else where the task was spawned (`src/jobs.rs:40`).
    pub name: String,
    /// Whether `name` is a route the layer saw (else it is a spawn location).
    pub route: bool,
    /// The tokio worker index, when the runtime told it (it needs `tokio_unstable`).
    pub worker: Option<usize>,
    /// The blocked thread's name, when it has one.
    pub thread: Option<String>,
    /// How long the poll has been blocking its thread (`ongoing`) or blocked it: its wall time
    /// less the time the thread waited for a core, where the OS counts it (Linux).
    pub duration_ms: f64,
    /// The same poll's wall time, waits for a core included: what a request queued behind it
    /// waited, and what a latency chart beside the watchdog shows. On a busy machine it can be
    /// several times `duration_ms`. (0 from a sender that predates it.)
    #[serde(default)]
    pub wall_ms: f64,
    /// Whether the poll was still running when this event was sent.
    pub ongoing: bool,
    /// Where the polled task was spawned, when the runtime hooks said.
    pub spawned_at: Option<String>,
}

impl StallEvent {
    /// The log line: `worker 1 blocked for 2003 ms in GET /block (task spawned at src/lib.rs:112)`.
    pub fn message(&self) -> String {
        let who = match (self.worker, &self.thread) {
            (Some(worker), _) => format!("worker {worker}"),
            (None, Some(thread)) => format!("thread {thread}"),
            (None, None) => "a thread".to_owned(),
        };
        let place = match (self.route, &self.spawned_at) {
            (true, Some(spawned)) => format!("{} (task spawned at {spawned})", self.name),
            // Named by its spawn location: say so.
            (false, Some(_)) => format!("a task spawned at {}", self.name),
            // A route without hooks, or a name given to `Watchdog::record`.
            (_, None) => self.name.clone(),
        };
        let ms = self.duration_ms.round();
        // Where the OS kept the thread off a core for a good part of it, both numbers, named:
        // the wall time is what a request stuck behind the poll waited (what a latency chart
        // shows), the time on a core is the poll's own.
        let (ms, on_core) = match self.wall_ms.round() {
            wall if wall - ms >= (wall / 10.0).max(1.0) => {
                (wall, format!(" (on a core {ms} ms of {wall} ms)"))
            }
            _ => (ms, String::new()),
        };
        if self.ongoing {
            format!("{who} has been blocked for {ms} ms in {place}, still running{on_core}")
        } else {
            format!("{who} blocked for {ms} ms in {place}{on_core}")
        }
    }
}

/// A snapshot of the watchdog, as `/debug/blocking` serves it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    /// A poll longer than this is a stall.
    pub threshold_ms: f64,
    /// Each name is logged at most once per interval.
    pub report_interval_ms: f64,
    /// How many names are kept; the least recently seen goes first.
    pub max_names: usize,
    /// Stalls seen since the watchdog started, all names together.
    pub stalls: u64,
    /// Names dropped to keep within `max_names`.
    pub evicted_names: u64,
    /// Log lines left out by the once-per-interval rule.
    pub suppressed_logs: u64,
    /// Per name, the worst first.
    pub names: Vec<NameReport>,
    /// Polls running past the threshold right now.
    pub ongoing: Vec<StallEvent>,
}

/// What one name did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NameReport {
    pub name: String,
    pub route: bool,
    pub count: u64,
    pub worst_ms: f64,
    pub last_ms: f64,
    pub last_worker: Option<usize>,
    pub spawned_at: Option<String>,
    pub last_seen_ms_ago: f64,
}

/// Whether a stall may be logged.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Log {
    /// If the name's interval (and the global budget) allows.
    IfDue,
    /// The stall's start was logged; its end goes with it.
    Always,
    /// Its start was not logged; neither is its end.
    Never,
}

/// The per-name table.
pub(crate) struct Stats {
    names: HashMap<String, Entry>,
    /// Names by when they were last seen, oldest first: the one to evict.
    recency: BTreeMap<u64, String>,
    clock: u64,
    max_names: usize,
    interval: Duration,
    total: u64,
    evicted: u64,
    budget: Budget,
}

struct Entry {
    route: bool,
    count: u64,
    worst: Duration,
    last: Duration,
    last_worker: Option<usize>,
    spawned_at: Option<String>,
    seen: u64,
    last_seen: Instant,
    logged_at: Option<Instant>,
    /// Stalls since the last log line about this name.
    unlogged: u64,
}

/// At most [`Budget::LINES`] log lines per interval across all names: the per-name rule alone
/// would let a million distinct names log a million lines.
struct Budget {
    window: Instant,
    used: usize,
    suppressed: u64,
}

impl Budget {
    const LINES: usize = 32;
}

/// One observation of a stall.
pub(crate) struct Sample<'a> {
    pub(crate) name: &'a str,
    pub(crate) route: bool,
    pub(crate) duration: Duration,
    pub(crate) worker: Option<usize>,
    pub(crate) spawned_at: Option<&'a str>,
    /// A new stall (counted), or the end of one already counted when it was noticed.
    pub(crate) new: bool,
}

impl Stats {
    pub(crate) fn new(max_names: usize, interval: Duration) -> Self {
        Self {
            names: HashMap::new(),
            recency: BTreeMap::new(),
            clock: 0,
            max_names: max_names.max(1),
            interval,
            total: 0,
            evicted: 0,
            budget: Budget {
                window: Instant::now(),
                used: 0,
                suppressed: 0,
            },
        }
    }

    /// Records `sample`; returns, when it is to be logged, how many stalls of its name went
    /// unlogged before it.
    pub(crate) fn record(&mut self, sample: &Sample<'_>, log: Log, now: Instant) -> Option<u64> {
        self.clock += 1;
        let seen = self.clock;
        if sample.new {
            self.total += 1;
        }
        if !self.names.contains_key(sample.name) {
            if self.names.len() >= self.max_names
                && let Some((_, oldest)) = self.recency.pop_first()
            {
                self.names.remove(&oldest);
                self.evicted += 1;
            }
            self.names.insert(
                sample.name.to_owned(),
                Entry {
                    route: sample.route,
                    count: 0,
                    worst: Duration::ZERO,
                    last: Duration::ZERO,
                    last_worker: None,
                    spawned_at: None,
                    seen,
                    last_seen: now,
                    logged_at: None,
                    unlogged: 0,
                },
            );
        }
        let entry = self.names.get_mut(sample.name)?;
        self.recency.remove(&entry.seen);
        self.recency.insert(seen, sample.name.to_owned());
        entry.seen = seen;
        entry.last_seen = now;
        // The end of a stall whose name was evicted meanwhile counts again: better once too
        // often than a final duration with a count of zero.
        if sample.new || entry.count == 0 {
            entry.count += 1;
            entry.unlogged += 1;
        }
        entry.worst = entry.worst.max(sample.duration);
        entry.last = sample.duration;
        entry.last_worker = sample.worker;
        if let Some(spawned) = sample.spawned_at
            && entry.spawned_at.as_deref() != Some(spawned)
        {
            entry.spawned_at = Some(spawned.to_owned());
        }
        let due = entry
            .logged_at
            .is_none_or(|at| now.saturating_duration_since(at) >= self.interval);
        let log = match log {
            Log::Always => true,
            Log::Never => false,
            Log::IfDue => due && self.budget.allows(now, self.interval),
        };
        if !log {
            if sample.new {
                self.budget.suppressed += 1;
            }
            return None;
        }
        if sample.new {
            entry.logged_at = Some(now);
        }
        let before = entry.unlogged.saturating_sub(1);
        entry.unlogged = 0;
        Some(before)
    }

    pub(crate) fn report(&self, now: Instant) -> (u64, u64, u64, Vec<NameReport>) {
        let mut names: Vec<NameReport> = self
            .names
            .iter()
            .map(|(name, entry)| NameReport {
                name: name.clone(),
                route: entry.route,
                count: entry.count,
                worst_ms: ms(entry.worst),
                last_ms: ms(entry.last),
                last_worker: entry.last_worker,
                spawned_at: entry.spawned_at.clone(),
                last_seen_ms_ago: ms(now.saturating_duration_since(entry.last_seen)),
            })
            .collect();
        names.sort_by(|a, b| b.worst_ms.total_cmp(&a.worst_ms).then(a.name.cmp(&b.name)));
        (self.total, self.evicted, self.budget.suppressed, names)
    }
}

impl Budget {
    fn allows(&mut self, now: Instant, interval: Duration) -> bool {
        if now.saturating_duration_since(self.window) >= interval {
            self.window = now;
            self.used = 0;
        }
        if self.used >= Self::LINES {
            return false;
        }
        self.used += 1;
        true
    }
}

pub(crate) fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(duration_ms: f64, wall_ms: f64) -> StallEvent {
        StallEvent {
            id: 1,
            name: "GET /cpu".to_owned(),
            route: true,
            worker: Some(1),
            thread: None,
            duration_ms,
            wall_ms,
            ongoing: false,
            spawned_at: None,
        }
    }

    /// The live page's chart showed 1,541 ms where the watchdog's line said 596: a line that
    /// gives one number must give the one a reader can set beside the chart, and name the other.
    #[test]
    fn a_stall_that_waited_for_a_core_names_both_times() {
        assert_eq!(
            event(596.2, 1541.4).message(),
            "worker 1 blocked for 1541 ms in GET /cpu (on a core 596 ms of 1541 ms)"
        );
        // Waits within a tenth of the whole are noise, not worth a second number.
        assert_eq!(
            event(200.0, 204.0).message(),
            "worker 1 blocked for 200 ms in GET /cpu"
        );
    }

    fn stall(name: &str, ms: u64) -> Sample<'_> {
        Sample {
            name,
            route: true,
            duration: Duration::from_millis(ms),
            worker: Some(0),
            spawned_at: None,
            new: true,
        }
    }

    #[test]
    fn the_least_recently_seen_name_is_evicted() {
        let mut stats = Stats::new(2, Duration::from_secs(10));
        let now = Instant::now();
        stats.record(&stall("GET /a", 20), Log::Never, now);
        stats.record(&stall("GET /b", 30), Log::Never, now);
        stats.record(&stall("GET /a", 40), Log::Never, now);
        stats.record(&stall("GET /c", 50), Log::Never, now);
        let (total, evicted, _, names) = stats.report(now);
        assert_eq!((total, evicted), (4, 1));
        let kept: Vec<_> = names.iter().map(|n| (n.name.as_str(), n.count)).collect();
        assert_eq!(kept, [("GET /c", 1), ("GET /a", 2)]);
        assert_eq!(names[1].worst_ms, 40.0);
        assert_eq!(names[1].last_ms, 40.0);
    }

    #[test]
    fn a_name_is_logged_once_per_interval_and_then_says_how_many_it_skipped() {
        let mut stats = Stats::new(8, Duration::from_secs(10));
        let now = Instant::now();
        assert_eq!(stats.record(&stall("GET /a", 20), Log::IfDue, now), Some(0));
        assert_eq!(stats.record(&stall("GET /a", 20), Log::IfDue, now), None);
        assert_eq!(stats.record(&stall("GET /a", 20), Log::IfDue, now), None);
        let later = now + Duration::from_secs(10);
        assert_eq!(
            stats.record(&stall("GET /a", 20), Log::IfDue, later),
            Some(2)
        );
        // Another name has its own interval.
        assert_eq!(
            stats.record(&stall("GET /b", 20), Log::IfDue, later),
            Some(0)
        );
    }

    #[test]
    fn the_end_of_a_counted_stall_updates_it_without_counting_it_again() {
        let mut stats = Stats::new(8, Duration::from_secs(10));
        let now = Instant::now();
        stats.record(&stall("GET /a", 12), Log::IfDue, now);
        let end = Sample {
            new: false,
            ..stall("GET /a", 2003)
        };
        assert_eq!(stats.record(&end, Log::Always, now), Some(0));
        let (total, _, _, names) = stats.report(now);
        assert_eq!((total, names[0].count), (1, 1));
        assert_eq!((names[0].worst_ms, names[0].last_ms), (2003.0, 2003.0));
    }
}
