//! The command line of lesson 01: serve the lesson, or measure it with `demo`.

mod demo;

use clap::{Parser, Subcommand};
use lesson_01_blocking_the_runtime::{MAX_BLOCK_MS, app};
use lesson_support::cli::{Common, serve_until_ctrl_c};
use lesson_support::live;
use lesson_support::subcommand::{self, DemoArgs};
use std::net::SocketAddr;

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
    let cli = Cli::parse();
    match cli.command {
        None => {
            // The live page at `/`: a button for each route, and /health's latency drawn.
            let app = app().merge(live::page(&demo::live_page()));
            serve_until_ctrl_c(&cli.common, DEFAULT_ADDR, app, TRY)
        }
        Some(Command::Demo { block_ms, args }) => {
            let config = demo::Config::new(cli.common.workers, block_ms, args.phase());
            subcommand::demo::<demo::Phases, _>(
                &cli.common,
                &args,
                || demo::measure(&config),
                demo::print,
            )
        }
    }
}
