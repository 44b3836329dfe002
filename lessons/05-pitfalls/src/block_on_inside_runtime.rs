//! Pitfall: `block_on` inside the runtime.
//!
//! Sync code that needs the result of async code is tempted to wait for it in place with
//! `Handle::block_on`. Called on a thread that is already running async tasks, tokio refuses
//! with a panic: the waiting thread might be the very one that should drive the awaited future,
//! and then nothing would ever finish. (`futures::executor::block_on` does not check; it can
//! simply hang.)

use std::time::Duration;

use tokio::runtime::Handle;
use tokio::task::JoinError;

/// Some async work: a query, an HTTP call.
async fn fetch_greeting() -> String {
    tokio::time::sleep(Duration::from_millis(1)).await;
    "hello".to_owned()
}

// ANCHOR: bad
/// A sync helper that hides an async call behind `block_on`, so its callers need not be async.
pub fn greeting_blocking() -> String {
    Handle::current().block_on(fetch_greeting())
}

/// THE PITFALL: an async handler calls the helper. It compiles, and panics at run time with
/// "Cannot start a runtime from within a runtime".
pub async fn greet_bad() -> String {
    greeting_blocking()
}
// ANCHOR_END: bad

// ANCHOR: fix
/// Fix 1: async all the way down. Await the future where you are.
pub async fn greet() -> String {
    fetch_greeting().await
}

/// Fix 2: when the helper must stay sync (a callback of a sync library, say), call it on the
/// blocking pool. A pool thread runs no async tasks, so `block_on` is allowed there.
pub async fn greet_via_pool() -> Result<String, JoinError> {
    tokio::task::spawn_blocking(greeting_blocking).await
}
// ANCHOR_END: fix

#[cfg(test)]
mod tests {
    use super::*;
    use crate::panic_message;

    // ANCHOR: test
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn block_on_in_async_code_panics() {
        let error = tokio::spawn(greet_bad()).await.unwrap_err();
        let message = panic_message(error);
        assert!(
            message.contains("Cannot start a runtime from within a runtime"),
            "{message}"
        );
    }

    #[tokio::test]
    async fn awaiting_or_blocking_on_the_pool_works() {
        assert_eq!(greet().await, "hello");
        assert_eq!(greet_via_pool().await.unwrap(), "hello");
    }
    // ANCHOR_END: test
}
