//! The blocking watchdog every lesson runs with, and what a demo prints of it.
//!
//! One watchdog per process ([`global`]): [`crate::runtime::multi_thread`] installs its task hooks,
//! and [`crate::serve`] puts its layer on the lesson's routes and mounts `/debug/blocking` and
//! `/debug/blocking/events`, so a lesson's own code never mentions it. A demo asks [`Catch`] what was caught in each phase. `LESSON_WATCHDOG=off` leaves it all
//! out, to measure what it costs.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use axum::Router;
use blocking_watchdog::{StallEvent, Watchdog, WatchdogLayer};
use serde::Serialize;
use tokio::sync::broadcast::{self, error::TryRecvError};
use tower::layer::util::Identity;
use tower::util::Either;
use tower_http::trace::TraceLayer;

/// The variable that turns the watchdog off (`off`, `0` or `false`).
pub const SWITCH: &str = "LESSON_WATCHDOG";

/// The process's watchdog (default threshold, 10 ms), or `None` when [`SWITCH`] turned it off.
pub fn global() -> Option<&'static Watchdog> {
    static WATCHDOG: OnceLock<Option<Watchdog>> = OnceLock::new();
    WATCHDOG
        .get_or_init(|| {
            let off = std::env::var(SWITCH)
                .is_ok_and(|value| matches!(value.as_str(), "off" | "0" | "false"));
            (!off).then(|| Watchdog::builder().build())
        })
        .as_ref()
}

// ANCHOR: wiring
/// Installs the watchdog's task hooks on a runtime about to be built; needs `tokio_unstable`,
/// which `.cargo/config.toml` sets (without it the layer still times the handlers).
pub fn instrument(builder: &mut tokio::runtime::Builder) -> &mut tokio::runtime::Builder {
    #[cfg(tokio_unstable)]
    if let Some(watchdog) = global() {
        watchdog.instrument(builder);
    }
    builder
}

/// `app` as a lesson's `main.rs` serves it: a span per request and the watchdog's layer (see
/// [`layer`]) on its routes, in one call, and the watchdog's own routes beside them.
pub fn mount(app: Router) -> Router {
    let app = app.layer((TraceLayer::new_for_http(), layer()));
    match global() {
        Some(watchdog) => app.merge(blocking_watchdog::routes(watchdog.clone())),
        None => app,
    }
}

/// The watchdog's layer, which names each request by its route (or one that does nothing when
/// the watchdog is off). Stack it with the other layers in one `Router::layer` call, as each
/// lesson's `main.rs` does with its `TraceLayer` (kept out of `app()`, so that a copied `app()`
/// carries no trace of this crate): axum wraps and boxes each route's service again at every such
/// call, and a call of the watchdog's own cost lesson 02's cheapest request more than the
/// watchdog's work (1,759 instructions a request, of 2,950 the watchdog added; measured with a
/// layer that does nothing in its place).
pub fn layer() -> Either<WatchdogLayer, Identity> {
    tower::util::option_layer(global().map(Watchdog::layer))
}
// ANCHOR_END: wiring

/// What the watchdog caught in one phase of a demo: per name, how many stalls and the worst.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Caught {
    /// Per name (`GET /block`, or a spawn location), the worst first.
    pub stalls: Vec<CaughtName>,
    /// Events the demo fell too far behind to read (its table undercounts by that many).
    pub missed: u64,
    /// Whether the watchdog was on at all (`LESSON_WATCHDOG=off` turns it off).
    pub watching: bool,
}

/// One name's stalls in a phase.
#[derive(Debug, Clone, Serialize)]
pub struct CaughtName {
    pub name: String,
    pub count: usize,
    pub worst_ms: f64,
}

/// What the watchdog caught in a named phase.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseCaught {
    pub phase: String,
    #[serde(flatten)]
    pub caught: Caught,
}

/// Reads the watchdog's events phase by phase.
///
/// Shared by reference (a demo's phases run in closures and `async` blocks), so its state sits
/// behind locks, never held across an `.await`.
pub struct Catch {
    /// The events, and the highest stall id already taken: a stall that began in an earlier
    /// phase (a request still blocking when its phase ended) is not counted again when it ends.
    events: Option<Mutex<(broadcast::Receiver<StallEvent>, u64)>>,
    phases: Mutex<Vec<PhaseCaught>>,
}

