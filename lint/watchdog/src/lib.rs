//! A blocking watchdog: catches a tokio worker while it is blocked, and names what blocked it.
//!
//! The lint (`cargo blocking-lint`) finds blocking calls in the source; this crate asks the same
//! question while the program runs, for what the source does not show: a CPU loop with no known
//! blocking call, a sync call behind a trait object, a lock held too long, a slow regex.
//!
//! - [`Watchdog::layer`] wraps an axum router (or any `tower` HTTP service): each poll of a
//!   handler's future is timed on a stable toolchain, and named by method and matched route,
//!   `GET /users/{id}`.
//! - With `--cfg tokio_unstable`, [`Watchdog::instrument`] installs the runtime's task hooks: every
//!   task poll is timed and knows where its task was spawned; a poll is named by the route the
//!   layer saw in it (or in the task that spawned it), else by the spawn location. Without the
//!   cfg it compiles all the same, installs nothing and logs one warning saying so: the layer
//!   alone still catches a blocking handler on a stable toolchain.
//! - A thread checks every slot twice per threshold, and again when a poll it saw may become a
//!   stall, so a poll that is still running (or never returns) is reported about when it crosses
//!   the threshold, within two thresholds of its start; its final duration is recorded when it
//!   ends.
//! - Each name is logged at most once per report interval (`tracing::warn!`), counted in a table
//!   of bounded size ([`Watchdog::report`]), and sent to subscribers ([`Watchdog::subscribe`]).
//!   With the `axum` feature, [`routes`] serves both over HTTP.
//! - With the `metrics` feature (on by default), each stall is also counted and timed through the
//!   [`metrics`](https://docs.rs/metrics) facade, for whatever exporter the application installs:
//!   the counter `blocking_watchdog_stalls_total` and the histogram
//!   `blocking_watchdog_stall_seconds`, labelled `name` with the stall's name, as many names as
//!   the table keeps and the rest as `other` (the [`metrics`](mod@metrics) module says more).
//!   With `axum` too, [`metrics::route`] serves the exporter's text on `/metrics`.
//! - An application that sets tokio's task hooks itself calls the watchdog's from its own
//!   (`Watchdog::hooks`, with `--cfg tokio_unstable`): tokio keeps one hook of each kind, so
//!   [`Watchdog::instrument`] replaces any set before it.
//!
//! ```
//! use std::time::Duration;
//!
//! use axum::{Router, routing::get};
//! use blocking_watchdog::Watchdog;
//!
//! let watchdog = Watchdog::builder().threshold(Duration::from_millis(10)).build();
//! let app: Router = Router::new()
//!     .route("/health", get(|| async { "ok" }))
//!     .merge(blocking_watchdog::routes(watchdog.clone()))
//!     .layer(watchdog.layer());
//! // An app that already calls `Router::layer` can stack the watchdog's layer in that call,
//! // `.layer((watchdog.layer(), its_own_layer))`: axum boxes each route again at every call.
//! // The runtime's task hooks too (with `--cfg tokio_unstable`; without it, one warning):
//! // let runtime = watchdog.instrument(&mut builder).build()?;
//! # let _ = app;
//! ```

mod layer;
#[cfg(feature = "metrics")]
pub mod metrics;
mod route;
#[cfg(feature = "axum")]
mod routes;
mod slot;
mod stats;
#[cfg(tokio_unstable)]
mod task;
mod waits;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

pub use layer::{WatchdogLayer, WatchdogService, WatchedFuture};
#[cfg(feature = "axum")]
pub use routes::routes;
pub use stats::{NameReport, Report, StallEvent};
#[cfg(tokio_unstable)]
pub use task::TaskHooks;

use route::{RouteId, Routes};
use slot::{Ended, Long, Noticed, Slot, Task};
use stats::{Log, Sample, Stats, ms};

/// The watchdog. Cheap to clone: every clone is the same watchdog.
#[derive(Clone)]
pub struct Watchdog {
    inner: Arc<Inner>,
}

/// How a [`Watchdog`] is set up; [`Watchdog::builder`] starts one with the defaults.
#[derive(Debug, Clone)]
pub struct Builder {
    threshold: Duration,
    report_interval: Duration,
    max_names: usize,
    event_capacity: usize,
}

impl Default for Builder {
    fn default() -> Self {
        Self {
            // Tokio's own guidance: a task should not go more than 10 to 100 µs between awaits;
            // 10 ms is a hundred times that, long enough that only a real stall is reported.
            threshold: Duration::from_millis(10),
            report_interval: Duration::from_secs(10),
            max_names: 256,
            event_capacity: 1024,
        }
    }
}

