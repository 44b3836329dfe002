//! The command line of lesson 02: serve the lesson, measure it with `demo`, or serve the smallest
//! axum app with `baseline` to compare throughput with a load tool such as wrk.

mod demo;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use clap::{Parser, Subcommand};
use lesson_02_await_or_offload::app;
use lesson_support::cli::{Common, serve_until_ctrl_c};
use lesson_support::live;

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
    let cli = Cli::parse();
    match cli.command {
        None => {
            // The live page at `/`: a button for each mode, and /health's latency drawn.
            let app = app().merge(live::page(&demo::live_page()));
            serve_until_ctrl_c(&cli.common, DEFAULT_ADDR, app, TRY)
        }
        Some(Command::Baseline) => {
            let app = Router::new().route("/", get(|| async { "ok" }));
            serve_until_ctrl_c(&cli.common, BASELINE_ADDR, app, &["curl http://{addr}/"])
        }
        Some(Command::Demo {
            seconds,
            busy_loops,
            json,
        }) => {
            lesson_support::telemetry::init_for_demo(!cli.common.no_console);
            let mut config = demo::Config::new(cli.common.workers, Duration::from_secs(seconds));
            config.console_layer = !cli.common.no_console;
            config.busy_loops = busy_loops as usize;
            let phases = if busy_loops == 0 { 9 } else { 12 };
            eprintln!("calibrating, then measuring {phases} phases of {seconds} s each...");
            let report = demo::measure(&config)?;
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                demo::print(&report);
            }
            Ok(())
        }
    }
}
