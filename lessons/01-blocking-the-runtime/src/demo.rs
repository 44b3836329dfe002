//! The demo: what one blocking call costs every other request, measured.
//!
//! The server runs on its own runtime with `workers` workers; the load and the probe run on
//! another. The probe sends `GET /health` at a fixed rate in every phase: idle; while `clients`
//! clients keep `/block` busy; while the same clients keep `/offload` busy; then `/fetch-sync` and
//! `/fetch`. The wait per request is the same in those four busy phases (`block_ms`, a sleep or an
//! upstream's reply); only how the handler waits differs.
//!
//! Two more phases load `/cpu` and `/cpu-offload` (`cpu_rounds` rounds each), and in every phase the
//! blocking watchdog says which route, if any, held a worker past its threshold.
//!
//! Like the live page (whose buttons are in `lesson.toml`), the demo shows the lesson and is not
//! part of it: `main.rs` runs it when asked with `demo`.

use std::time::Duration;

use clap::Subcommand;
use lesson_01_blocking_the_runtime::{MAX_BLOCK_MS, app};
use lesson_support::cli::Common;
use lesson_support::probe::{self, Phase, PhaseReport, Target};
use lesson_support::subcommand::{self, DemoArgs};
use lesson_support::watchdog::{self, PhaseCaught};
use lesson_support::{BackgroundServer, runtime};
use serde::Serialize;

/// What the lesson's command line does besides serving.
#[derive(Subcommand)]
pub enum Command {
    /// Measure /health latency while /block, /offload, /fetch-sync and /fetch keep the workers busy
    Demo {
        /// Milliseconds each busy request sleeps
        #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(1..=MAX_BLOCK_MS))]
        block_ms: u64,

        #[command(flatten)]
        args: DemoArgs,
    },
}

impl Command {
    pub fn run(self, common: &Common) -> anyhow::Result<()> {
        let Command::Demo { block_ms, args } = self;
        let config = Config::new(common.workers, block_ms, args.phase());
        subcommand::demo::<Phases, _>(common, &args, || measure(&config), print)
    }
}

/// How hard and how long to push.
#[derive(Debug, Clone)]
pub struct Config {
    pub workers: usize,
    pub block_ms: u64,
    /// Concurrent clients on the busy route. More than `workers`, so every worker is taken and
    /// requests queue behind them.
    pub clients: usize,
    pub phase: Duration,
    pub probe_interval: Duration,
    /// Rounds of `/cpu` and `/cpu-offload` per request: tens of milliseconds in a release build.
    pub cpu_rounds: u64,
}

impl Config {
    pub fn new(workers: usize, block_ms: u64, phase: Duration) -> Self {
        Self {
            workers,
            block_ms,
            clients: workers + 2,
            phase,
            probe_interval: Duration::from_millis(5),
            cpu_rounds: 10_000_000,
        }
    }
}

/// What the demo measured: `/health` as the probe saw it in each phase.
#[derive(Debug, Serialize)]
pub struct Report {
    pub workers: usize,
    pub block_ms: u64,
    pub clients: usize,
    pub phases: Phases,
    /// What the blocking watchdog caught on the workers in each phase.
    pub watchdog: Vec<PhaseCaught>,
}

#[derive(Debug, Default, Serialize)]
pub struct Phases {
    pub idle: PhaseReport,
    pub blocking: PhaseReport,
    pub offloaded: PhaseReport,
    /// `/cpu`: computing on a worker, the bug nothing announces.
    pub cpu: PhaseReport,
    /// `/cpu-offload`: the same computation on the blocking pool.
    pub cpu_offloaded: PhaseReport,
    /// A sync HTTP client (`ureq`, Python's `requests.get`) waiting for the upstream.
    pub sync_client: PhaseReport,
    /// An async HTTP client (`reqwest`) awaiting the same reply.
    pub async_client: PhaseReport,
}

