//! # Lesson 01: blocking the runtime
//!
//! Every axum handler is `async`. It runs on one of the runtime's few worker threads, and those
//! threads take turns only at `.await` points. A handler that calls a blocking function (a sleep,
//! a sync file or database call, a long computation) keeps its worker until the call returns, and
//! every other request queued on that worker waits, even `/health`, which has nothing to do.
//! FastAPI's docs warn of the same thing for `async def`; in axum *every* handler is async, so the
//! choice is always yours.
//!
//! Each pitfall here has its fix beside it: `/block` sleeps on the worker, `/offload` sleeps on
//! tokio's blocking pool; `/cpu` computes on the worker, `/cpu-offload` on the pool;
//! `/fetch-sync` calls another service with a sync HTTP client (Python's `requests.get`),
//! `/fetch` with an async one (`httpx.AsyncClient`). The `demo`
//! subcommand measures what that does to `/health`; tokio-console shows it as it happens.
//!
//! Run with
//! ```not_rust
//! cargo run -p lesson-01-blocking-the-runtime
//! cargo run --release -p lesson-01-blocking-the-runtime -- demo
//! ```
//! Then try
//! ```not_rust
//! curl 127.0.0.1:3001/health
//! curl '127.0.0.1:3001/block?ms=200'
//! curl '127.0.0.1:3001/offload?ms=200'
//! curl '127.0.0.1:3001/cpu?n=50000000'
//! curl '127.0.0.1:3001/cpu-offload?n=50000000'
//! curl '127.0.0.1:3001/fetch-sync?ms=200'
//! curl '127.0.0.1:3001/fetch?ms=200'
//! ```

pub mod error;
mod upstream;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use blocking_pool::{Cancel, Cancelled};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

use crate::error::{ApiError, Json, Query};

/// The longest sleep a request may ask for: a demo should block the runtime, not hang it.
pub const MAX_BLOCK_MS: u64 = 5_000;
/// The most rounds `/cpu` will spin: 3.5 s in a release build, well inside [`DEADLINE`].
pub const MAX_CPU_ROUNDS: u64 = 1_000_000_000;
/// How many offloaded jobs may run at once. Tokio's blocking pool grows to 512 threads and then
/// queues without limit; a bound in front turns overload into a quick 503 instead.
pub const MAX_OFFLOADED: usize = 64;
/// How long an offloaded job may run before its client gets a 504 and the job is told to stop:
/// twice the longest sleep a request may ask for, so only a machine in trouble reaches it.
pub const DEADLINE: Duration = Duration::from_millis(2 * MAX_BLOCK_MS);

// ANCHOR: routes
/// The lesson's routes: each pitfall beside its fix.
pub fn app() -> Router {
    let state = AppState::new(MAX_OFFLOADED);
    let router = Router::new()
        .route("/health", get(health))
        .route("/block", get(block))
        .route("/offload", get(offload))
        .route("/cpu", get(cpu))
        .route("/cpu-offload", get(cpu_offload))
        .route("/fetch-sync", get(fetch_sync))
        .route("/fetch", get(fetch))
        .with_state(state);
    // JSON for the errors axum makes by itself too (an unknown path, a wrong method).
    error::json_errors(router)
}
// ANCHOR_END: routes

#[derive(Clone)]
struct AppState {
    /// Permits for work sent to the blocking pool; see [`MAX_OFFLOADED`].
    offload_permits: Arc<Semaphore>,
    /// The stand-in remote service the `/fetch` routes call (or why it could not start).
    upstream: Result<SocketAddr, Arc<str>>,
    /// The async HTTP client, one for the whole app: it keeps a pool of connections to reuse.
    client: reqwest::Client,
}

impl AppState {
    fn new(max_offloaded: usize) -> Self {
        Self {
            offload_permits: Arc::new(Semaphore::new(max_offloaded)),
            upstream: upstream::addr().map_err(|error| error.to_string().into()),
            client: reqwest::Client::new(),
        }
    }

    /// The upstream's address for a reply that takes `ms`; a 502 if it never started.
    fn upstream_url(&self, ms: u64) -> Result<String, ApiError> {
        match &self.upstream {
            Ok(addr) => Ok(upstream::slow_url(*addr, ms)),
            Err(error) => Err(bad_gateway(error)),
        }
    }
}

fn bad_gateway(error: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        StatusCode::BAD_GATEWAY,
        format!("the upstream failed: {error}"),
    )
}

/// What a sleeping route did, so the client can see where its time went.
#[derive(Debug, Serialize, Deserialize)]
pub struct Slept {
    pub route: String,
    pub slept_ms: u64,
}

