//! The command line of lesson 04: serve the lesson, or measure it with `demo`.
//!
//! Serving is the set-up a service of your own needs, top to bottom: telemetry with the
//! tokio-console layer, the blocking watchdog, a runtime with a chosen number of workers, the
//! routes with the watchdog's layer and routes, and a listener served until Ctrl-C. Every
//! lesson's `main.rs` spells out the same steps, on purpose: each lesson is read alone.

mod demo;

use std::net::SocketAddr;

use anyhow::Context;
use clap::{Parser, Subcommand};
use lesson_04_same_path_methods::app;
use lesson_04_same_path_methods::calc::{MAX_X, POWERS};
use lesson_support::cli::{self, Common};
use lesson_support::subcommand::{self, DemoArgs};
use lesson_support::{live, server, telemetry, watchdog};
use tokio::net::TcpListener;

const DEFAULT_ADDR: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 3004);

const TRY: &[&str] = &[
    "open http://{addr}/                                       # the live page: press a button, watch /health",
    "curl http://{addr}/calc/7                                 # GET: the sync implementation",
    "curl --json '{}' http://{addr}/calc/7                     # POST: the async one, same answer",
    "curl -X POST http://{addr}/calc/7                         # POST with no body: the default options",
    "curl 'http://{addr}/calc/10000000?power=1'                # GET: 10 million terms on the blocking pool",
    "curl --json '{\"power\": 1}' http://{addr}/calc/10000000    # POST: the same, in slices on the workers",
    "curl 'http://{addr}/calc?x=7&power=3'                     # x in the query string",
    "curl --json '{\"x\": 7, \"power\": 3}' http://{addr}/calc   # x in the body",
    "curl -i -X DELETE http://{addr}/calc/7                    # 405, with an Allow header",
    "curl 'http://{addr}/calc/10000000?power=2'                # 422: the sum overflows 64 bits",
];

/// Lesson 04: GET and POST on one path, a sync and an async implementation sharing one core.
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

fn main() -> anyhow::Result<()> {
    let Cli { common, command } = Cli::parse();
    if let Some(Command::Demo { x, power, run }) = command {
        let config = demo::Config::new(common.workers, x, power, run.phase());
        let measure = || demo::measure(&config);
        return subcommand::demo::<demo::Phases, _>(&common, &run, measure, demo::print);
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
