//! The command line of lesson 04: serve the lesson, or measure it with `demo`.

mod demo;

use std::net::SocketAddr;

use clap::{Parser, Subcommand};
use lesson_04_same_path_methods::app;
use lesson_04_same_path_methods::calc::{MAX_X, POWERS};
use lesson_support::cli::{Common, serve_until_ctrl_c};
use lesson_support::live;
use lesson_support::subcommand::{self, DemoArgs};

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
    let cli = Cli::parse();
    match cli.command {
        None => {
            // The live page at `/`: GET and POST side by side, and /health's latency drawn.
            let app = app().merge(live::page(&demo::live_page()));
            serve_until_ctrl_c(&cli.common, DEFAULT_ADDR, app, TRY)
        }
        Some(Command::Demo { x, power, run }) => {
            let config = demo::Config::new(cli.common.workers, x, power, run.phase());
            subcommand::demo::<demo::Phases, _>(
                &cli.common,
                &run,
                || demo::measure(&config),
                demo::print,
            )
        }
    }
}
