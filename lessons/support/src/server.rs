//! Serving a lesson's router: in the foreground for `cargo run`, in the background for demos and
//! tests.

use std::future::Future;
use std::net::SocketAddr;
use std::thread;

use anyhow::Context;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// Serves `app` on `listener` until `shutdown` completes, then lets in-flight requests finish.
///
/// The shutdown signal is a parameter, not Ctrl-C baked in, so a test or a demo can start the very
/// same server on port 0 and stop it when it is done. The blocking watchdog names each request
/// and answers on `/debug/blocking` (see [`crate::watchdog`]).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, crate::watchdog::mount(app))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Completes on Ctrl-C (SIGINT), the shutdown signal of a server run from a terminal.
pub async fn ctrl_c() {
    if let Err(error) = tokio::signal::ctrl_c().await {
        // Without a signal handler the server can still be killed; it just cannot drain.
        tracing::warn!(%error, "cannot listen for Ctrl-C");
        std::future::pending::<()>().await;
    }
}

/// A lesson server on a runtime of its own, on an ephemeral loopback port.
///
/// Demos and timing tests need the server's workers and the load client's to be different
/// threads: a client sharing the blocked workers would measure its own stall, not the server's.
/// Dropping the value shuts the server down and joins its thread.
pub struct BackgroundServer {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<thread::JoinHandle<std::io::Result<()>>>,
}

impl BackgroundServer {
    /// Starts `app` on a runtime with `workers` worker threads.
    pub fn start(app: Router, workers: usize) -> anyhow::Result<Self> {
        let runtime = crate::runtime::multi_thread(workers).context("building server runtime")?;
        let listener = runtime
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .context("binding 127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = thread::Builder::new()
            .name("lesson-server".into())
            .spawn(move || {
                runtime.block_on(serve(listener, app, async {
                    // A dropped sender means the same as a sent stop.
                    let _ = stopped.await;
                }))
            })
            .context("spawning server thread")?;
        Ok(Self {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The loopback address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for BackgroundServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            match thread.join() {
                Ok(Ok(())) => {}
                Ok(Err(error)) => tracing::warn!(%error, "background server failed"),
                Err(_) => tracing::warn!("background server thread panicked"),
            }
        }
    }
}
