//! The demo: the same handler over each implementation, and what each leaves for everyone else.
//!
//! Each phase starts the lesson's server with a different default backend (injection at
//! start-up, as `--backend` does), on its own runtime with `workers` workers; the load and the
//! probe run on another. `clients` clients keep `GET /calc/{x}` busy while the probe sends
//! `GET /health` at a fixed rate. Each phase reports the load's throughput and latency and the
//! probe's latency; the first phase has no load, as a baseline.
//!
//! Like the live page (whose buttons are in `lesson.toml`), the demo shows the lesson and is not
//! part of it: `main.rs` runs it when asked with `demo`.

use std::time::Duration;

use clap::Subcommand;
use lesson_support::cli::Common;
use lesson_support::probe::{self, Phase, PhaseReport, Target};
use lesson_support::subcommand::DemoArgs;
use lesson_support::watchdog::{self, PhaseCaught};
use lesson_support::{BackgroundServer, runtime, subcommand};
use serde::Serialize;

use lesson_03_dependency_switching::{ASYNC, Backends, MAX_X, SQLITE, SQLITE_INLINE, app, sqlite};

/// What the lesson's command line does besides serving.
#[derive(Subcommand)]
pub enum Command {
    /// Measure GET /calc/{x} on each backend under load, and /health beside it
    Demo {
        /// The x of /calc/{x}: the number of squares each request adds up
        #[arg(long, default_value_t = 50_000, value_parser = clap::value_parser!(u64).range(1..=MAX_X))]
        x: u64,

        #[command(flatten)]
        run: DemoArgs,
    },
}

impl Command {
    pub fn run(self, common: &Common) -> anyhow::Result<()> {
        let Command::Demo { x, run } = self;
        let config = Config::new(common.workers, x, run.phase());
        subcommand::demo::<Phases, _>(common, &run, || measure(&config), print)
    }
}

/// How hard and how long to push.
#[derive(Debug, Clone)]
pub struct Config {
    pub workers: usize,
    pub x: u64,
    /// Concurrent clients on `/calc`: more than `workers`, so the workers are all wanted.
    pub clients: usize,
    pub phase: Duration,
    pub probe_interval: Duration,
}

impl Config {
    pub fn new(workers: usize, x: u64, phase: Duration) -> Self {
        Self {
            workers,
            x,
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
    pub clients: usize,
    /// One SQLite query alone, in this process, outside the server: the cost of the call itself.
    pub query_ms: f64,
    pub phases: Phases,
    /// What the blocking watchdog caught on the workers in each phase.
    pub watchdog: Vec<PhaseCaught>,
}

#[derive(Debug, Default, Serialize)]
pub struct Phases {
    pub idle: PhaseReport,
    /// Load with the natively async implementation behind the face.
    #[serde(rename = "async")]
    pub in_slices: PhaseReport,
    /// Load with SQLite on the blocking pool behind the face.
    pub sqlite: PhaseReport,
    /// Load with SQLite called inside the future: the bug.
    pub sqlite_inline: PhaseReport,
}

/// Runs the four phases, each against a server started with its own default backend.
pub fn measure(config: &Config) -> anyhow::Result<Report> {
    let db = sqlite::Sqlite::open(1)?;
    let never = blocking_pool::Cancel::default();
    let query_ms = subcommand::fastest_ms(3, || match db.sum_of_squares(config.x, &never) {
        Ok(_) => Ok(()),
        Err(error) => Err(anyhow::anyhow!(error.message)),
    })?;
    let client_runtime = runtime::current_thread()?;
    let catch = watchdog::Catch::new();
    let run = |name: &str, backend: &str, load: bool| -> anyhow::Result<PhaseReport> {
        let server = BackgroundServer::start(app(Backends::standard(backend)?), config.workers)?;
        let phase = Phase {
            load: load.then(|| Target::get(format!("/calc/{}", config.x))),
            clients: config.clients,
            probe: Target::get("/health"),
            interval: config.probe_interval,
            duration: config.phase,
        };
        client_runtime.block_on(catch.phase(name, probe::run(server.addr(), &phase)))
    };
    let phases = Phases {
        idle: run("idle", ASYNC, false)?,
        in_slices: run("async (in slices)", ASYNC, true)?,
        sqlite: run("sqlite (blocking pool)", SQLITE, true)?,
        sqlite_inline: run("sqlite-inline (the bug)", SQLITE_INLINE, true)?,
    };
    Ok(Report {
        workers: config.workers,
        x: config.x,
        clients: config.clients,
        query_ms,
        phases,
        watchdog: catch.finish(),
    })
}

/// Prints the report as a table: the load's throughput and latency, then `/health`'s latency.
pub fn print(report: &Report) {
    println!(
        "GET /calc/{}, {} worker(s), {} clients; one SQLite query alone takes {:.2} ms\n",
        report.x, report.workers, report.clients, report.query_ms
    );
    let phases = &report.phases;
    let rows: Vec<Vec<String>> = [
        ("idle", &phases.idle),
        ("async (in slices)", &phases.in_slices),
        ("sqlite (blocking pool)", &phases.sqlite),
        ("sqlite-inline (the bug)", &phases.sqlite_inline),
    ]
    .into_iter()
    .map(|(name, phase)| subcommand::load_row(name, phase))
    .collect();
    probe::print_table(&subcommand::LOAD_HEADER, &rows);
    watchdog::print(&report.watchdog);
}
