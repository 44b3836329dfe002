//! The command line of lesson 03: serve the lesson, or measure it with `demo`.

mod demo;

use std::net::SocketAddr;

use clap::builder::PossibleValuesParser;
use clap::{CommandFactory, Parser, Subcommand};
use lesson_03_dependency_switching::{Backends, MAX_X, SQLITE, STANDARD, app};
use lesson_support::cli::{Common, serve_until_ctrl_c};
use lesson_support::live;
use lesson_support::subcommand::{self, DemoArgs};

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
    match cli.command {
        None => {
            let backends = Backends::standard(&cli.backend)?;
            println!(
                "default backend: {} (x-backend picks one per request)",
                cli.backend
            );
            // The live page at `/`: a button for each backend, and /health's latency drawn.
            let app = app(backends).merge(live::page(&demo::live_page()));
            serve_until_ctrl_c(&cli.common, DEFAULT_ADDR, app, TRY)
        }
        Some(Command::Demo { x, run }) => {
            let config = demo::Config::new(cli.common.workers, x, run.phase());
            subcommand::demo::<demo::Phases, _>(
                &cli.common,
                &run,
                || demo::measure(&config),
                demo::print,
            )
        }
    }
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
