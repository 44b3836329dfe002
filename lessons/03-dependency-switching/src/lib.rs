//! # Lesson 03: dependency switching
//!
//! The second way to give one endpoint both a sync and an async implementation: the handler
//! depends on an abstraction, [`Calculator`], whose one method always hands back a future (the
//! async face), and which implementation stands behind it is injected. At start-up, from
//! `--backend` or the `LESSON_03_BACKEND` variable; per request, from the `x-backend` header,
//! read by a custom extractor ([`Backend`]); in tests, by putting a fake in the router's state.
//! The handler is written once and never learns which one it got. FastAPI's `Depends` plays the
//! same role; here the dependency is a value in the router's state.
//!
//! Three implementations ship with the lesson:
//! - `sqlite`: a real sync component, SQLite through rusqlite, made a good future by running it
//!   on a blocking pool: one query per core but one, on threads that give way to the workers, the
//!   others waiting their turn, and 503 past [`MAX_WAITING`] of them: [`sqlite::Offloaded`];
//! - `async`: natively async, the same sum in slices that yield to the runtime between them:
//!   [`in_slices::InSlices`];
//! - `sqlite-inline`: the bug, on purpose, [`sqlite::Inline`]: the same SQLite call inside the
//!   future. It compiles and satisfies the trait, and it blocks a worker for the whole query. The
//!   `demo` measures the difference.
//!
//! And `GET /block?x=`, the bug without the face: the handler calls SQLite itself, on its worker,
//! as lesson 01's `/block` sleeps there. Injection cannot save a handler that skips it.
//!
//! ## Why the face must be a future
//! The handler awaits whatever it is given. A sync implementation that hands back its answer
//! itself cannot stand behind that face, because a value is not a future. This does not compile
//! (`error[E0277]: i64 is not a future`; stable rustdoc checks only that it fails, so the two
//! listings share the function and the handler is the only thing that differs):
//! ```compile_fail,E0277
#![doc = include_str!("../listings/sum_of_squares.rs")]
#![doc = include_str!("../listings/await_a_plain_value.rs")]
//! ```
//! Turning the blocking call into a future is the adapter's job, not the handler's, and the
//! blocking pool is what makes that future a good one. This compiles and runs:
//! ```
#![doc = include_str!("../listings/sum_of_squares.rs")]
#![doc = include_str!("../listings/offload_to_a_future.rs")]
#![doc = include_str!("../listings/run_the_handler.rs")]
//! ```
//!
//! Run with
//! ```not_rust
//! cargo run -p lesson-03-dependency-switching
//! cargo run -p lesson-03-dependency-switching -- --backend async
//! cargo run --release -p lesson-03-dependency-switching -- demo
//! ```
//! Then try
//! ```not_rust
//! curl 127.0.0.1:3003/backends
//! curl 127.0.0.1:3003/calc/7
//! curl -H 'x-backend: async' 127.0.0.1:3003/calc/7
//! curl -H 'x-backend: sqlite' 127.0.0.1:3003/calc/100000
//! curl -H 'x-backend: sqlite-inline' 127.0.0.1:3003/calc/100000
//! curl '127.0.0.1:3003/block?x=100000'
//! curl -H 'x-backend: oracle' 127.0.0.1:3003/calc/7
//! ```

pub mod error;
pub mod in_slices;
pub mod sqlite;

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::routing::get;
use blocking_pool::{BlockingPool, Cancel};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, Json, Path, Query};
use crate::sqlite::Sqlite;

/// The header that picks an implementation for one request.
pub const BACKEND_HEADER: &str = "x-backend";
/// The largest `x` accepted: it bounds the work of one request (SQLite needs about a second).
pub const MAX_X: u64 = 4_000_000;

/// The names of the implementations that ship with the lesson.
pub const SQLITE: &str = "sqlite";
pub const ASYNC: &str = "async";
pub const SQLITE_INLINE: &str = "sqlite-inline";
pub const STANDARD: [&str; 3] = [SQLITE, ASYNC, SQLITE_INLINE];