/// What a computing route did.
#[derive(Debug, Serialize, Deserialize)]
pub struct Computed {
    pub route: String,
    pub rounds: u64,
    pub result: u64,
    pub elapsed_ms: f64,
}

/// A parameter a route does not know is refused (400, naming it), as in every lesson: `?sm=10`
/// must not look as if it worked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SleepParams {
    ms: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CpuParams {
    n: u64,
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

// ANCHOR: block
/// THE BUG, ON PURPOSE: `std::thread::sleep` inside an async handler.
///
/// The sleep does not yield: the worker that polls this future is gone for `ms` milliseconds,
/// and so is every task waiting for that worker. With two workers, two such requests stop the
/// whole server. (The work runs in a task named "GET /block" only so tokio-console can label it;
/// it blocks its worker exactly as it would inline.)
async fn block(Query(params): Query<SleepParams>) -> Result<Json<Slept>, ApiError> {
    let ms = checked_ms(params.ms)?;
    let job = blocking_pool::named("GET /block", async move {
        std::thread::sleep(Duration::from_millis(ms));
        slept("/block", ms)
    });
    let slept = job.await?;
    Ok(Json(slept))
}
// ANCHOR_END: block

// ANCHOR: offload
/// The fix: the same sleep on tokio's blocking pool. The handler awaits the job, which yields,
/// so the worker goes on serving everyone else while a pool thread sleeps. The sleep is one that
/// ends early if the job is cancelled (see [`AppState::offload`]).
async fn offload(
    State(state): State<AppState>,
    Query(params): Query<SleepParams>,
) -> Result<Json<Slept>, ApiError> {
    let ms = checked_ms(params.ms)?;
    let job = state.offload(move |cancel| {
        cancel.sleep(Duration::from_millis(ms))?;
        Ok(slept("/offload", ms))
    });
    Ok(Json(job.await?))
}
// ANCHOR_END: offload

// ANCHOR: cpu
/// The bug nothing announces: no sleep, no I/O, just a loop. It never reaches an `.await`, so it
/// holds its worker exactly as `/block` does.
async fn cpu(Query(params): Query<CpuParams>) -> Result<Json<Computed>, ApiError> {
    let rounds = checked_rounds(params.n)?;
    // Nobody could cancel it: the worker that would notice is the one it holds.
    let never = Cancel::default();
    blocking_pool::named("GET /cpu", async move { spin("/cpu", rounds, &never) })
        .await?
        .map(Json)
        .map_err(ApiError::from)
}

/// The fix for computation is the same as for sleeping: the blocking pool.
async fn cpu_offload(
    State(state): State<AppState>,
    Query(params): Query<CpuParams>,
) -> Result<Json<Computed>, ApiError> {
    let rounds = checked_rounds(params.n)?;
    let job = state.offload(move |cancel| Ok(spin("/cpu-offload", rounds, cancel)?));
    Ok(Json(job.await?))
}
// ANCHOR_END: cpu

// ANCHOR: fetch
/// THE BUG, in the FastAPI article's words: `requests.get` inside `async def`. `ureq` is a sync
/// HTTP client: `call()` waits for the upstream's answer on the worker, exactly as
/// `std::thread::sleep` does in `/block`, though nothing in the code says "sleep".
async fn fetch_sync(
    State(state): State<AppState>,
    Query(params): Query<SleepParams>,
) -> Result<Json<Slept>, ApiError> {
    let url = state.upstream_url(checked_ms(params.ms)?)?;
    ureq::get(&url).call().map_err(bad_gateway)?;
    Ok(Json(slept("/fetch-sync", params.ms)))
}

/// The fix: an async client (`reqwest`, what `httpx.AsyncClient` is to Python). Waiting for the
/// answer is an `.await`, so the worker serves everyone else meanwhile; no thread is needed.
async fn fetch(
    State(state): State<AppState>,
    Query(params): Query<SleepParams>,
) -> Result<Json<Slept>, ApiError> {
    let url = state.upstream_url(checked_ms(params.ms)?)?;
    let response = state.client.get(&url).timeout(DEADLINE).send().await;
    response
        .and_then(reqwest::Response::error_for_status)
        .map_err(bad_gateway)?;
    Ok(Json(slept("/fetch", params.ms)))
}
// ANCHOR_END: fetch

// ANCHOR: recipe
impl AppState {
    /// `spawn_blocking`, done so that it holds in production. Three things around the one call:
    /// later lessons use the same recipe as a crate of its own, `blocking_pool::BlockingPool`.
    async fn offload<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&Cancel) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        // 1. A bound: past MAX_OFFLOADED jobs, a 503 with Retry-After at once. Tokio's pool would
        //    queue them without limit and finish them long after their clients gave up.
        let permit = self
            .offload_permits
            .clone()
            .try_acquire_owned()
            .map_err(|_| ApiError::overloaded("too many offloaded jobs; retry later"))?;
        // 2. A way to stop: a thread cannot be interrupted, so the job gets a flag to look at,
        //    raised when this future ends for any reason, including being dropped because the
        //    client hung up. The permit goes with the job: its slot is free when the job returns.
        let cancel = Cancel::default();
        let _raise_on_exit = cancel.on_drop();
        let job = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work(&cancel)
        });
        // 3. A deadline: past it the client gets a 504, and leaving raises the flag.
        match tokio::time::timeout(DEADLINE, job).await {
            Ok(finished) => finished.map_err(ApiError::internal)?,
            Err(_) => Err(ApiError::timed_out(format!(
                "the job took longer than {} ms and was cancelled",
                DEADLINE.as_millis()
            ))),
        }
    }
}
// ANCHOR_END: recipe