impl Catch {
    /// Starts listening: only stalls from now on are caught.
    pub fn new() -> Self {
        Self {
            events: global().map(|watchdog| Mutex::new((watchdog.subscribe(), 0))),
            phases: Mutex::new(Vec::new()),
        }
    }

    /// Runs `phase` and keeps what was caught while it ran under `name`. Whatever was caught
    /// before it (another phase's tail) is dropped first.
    pub async fn phase<T>(&self, name: &str, phase: impl Future<Output = T>) -> T {
        let _ = self.take();
        let result = phase.await;
        let caught = self.take();
        lock(&self.phases).push(PhaseCaught {
            phase: name.to_owned(),
            caught,
        });
        result
    }

    /// Every phase's catch, in the order they ran.
    pub fn finish(self) -> Vec<PhaseCaught> {
        self.phases
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// What was caught since the last call. A stall's ongoing and final events are one stall.
    fn take(&self) -> Caught {
        let Some(events) = self.events.as_ref() else {
            return Caught::default();
        };
        let mut events = lock(events);
        let (events, taken) = &mut *events;
        let floor = *taken;
        let mut worst: BTreeMap<u64, (String, f64)> = BTreeMap::new();
        let mut missed = 0;
        loop {
            match events.try_recv() {
                Ok(event) if event.id <= floor => {}
                Ok(event) => {
                    *taken = (*taken).max(event.id);
                    // The last event's name: a poll noticed before its handler ran is named by
                    // the handler's route once it ends.
                    let entry = worst.entry(event.id).or_insert((String::new(), 0.0));
                    entry.0 = event.name;
                    entry.1 = entry.1.max(event.duration_ms);
                }
                Err(TryRecvError::Lagged(n)) => missed += n,
                Err(TryRecvError::Empty | TryRecvError::Closed) => break,
            }
        }
        let mut names: BTreeMap<String, CaughtName> = BTreeMap::new();
        for (name, ms) in worst.into_values() {
            let caught = names.entry(name.clone()).or_insert(CaughtName {
                name,
                count: 0,
                worst_ms: 0.0,
            });
            caught.count += 1;
            caught.worst_ms = caught.worst_ms.max(ms);
        }
        let mut stalls: Vec<CaughtName> = names.into_values().collect();
        stalls.sort_by(|a, b| b.worst_ms.total_cmp(&a.worst_ms));
        Caught {
            stalls,
            missed,
            watching: true,
        }
    }
}

impl Default for Catch {
    fn default() -> Self {
        Self::new()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Caught {
    /// One line: `GET /block: 30 stalls, worst 201 ms`, or `nothing`.
    pub fn summary(&self) -> String {
        if !self.watching {
            return "(watchdog off)".to_owned();
        }
        if self.stalls.is_empty() {
            return "nothing".to_owned();
        }
        let mut parts: Vec<String> = self
            .stalls
            .iter()
            .map(|s| {
                let plural = if s.count == 1 { "" } else { "s" };
                format!(
                    "{}: {} stall{plural}, worst {:.0} ms",
                    s.name, s.count, s.worst_ms
                )
            })
            .collect();
        if self.missed > 0 {
            parts.push(format!("{} events missed", self.missed));
        }
        parts.join("; ")
    }

    /// Whether a stall named `name` was caught.
    pub fn names(&self, name: &str) -> bool {
        self.stalls.iter().any(|s| s.name == name)
    }
}

/// Prints what the watchdog caught per phase, under a demo's table.
pub fn print(phases: &[PhaseCaught]) {
    let threshold = global().map_or(0, |w| w.threshold().as_millis());
    println!("\nWhat the blocking watchdog caught on the workers (polls over {threshold} ms):");
    let width = phases.iter().map(|p| p.phase.len()).max().unwrap_or(0);
    for PhaseCaught { phase, caught } in phases {
        println!("  {phase:<width$}  {}", caught.summary());
    }
}