// ANCHOR: routes
/// The lesson's routes, over whichever implementations `backends` holds.
pub fn app(backends: Backends) -> Router {
    // The bug's route calls SQLite itself, so its state is a database, not the backends.
    let db = Arc::new(Sqlite::on_demand());
    let router = Router::new()
        .route("/health", get(health))
        .route("/backends", get(list_backends))
        .route("/calc/{x}", get(calc))
        .route("/block", get(block).with_state(db))
        .with_state(backends);
    // JSON for the errors axum makes by itself too (an unknown path, a wrong method).
    error::json_errors(router)
}
// ANCHOR_END: routes

/// The answer, and which implementation gave it.
#[derive(Debug, Serialize)]
pub struct Answer {
    pub x: u64,
    pub answer: i64,
    pub backend: &'static str,
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

/// What a client may put in `x-backend`, and what it gets without it.
async fn list_backends(State(backends): State<Backends>) -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "header": BACKEND_HEADER,
        "backends": backends.names(),
        "default": backends.default,
    }))
}

// ANCHOR: handler
/// One handler for every implementation: it awaits the face and never asks what is behind it.
async fn calc(
    backend: Backend,
    Path(x): Path<u64>,
    Query(NoOptions {}): Query<NoOptions>,
) -> Result<Json<Answer>, ApiError> {
    let x = checked_x(x)?;
    let answer = backend.calculator.sum_of_squares(x).await?;
    Ok(Json(Answer {
        x,
        answer,
        backend: backend.name,
    }))
}
// ANCHOR_END: handler

// ANCHOR: block
/// THE BUG, ON PURPOSE: the handler calls the sync implementation itself, with no face and no
/// adapter in between. [`Sqlite::sum_of_squares`] waits for SQLite on the thread that calls it,
/// and here that thread is a worker, held for the whole query as lesson 01's `/block` holds it
/// with a sleep. The fix is the same query through the face, behind the offloading adapter:
/// `/calc/{x}` with `x-backend: sqlite`. (The query runs in a task named "GET /block" only so
/// tokio-console can label it; it blocks its worker all the same.)
async fn block(
    State(db): State<Arc<Sqlite>>,
    Query(BlockQuery { x }): Query<BlockQuery>,
) -> Result<Json<Answer>, ApiError> {
    let x = checked_x(x)?;
    // Nobody can cancel it: the worker that would notice is the one it holds.
    let never = Cancel::default();
    let query = blocking_pool::named("GET /block", async move { db.sum_of_squares(x, &never) });
    let answer = query.await??;
    let backend = "sqlite, called in the handler";
    Ok(Json(Answer { x, answer, backend }))
}
// ANCHOR_END: block

/// The query of `/block`: `x`, and nothing else (a parameter it does not know is refused).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BlockQuery {
    x: u64,
}

/// Refuses an `x` past [`MAX_X`] before any work: it bounds what one request costs.
fn checked_x(x: u64) -> Result<u64, ApiError> {
    if x > MAX_X {
        return Err(ApiError::bad_request(format!(
            "x must be at most {MAX_X}, got {x}"
        )));
    }
    Ok(x)
}

/// `/calc/{x}` takes no query: a parameter is refused (400, naming it) as in every lesson, so
/// `?backend=sqlite` cannot look as if it chose the backend (the header does).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoOptions {}

// ANCHOR: face
/// What every implementation hands back: a future of the answer. It is boxed so that
/// implementations of every kind fit behind one `dyn Calculator`, and `Send` so that axum can
/// run the handler on any worker.
pub type CalcFuture = Pin<Box<dyn Future<Output = Result<i64, ApiError>> + Send>>;

/// The async face: one method, and it always returns a future (see the crate docs for why).
pub trait Calculator: Send + Sync {
    /// The sum of the squares from 1 to `x`; a 422 error when it does not fit in an `i64`.
    fn sum_of_squares(&self, x: u64) -> CalcFuture;
}
// ANCHOR_END: face

/// The error every implementation gives for a sum past `i64::MAX` (SQLite's integer).
pub fn overflow(x: u64) -> ApiError {
    ApiError::unprocessable(format!(
        "the sum of the squares up to {x} does not fit in 64 bits"
    ))
}

