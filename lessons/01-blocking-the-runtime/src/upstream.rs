//! The upstream: a stand-in for another service, which `/fetch-sync` and `/fetch` call over HTTP
//! the way Python code calls one with `requests.get` or `httpx.AsyncClient`.
//!
//! It answers `GET /slow?ms=N` after waiting N ms, as a remote API or a database behind HTTP
//! would. It runs on a thread and a runtime of its own: a remote service does not share our
//! workers, so when a handler blocks them, the upstream still answers on time, and all the
//! waiting we measure is our own.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::OnceLock;
use std::time::Duration;

use axum::extract::Query;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

/// Where the upstream listens; started on first use, then shared by every app in the process.
pub fn addr() -> anyhow::Result<SocketAddr> {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    if let Some(addr) = ADDR.get() {
        return Ok(*addr);
    }
    // Bound here, before the thread starts, so the address is known at once and a request sent
    // right after finds the port open (the kernel queues it until the server accepts).
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    if ADDR.set(addr).is_err() {
        // Another caller started one first; this listener closes unused.
        return Ok(*ADDR.get().expect("set by the other caller"));
    }
    std::thread::Builder::new()
        .name("upstream".into())
        .spawn(move || {
            if let Err(error) = serve(listener) {
                tracing::error!(%error, "the upstream stopped");
            }
        })?;
    Ok(addr)
}

/// The address the handlers ask for a reply that takes `ms` milliseconds.
pub fn slow_url(addr: SocketAddr, ms: u64) -> String {
    format!("http://{addr}/slow?ms={ms}")
}

fn serve(listener: TcpListener) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let router = Router::new().route("/slow", get(slow));
        axum::serve(listener, router).await?;
        anyhow::Ok(())
    })
}

#[derive(Deserialize)]
struct SlowParams {
    ms: u64,
}

/// Waits with a timer, so one upstream thread serves any number of slow requests at once.
async fn slow(Query(params): Query<SlowParams>) -> Json<serde_json::Value> {
    let ms = params.ms.min(crate::MAX_BLOCK_MS);
    tokio::time::sleep(Duration::from_millis(ms)).await;
    Json(serde_json::json!({ "waited_ms": ms }))
}
