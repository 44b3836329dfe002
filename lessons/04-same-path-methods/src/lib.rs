//! # Lesson 04: same path, different methods
//!
//! The third way to give one endpoint both a sync and an async implementation: give each its own
//! HTTP method on the same path. `GET /calc/{x}` is served by the sync implementation, which runs
//! on a blocking pool; `POST /calc/{x}` by the async one, which runs on the workers a slice
//! at a time and yields between slices. Both call one core module, [`calc`], so they can differ
//! only in where the answer is computed, never in what it is. Any other method gets axum's own
//! `405 Method Not Allowed` with an `Allow` header. The same pair exists with `x` in the query
//! string or the body instead of the path: `GET /calc?x=7` and `POST /calc` with `{"x": 7}`.
//! `GET /block?x=7` is the bug, on purpose: the sync implementation called inline, on the worker.
//!
//! When it is the right choice: the caller picks the implementation explicitly, the choice shows
//! in every access log line, each handler is a few lines that test on their own, and there is no
//! mode flag or header to validate. When it is not: the two methods are two public surfaces to
//! keep in step by hand. Here `power` is a query parameter for `GET` and a body field for `POST`;
//! every new parameter, check or error must be added to both, and clients must know which to
//! call. HTTP also gives the methods meanings (GET is safe and cacheable, POST is neither) that
//! have nothing to do with sync or async. If clients should not care how the answer is computed,
//! let one handler decide (lesson 02) or inject the implementation (lesson 03).
//!
//! Run with
//! ```not_rust
//! cargo run -p lesson-04-same-path-methods
//! cargo run --release -p lesson-04-same-path-methods -- demo
//! ```
//! Then try
//! ```not_rust
//! curl 127.0.0.1:3004/calc/7
//! curl --json '{}' 127.0.0.1:3004/calc/7
//! curl -X POST 127.0.0.1:3004/calc/7
//! curl '127.0.0.1:3004/calc/1000000?power=1'
//! curl --json '{"power": 1}' 127.0.0.1:3004/calc/1000000
//! curl '127.0.0.1:3004/calc?x=7&power=3'
//! curl --json '{"x": 7, "power": 3}' 127.0.0.1:3004/calc
//! curl '127.0.0.1:3004/block?x=10000000&power=1'
//! curl -i -X DELETE 127.0.0.1:3004/calc/7
//! ```

pub mod calc;
pub mod error;

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use blocking_pool::BlockingPool;
use serde::{Deserialize, Serialize};

use crate::calc::{CalcError, DEFAULT_POWER, Input, Sum};
use crate::error::{ApiError, Json, Path, Query};

/// Terms the async implementation adds between two yields (and the sync one between two looks
/// at its cancel flag): a few tens of microseconds of work, inside the usual advice of 10 to 100
/// microseconds between `.await`s.
pub const SLICE: u64 = 10_000;

// ANCHOR: routes
/// One path, two methods, two implementations; in both spellings of the input.
pub fn app() -> Router {
    app_with_pool(cpu_pool())
}

/// [`app`] with the sync calculations on `blocking_pool` (tests pass a full one to see the 503).
pub fn app_with_pool(blocking_pool: BlockingPool) -> Router {
    let state = AppState { blocking_pool };
    let router = Router::new()
        .route("/health", get(health))
        .route("/calc/{x}", get(get_calc).post(post_calc))
        .route("/calc", get(get_calc_query).post(post_calc_body))
        .route("/block", get(block))
        .with_state(state);
    // Also turns axum's bodiless 405 into JSON; its `Allow` header stays.
    error::json_errors(router)
}
// ANCHOR_END: routes

#[derive(Clone)]
struct AppState {
    /// Where the sync implementation runs; see [`cpu_pool`].
    blocking_pool: BlockingPool,
}

/// What both methods answer, and which implementation computed it.
#[derive(Debug, Serialize)]
pub struct Answer {
    pub x: u64,
    pub power: u32,
    pub answer: u64,
    /// "sync" (blocking pool), "async" (on the workers, in slices) or "inline" (on a worker, in
    /// one go: `/block`, the bug).
    pub by: &'static str,
}

// ANCHOR: inputs
/// The options of `/calc/{x}`: a query string for `GET`, a JSON body for `POST`. One struct for
/// both surfaces is the cheapest way to keep them in step.
/// Unknown fields are refused (400, naming the field), in the query as in the body: a misspelt
/// `powr=3` must not quietly compute squares. A body must be a JSON object (see [`Object`]).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    #[serde(default = "default_power")]
    power: u32,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            power: default_power(),
        }
    }
}

/// The input of `/calc` when `x` is not in the path.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    x: u64,
    #[serde(default = "default_power")]
    power: u32,
}
// ANCHOR_END: inputs

/// A JSON body that must be an object. serde's derived structs also accept an array of their
/// fields in order, so a plain `Json<Options>` would take `[1]` as `{"power": 1}`: no client means
/// that, and a wrong body should be told so (422, as any body of the wrong shape). It asks the
/// parser for a map, then lets `T` read that map's entries as it would read an object's, so
/// `T`'s own errors keep naming the field.
struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<T>(std::marker::PhantomData<T>);

        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Entries<T> {
            type Value = Object<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                map: M,
            ) -> Result<Self::Value, M::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Object)
            }
        }

        deserializer.deserialize_map(Entries(std::marker::PhantomData))
    }
}

