//! The demo: both methods under load, and what each leaves for everyone else.
//!
//! The server runs on its own runtime with `workers` workers; the load and the probe run on
//! another. Three phases, the probe sending `GET /health` at a fixed rate in each: idle; while
//! `clients` clients keep `GET /calc/{x}` busy (the sync implementation, on the blocking pool);
//! while they keep `POST /calc/{x}` busy (the async one, in slices on the workers). Each phase
//! reports the load's throughput and latency and the probe's latency.
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

use lesson_04_same_path_methods::app;
use lesson_04_same_path_methods::calc::{self, Input, MAX_X, POWERS};

/// What the lesson's command line does besides serving.
#[derive(Subcommand)]
pub enum Command {
    /// Measure GET (sync) and POST (async) /calc/{x} under load, and /health beside each
    Demo {
        /// The x of /calc/{x}: the number of terms each request adds up
        #[arg(long, default_value_t = MAX_X, value_parser = clap::value_parser!(u64).range(1..=MAX_X))]
        x: u64,

        /// The power of each term
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(i64::from(*POWERS.start())..=i64::from(*POWERS.end())))]
        power: u32,

        #[command(flatten)]
        run: DemoArgs,
    },
}

impl Command {
    pub fn run(self, common: &Common) -> anyhow::Result<()> {
        let Command::Demo { x, power, run } = self;
        let config = Config::new(common.workers, x, power, run.phase());
        subcommand::demo::<Phases, _>(common, &run, || measure(&config), print)
    }
}

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
    /// What the blocking watchdog caught on the workers in each phase.
    pub watchdog: Vec<PhaseCaught>,
}

#[derive(Debug, Default, Serialize)]
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
    let work_ms = subcommand::fastest_ms(3, || Ok(calc::compute(input).map(drop)?))?;
    let server = BackgroundServer::start(app(), config.workers)?;
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
    let catch = watchdog::Catch::new();
    let phases = runtime::current_thread()?.block_on(async {
        let get = phase(Some(Target::get(format!("{path}?power={}", config.power))));
        let post = phase(Some(Target::post_json(path, body)));
        anyhow::Ok(Phases {
            idle: catch.phase("idle", probe::run(addr, &phase(None))).await?,
            get_sync: catch
                .phase("GET (sync, blocking pool)", probe::run(addr, &get))
                .await?,
            post_async: catch
                .phase("POST (async, in slices)", probe::run(addr, &post))
                .await?,
        })
    })?;
    Ok(Report {
        workers: config.workers,
        x: config.x,
        power: config.power,
        clients: config.clients,
        work_ms,
        phases,
        watchdog: catch.finish(),
    })
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
    .map(|(name, phase)| subcommand::load_row(name, phase))
    .collect();
    probe::print_table(&subcommand::LOAD_HEADER, &rows);
    watchdog::print(&report.watchdog);
}
