//! # Lesson 05: the pitfalls, each beside its fix
//!
//! Lesson 01 measures the main pitfall (a blocking call in an async handler) on a real server.
//! This crate collects the others, the ones that panic, deadlock, leak work or do not compile.
//! It is a library, not a server: each module shows one pitfall as a small function, the fix
//! beside it, and the tests at the bottom of the module prove both, so the book's listings are
//! code that is compiled and checked on every `cargo test`.
//!
//! Run with
//! ```not_rust
//! cargo test -p lesson-05-pitfalls
//! ```
//!
//! | module | the pitfall | what happens |
//! |---|---|---|
//! | [`cpu_heavy_without_await`] | hashing a large buffer in a handler | no other task runs until it is done |
//! | [`block_on_inside_runtime`] | `Handle::block_on` from async code | panics |
//! | [`block_in_place_current_thread`] | `block_in_place` under `#[tokio::test]` | panics |
//! | [`mutex_guard_across_await`] | a `std::sync::Mutex` guard alive at an `.await` | the lock stays taken while the task sleeps |
//! | [`spawn_blocking_runs_to_completion`] | a timeout around `spawn_blocking` | the work goes on after the caller gave up |
//! | [`unbounded_offloading`] | `spawn_blocking` for every request | jobs queue without limit behind a bounded pool |
//! | [`await_in_sync_fn`] | `.await` in a plain `fn` | does not compile (E0728) |

pub mod await_in_sync_fn;
pub mod block_in_place_current_thread;
pub mod block_on_inside_runtime;
pub mod cpu_heavy_without_await;
pub mod mutex_guard_across_await;
pub mod spawn_blocking_runs_to_completion;
pub mod unbounded_offloading;

/// The message of a panic caught by a `JoinHandle`, for tests that expect one.
#[cfg(test)]
pub(crate) fn panic_message(error: tokio::task::JoinError) -> String {
    assert!(error.is_panic(), "expected a panic, got {error}");
    let payload = error.into_panic();
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default()
}