fn default_power() -> u32 {
    DEFAULT_POWER
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

// ANCHOR: handlers
/// `GET /calc/{x}?power=p`: the sync implementation.
async fn get_calc(
    State(state): State<AppState>,
    Path(x): Path<u64>,
    Query(options): Query<Options>,
) -> Result<Json<Answer>, ApiError> {
    by_sync(&state, Input::new(x, options.power)?).await
}

/// `POST /calc/{x}` with `{"power": p}`, or no body at all: the async implementation.
async fn post_calc(
    Path(x): Path<u64>,
    options: Option<Json<Object<Options>>>,
) -> Result<Json<Answer>, ApiError> {
    // No body is no options, as a bare `GET /calc/{x}` is: `curl -X POST` works as it reads.
    let options = options.map_or_else(Options::default, |Json(Object(options))| options);
    by_async(Input::new(x, options.power)?).await
}

/// `GET /calc?x=7&power=p`: the sync implementation, `x` in the query.
async fn get_calc_query(
    State(state): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Json<Answer>, ApiError> {
    by_sync(&state, Input::new(params.x, params.power)?).await
}

/// `POST /calc` with `{"x": 7, "power": p}`: the async implementation, `x` in the body.
async fn post_calc_body(
    Json(Object(params)): Json<Object<Params>>,
) -> Result<Json<Answer>, ApiError> {
    by_async(Input::new(params.x, params.power)?).await
}
// ANCHOR_END: handlers

// ANCHOR: implementations
/// The sync implementation: the core driven to the end on the blocking pool, so the worker that
/// awaits it goes on serving other requests. Bounded by [`cpu_pool`]. Between slices it looks at
/// its cancel flag, as the async one yields: a client that hangs up stops the work.
async fn by_sync(state: &AppState, input: Input) -> Result<Json<Answer>, ApiError> {
    let answer = state
        .blocking_pool
        .run("GET /calc", move |cancel| {
            let mut sum = Sum::new(input);
            loop {
                cancel.check()?;
                if let Some(result) = sum.advance(SLICE) {
                    break Ok::<_, ApiError>(result?);
                }
            }
        })
        .await??;
    Ok(Json(Answer::new(input, answer, "sync")))
}

/// The async implementation: the same core, a slice of [`SLICE`] terms at a time, yielding to
/// the runtime in between, so no request holds a worker for more than one slice.
async fn by_async(input: Input) -> Result<Json<Answer>, ApiError> {
    let answer = blocking_pool::named("POST /calc", async move {
        let mut sum = Sum::new(input);
        loop {
            match sum.advance(SLICE) {
                Some(result) => break result,
                None => tokio::task::yield_now().await,
            }
        }
    })
    .await??;
    Ok(Json(Answer::new(input, answer, "async")))
}
// ANCHOR_END: implementations

// ANCHOR: block
/// THE BUG, ON PURPOSE: the sync implementation called inline in an async handler. The core runs
/// to its end in one call with no `.await` in it, so the worker is held for the whole sum, and
/// every request queued on it waits. The fix is either method of `/calc`: `GET` runs the same
/// call on the blocking pool, `POST` in slices that yield. (The work runs in a task named
/// "GET /block" only so tokio-console can label it; it blocks its worker all the same.)
async fn block(Query(params): Query<Params>) -> Result<Json<Answer>, ApiError> {
    let input = Input::new(params.x, params.power)?;
    let answer = blocking_pool::named("GET /block", async move { calc::compute(input) });
    Ok(Json(Answer::new(input, answer.await??, "inline")))
}
// ANCHOR_END: block

/// How many sync calculations may wait for a pool thread; past it, `GET` answers 503 at once
/// instead of queueing without limit (tokio's pool grows to 512 threads, then queues).
pub const MAX_WAITING: usize = 64;
/// How long a sync calculation may take, its wait for a thread included, before `GET` answers
/// 504 and the calculation is told to stop: a hundred times the tens of milliseconds the largest
/// input takes, so only a machine in trouble reaches it.
pub const DEADLINE: Duration = Duration::from_secs(5);

/// The blocking pool for CPU-bound work, as in lesson 02: a job per core but one, on threads that
/// keep off the workers' core at a lower priority (offloading frees the workers, not the cores),
/// up to [`MAX_WAITING`] jobs waiting their turn without holding a thread, and a [`DEADLINE`].
pub fn cpu_pool() -> BlockingPool {
    BlockingPool::for_cpu(MAX_WAITING).with_deadline(DEADLINE)
}

impl Answer {
    fn new(input: Input, answer: u64, by: &'static str) -> Self {
        Self {
            x: input.x(),
            power: input.power(),
            answer,
            by,
        }
    }
}

/// Out-of-range input is the client's mistake (400); a sum too big for 64 bits is a valid
/// request that cannot be carried out (422).
impl From<CalcError> for ApiError {
    fn from(error: CalcError) -> Self {
        match error {
            CalcError::XTooLarge(_) | CalcError::PowerOutOfRange(_) => {
                ApiError::bad_request(error.to_string())
            }
            CalcError::Overflow { .. } => ApiError::unprocessable(error.to_string()),
        }
    }
}
