//! Lesson 04: GET and POST on one path, a sync and an async implementation sharing one core.
//!
//! Run with `cargo run -p lesson-04-same-path-methods` and try the commands it prints, or
//! measure it with `-- demo`. What it prints, its port and the live page's buttons are described
//! in `lesson.toml`; the measurement is `demo.rs`.
//!
//! `main` is the set-up a service of your own needs, top to bottom: telemetry with the
//! tokio-console layer, the blocking watchdog, a runtime with a chosen number of workers, the
//! routes with the watchdog's layer and routes, and a listener served until Ctrl-C. Every
//! lesson's `main.rs` spells out the same steps, on purpose: each lesson is read alone, as each
//! of axum's examples is.

mod demo;

use anyhow::Context;
use lesson_04_same_path_methods::app;
use lesson_support::cli::NoOptions;
use lesson_support::{live, server, telemetry, watchdog};
use tokio::net::TcpListener;

fn main() -> anyhow::Result<()> {
    let lesson = lesson_support::lesson!();
    let (common, NoOptions {}, command) = lesson.command_line::<NoOptions, demo::Command>();
    if let Some(command) = command {
        return command.run(&common);
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
    let mut app = app().merge(live::page(&lesson.live_page()));
    if let Some(watchdog) = watchdog {
        let routes = blocking_watchdog::routes(watchdog.clone());
        app = app.layer(watchdog.layer()).merge(routes);
    }
    let console = telemetry::console_listening();
    let addr = common.addr.unwrap_or(lesson.addr());
    runtime.block_on(async {
        let listener = TcpListener::bind(addr).await;
        let listener = listener.with_context(|| format!("binding {addr}"))?;
        lesson.banner(listener.local_addr()?, common.workers, console);
        // Serve until Ctrl-C, then let the requests in flight finish.
        axum::serve(listener, app)
            .with_graceful_shutdown(server::ctrl_c())
            .await?;
        Ok(())
    })
}
