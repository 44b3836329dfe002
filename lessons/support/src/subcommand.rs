//! The `demo` subcommand every lesson has, up to its own measurement: running it, and the table
//! rows of a phase with load.

use std::time::Duration;

use serde::Serialize;

use crate::cli::Common;
use crate::probe::PhaseReport;
use crate::telemetry;

/// The options every lesson's `demo` takes; a lesson flattens them into its own.
#[derive(clap::Args, Debug, Clone)]
pub struct DemoArgs {
    /// Seconds each phase lasts
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=60))]
    pub seconds: u64,

    /// Print one JSON object instead of a table
    #[arg(long)]
    pub json: bool,
}

impl DemoArgs {
    /// How long each phase lasts.
    pub fn phase(&self) -> Duration {
        Duration::from_secs(self.seconds)
    }
}

/// Runs a lesson's demo: telemetry on (with the console layer unless `--no-console`, keeping
/// finished tasks only briefly: see [`telemetry::DEMO_RETENTION`]), a note on
/// stderr, then `measure`, and its report on stdout, as one JSON object with `--json` (for the
/// book and for scripts) or else as the lesson's own table from `print`.
/// `P` is the lesson's `Phases`, whose fields the note counts.
pub fn demo<P: Default + Serialize, R: Serialize>(
    common: &Common,
    args: &DemoArgs,
    measure: impl FnOnce() -> anyhow::Result<R>,
    print: impl FnOnce(&R),
) -> anyhow::Result<()> {
    telemetry::init_for_demo(!common.no_console);
    // stdout carries only the result, so `demo --json > report.json` stays valid JSON.
    let phases = fields::<P>();
    eprintln!("measuring {phases} phases of {} s each...", args.seconds);
    let report = measure()?;
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print(&report);
    }
    Ok(())
}

/// How many fields a `T` has once serialized: for a demo's `Phases`, how many phases it
/// measures, counted rather than typed (a typed count once said 3 while the demo ran 7).
pub fn fields<T: Default + Serialize>() -> usize {
    serde_json::to_value(T::default())
        .ok()
        .and_then(|value| value.as_object().map(serde_json::Map::len))
        .unwrap_or(0)
}

/// The header that goes with [`load_row`].
pub const LOAD_HEADER: [&str; 8] = [
    "load",
    "req/s",
    "p50 ms",
    "p99 ms",
    "/health p50 ms",
    "/health p99 ms",
    "/health max ms",
    "errors",
];

/// One table row for a phase with load: its name, the load's throughput and latency, then the
/// probe's latency and the errors of both. A phase without load shows dashes for the load.
pub fn load_row(name: &str, phase: &PhaseReport) -> Vec<String> {
    let load = phase.load.unwrap_or_default();
    let loaded = |value: String| match phase.load {
        Some(_) => value,
        None => "-".to_owned(),
    };
    let health = &phase.probe;
    vec![
        name.to_owned(),
        loaded(format!("{:.1}", load.rps)),
        loaded(format!("{:.2}", load.p50_ms)),
        loaded(format!("{:.2}", load.p99_ms)),
        format!("{:.2}", health.p50_ms),
        format!("{:.2}", health.p99_ms),
        format!("{:.2}", health.max_ms),
        (load.errors + health.errors).to_string(),
    ]
}

/// How long `work` takes, in milliseconds: the fastest of `runs` runs, so that one stray
/// interruption does not count. Demos print it beside the load figures as the cost of the work
/// alone, outside the server.
pub fn fastest_ms(
    runs: usize,
    mut work: impl FnMut() -> anyhow::Result<()>,
) -> anyhow::Result<f64> {
    let mut best = f64::INFINITY;
    for _ in 0..runs.max(1) {
        let started = std::time::Instant::now();
        work()?;
        best = best.min(started.elapsed().as_secs_f64() * 1e3);
    }
    Ok(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_counts_the_phases_a_report_holds() {
        #[derive(Default, Serialize)]
        struct Phases {
            idle: PhaseReport,
            blocking: PhaseReport,
            offloaded: PhaseReport,
        }
        assert_eq!(fields::<Phases>(), 3);
    }
}
