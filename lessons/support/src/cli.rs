//! The command line every lesson shares: `--addr`, `--workers`, `--no-console`, and the banner
//! that tells the reader what to try.

use std::net::SocketAddr;

use anyhow::Context;
use axum::Router;
use tokio::net::TcpListener;

use crate::runtime::{self, DEFAULT_WORKERS};
use crate::{server, telemetry};

/// Options common to serving a lesson and to its demo.
#[derive(clap::Args, Debug, Clone)]
pub struct Common {
    /// Address to listen on [default: the lesson's own port on 127.0.0.1]
    #[arg(long)]
    pub addr: Option<SocketAddr>,

    /// Worker threads of the tokio runtime (the blocking pool is separate)
    #[arg(long, global = true, default_value_t = DEFAULT_WORKERS, value_parser = parse_workers)]
    pub workers: usize,

    /// Leave out the tokio-console layer (to measure what it costs)
    #[arg(long, global = true)]
    pub no_console: bool,
}

/// Serves `app` in the foreground until Ctrl-C, after printing where it listens, the commands in
/// `try_lines` (`{addr}` in them is replaced by the address) and how to watch it in tokio-console.
/// The lessons' `main.rs` spell the same set-up out step by step; this is for a yardstick that is
/// not a lesson (lesson 02's `baseline`).
pub fn serve_until_ctrl_c(
    common: &Common,
    default_addr: SocketAddr,
    app: Router,
    try_lines: &[&str],
) -> anyhow::Result<()> {
    telemetry::init(!common.no_console);
    // Asked before the runtime starts: it may wait (up to a second) for the console's thread.
    let console = telemetry::console_listening();
    let addr = common.addr.unwrap_or(default_addr);
    runtime::multi_thread(common.workers)
        .context("building runtime")?
        .block_on(async move {
            let listener = TcpListener::bind(addr)
                .await
                .with_context(|| format!("binding {addr}"))?;
            banner(listener.local_addr()?, common.workers, try_lines, console);
            server::serve(listener, app, server::ctrl_c()).await?;
            Ok(())
        })
}

/// Prints where the lesson listens, the commands in `try_lines` (`{addr}` in them is replaced by
/// the address), how to watch it in tokio-console (only a console that is ours and listening: a
/// hint to a taken port would show another program's tasks), and how to stop it.
pub fn banner(addr: SocketAddr, workers: usize, try_lines: &[&str], console: Option<SocketAddr>) {
    println!("listening on http://{addr} with {workers} worker thread(s)");
    println!("\nThen try:");
    for line in try_lines {
        println!("  {}", line.replace("{addr}", &addr.to_string()));
    }
    if let Some(console) = console {
        println!("\nWatch the runtime:\n  tokio-console http://{console}");
    }
    println!("\nCtrl-C stops the server.");
}

/// At least one worker (a runtime with none cannot run), and a sane upper bound.
fn parse_workers(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n @ 1..=256) => Ok(n),
        _ => Err(format!(
            "expected a number of workers from 1 to 256, got `{text}`"
        )),
    }
}
