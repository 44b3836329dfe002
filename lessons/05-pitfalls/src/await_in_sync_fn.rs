//! Pitfall: `.await` in a function that is not `async`.
//!
//! In Python, forgetting that a function is a coroutine shows up at run time (a coroutine that
//! is never awaited, a warning, a value that is not what you expected). Rust refuses at compile
//! time: `.await` is only allowed inside an `async fn` or an `async` block (error E0728), and an
//! async function's result is a future that does nothing until awaited (`#[must_use]` warns
//! when it is dropped unused).
//!
//! The listing that does not compile lives in `listings/await_in_sync_fn.rs`; it is checked
//! by the doctest below, which passes only while that file fails with E0728:
//!
//! ```compile_fail,E0728
#![doc = include_str!("../listings/await_in_sync_fn.rs")]
//! ```
//!
//! The same holds for the [`mutex_guard_across_await`](crate::mutex_guard_across_await)
//! pitfall when the future must be `Send`: `tokio::spawn` (and axum, for its handlers) rejects a
//! future that holds a `std::sync::MutexGuard` at an `.await`:
//!
//! ```compile_fail
#![doc = include_str!("../listings/spawn_holding_std_guard.rs")]
//! ```

use std::time::Duration;

// ANCHOR: fix
/// Fix 1: make the function `async`; its callers `.await` it in turn.
pub async fn settle() -> &'static str {
    tokio::time::sleep(Duration::from_millis(10)).await;
    "settled"
}

/// Fix 2: at the edge where sync code must call async code (`main`, a thread of its own, a
/// callback on the blocking pool), a runtime's `block_on` waits for it. Never on a runtime's
/// worker: see [`block_on_inside_runtime`](crate::block_on_inside_runtime).
pub fn settle_from_sync_code(runtime: &tokio::runtime::Runtime) -> &'static str {
    runtime.block_on(settle())
}
// ANCHOR_END: fix

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_code_at_the_edge_waits_with_block_on() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        assert_eq!(settle_from_sync_code(&runtime), "settled");
    }
}
