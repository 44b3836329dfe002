//! The demo: each mode of `/calc/{x}` under load, and what it does to everyone else.
//!
//! The server runs on its own runtime with `workers` workers; the load and the probe run on
//! another. In every phase `clients` clients keep `GET /calc/{x}?mode=…` busy while the probe sends
//! `GET /health` at a fixed rate. Small x (7) shows what each mode costs per request; big x shows
//! what each does to `/health`. Two more phases run big x against servers built differently:
//! one with `auto`'s threshold turned off, so everything runs inline: lesson 01's bug, for
//! comparison. Going deeper, two more run big x with `sync` on pools whose threads sit at other
//! priorities than the lesson's: the workers' own, and the lowest there is (`SCHED_IDLE`). Then
//! the demo starts `busy_loops` `nice -n 19` busy loops of its own, as a machine doing other work
//! would have, and measures idle and the three pools again beside them: the claim must hold there
//! too. The calibration that justifies the threshold comes first.
//!
//! Like the live page (whose buttons are in `lesson.toml`), the demo shows the lesson and is not
//! part of it: `main.rs` runs it when asked with `demo`, and the `baseline` yardstick beside it.

use std::time::Duration;

use axum::Router;
use axum::routing::get;
use blocking_pool::Priority;
use clap::Subcommand;
use lesson_support::cli::{Common, serve_until_ctrl_c};
use lesson_support::neighbours::BusyLoops;
use lesson_support::probe::{self, Phase, PhaseReport, Stats, Target};
use lesson_support::watchdog::{self, PhaseCaught};
use lesson_support::{BackgroundServer, runtime};
use serde::Serialize;

use lesson_02_await_or_offload::{AUTO_INLINE_MAX_X, MAX_X, Mode, app, app_with, cpu_pool};

use self::calibrate::Calibration;

/// How hard and how long to push.
#[derive(Debug, Clone)]
pub struct Config {
    pub workers: usize,
    /// Concurrent clients on `/calc`. More than `workers`, so inline work takes every worker.
    pub clients: usize,
    pub small_x: u64,
    /// How long one big request should compute: hundreds of times the budget between awaits.
    /// The calibration turns it into an x for this machine (and this build).
    pub big_work: Duration,
    pub phase: Duration,
    pub probe_interval: Duration,
    /// Round trips timed by the calibration.
    pub trips: usize,
    /// Whether the tokio-console layer is installed: it is not free (see the report's calibration),
    /// so the report says which way it was measured.
    pub console_layer: bool,
    /// `nice -n 19` busy loops to start for the last phases; none skips them.
    pub busy_loops: usize,
}

impl Config {
    pub fn new(workers: usize, phase: Duration) -> Self {
        Self {
            workers,
            clients: workers + 2,
            small_x: 7,
            big_work: Duration::from_millis(20),
            phase,
            probe_interval: Duration::from_millis(5),
            trips: 20_000,
            console_layer: false,
            busy_loops: 2,
        }
    }
}

/// What the demo measured. `big_x` is the x that costs `big_work` here. In each phase, the flattened stats are `/health` as the probe saw
/// it, and `load` is `/calc` as the clients saw it (throughput in `rps`).
#[derive(Debug, Serialize)]
pub struct Report {
    pub workers: usize,
    pub console_layer: bool,
    pub clients: usize,
    pub small_x: u64,
    pub big_x: u64,
    pub calibration: Calibration,
    pub idle: PhaseReport,
    pub small: Modes,
    pub big: Modes,
    /// Big x with `auto` never offloading: the worker runs every job.
    pub big_inline: PhaseReport,
    /// Big x with `sync`, on a pool whose threads have the workers' priority.
    pub big_normal_priority: PhaseReport,
    /// Big x with `sync`, on a pool whose threads run under `SCHED_IDLE`.
    pub big_idle_priority: PhaseReport,
    /// The same work beside busy neighbours; absent when the config asks for none.
    pub beside_busy_loops: Option<BesideBusyLoops>,
    /// What the blocking watchdog caught on the workers in each phase.
    pub watchdog: Vec<PhaseCaught>,
}

