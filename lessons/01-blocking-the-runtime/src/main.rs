//! The command line of lesson 01: serve the lesson, or measure it with `demo`.
//!
//! Serving is the set-up a service of your own needs, top to bottom: telemetry with the
//! tokio-console layer, the blocking watchdog, a runtime with a chosen number of workers, the
//! routes with the watchdog's layer and routes, and a listener served until Ctrl-C. Every
//! lesson's `main.rs` spells out the same steps, on purpose: each lesson is read alone.

mod demo;

use std::net::SocketAddr;

use anyhow::Context;
use clap::{Parser, Subcommand};
use lesson_01_blocking_the_runtime::{MAX_BLOCK_MS, app};
use lesson_support::cli::{self, Common};
use lesson_support::subcommand::{self, DemoArgs};
use lesson_support::{live, server, telemetry, watchdog};
use tokio::net::TcpListener;

const DEFAULT_ADDR: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 3001);

const TRY: &[&str] = &[
    "open http://{addr}/                      # the live page: press a button, watch /health",
    "curl http://{addr}/health",
    "curl 'http://{addr}/block?ms=200'         # sleeps on a worker: the bug",
    "curl 'http://{addr}/offload?ms=200'       # sleeps on the blocking pool: the fix",
    "curl 'http://{addr}/cpu?n=50000000'       # computes on a worker",
    "curl 'http://{addr}/cpu-offload?n=50000000'",
    "curl 'http://{addr}/fetch-sync?ms=200'    # a sync HTTP client on a worker: requests.get",
    "curl 'http://{addr}/fetch?ms=200'         # an async HTTP client: the fix",
    "curl 'http://{addr}/block?ms=oops'        # a JSON 400",
];

/// Lesson 01: a blocking call inside an async handler stalls every other request.
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
    /// Measure /health latency while /block, /offload, /fetch-sync and /fetch keep the workers busy
    Demo {
        /// Milliseconds each busy request sleeps
        #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(1..=MAX_BLOCK_MS))]
        block_ms: u64,

        #[command(flatten)]
        args: DemoArgs,
    },
}

fn main() -> anyhow::Result<()> {
    let Cli { common, command } = Cli::parse();
    if let Some(Command::Demo { block_ms, args }) = command {
        let config = demo::Config::new(common.workers, block_ms, args.phase());
        let measure = || demo::measure(&config);
        return subcommand::demo::<demo::Phases, _>(&common, &args, measure, demo::print);
    }
    // ANCHOR: setup
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
    // ANCHOR_END: setup
}
