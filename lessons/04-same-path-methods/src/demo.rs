//! The demo: both methods under load, and what each leaves for everyone else.
//!
//! The server runs on its own runtime with `workers` workers; the load and the probe run on
//! another. Three phases, the probe sending `GET /health` at a fixed rate in each: idle; while
//! `clients` clients keep `GET /calc/{x}` busy (the sync implementation, on the blocking pool);
//! while they keep `POST /calc/{x}` busy (the async one, in slices on the workers). Each phase
//! reports the load's throughput and latency and the probe's latency.

use std::time::{Duration, Instant};

use lesson_support::probe::{self, Phase, PhaseReport, Stats, Target};
use lesson_support::{BackgroundServer, runtime};
use serde::Serialize;

use crate::calc::{self, Input};

/// How hard and how long to push.
#[derive(Debug, Clone)]
pub struct Config {
    pub workers: usize,
    pub x: u64,
    pub power: u32,
    /// Concurrent clients on `/calc`: more than `workers`, so the workers are all wanted.
    pub clients: usize,
    pub phase: Duration,
    pub probe_interval: Duration,
}

impl Config {
    pub fn new(workers: usize, x: u64, power: u32, phase: Duration) -> Self {
        Self {
            workers,
            x,
            power,
            clients: workers + 2,
            phase,
            probe_interval: Duration::from_millis(10),
        }
    }
}

/// What the demo measured.
#[derive(Debug, Serialize)]
pub struct Report {
    pub workers: usize,
    pub x: u64,
    pub power: u32,
    pub clients: usize,
    /// One calculation alone, in this process, outside the server: the cost of the work itself.
    pub work_ms: f64,
    pub phases: Phases,
}

#[derive(Debug, Serialize)]
pub struct Phases {
    pub idle: PhaseReport,
    /// Load on `GET /calc/{x}`: the sync implementation.
    pub get_sync: PhaseReport,
    /// Load on `POST /calc/{x}`: the async implementation.
    pub post_async: PhaseReport,
}

/// Starts the lesson's server in the background and runs the three phases against it.
pub fn measure(config: &Config) -> anyhow::Result<Report> {
    let input = Input::new(config.x, config.power)?;
    let work_ms = time_one_calculation(input)?;
    let server = BackgroundServer::start(crate::app(), config.workers)?;
    let addr = server.addr();
    let path = format!("/calc/{}", config.x);
    let phase = |load: Option<Target>| Phase {
        load,
        clients: config.clients,
        probe: Target::get("/health"),
        interval: config.probe_interval,
        duration: config.phase,
    };
    let body = serde_json::json!({ "power": config.power }).to_string();
    let phases = runtime::current_thread()?.block_on(async {
        anyhow::Ok(Phases {
            idle: probe::run(addr, &phase(None)).await?,
            get_sync: probe::run(
                addr,
                &phase(Some(Target::get(format!("{path}?power={}", config.power)))),
            )
            .await?,
            post_async: probe::run(addr, &phase(Some(Target::post_json(path, body)))).await?,
        })
    })?;
    Ok(Report {
        workers: config.workers,
        x: config.x,
        power: config.power,
        clients: config.clients,
        work_ms,
        phases,
    })
}

/// The fastest of three runs of the core, so a stray interruption does not count.
fn time_one_calculation(input: Input) -> anyhow::Result<f64> {
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let started = Instant::now();
        calc::compute(input)?;
        best = best.min(started.elapsed().as_secs_f64() * 1e3);
    }
    Ok(best)
}

/// Prints the report as a table: the load's throughput and latency, then `/health`'s latency.
pub fn print(report: &Report) {
    println!(
        "/calc/{} (power {}), {} worker(s), {} clients; one calculation alone takes {:.2} ms\n",
        report.x, report.power, report.workers, report.clients, report.work_ms
    );
    let phases = &report.phases;
    let rows: Vec<Vec<String>> = [
        ("idle", &phases.idle),
        ("GET (sync, blocking pool)", &phases.get_sync),
        ("POST (async, in slices)", &phases.post_async),
    ]
    .into_iter()
    .map(|(name, phase)| row(name, phase))
    .collect();
    probe::print_table(&HEADER, &rows);
}

const HEADER: [&str; 8] = [
    "load",
    "calc req/s",
    "calc p50 ms",
    "calc p99 ms",
    "/health p50 ms",
    "/health p99 ms",
    "/health max ms",
    "errors",
];

fn row(name: &str, phase: &PhaseReport) -> Vec<String> {
    let load = phase.load.unwrap_or_default();
    let dash_if_idle = |value: String| match phase.load {
        Some(_) => value,
        None => "-".to_owned(),
    };
    let health: &Stats = &phase.probe;
    vec![
        name.to_owned(),
        dash_if_idle(format!("{:.1}", load.rps)),
        dash_if_idle(format!("{:.2}", load.p50_ms)),
        dash_if_idle(format!("{:.2}", load.p99_ms)),
        format!("{:.2}", health.p50_ms),
        format!("{:.2}", health.p99_ms),
        format!("{:.2}", health.max_ms),
        (load.errors + health.errors).to_string(),
    ]
}