/// Phases run while `busy_loops` `nice -n 19` busy loops, started by the demo, compete for the
/// CPU: big x with `sync` on each pool.
#[derive(Debug, Serialize)]
pub struct BesideBusyLoops {
    pub busy_loops: usize,
    pub idle: PhaseReport,
    /// The lesson's own pool.
    pub sync: PhaseReport,
    pub sync_normal_priority: PhaseReport,
    pub sync_idle_priority: PhaseReport,
}

/// One phase per mode.
#[derive(Debug, Serialize)]
pub struct Modes {
    pub auto: PhaseReport,
    pub sync: PhaseReport,
    #[serde(rename = "async")]
    pub async_: PhaseReport,
}

/// What the lesson's command line does besides serving.
#[derive(Subcommand)]
pub enum Command {
    /// Measure each mode's throughput and latency, and what it does to /health
    Demo {
        /// Seconds each phase lasts (there are nine, and three more beside the busy loops)
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..=60))]
        seconds: u64,

        /// `nice -n 19` busy loops to start for the last three phases (0 skips them)
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(0..=64))]
        busy_loops: u64,

        /// Print one JSON object instead of tables
        #[arg(long)]
        json: bool,
    },
    /// Serve the smallest axum app (GET / answers "ok") with the same telemetry, on port 3102
    /// unless --addr says otherwise: the yardstick for the lesson's throughput
    Baseline,
}

impl Command {
    pub fn run(self, common: &Common) -> anyhow::Result<()> {
        match self {
            Command::Demo {
                seconds,
                busy_loops,
                json,
            } => run(common, seconds, busy_loops, json),
            Command::Baseline => {
                let app = Router::new().route("/", get(|| async { "ok" }));
                let addr = ([127, 0, 0, 1], 3102).into();
                serve_until_ctrl_c(common, addr, app, &["curl http://{addr}/"])
            }
        }
    }
}

/// The `demo` subcommand: measures with `seconds` per phase, the last three beside `busy_loops`
/// busy loops (none: nine phases only), and prints the tables or, with `json`, one JSON object.
pub fn run(common: &Common, seconds: u64, busy_loops: u64, json: bool) -> anyhow::Result<()> {
    lesson_support::telemetry::init_for_demo(!common.no_console);
    let mut config = Config::new(common.workers, Duration::from_secs(seconds));
    config.console_layer = !common.no_console;
    config.busy_loops = busy_loops as usize;
    let phases = if busy_loops == 0 { 9 } else { 12 };
    eprintln!("calibrating, then measuring {phases} phases of {seconds} s each...");
    let report = measure(&config)?;
    if json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print(&report);
    }
    Ok(())
}

