//! A server on loopback with a watchdog, a plain HTTP/1.1 client, and waiting for events.

#![allow(dead_code)] // each test file uses its own part

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use axum::Router;
use blocking_watchdog::{StallEvent, Watchdog};
use tokio::sync::{broadcast, oneshot};

/// The threshold of the timing tests: the watchdog's default.
pub const THRESHOLD: Duration = Duration::from_millis(10);

/// Timing tests run one at a time: two of them spinning on a 2-core machine would measure each
/// other.
pub fn one_at_a_time() -> MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::new(());
    TURN.lock().unwrap_or_else(PoisonError::into_inner)
}

/// How the server's runtime is watched.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Watch {
    /// The layer alone, as on a stable toolchain.
    Layer,
    /// The layer and the runtime's task hooks (`tokio_unstable`).
    #[cfg(tokio_unstable)]
    Hooks,
}

/// `app` served on an ephemeral loopback port by a 2-worker runtime of its own.
pub struct Server {
    pub addr: SocketAddr,
    pub runtime: tokio::runtime::Handle,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Server {
    pub fn start(app: Router, watchdog: &Watchdog, watch: Watch) -> Self {
        let mut builder = tokio::runtime::Builder::new_multi_thread();
        builder.worker_threads(2).enable_all();
        #[cfg(tokio_unstable)]
        if watch == Watch::Hooks {
            watchdog.instrument(&mut builder);
        }
        let _ = (watchdog, watch);
        Self::on_runtime(&mut builder, app)
    }

    /// `app` served by the runtime `builder` builds, hooks and all, as the test set it up.
    pub fn on_runtime(builder: &mut tokio::runtime::Builder, app: Router) -> Self {
        let runtime = builder.build().unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let handle = runtime.handle().clone();
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = thread::spawn(move || {
            runtime.block_on(async {
                axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = stopped.await;
                    })
                    .await
                    .unwrap();
            });
        });
        Self {
            addr,
            runtime: handle,
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// One request on its own connection: the status line's code and the body.
pub fn request(addr: SocketAddr, method: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {answer:?}"));
    (status, body.to_owned())
}

/// `GET path` on a thread of its own, so the test can watch while it runs.
pub fn get_in_background(addr: SocketAddr, path: &str) -> thread::JoinHandle<(u16, String)> {
    let path = path.to_owned();
    thread::spawn(move || request(addr, "GET", &path))
}

/// The next event, or `None` after `patience`.
pub fn next_event(
    events: &mut broadcast::Receiver<StallEvent>,
    patience: Duration,
) -> Option<StallEvent> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    runtime
        .block_on(async { tokio::time::timeout(patience, events.recv()).await })
        .ok()
        .map(|event| event.expect("no event was missed"))
}

/// The threshold in milliseconds, as events give durations.
pub fn threshold_ms() -> f64 {
    THRESHOLD.as_secs_f64() * 1e3
}

/// How late the OS wakes a sleeping thread while a test runs: a thread sleeps a quarter
/// threshold (the watchdog's own period) again and again and keeps its worst oversleep.
pub struct Lateness {
    stop: Arc<AtomicBool>,
    thread: thread::JoinHandle<f64>,
}

impl Lateness {
    pub fn start() -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = thread::spawn(move || {
            let period = THRESHOLD / 4;
            let mut worst = Duration::ZERO;
            while !stopped.load(Ordering::Relaxed) {
                let asleep = Instant::now();
                thread::sleep(period);
                worst = worst.max(asleep.elapsed().saturating_sub(period));
            }
            worst.as_secs_f64() * 1e3
        });
        Self { stop, thread }
    }

    /// The worst lateness seen, in milliseconds.
    pub fn stop(self) -> f64 {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap()
    }
}

/// A handler's body that blocks its worker for `ms` milliseconds: what every stall of these
/// tests is made of.
pub async fn block(ms: u64) -> &'static str {
    std::thread::sleep(std::time::Duration::from_millis(ms));
    "slept"
}
