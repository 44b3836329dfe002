//! The command line of lesson 03: serve the lesson, or measure it with `demo`.
//!
//! Serving is the set-up a service of your own needs, top to bottom: telemetry with the
//! tokio-console layer, the blocking watchdog, a runtime with a chosen number of workers, the
//! routes with the watchdog's layer and routes, and a listener served until Ctrl-C. Every
//! lesson's `main.rs` spells out the same steps, on purpose: each lesson is read alone.

mod demo;

use std::net::SocketAddr;

use anyhow::Context;
use clap::builder::PossibleValuesParser;
use clap::{CommandFactory, Parser, Subcommand};
use lesson_03_dependency_switching::{Backends, MAX_X, SQLITE, STANDARD, app};
use lesson_support::cli::{self, Common};
use lesson_support::subcommand::{self, DemoArgs};
use lesson_support::{live, server, telemetry, watchdog};
use tokio::net::TcpListener;

const DEFAULT_ADDR: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 3003);

const TRY: &[&str] = &[
    "open http://{addr}/                                          # the live page: press a button, watch /health",
    "curl http://{addr}/backends                                  # what x-backend may say",
    "curl http://{addr}/calc/7                                    # the default backend",
    "curl -H 'x-backend: async' http://{addr}/calc/7              # picked per request",
    "curl -H 'x-backend: sqlite' http://{addr}/calc/100000        # SQLite on the blocking pool",
    "curl -H 'x-backend: sqlite-inline' http://{addr}/calc/100000 # the same query on a worker: the bug",
    "curl -H 'x-backend: oracle' http://{addr}/calc/7             # 400, listing the valid ones",
    "curl http://{addr}/calc/3100000                              # 422: the sum overflows 64 bits",
];

/// Lesson 03: one async face, the implementation behind it chosen by injection.
#[derive(Parser)]
#[command(version)]
struct Cli {
    #[command(flatten)]
    common: Common,

    /// The implementation requests get when they send no x-backend header (injection at start-up)
    #[arg(long, env = BACKEND_VARIABLE, default_value = SQLITE, value_parser = PossibleValuesParser::new(STANDARD))]
    backend: String,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Measure GET /calc/{x} on each backend under load, and /health beside it
    Demo {
        /// The x of /calc/{x}: the number of squares each request adds up
        #[arg(long, default_value_t = 50_000, value_parser = clap::value_parser!(u64).range(1..=MAX_X))]
        x: u64,

        #[command(flatten)]
        run: DemoArgs,
    },
}

/// The variable behind `--backend`, named in the error when its value is not a backend.
const BACKEND_VARIABLE: &str = "LESSON_03_BACKEND";

fn main() -> anyhow::Result<()> {
    let cli = Cli::try_parse().unwrap_or_else(|error| exit_naming_the_source(error));
    let Cli {
        common,
        backend,
        command,
    } = cli;
    if let Some(Command::Demo { x, run }) = command {
        let config = demo::Config::new(common.workers, x, run.phase());
        let measure = || demo::measure(&config);
        return subcommand::demo::<demo::Phases, _>(&common, &run, measure, demo::print);
    }
    let backends = Backends::standard(&backend)?;
    println!("default backend: {backend} (x-backend picks one per request)");
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
    let mut app = app(backends).merge(live::page(&demo::live_page()));
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

/// Exits with clap's error, but when the bad backend came from the environment (no `--backend` on
/// the command line), says so: clap would name only the flag, and the reader would look for a
/// flag they never typed.
fn exit_naming_the_source(error: clap::Error) -> ! {
    let typed = std::env::args().any(|arg| arg == "--backend" || arg.starts_with("--backend="));
    let from_variable = std::env::var(BACKEND_VARIABLE)
        .ok()
        .filter(|value| !typed && !STANDARD.contains(&value.as_str()));
    match (error.kind(), from_variable) {
        (clap::error::ErrorKind::InvalidValue, Some(value)) => Cli::command()
            .error(
                clap::error::ErrorKind::InvalidValue,
                format!(
                    "invalid value '{value}' in the environment variable {BACKEND_VARIABLE} \
                     (the default of --backend)\n  [possible values: {}]",
                    STANDARD.join(", ")
                ),
            )
            .exit(),
        _ => error.exit(),
    }
}