// ANCHOR: injection
/// The router's state: the implementations a request may pick by name, and the default.
#[derive(Clone)]
pub struct Backends {
    by_name: Arc<BTreeMap<&'static str, Arc<dyn Calculator>>>,
    default: &'static str,
}

/// The implementation one request runs on.
pub struct Backend {
    pub name: &'static str,
    pub calculator: Arc<dyn Calculator>,
}

/// Injection per request: the `x-backend` header names an implementation; without it, the
/// default chosen at start-up. A name that is not known is the client's mistake: 400.
impl FromRequestParts<Backends> for Backend {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, backends: &Backends) -> Result<Self, ApiError> {
        let mut values = parts.headers.get_all(BACKEND_HEADER).iter();
        let name = match (values.next(), values.next()) {
            (None, _) => backends.default,
            (Some(value), None) => value.to_str().map_err(|_| {
                ApiError::bad_request(format!("{BACKEND_HEADER} must be plain ASCII text"))
            })?,
            (Some(_), Some(_)) => {
                return Err(ApiError::bad_request(format!(
                    "{BACKEND_HEADER} must be given at most once"
                )));
            }
        };
        backends
            .pick(name)
            .map_err(|unknown| ApiError::bad_request(format!("{BACKEND_HEADER}: {unknown}")))
    }
}
// ANCHOR_END: injection

/// A name that is not among the implementations.
#[derive(Debug, thiserror::Error)]
#[error("unknown backend `{name}`; valid backends: {valid}")]
pub struct UnknownBackend {
    name: String,
    valid: String,
}

/// How many SQLite calls may wait for a pool thread; past it, 503 at once.
pub const MAX_WAITING: usize = 64;
/// How long an offloaded SQLite call may take, its wait for a thread included, before the client
/// gets a 504 and the query is interrupted: five times the largest `x`'s second, so only a
/// machine in trouble reaches it.
pub const DEADLINE: Duration = Duration::from_secs(5);

impl Backends {
    /// The implementations in `backends`, by name; requests that name none get `default`.
    pub fn new(
        default: &str,
        backends: impl IntoIterator<Item = (&'static str, Arc<dyn Calculator>)>,
    ) -> Result<Self, UnknownBackend> {
        let mut all = Self {
            by_name: Arc::new(backends.into_iter().collect()),
            default: "",
        };
        all.default = all.pick(default)?.name;
        Ok(all)
    }

    /// The implementations that ship with the lesson: [`STANDARD`].
    pub fn standard(default: &str) -> anyhow::Result<Self> {
        // The query is CPU work: a job per core but one, on threads a little below the
        // workers' priority that keep off their core (offloading frees the workers, not the
        // cores); the others wait their turn holding no thread.
        let pool = BlockingPool::for_cpu(MAX_WAITING).with_deadline(DEADLINE);
        Self::standard_on(default, pool)
    }

    /// [`Backends::standard`] with the offloaded SQLite calls on `pool` (tests shrink it).
    pub fn standard_on(default: &str, pool: BlockingPool) -> anyhow::Result<Self> {
        // A connection per core: enough for the pool's jobs and for the inline bug's workers.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let db = Arc::new(sqlite::Sqlite::open(cores)?);
        let offloaded = sqlite::Offloaded {
            db: db.clone(),
            pool,
        };
        let backends: [(&'static str, Arc<dyn Calculator>); 3] = [
            (SQLITE, Arc::new(offloaded)),
            (ASYNC, Arc::new(in_slices::InSlices)),
            (SQLITE_INLINE, Arc::new(sqlite::Inline { db })),
        ];
        Ok(Self::new(default, backends)?)
    }

    /// The names a request may give, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.by_name.keys().copied().collect()
    }

    /// The implementation called `name`.
    pub fn pick(&self, name: &str) -> Result<Backend, UnknownBackend> {
        match self.by_name.get_key_value(name) {
            Some((name, calculator)) => Ok(Backend {
                name,
                calculator: calculator.clone(),
            }),
            None => Err(UnknownBackend {
                name: name.to_owned(),
                valid: self.names().join(", "),
            }),
        }
    }
}
