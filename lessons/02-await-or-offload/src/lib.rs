//! # Lesson 02: await or offload
//!
//! In FastAPI a keyword decides where an endpoint runs: `async def` on the event loop, `def` on a
//! thread pool. In axum every handler is `async`, so the decision moves into the handler, where it
//! can be made per request. `GET /calc/{x}` computes 1 + 2 + … + x in one of three ways:
//! `mode=sync` runs the sync implementation (a CPU loop) on a blocking pool; `mode=async`
//! awaits the async implementation (a remote call, with a timer standing in for the network);
//! `mode=auto`, the default, computes small x right here and sends big x to the pool. Why there:
//! a task may run 10-100 µs between two `.await`s before its neighbours notice (the rule of thumb
//! from Alice Ryhl's "Async: What is blocking?"), and a trip through the blocking pool costs
//! 15-20 µs (the book's stored run: 16.6 µs at the median); `demo` measures both on your machine.
//! `GET /def/calc/{x}` is FastAPI's `def` endpoint spelled out: a plain sync function made a
//! handler by [`offload`]. `GET /block?x=` is the bug, on purpose: the same sum computed on the
//! worker whatever its size, so the live page and `/metrics` can show what `auto` saves you from.
//!
//! Run with
//! ```not_rust
//! cargo run -p lesson-02-await-or-offload
//! cargo run --release -p lesson-02-await-or-offload -- demo
//! ```
//! Then try
//! ```not_rust
//! curl 127.0.0.1:3002/calc/7
//! curl '127.0.0.1:3002/calc/50000000?mode=auto'
//! curl '127.0.0.1:3002/calc/50000000?mode=sync'
//! curl '127.0.0.1:3002/calc/50000000?mode=async'
//! curl 127.0.0.1:3002/def/calc/50000000
//! curl '127.0.0.1:3002/block?x=50000000'
//! curl '127.0.0.1:3002/calc/7?mode=fast'
//! curl 127.0.0.1:3002/calc/7000000000
//! ```

mod calc;
pub mod error;
mod offload;

pub use calc::{CHUNK, MAX_X, REMOTE_ROUND_TRIP, sum_to, sum_to_remote};
pub use offload::{Offloaded, offload};

use std::time::Duration;

use axum::Router;
use axum::extract::{FromRef, State};
use axum::routing::get;
use blocking_pool::{BlockingPool, Cancel};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, Json, Path, Query};

/// `auto` runs x up to this inline: a few µs of work, below the 10 µs low end of the budget
/// between awaits and below a blocking-pool round trip. `demo` measures both.
pub const AUTO_INLINE_MAX_X: u64 = 10_000;
/// Jobs that may wait for a turn on the blocking pool; the next one gets a 503.
pub const POOL_QUEUE: usize = 32;
/// The largest x `/block` computes on its worker: a quarter of a second in a release build,
/// about ten in a debug one. Enough to see on the live page; [`MAX_X`] would hold a debug
/// build's worker for more than a minute.
pub const MAX_BLOCK_X: u64 = 1_000_000_000;
/// How long a job may take, its wait for a slot included, before the client gets a 504 and the
/// job is cancelled: three times what the largest x allowed ([`MAX_X`]) took in a release build
/// (3.3 s), so only a machine in trouble reaches it.
pub const DEADLINE: Duration = Duration::from_secs(10);

// ANCHOR: routes
/// The lesson's routes, with the default threshold and pool.
pub fn app() -> Router {
    app_with(AUTO_INLINE_MAX_X, cpu_pool())
}

/// The blocking pool for CPU work: `spawn_blocking` behind two bounds. Offloading frees the
/// workers, not the cores: with every core busy computing, a worker woken by a request waits for
/// one. So jobs run on one core fewer than the machine has, on threads a little below the
/// workers' priority (`blocking_pool::Priority`); the rest wait their turn (holding no thread)
/// or, past [`POOL_QUEUE`], get a 503 with `Retry-After`. Every job has a deadline (a 504 past
/// it) and is cancelled when its client hangs up. `demo` measures the priority against the
/// workers' own and the lowest there is, on a quiet machine and beside busy loops.
pub fn cpu_pool() -> BlockingPool {
    BlockingPool::for_cpu(POOL_QUEUE).with_deadline(DEADLINE)
}

/// The routes with a chosen `auto` threshold and pool (the demo and the tests turn both).
pub fn app_with(inline_max_x: u64, pool: BlockingPool) -> Router {
    let state = AppState { pool, inline_max_x };
    let router = Router::new()
        .route("/health", get(health))
        .route("/calc/{x}", get(calc))
        .route("/def/calc/{x}", get(offload("GET /def/calc", calc_def)))
        .route("/block", get(block))
        .with_state(state);
    // JSON for the errors axum makes by itself too (an unknown path, a wrong method).
    error::json_errors(router)
}
// ANCHOR_END: routes

