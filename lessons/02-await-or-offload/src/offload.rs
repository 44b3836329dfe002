//! The `offload` adapter: a plain sync function as an axum handler.

use std::future::Future;
use std::pin::Pin;

use axum::extract::State;
use lesson_support::ApiError;
use lesson_support::pool::BlockingPool;

// ANCHOR: offload
/// Makes a plain sync function a handler that runs on the bounded blocking pool: the explicit
/// counterpart of FastAPI's `def` endpoints. axum extracts the argument (`Path<u64>`, `Query<T>`,
/// any one extractor) on the worker; then `f` runs on a pool thread, free to block. The pool
/// comes from the router's state, so its bound covers these handlers too.
pub fn offload<X, R>(
    name: &'static str,
    f: fn(X) -> R,
) -> impl Fn(State<BlockingPool>, X) -> Offloaded<R> + Clone + Send + Sync + 'static
where
    X: Send + 'static,
    R: Send + 'static,
{
    move |State(pool): State<BlockingPool>, x| Box::pin(pool.run(name, move || f(x)))
}

/// What an [`offload`]ed handler returns: its function's result, or a 503 from the pool's bound.
/// Boxed because stable Rust cannot name the future a returned closure returns.
pub type Offloaded<R> = Pin<Box<dyn Future<Output = Result<R, ApiError>> + Send>>;
// ANCHOR_END: offload