/// Calibrates, then starts the lesson's server in the background and runs every phase against
/// it, but for those against servers built otherwise: one whose `auto` never offloads, and one
/// for each other pool priority. The last phases run beside busy loops.
pub fn measure(config: &Config) -> anyhow::Result<Report> {
    let calibration = calibrate::measure(config.workers, config.trips)?;
    let big_x = calibration.x_for(config.big_work).min(MAX_X);
    let start =
        |inline_max_x, pool| BackgroundServer::start(app_with(inline_max_x, pool), config.workers);
    let server = BackgroundServer::start(app(), config.workers)?;
    let inline_server = start(u64::MAX, cpu_pool())?;
    let normal_server = start(AUTO_INLINE_MAX_X, cpu_pool().at_normal_priority())?;
    let idle_server = start(AUTO_INLINE_MAX_X, cpu_pool().at(Priority::Idle))?;
    let phase = |load: Option<(u64, Mode)>| Phase {
        load: load.map(|(x, mode)| Target::get(calc_path(x, mode))),
        clients: config.clients,
        probe: Target::get("/health"),
        interval: config.probe_interval,
        duration: config.phase,
    };
    let client = runtime::current_thread()?;
    let catch = watchdog::Catch::new();
    // Each phase run with the watchdog listening, its catch kept under the phase's name.
    let run = |name: &str, addr, phase: &Phase| {
        client.block_on(catch.phase(name, probe::run(addr, phase)))
    };
    let modes = |x: u64, size: &str| -> anyhow::Result<Modes> {
        let mode = |mode| phase(Some((x, mode)));
        Ok(Modes {
            auto: run(&format!("{size} x, auto"), server.addr(), &mode(Mode::Auto))?,
            sync: run(&format!("{size} x, sync"), server.addr(), &mode(Mode::Sync))?,
            async_: run(
                &format!("{size} x, async"),
                server.addr(),
                &mode(Mode::Async),
            )?,
        })
    };
    let idle = run("idle", server.addr(), &phase(None))?;
    let small = modes(config.small_x, "small")?;
    let big = modes(big_x, "big")?;
    let big_auto = phase(Some((big_x, Mode::Auto)));
    let big_inline = run("big x, inline (the bug)", inline_server.addr(), &big_auto)?;
    let big_sync = phase(Some((big_x, Mode::Sync)));
    let big_normal_priority = run(
        "big x, sync, normal priority",
        normal_server.addr(),
        &big_sync,
    )?;
    let big_idle_priority = run("big x, sync, SCHED_IDLE", idle_server.addr(), &big_sync)?;
    let beside_busy_loops = match config.busy_loops {
        0 => None,
        count => {
            let loops = BusyLoops::start(count)?;
            let beside = BesideBusyLoops {
                busy_loops: loops.count(),
                idle: run("busy loops: idle", server.addr(), &phase(None))?,
                sync: run("busy loops: big x, sync", server.addr(), &big_sync)?,
                sync_normal_priority: run(
                    "busy loops: big x, sync, normal priority",
                    normal_server.addr(),
                    &big_sync,
                )?,
                sync_idle_priority: run(
                    "busy loops: big x, sync, SCHED_IDLE",
                    idle_server.addr(),
                    &big_sync,
                )?,
            };
            drop(loops);
            Some(beside)
        }
    };
    Ok(Report {
        workers: config.workers,
        console_layer: config.console_layer,
        clients: config.clients,
        small_x: config.small_x,
        big_x,
        calibration,
        idle,
        small,
        big,
        big_inline,
        big_normal_priority,
        big_idle_priority,
        beside_busy_loops,
        watchdog: catch.finish(),
    })
}

fn calc_path(x: u64, mode: Mode) -> String {
    let mode = match mode {
        Mode::Sync => "sync",
        Mode::Async => "async",
        Mode::Auto => "auto",
    };
    format!("/calc/{x}?mode={mode}")
}