impl Builder {
    /// A poll longer than this is a stall (default 10 ms; at least 1 ms).
    pub fn threshold(mut self, threshold: Duration) -> Self {
        self.threshold = threshold.max(Duration::from_millis(1));
        self
    }

    /// Each name is logged at most once per interval (default 10 s); the stalls in between are
    /// counted, and the next line says how many.
    pub fn report_interval(mut self, interval: Duration) -> Self {
        self.report_interval = interval;
        self
    }

    /// How many names the table keeps (default 256); past it, the least recently seen goes.
    pub fn max_names(mut self, max_names: usize) -> Self {
        self.max_names = max_names.max(1);
        self
    }

    /// How many events a slow subscriber may fall behind before it misses some (default 1024).
    pub fn event_capacity(mut self, capacity: usize) -> Self {
        self.event_capacity = capacity.max(1);
        self
    }

    /// Starts the watchdog and its thread, which ends once every clone of the watchdog (and
    /// every layer and runtime hook holding one) is gone.
    pub fn build(self) -> Watchdog {
        static IDS: AtomicU64 = AtomicU64::new(1);
        let (events, _) = broadcast::channel(self.event_capacity);
        let inner = Arc::new(Inner {
            id: IDS.fetch_add(1, Ordering::Relaxed),
            threshold: self.threshold,
            report_interval: self.report_interval,
            max_names: self.max_names,
            slots: Mutex::new(Vec::new()),
            stats: Mutex::new(Stats::new(self.max_names, self.report_interval)),
            events,
            next_stall: AtomicU64::new(1),
            routes: Routes::default(),
            #[cfg(feature = "metrics")]
            metrics: metrics::StallMetrics::new(self.max_names),
            #[cfg(tokio_unstable)]
            inherited: task::Inherited::default(),
        });
        let mut live = lock(&LIVE);
        live.retain(|inner| inner.strong_count() > 0);
        live.push(Arc::downgrade(&inner));
        drop(live);
        let weak = Arc::downgrade(&inner);
        let spawned = std::thread::Builder::new()
            .name("blocking-watchdog".into())
            .spawn(move || watch(&weak));
        if let Err(error) = spawned {
            // Stalls are still recorded when they end; only the ones still running are missed.
            tracing::error!(%error, "cannot start the blocking watchdog's thread");
        }
        Watchdog { inner }
    }
}

impl Watchdog {
    /// The defaults: a 10 ms threshold, a 10 s report interval, 256 names.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// The threshold past which a poll is a stall.
    pub fn threshold(&self) -> Duration {
        self.inner.threshold
    }

    /// A tower layer that names each request by method and axum's `MatchedPath` and times each
    /// poll of the wrapped handler's future. Add it with `Router::layer`, which runs it after
    /// routing, where the matched path is known.
    pub fn layer(&self) -> WatchdogLayer {
        WatchdogLayer::new(self.clone())
    }

    /// Receives every stall as it is noticed and as it ends.
    pub fn subscribe(&self) -> broadcast::Receiver<StallEvent> {
        self.inner.events.subscribe()
    }

    /// Records a stall measured elsewhere (a section the application times itself), as if a
    /// poll named `name` had blocked for `duration`.
    pub fn record(&self, name: &str, duration: Duration) {
        let stall = self.inner.next_id();
        let event = StallEvent {
            id: stall,
            name: name.to_owned(),
            route: false,
            worker: None,
            thread: std::thread::current().name().map(str::to_owned),
            duration_ms: ms(duration),
            wall_ms: ms(duration),
            ongoing: false,
            spawned_at: None,
        };
        self.inner.publish(event, true, Log::IfDue);
    }

    /// What the watchdog has seen so far, and the polls running past the threshold now.
    pub fn report(&self) -> Report {
        let now = Instant::now();
        let ongoing = self.inner.ongoing(now);
        let (stalls, evicted_names, suppressed_logs, names) = self.inner.stats().report(now);
        Report {
            threshold_ms: ms(self.inner.threshold),
            report_interval_ms: ms(self.inner.report_interval),
            max_names: self.inner.max_names,
            stalls,
            evicted_names,
            suppressed_logs,
            names,
            ongoing,
        }
    }
}