/// Starts the lesson's server in the background and runs every phase against it.
pub fn measure(config: &Config) -> anyhow::Result<Report> {
    let server = BackgroundServer::start(app(), config.workers)?;
    let addr = server.addr();
    // ANCHOR: phases
    let phase = |load: Option<&str>| Phase {
        load: load.map(|route| Target::get(format!("{route}?ms={}", config.block_ms))),
        clients: config.clients,
        probe: Target::get("/health"),
        interval: config.probe_interval,
        duration: config.phase,
    };
    let cpu = |route: &str| Phase {
        load: Some(Target::get(format!("{route}?n={}", config.cpu_rounds))),
        ..phase(None)
    };
    // Each phase with the blocking watchdog listening, its catch kept under the phase's name.
    let catch = watchdog::Catch::new();
    let run = |name: &'static str, phase: Phase| {
        let catch = &catch;
        async move { catch.phase(name, probe::run(addr, &phase)).await }
    };
    let phases = runtime::current_thread()?.block_on(async {
        anyhow::Ok(Phases {
            idle: run("idle", phase(None)).await?,
            blocking: run("blocking (/block)", phase(Some("/block"))).await?,
            offloaded: run("offloaded (/offload)", phase(Some("/offload"))).await?,
            cpu: run("cpu (/cpu)", cpu("/cpu")).await?,
            cpu_offloaded: run("cpu offloaded (/cpu-offload)", cpu("/cpu-offload")).await?,
            sync_client: run("sync client (/fetch-sync)", phase(Some("/fetch-sync"))).await?,
            async_client: run("async client (/fetch)", phase(Some("/fetch"))).await?,
        })
    })?;
    // ANCHOR_END: phases
    Ok(Report {
        workers: config.workers,
        block_ms: config.block_ms,
        clients: config.clients,
        phases,
        watchdog: catch.finish(),
    })
}

/// Prints the report as a table, with the ratios the lesson is about.
pub fn print(report: &Report) {
    println!(
        "GET /health latency, {} worker(s), {} clients on the busy route, {} ms of sleep per request\n",
        report.workers, report.clients, report.block_ms
    );
    let phases = &report.phases;
    let rows = [
        ("idle", &phases.idle),
        ("blocking (/block)", &phases.blocking),
        ("offloaded (/offload)", &phases.offloaded),
        ("cpu (/cpu)", &phases.cpu),
        ("cpu offloaded (/cpu-offload)", &phases.cpu_offloaded),
        ("sync client (/fetch-sync)", &phases.sync_client),
        ("async client (/fetch)", &phases.async_client),
    ]
    .map(|(name, phase)| probe::stats_row(name, &phase.probe));
    probe::print_table(&probe::STATS_HEADER, &rows);
    let ratio = |a: f64, b: f64| a / b.max(f64::EPSILON);
    println!(
        "\nblocking p99 is {:.0}x offloaded p99; offloaded p99 is {:.1}x idle p99",
        ratio(phases.blocking.probe.p99_ms, phases.offloaded.probe.p99_ms),
        ratio(phases.offloaded.probe.p99_ms, phases.idle.probe.p99_ms),
    );
    println!(
        "sync client p99 is {:.0}x async client p99; async client p99 is {:.1}x idle p99",
        ratio(
            phases.sync_client.probe.p99_ms,
            phases.async_client.probe.p99_ms
        ),
        ratio(phases.async_client.probe.p99_ms, phases.idle.probe.p99_ms),
    );
    for (name, phase) in [
        ("/block", &phases.blocking),
        ("/offload", &phases.offloaded),
        ("/cpu", &phases.cpu),
        ("/cpu-offload", &phases.cpu_offloaded),
        ("/fetch-sync", &phases.sync_client),
        ("/fetch", &phases.async_client),
    ] {
        if let Some(load) = &phase.load {
            println!(
                "{name}: {} requests served at {:.1}/s",
                load.requests, load.rps
            );
        }
    }
    watchdog::print(&report.watchdog);
}