fn checked_ms(ms: u64) -> Result<u64, ApiError> {
    if ms > MAX_BLOCK_MS {
        return Err(ApiError::bad_request(format!(
            "ms must be at most {MAX_BLOCK_MS}, got {ms}"
        )));
    }
    Ok(ms)
}

fn checked_rounds(n: u64) -> Result<u64, ApiError> {
    if n == 0 || n > MAX_CPU_ROUNDS {
        return Err(ApiError::bad_request(format!(
            "n must be between 1 and {MAX_CPU_ROUNDS}, got {n}"
        )));
    }
    Ok(n)
}

fn slept(route: &str, ms: u64) -> Slept {
    Slept {
        route: route.to_owned(),
        slept_ms: ms,
    }
}

// ANCHOR: spin
/// CPU work with no I/O in it: `rounds` steps of a 64-bit mixing function (splitmix64). Each
/// step depends on the last, so the compiler cannot skip or vectorise the loop. Every
/// [`ROUNDS_PER_CHECK`] rounds it looks at `cancel` and gives up if it is raised.
fn spin(route: &str, rounds: u64, cancel: &Cancel) -> Result<Computed, Cancelled> {
    let started = Instant::now();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for round in 0..rounds {
        if round % ROUNDS_PER_CHECK == 0 {
            cancel.check()?;
        }
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        x = z ^ (z >> 31);
    }
    Ok(Computed {
        route: route.to_owned(),
        rounds,
        result: x,
        elapsed_ms: started.elapsed().as_secs_f64() * 1e3,
    })
}
// ANCHOR_END: spin

/// Rounds between two looks at the cancel flag: tens of microseconds in a release build.
const ROUNDS_PER_CHECK: u64 = 1 << 16;

#[cfg(test)]
mod tests {
    use super::*;

    /// A state whose bound admits one job, so a freed permit is plain to see.
    fn one_permit() -> AppState {
        AppState::new(1)
    }

    #[tokio::test]
    async fn a_dropped_offload_stops_its_sleep_and_frees_its_permit() {
        let state = one_permit();
        let caller = tokio::spawn({
            let state = state.clone();
            async move {
                let ten_minutes = Duration::from_secs(600);
                state
                    .offload(move |cancel| Ok(cancel.sleep(ten_minutes)?))
                    .await
            }
        });
        while state.offload_permits.available_permits() == 1 {
            tokio::task::yield_now().await;
        }
        // The client hangs up: axum drops the handler's future, as abort does here.
        caller.abort();
        let _ = caller.await;
        // The permit comes back only when the job returns; a ten-minute sleep that was not cut
        // short would hold it for ten minutes.
        let waited = tokio::time::timeout(Duration::from_secs(60), async {
            while state.offload_permits.available_permits() == 0 {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        });
        assert!(waited.await.is_ok(), "the permit never came back");
    }

    #[tokio::test]
    async fn past_the_bound_is_a_503_with_retry_after() {
        let state = one_permit();
        let _held = state.offload_permits.clone().try_acquire_owned().unwrap();
        let refused = state.offload(|_| Ok(())).await.unwrap_err();
        assert_eq!(refused.status, axum::http::StatusCode::SERVICE_UNAVAILABLE);
        assert!(refused.retry_after.is_some());
    }

    #[test]
    fn a_raised_flag_stops_the_spin() {
        let cancel = Cancel::default();
        cancel.cancel();
        assert_eq!(
            spin("/cpu-offload", MAX_CPU_ROUNDS, &cancel).err(),
            Some(Cancelled)
        );
    }
}
