//! The `offload` adapter: a plain sync function as an axum handler.

use std::future::Future;
use std::pin::Pin;

use axum::extract::State;
use blocking_pool::BlockingPool;

use crate::error::ApiError;
use blocking_pool::Cancel;

// ANCHOR: offload
/// Makes a plain sync function a handler that runs on the bounded blocking pool: the explicit
/// counterpart of FastAPI's `def` endpoints. axum extracts the argument (`Path<u64>`, `Query<T>`,
/// any one extractor) on the worker; then `f` runs on a pool thread, free to block. The pool
/// comes from the router's state, so its bound and its deadline cover these handlers too.
///
/// One thing a Python `def` does not get: a [`Cancel`] flag, raised when the client hangs up or
/// the deadline passes. A thread cannot be stopped from outside, in Rust as in Python, so a
/// function that may run long should look at the flag between steps and return early.
pub fn offload<X, R>(
    name: &'static str,
    f: fn(X, &Cancel) -> R,
) -> impl Fn(State<BlockingPool>, X) -> Offloaded<R> + Clone + Send + Sync + 'static
where
    X: Send + 'static,
    R: Send + 'static,
{
    move |State(pool): State<BlockingPool>, x| {
        let job = pool.run(name, move |cancel| f(x, cancel));
        Box::pin(async move { Ok(job.await?) })
    }
}

/// What an [`offload`]ed handler returns: its function's result, a 503 from the pool's bound, or
/// a 504 past its deadline.
/// Boxed because stable Rust cannot name the future a returned closure returns.
pub type Offloaded<R> = Pin<Box<dyn Future<Output = Result<R, ApiError>> + Send>>;
// ANCHOR_END: offload
