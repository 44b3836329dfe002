//! The demo: the same handler over each implementation, and what each leaves for everyone else.
//!
//! Each phase starts the lesson's server with a different default backend (injection at
//! start-up, as `--backend` does), on its own runtime with `workers` workers; the load and the
//! probe run on another. `clients` clients keep `GET /calc/{x}` busy while the probe sends
//! `GET /health` at a fixed rate. Each phase reports the load's throughput and latency and the
//! probe's latency; the first phase has no load, as a baseline.

use std::time::Duration;

use lesson_support::live::{self, Button, Text};
use lesson_support::probe::{self, Phase, PhaseReport, Target};
use lesson_support::watchdog::{self, PhaseCaught};
use lesson_support::{BackgroundServer, runtime, subcommand};
use serde::Serialize;

use lesson_03_dependency_switching::{ASYNC, Backends, SQLITE, SQLITE_INLINE, app, sqlite};

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

/// What the live page offers: one query, three backends picked by header, two requests a press
/// (one for each worker of a default run).
pub fn live_page() -> live::Page {
    let button = |label: Text, backend: &str, hint: Text| {
        Button::new(label, "/calc/1500000")
            .header("x-backend", backend)
            .times(2)
            .hint(hint)
    };
    live::Page {
        title: Text::new(
            "Lesson 03: dependency switching",
            "第 03 课：依赖注入动态切换",
        ),
        intro: Text::new(
            "One handler over three injected backends. Press one and watch GET /health: \
             the SQLite query run inside the future holds the workers; offloaded or async, \
             it does not.",
            "一个处理函数，背后是三个注入的后端。按下其中一个，盯住 GET /health：\
             直接在 future 里执行的 SQLite 查询会占住工作线程；移交出去或换成异步实现就不会。",
        ),
        buttons: vec![
            button(
                Text::new("sqlite-inline: the bug", "sqlite-inline：有问题的写法"),
                SQLITE_INLINE,
                Text::new(
                    "2 × x-backend: sqlite-inline, the query on a worker",
                    "2 × x-backend: sqlite-inline，查询在工作线程上执行",
                ),
            ),
            button(
                Text::new("sqlite: offloaded", "sqlite：移交出去"),
                SQLITE,
                Text::new(
                    "2 × x-backend: sqlite, the query on the blocking pool",
                    "2 × x-backend: sqlite，查询在阻塞线程池上执行",
                ),
            ),
            button(
                Text::new("async", "async：原生异步"),
                ASYNC,
                Text::new(
                    "2 × x-backend: async, awaited",
                    "2 × x-backend: async，直接 await",
                ),
            ),
        ],
    }
}