/// Without `--cfg tokio_unstable` tokio has no task hooks, so a project that copies the README's
/// set-up as it is still compiles, and is told once what it goes without.
#[cfg(not(tokio_unstable))]
impl Watchdog {
    /// Built without `--cfg tokio_unstable`, this installs nothing and returns `builder` as it
    /// was: tokio's task hooks exist only under that cfg. It logs one warning per process
    /// saying so. The layer ([`Watchdog::layer`]) still times every poll of a request's future
    /// and names its route; what goes missing is the stalls in tasks the layer does not wrap
    /// (a task a handler spawns, a background loop) and the spawn locations. Build with
    /// `RUSTFLAGS="--cfg tokio_unstable"` (or a `.cargo/config.toml` setting it) to have them.
    pub fn instrument<'b>(
        &self,
        builder: &'b mut tokio::runtime::Builder,
    ) -> &'b mut tokio::runtime::Builder {
        static WARNED: std::sync::Once = std::sync::Once::new();
        WARNED.call_once(|| {
            tracing::warn!(
                "built without --cfg tokio_unstable, so the runtime gets no task hooks: \
                 stalls in requests are still named by route, those in other tasks are missed"
            );
        });
        builder
    }
}

impl std::fmt::Debug for Watchdog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watchdog")
            .field("threshold", &self.inner.threshold)
            .finish_non_exhaustive()
    }
}

pub(crate) struct Inner {
    /// Tells this watchdog's thread-local slots from another's.
    id: u64,
    threshold: Duration,
    report_interval: Duration,
    max_names: usize,
    /// Every thread that has polled under this watchdog; a thread's own reference is in its
    /// thread-local, so a thread that ends leaves a dead entry, pruned by the watchdog thread.
    slots: Mutex<Vec<Weak<Slot>>>,
    stats: Mutex<Stats>,
    events: broadcast::Sender<StallEvent>,
    next_stall: AtomicU64,
    /// The routes the layer has seen, by number.
    routes: Routes,
    /// Each stall for the application's metrics recorder.
    #[cfg(feature = "metrics")]
    metrics: metrics::StallMetrics,
    /// The routes tasks inherited from the request that spawned them.
    #[cfg(tokio_unstable)]
    inherited: task::Inherited,
}

/// Every watchdog alive, for a thread that polls a request's future before any of its hooks or
/// services ran there: the future holds only its watchdog's id, so that polling it touches no
/// reference count.
static LIVE: Mutex<Vec<Weak<Inner>>> = Mutex::new(Vec::new());

/// The live watchdog of id `id`.
fn live(id: u64) -> Option<Arc<Inner>> {
    lock(&LIVE)
        .iter()
        .filter_map(Weak::upgrade)
        .find(|inner| inner.id == id)
}

/// What a stall is called.
struct Named {
    name: String,
    route: bool,
    spawned_at: Option<String>,
}

impl Inner {
    fn register(&self, slot: Slot) -> Arc<Slot> {
        let slot = Arc::new(slot);
        lock(&self.slots).push(Arc::downgrade(&slot));
        slot
    }

