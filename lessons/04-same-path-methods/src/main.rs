//! Lesson 04: GET and POST on one path, a sync and an async implementation sharing one core.
//!
//! `main` is the set-up a service of your own needs, top to bottom, as in axum's examples (every
//! lesson spells it out: each is read alone). What the banner prints, the port and the live
//! page's buttons are in `lesson.toml`; `-- demo` runs `demo.rs`, which measures the lesson.

mod demo;

use anyhow::Context;
use blocking_watchdog::metrics::{self, STALL_SECONDS, STALL_SECONDS_BUCKETS};
use lesson_04_same_path_methods::app;
use lesson_support::cli::NoOptions;
use lesson_support::{live, server, telemetry, watchdog};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder};
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

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
    // Prometheus's exporter, the recorder of the watchdog's stall counts and durations (with
    // buckets, or it renders a summary, which cannot be added up across instances).
    let prometheus = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full(STALL_SECONDS.into()), STALL_SECONDS_BUCKETS)?
        .install_recorder()?;
    // The lesson's routes and the live page at `/`, with a span per request (at DEBUG: free
    // unless RUST_LOG asks) and the watchdog's layer, which names each request by its route, in
    // one call: axum wraps every route again at each `layer` call, which costs a small request
    // more than the watchdog's work. Its routes answer on /debug/blocking, /metrics on /metrics.
    let layers = (TraceLayer::new_for_http(), watchdog::layer());
    let mut app = app().merge(live::page(&lesson.live_page())).layer(layers);
    if let Some(watchdog) = watchdog {
        app = app.merge(blocking_watchdog::routes(watchdog.clone()));
    }
    let app = app.merge(metrics::route(move || prometheus.render()));
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