/// Prints the report as two tables and the conclusions the lesson draws from them.
pub fn print(report: &Report) {
    let c = &report.calibration;
    let console = match report.console_layer {
        true => "tokio-console layer on; try --no-console",
        false => "no tokio-console layer",
    };
    println!(
        "What offloading costs here ({} round trips, {console}):",
        c.trips
    );
    println!(
        "  spawn_blocking round trip  p50 {:.1} µs, p99 {:.1} µs",
        c.spawn_blocking_p50_us, c.spawn_blocking_p99_us
    );
    println!("  one step of sum_to {:.2} ns", c.ns_per_step);
    println!(
        "  auto runs x <= {} inline: {:.1} µs of work (x = {} would cost one round trip; x = {} the 100 µs budget)",
        c.inline_max_x, c.inline_max_us, c.break_even_x, c.budget_max_x
    );
    // The threshold is a constant; whether it suits this machine is a measurement.
    let verdict = if c.inline_max_x > c.break_even_x {
        "too high here: offloading that work would be cheaper than doing it inline"
    } else if c.inline_max_us > 10.0 {
        "cheaper inline than offloaded here, but past the 10 µs low end of the budget"
    } else {
        "holds here: inline is cheaper than a round trip and well inside the budget"
    };
    println!("  the threshold {verdict}\n");

    println!(
        "{} clients on GET /calc/{{x}}, {} worker(s); GET /health probed alongside\n",
        report.clients, report.workers
    );
    let (small, big) = (report.small_x, report.big_x);
    let mut rows = vec![
        ("idle".to_owned(), &report.idle),
        (format!("x={small} auto (inline)"), &report.small.auto),
        (format!("x={small} sync (pool)"), &report.small.sync),
        (format!("x={small} async (remote)"), &report.small.async_),
        (format!("x={big} auto (pool)"), &report.big.auto),
        (format!("x={big} sync (pool)"), &report.big.sync),
        (format!("x={big} async (remote)"), &report.big.async_),
        (format!("x={big} inline (no threshold)"), &report.big_inline),
        (
            format!("x={big} sync (pool at normal priority)"),
            &report.big_normal_priority,
        ),
        (
            format!("x={big} sync (pool at SCHED_IDLE)"),
            &report.big_idle_priority,
        ),
    ];
    if let Some(beside) = &report.beside_busy_loops {
        let loops = format!("+ {} busy loops", beside.busy_loops);
        rows.extend([
            (format!("idle {loops}"), &beside.idle),
            (format!("x={big} sync (pool) {loops}"), &beside.sync),
            (
                format!("x={big} sync (normal priority) {loops}"),
                &beside.sync_normal_priority,
            ),
            (
                format!("x={big} sync (SCHED_IDLE) {loops}"),
                &beside.sync_idle_priority,
            ),
        ]);
    }
    let rows: Vec<_> = rows.iter().map(|(name, phase)| row(name, phase)).collect();
    probe::print_table(&HEADER, &rows);
    watchdog::print(&report.watchdog);

    let idle = report.idle.probe.p99_ms;
    let ratio = |phase: &PhaseReport| phase.probe.p99_ms / idle.max(f64::EPSILON);
    println!(
        "\n/health p99 ÷ idle p99 while big work runs: {:.1}x offloaded (sync), {:.1}x with auto, \
         {:.1}x inline; the pool at normal priority {:.1}x, at SCHED_IDLE {:.1}x",
        ratio(&report.big.sync),
        ratio(&report.big.auto),
        ratio(&report.big_inline),
        ratio(&report.big_normal_priority),
        ratio(&report.big_idle_priority),
    );
    if let Some(beside) = &report.beside_busy_loops {
        let kept = |loaded: &PhaseReport, quiet: &PhaseReport| {
            100.0 * loaded.load_rps() / quiet.load_rps().max(f64::EPSILON)
        };
        println!(
            "beside {} `nice -n 19` busy loops, sync's /health p99 ÷ idle p99 and its share of its \
             quiet throughput: the lesson's pool {:.1}x, {:.0}%; at normal priority {:.1}x, {:.0}%; \
             at SCHED_IDLE {:.1}x, {:.0}%",
            beside.busy_loops,
            ratio(&beside.sync),
            kept(&beside.sync, &report.big.sync),
            ratio(&beside.sync_normal_priority),
            kept(&beside.sync_normal_priority, &report.big_normal_priority),
            ratio(&beside.sync_idle_priority),
            kept(&beside.sync_idle_priority, &report.big_idle_priority),
        );
    }
}

const HEADER: [&str; 8] = [
    "phase",
    "calc req/s",
    "calc p50 ms",
    "calc p99 ms",
    "errors",
    "health p50 ms",
    "health p99 ms",
    "health max ms",
];

fn row(name: &str, phase: &PhaseReport) -> Vec<String> {
    let load = phase.load.unwrap_or_default();
    let dash = |text: String| {
        if phase.load.is_some() {
            text
        } else {
            "-".into()
        }
    };
    let Stats {
        p50_ms,
        p99_ms,
        max_ms,
        ..
    } = phase.probe;
    vec![
        name.to_owned(),
        dash(format!("{:.0}", load.rps)),
        dash(format!("{:.2}", load.p50_ms)),
        dash(format!("{:.2}", load.p99_ms)),
        (load.errors + phase.probe.errors).to_string(),
        format!("{p50_ms:.2}"),
        format!("{p99_ms:.2}"),
        format!("{max_ms:.2}"),
    ]
}

pub mod calibrate {
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

    use lesson_02_await_or_offload::{AUTO_INLINE_MAX_X, sum_to};

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
}
