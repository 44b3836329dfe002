//! Logs on stderr and the tokio-console layer, in one subscriber.

use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::OnceLock;
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

/// Where this process's console server was started, if it was: decided once, by [`install`].
static CONSOLE: OnceLock<Option<SocketAddr>> = OnceLock::new();

fn install(console: Option<console_subscriber::Builder>) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let fmt = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(filter);
    // Only the first call installs anything (see `init`), so only it may start a console server.
    let mut first = false;
    let started = CONSOLE.get_or_init(|| {
        first = true;
        console.as_ref().and_then(|_| console_port_free())
    });
    // `with_default_env` reads TOKIO_CONSOLE_BIND (and the console's other variables, which win
    // over what the builder was given).
    let console = console
        .filter(|_| first && started.is_some())
        .map(|builder| builder.with_default_env().spawn());
    let _ = tracing_subscriber::registry()
        .with(console)
        .with(fmt)
        .try_init();
}

/// The console's address if this process can listen there. console-subscriber binds it in a
/// thread of its own and panics there, backtrace and all, when it cannot; and the lesson would
/// still print its "run tokio-console" hint, which would show another program's tasks. Asked
/// first, a taken port is one line on stderr saying how to pick another, and the console is off.
/// (The port is free again between this look and the server's bind, a window of microseconds.)
fn console_port_free() -> Option<SocketAddr> {
    let wanted = console_addr();
    let addr = match wanted.to_socket_addrs().map(|mut addrs| addrs.next()) {
        Ok(Some(addr)) => addr,
        _ => {
            eprintln!(
                "tokio-console is off: TOKIO_CONSOLE_BIND={wanted} is not an address (e.g. 127.0.0.1:6670)"
            );
            return None;
        }
    };
    match TcpListener::bind(addr) {
        Ok(_) => Some(addr),
        Err(error) => {
            let why = if error.kind() == std::io::ErrorKind::AddrInUse {
                "is in use by another program".to_owned()
            } else {
                format!("cannot be listened on ({error})")
            };
            eprintln!(
                "tokio-console is off: {addr} {why}; pick another port with \
                 TOKIO_CONSOLE_BIND=127.0.0.1:{}",
                addr.port().wrapping_add(1)
            );
            None
        }
    }
}

/// Where the console layer listens, as the reader will pass it to `tokio-console`.
pub fn console_addr() -> String {
    std::env::var("TOKIO_CONSOLE_BIND").unwrap_or_else(|_| CONSOLE_DEFAULT_BIND.to_owned())
}

/// The address of this process's console server once it accepts connections (it starts in a
/// thread of its own, so this waits up to a second for it); `None` if it was not started or
/// never listened. What a "run tokio-console" hint should wait for.
pub fn console_listening() -> Option<SocketAddr> {
    let addr = (*CONSOLE.get()?)?;
    (0..20).find_map(|_| {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(50)).is_ok() {
            Some(addr)
        } else {
            std::thread::sleep(Duration::from_millis(50));
            None
        }
    })
}
