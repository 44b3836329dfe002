//! The command line of lesson 02: serve the lesson, measure it with `demo`, or serve the smallest
//! axum app with `baseline` to compare throughput with a load tool such as wrk.
//!
//! Serving is the set-up a service of your own needs, top to bottom: telemetry with the
//! tokio-console layer, the blocking watchdog, a runtime with a chosen number of workers, the
//! routes with the watchdog's layer and routes, and a listener served until Ctrl-C. Every
//! lesson's `main.rs` spells out the same steps, on purpose: each lesson is read alone.

mod demo;

use anyhow::Context;
use axum::Router;
use axum::routing::get;
use clap::{Parser, Subcommand};
use lesson_02_await_or_offload::app;
use lesson_support::cli::{self, Common, serve_until_ctrl_c};
use lesson_support::{live, server, telemetry, watchdog};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use tokio::net::TcpListener;

const DEFAULT_ADDR: SocketAddr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 3002);
const BASELINE_ADDR: SocketAddr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 3102);

const TRY: &[&str] = &[
    "open http://{addr}/                                # the live page: press a button, watch /health",
    "curl http://{addr}/calc/7                          # auto: computed inline",
    "curl 'http://{addr}/calc/50000000?mode=auto'       # auto: big, so the blocking pool",
    "curl 'http://{addr}/calc/50000000?mode=sync'       # always the blocking pool",
    "curl 'http://{addr}/calc/50000000?mode=async'      # the async implementation, awaited",
    "curl http://{addr}/def/calc/50000000               # a plain sync fn as a handler",
    "curl 'http://{addr}/calc/7?mode=fast'              # a JSON 400 listing the modes",
    "curl http://{addr}/calc/7000000000                 # a JSON 422: the sum overflows",
];

/// Lesson 02: one async handler that awaits async work and offloads sync work.
#[derive(Parser)]
#[command(version)]
struct Cli {
    #[command(flatten)]
    common: Common,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
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

fn main() -> anyhow::Result<()> {
    let Cli { common, command } = Cli::parse();
    match command {
        Some(Command::Demo {
            seconds,
            busy_loops,
            json,
        }) => return demo::run(&common, seconds, busy_loops, json),
        Some(Command::Baseline) => {
            let app = Router::new().route("/", get(|| async { "ok" }));
            return serve_until_ctrl_c(&common, BASELINE_ADDR, app, &["curl http://{addr}/"]);
        }
        None => {}
    }
    // Logs, and the layer tokio-console connects to (TOKIO_CONSOLE_BIND, or 127.0.0.1:6669).
    telemetry::init(!common.no_console);
    // The blocking watchdog: a poll that holds a worker past 10 ms is logged while it runs. One
    // per process; LESSON_WATCHDOG=off leaves it out.
    let watchdog = watchdog::global();
    // The runtime: `--workers` workers (2 by default, so one blocked worker shows), each task's
    // polls timed by the watchdog's hooks.
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    runtime
        .worker_threads(common.workers)
        .thread_name("lesson-runtime");
    if let Some(watchdog) = watchdog {
        watchdog.instrument(&mut runtime);
    }
    let runtime = runtime.enable_all().build()?;
    // The lesson's routes and the live page at `/`; the watchdog's layer names each request by
    // its route, and its own routes answer on /debug/blocking.
    let mut app = app().merge(live::page(&demo::live_page()));
    if let Some(watchdog) = watchdog {
        let routes = blocking_watchdog::routes(watchdog.clone());
        app = app.layer(watchdog.layer()).merge(routes);
    }
    let console = telemetry::console_listening();
    let addr = common.addr.unwrap_or(DEFAULT_ADDR);
    runtime.block_on(async {
        let listener = TcpListener::bind(addr).await;
        let listener = listener.with_context(|| format!("binding {addr}"))?;
        cli::banner(listener.local_addr()?, common.workers, TRY, console);
        // Serve until Ctrl-C, then let the requests in flight finish.
        axum::serve(listener, app)
            .with_graceful_shutdown(server::ctrl_c())
            .await?;
        Ok(())
    })
}
