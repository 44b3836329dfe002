//! Logs on stderr and the tokio-console layer, in one subscriber.

use std::time::Duration;

use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

/// The console's default address; `TOKIO_CONSOLE_BIND` moves it, so two lessons can run at once.
pub const CONSOLE_DEFAULT_BIND: &str = "127.0.0.1:6669";

/// How long a demo's console keeps a finished task. The console's own default is an hour, so
/// that a request which has ended can still be inspected; but its aggregator goes over the tasks
/// it keeps every second, and a demo ends tens of thousands of them (lesson 02's spawns a task
/// per offloaded request): with an hour's retention, lesson 02's pool rows measured 3 to 11 times
/// idle p99 with its first pool and 0.9 to 2 times with today's, latency the demo would report as
/// the lesson's. A short retention keeps the console's own work out of the measurement.
/// `TOKIO_CONSOLE_RETENTION` still overrides it.
pub const DEMO_RETENTION: Duration = Duration::from_secs(2);

/// Installs the global subscriber: a fmt layer filtered by `RUST_LOG` (default `info`), written to
/// stderr so stdout stays clean for a demo's table or JSON, and, when `console` is true,
/// console-subscriber's layer serving the tokio-console protocol.
///
/// Each layer carries its own filter: the console layer needs tokio's trace-level
/// instrumentation, which the log must not print. Calling this twice is harmless (the second call
/// does nothing), so tests may call it freely.
pub fn init(console: bool) {
    install(console.then(console_subscriber::ConsoleLayer::builder));
}

/// [`init`] for a demo, which measures: finished tasks leave the console after
/// [`DEMO_RETENTION`].
pub fn init_for_demo(console: bool) {
    let builder = console_subscriber::ConsoleLayer::builder().retention(DEMO_RETENTION);
    install(console.then_some(builder));
}

fn install(console: Option<console_subscriber::Builder>) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let fmt = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(filter);
    // `with_default_env` reads TOKIO_CONSOLE_BIND (and the console's other variables, which win
    // over what the builder was given).
    let console = console.map(|builder| builder.with_default_env().spawn());
    let _ = tracing_subscriber::registry()
        .with(console)
        .with(fmt)
        .try_init();
}

/// Where the console layer listens, as the reader will pass it to `tokio-console`.
pub fn console_addr() -> String {
    std::env::var("TOKIO_CONSOLE_BIND").unwrap_or_else(|_| CONSOLE_DEFAULT_BIND.to_owned())
}