#[derive(Clone, FromRef)]
struct AppState {
    /// The bounded blocking pool every offloaded job goes through.
    pool: BlockingPool,
    /// `auto` computes x up to this on the worker.
    #[from_ref(skip)]
    inline_max_x: u64,
}

/// How `/calc/{x}` should run the work.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Sync,
    Async,
    #[default]
    Auto,
}

/// The query of `/calc/{x}`. A parameter it does not know is refused (400, naming it) rather
/// than ignored: `?mdoe=sync` would otherwise run in `auto` and look as if it worked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CalcQuery {
    #[serde(default)]
    mode: Mode,
}

/// The answer, and where it was computed, so the client can see what `auto` chose.
#[derive(Debug, Serialize, Deserialize)]
pub struct Answer {
    pub x: u64,
    pub ran: Ran,
    pub sum: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ran {
    Inline,
    BlockingPool,
    Awaited,
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

// ANCHOR: calc
/// One async handler, one logic, three ways to run it.
async fn calc(
    State(state): State<AppState>,
    Path(x): Path<u64>,
    Query(query): Query<CalcQuery>,
) -> Result<Json<Answer>, ApiError> {
    let x = fits(x)?;
    let (ran, sum) = match query.mode {
        // A few µs of work: cheaper to do here than to hand to another thread and wait.
        // (Nobody can cancel it: it is over before anyone could ask.)
        Mode::Auto if x <= state.inline_max_x => (Ran::Inline, sum_to(x, &Cancel::default())?),
        // Work that would hold the worker past its budget goes to the pool; `sync` always does,
        // as FastAPI's `def` always runs on its thread pool.
        Mode::Auto | Mode::Sync => {
            // The job stops early if its flag is raised: the client hung up, or the deadline
            // passed (then the answer is a 504).
            let job = state
                .pool
                .run("GET /calc (blocking pool)", move |cancel| sum_to(x, cancel));
            (Ran::BlockingPool, job.await??)
        }
        // An async implementation yields while it waits, so awaiting it here blocks nothing:
        // I/O never needs the pool, whatever its size.
        Mode::Async => {
            let job = blocking_pool::named("GET /calc (awaiting remote)", sum_to_remote(x));
            (Ran::Awaited, job.await?)
        }
    };
    let sum = sum.ok_or_else(|| too_large(x))?;
    Ok(Json(Answer { x, ran, sum }))
}
// ANCHOR_END: calc

// ANCHOR: def
/// Written as FastAPI's `def calc(x: int)` would be: no `async`, free to block, and given the
/// flag that says its client has gone.
fn calc_def(
    (Path(x), Query(NoQuery {})): DefInput,
    cancel: &Cancel,
) -> Result<Json<Answer>, ApiError> {
    let sum = sum_to(fits(x)?, cancel)?.ok_or_else(|| too_large(x))?;
    let ran = Ran::BlockingPool;
    Ok(Json(Answer { x, ran, sum }))
}
// ANCHOR_END: def

// ANCHOR: block
/// THE BUG, ON PURPOSE: a big sum computed right here, as `auto` would compute it without its
/// threshold (the demo's "inline (the bug)"). `sum_to` never reaches an `.await`, so the worker
/// is held for the whole sum, and every request queued on it waits. The fix is the same x
/// through `/calc/{x}`, whose `auto` and `sync` send it to the blocking pool. (The work runs in a
/// task named "GET /block" only so tokio-console can label it; it blocks its worker all the same.)
async fn block(Query(BlockQuery { x }): Query<BlockQuery>) -> Result<Json<Answer>, ApiError> {
    if x > MAX_BLOCK_X {
        return Err(ApiError::bad_request(format!(
            "x must be at most {MAX_BLOCK_X} on /block, got {x}"
        )));
    }
    // Nobody can cancel it: the worker that would notice is the one it holds.
    let never = Cancel::default();
    let sum = blocking_pool::named("GET /block", async move { sum_to(x, &never) }).await??;
    let sum = sum.ok_or_else(|| too_large(x))?;
    let ran = Ran::Inline;
    Ok(Json(Answer { x, ran, sum }))
}
// ANCHOR_END: block

/// The query of `/block`: `x`, and nothing else (a parameter it does not know is refused).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BlockQuery {
    x: u64,
}

/// What `/def/calc/{x}` extracts, as one extractor (a tuple of them is one): `x`, and a query
/// that must be empty, since a parameter the route does not know is refused (400, naming it)
/// in every lesson.
type DefInput = (Path<u64>, Query<NoQuery>);

/// No parameters at all.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoQuery {}

/// Refuses before working: the loop's checked arithmetic would catch the overflow, after seconds.
fn fits(x: u64) -> Result<u64, ApiError> {
    if x > MAX_X { Err(too_large(x)) } else { Ok(x) }
}

fn too_large(x: u64) -> ApiError {
    ApiError::unprocessable(format!(
        "x = {x} is too large: the sum overflows past x = {MAX_X}"
    ))
}
