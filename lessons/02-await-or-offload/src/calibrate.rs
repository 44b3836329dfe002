//! The two numbers behind [`AUTO_INLINE_MAX_X`], measured on this
//! machine: what a round trip through `spawn_blocking` costs a handler, and what one step of
//! [`sum_to`] costs.
//!
//! Offloading pays off when the work costs more than the trip, and it becomes necessary when the
//! work would hold the worker longer than the 10-100 µs a task may run between two `.await`s.
//! Below the first bound inline is cheaper; past the second inline hurts everyone else.

use std::hint::black_box;
use std::time::{Duration, Instant};

use blocking_pool::Cancel;
use lesson_support::probe::Stats;
use lesson_support::runtime;
use serde::Serialize;

use crate::{AUTO_INLINE_MAX_X, sum_to};

/// What the calibration measured, in microseconds unless named otherwise.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Calibration {
    /// How many empty jobs were sent through `spawn_blocking`, one after another.
    pub trips: usize,
    /// Round trip of an empty job, from a worker to the pool and back.
    pub spawn_blocking_p50_us: f64,
    pub spawn_blocking_p99_us: f64,
    /// One step of `sum_to` (the best of several runs of a million steps).
    pub ns_per_step: f64,
    /// The threshold compiled into `auto`, and what computing it inline costs.
    pub inline_max_x: u64,
    pub inline_max_us: f64,
    /// The x whose work costs one median round trip: below it offloading costs more than it saves.
    pub break_even_x: u64,
    /// The x whose work takes 100 µs, the top of the budget between awaits.
    pub budget_max_x: u64,
}

impl Calibration {
    /// The x whose work takes about `work` here.
    pub fn x_for(&self, work: Duration) -> u64 {
        steps_in(work, self.ns_per_step)
    }
}

/// Measures on a runtime with `workers` workers, as the server would run.
pub fn measure(workers: usize, trips: usize) -> anyhow::Result<Calibration> {
    let runtime = runtime::multi_thread(workers)?;
    // Spawned, so the trips start from a worker thread as a handler's would.
    let round_trips = runtime.block_on(runtime.spawn(round_trips(trips)))??;
    let trip = Stats::from_samples(round_trips, 0, Duration::ZERO);
    let trip_p50 = Duration::from_secs_f64(trip.p50_ms / 1e3);

    let steps = 1_000_000;
    let never = Cancel::default();
    let ns_per_step = best_of(5, || sum_to(steps, &never)).as_secs_f64() * 1e9 / steps as f64;
    let inline_max = best_of(50, || sum_to(AUTO_INLINE_MAX_X, &never));
    Ok(Calibration {
        trips,
        spawn_blocking_p50_us: trip.p50_ms * 1e3,
        spawn_blocking_p99_us: trip.p99_ms * 1e3,
        ns_per_step,
        inline_max_x: AUTO_INLINE_MAX_X,
        inline_max_us: inline_max.as_secs_f64() * 1e6,
        break_even_x: steps_in(trip_p50, ns_per_step),
        budget_max_x: steps_in(Duration::from_micros(100), ns_per_step),
    })
}

fn steps_in(work: Duration, ns_per_step: f64) -> u64 {
    (work.as_secs_f64() * 1e9 / ns_per_step.max(f64::EPSILON)) as u64
}

/// Sends `trips` empty jobs to the blocking pool, one at a time, and times each round trip.
async fn round_trips(trips: usize) -> anyhow::Result<Vec<Duration>> {
    // The first job starts a pool thread; later ones find it idle, as on a warm server.
    for _ in 0..100 {
        tokio::task::spawn_blocking(|| ()).await?;
    }
    let mut samples = Vec::with_capacity(trips);
    for _ in 0..trips {
        let started = Instant::now();
        tokio::task::spawn_blocking(|| black_box(())).await?;
        samples.push(started.elapsed());
    }
    Ok(samples)
}

/// The shortest of `runs` timings of `work`: the least disturbed by the rest of the machine.
fn best_of<T>(runs: usize, mut work: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            black_box(work());
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}
