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
//! The live page's buttons are here too: like the measurement, they show the lesson and are not
//! part of it (`main.rs` serves the page beside the lesson's routes).

use std::time::Duration;

use lesson_01_blocking_the_runtime::app;
use lesson_support::live::{self, Button, Text};
use lesson_support::probe::{self, Phase, PhaseReport, Target};
use lesson_support::watchdog::{self, PhaseCaught};
use lesson_support::{BackgroundServer, runtime};
use serde::Serialize;

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

/// What the live page offers: each pitfall and its fix, the same work either way. Each press
/// sends two requests, one for each worker of a default run, as the demo keeps every worker busy.
pub fn live_page() -> live::Page {
    let rounds = LIVE_CPU_ROUNDS;
    live::Page {
        title: Text::new("Lesson 01: blocking the runtime", "第 01 课：阻塞运行时"),
        intro: Text::new(
            "Two workers serve every request. Press a button and watch GET /health: \
             work that blocks both workers stops it, the same work offloaded does not.",
            "所有请求都由两个工作线程处理。按下按钮，盯住 GET /health：\
             占住两个工作线程的阻塞工作会让它卡住，同样的工作移交出去就不会。",
        ),
        buttons: vec![
            Button::new(
                Text::new("block both workers for 2 s", "阻塞两个工作线程 2 秒"),
                "/block?ms=2000",
            )
            .times(2)
            .hint(Text::new(
                "2 × /block?ms=2000: std::thread::sleep on a worker",
                "2 × /block?ms=2000：在工作线程上调用 std::thread::sleep",
            )),
            Button::new(
                Text::new("the same work, offloaded", "同样的工作，移交出去"),
                "/offload?ms=2000",
            )
            .times(2)
            .hint(Text::new(
                "2 × /offload?ms=2000: the sleep on the blocking pool",
                "2 × /offload?ms=2000：sleep 在阻塞线程池上执行",
            )),
            Button::new(
                Text::new("CPU on a worker", "在工作线程上跑 CPU"),
                format!("/cpu?n={rounds}"),
            )
            .times(2)
            .hint(Text::new(
                "2 × /cpu: a loop that never awaits, one per worker",
                "2 × /cpu：从不 await 的循环，每个工作线程一个",
            )),
            Button::new(
                Text::new("CPU offloaded", "CPU 工作移交出去"),
                format!("/cpu-offload?n={rounds}"),
            )
            .times(2)
            .hint(Text::new(
                "2 × /cpu-offload: the same loop on the blocking pool",
                "2 × /cpu-offload：同样的循环在阻塞线程池上运行",
            )),
        ],
    }
}

/// Rounds for the page's CPU buttons: about one and a half seconds of spinning either way. A
/// plain `cargo run` is a debug build, where a round took 21 ns (`/cpu?n=30000000` answered
/// `elapsed_ms` 634 on a 2-core machine), against 3.5 ns in release (see `MAX_CPU_ROUNDS`).
const LIVE_CPU_ROUNDS: u64 = if cfg!(debug_assertions) {
    70_000_000
} else {
    400_000_000
};