    fn stats(&self) -> MutexGuard<'_, Stats> {
        lock(&self.stats)
    }

    fn next_id(&self) -> u64 {
        self.next_stall.fetch_add(1, Ordering::Relaxed)
    }

    /// The route if the layer saw one in this poll or in the request that spawned the task,
    /// else where the task was spawned.
    fn name(&self, route: Option<RouteId>, task: Option<&Task>) -> Named {
        let spawned_at = task.map(|task| route::location(task.spawned_at));
        let route = route
            .or_else(|| self.inherited(task))
            .and_then(|id| self.routes.get(id));
        match (route, spawned_at) {
            (Some(route), spawned_at) => Named {
                name: route.to_string(),
                route: true,
                spawned_at,
            },
            (None, Some(spawned_at)) => Named {
                name: spawned_at.clone(),
                route: false,
                spawned_at: Some(spawned_at),
            },
            (None, None) => Named {
                name: "(unnamed poll)".to_owned(),
                route: false,
                spawned_at: None,
            },
        }
    }

    /// The route `task` inherited from the request that spawned it.
    fn inherited(&self, task: Option<&Task>) -> Option<RouteId> {
        #[cfg(tokio_unstable)]
        return task.and_then(|task| self.inherited.get(task.id));
        #[cfg(not(tokio_unstable))]
        return task.and(None);
    }

    fn event(
        &self,
        slot: &Slot,
        named: Named,
        id: u64,
        (elapsed, wall): (Duration, Duration),
        ongoing: bool,
    ) -> StallEvent {
        StallEvent {
            id,
            name: named.name,
            route: named.route,
            worker: slot.worker,
            thread: slot.thread.as_deref().map(str::to_owned),
            duration_ms: ms(elapsed),
            wall_ms: ms(wall),
            ongoing,
            spawned_at: named.spawned_at,
        }
    }

    /// Counts `event` in the table, logs it if due, and sends it to subscribers.
    fn publish(&self, event: StallEvent, new: bool, log: Log) -> bool {
        let sample = Sample {
            name: &event.name,
            route: event.route,
            duration: Duration::from_secs_f64(event.duration_ms / 1e3),
            worker: event.worker,
            spawned_at: event.spawned_at.as_deref(),
            new,
        };
        let logged = self.stats().record(&sample, log, Instant::now());
        #[cfg(feature = "metrics")]
        self.metrics.record(&event, new);
        if let Some(unlogged) = logged {
            let message = event.message();
            if unlogged > 0 {
                tracing::warn!(
                    stall = event.id,
                    "{message} ({unlogged} more since the last report)"
                );
            } else {
                tracing::warn!(stall = event.id, "{message}");
            }
        }
        // No subscriber is not an error: the table has it.
        let _ = self.events.send(event);
        logged.is_some()
    }

    /// A poll on `slot` ended as a stall: its final duration.
    fn finish(&self, slot: &Slot, ended: Ended) {
        let named = self.name(ended.route, ended.task.as_ref());
        let (id, new, log) = match ended.stall {
            Some(Noticed {
                id, logged: true, ..
            }) => (id, false, Log::Always),
            Some(Noticed {
                id, logged: false, ..
            }) => (id, false, Log::Never),
            None => (self.next_id(), true, Log::IfDue),
        };
        let event = self.event(slot, named, id, (ended.elapsed, ended.wall), false);
        self.publish(event, new, log);
    }

    /// The watchdog thread's round: every poll running past the threshold that is not reported
    /// yet is reported now, while it runs. Returns when to look again.
    ///
    /// Two looks per threshold find every poll that lasts: one that began just after a look is
    /// half a threshold old at the next. A poll found long enough to matter gets a look of its
    /// own when it may cross the threshold (and, if it is young, when it is a quarter threshold
    /// old, to note its thread's wait for a core), so it is reported when it crosses, not up to
    /// a period later. Each look costs the server more than its own few microseconds: on lesson
    /// 02's 2-core machine, with four looks per threshold (400 wake-ups a second, each preempting
    /// a worker or its client) the looks were most of what the watchdog cost its cheapest route;
    /// with them stopped, as an experiment, the rest came to 1 to 2.5% of its CPU per request.
    fn check(&self) -> Instant {
        let now = Instant::now();
        let mut next = now + self.threshold / 2;
        let mut slots = lock(&self.slots);
        slots.retain(|slot| slot.strong_count() > 0);
        for slot in slots.iter().filter_map(Weak::upgrade) {
            let Some((state, long)) = slot.long_poll(now, &mut next) else {
                continue;
            };
            slot.notice(state, || {
                // The inherited route goes with the poll, so that its end is named the same.
                let pinned = long.route.or_else(|| self.inherited(long.task.as_ref()));
                let named = self.name(pinned, long.task.as_ref());
                let id = self.next_id();
                let event = self.event(&slot, named, id, (long.elapsed, long.wall), true);
                let logged = self.publish(event, true, Log::IfDue);
                Noticed {
                    id,
                    logged,
                    route: pinned.filter(|_| long.route.is_none()),
                }
            });
        }
        next
    }

    /// The stalls still running now.
    fn ongoing(&self, now: Instant) -> Vec<StallEvent> {
        let slots = lock(&self.slots);
        let mut ongoing = Vec::new();
        // Only the stalls the watchdog's thread has reported: a long poll that has mostly
        // waited for a core is not one.
        for slot in slots.iter().filter_map(Weak::upgrade) {
            if let Some((
                stall,
                Long {
                    elapsed,
                    wall,
                    task,
                    route,
                },
            )) = slot.ongoing(now)
            {
                let named = self.name(route, task.as_ref());
                ongoing.push(self.event(&slot, named, stall.id, (elapsed, wall), true));
            }
        }
        ongoing
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Plain data: whatever a panicking holder left is still worth reading.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The watchdog thread: a look whenever the last one asked for, until the watchdog is gone.
fn watch(inner: &Weak<Inner>) {
    let mut next = Instant::now();
    loop {
        std::thread::sleep(next.saturating_duration_since(Instant::now()));
        let Some(inner) = inner.upgrade() else {
            return;
        };
        let asked = inner.check();
        // Not a spin: a poll about to cross the threshold waits this much for its look.
        next = asked.max(Instant::now() + inner.threshold / 16);
    }
}
