//! Pitfall: `block_in_place` on the current-thread runtime.
//!
//! `tokio::task::block_in_place` runs blocking code on the current worker after handing the
//! worker's other tasks to a new thread. It needs a runtime with other workers to hand them to,
//! so on the current-thread runtime it panics. That runtime is what `#[tokio::test]` gives you by
//! default, and what `#[tokio::main(flavor = "current_thread")]` builds: code that works in
//! production panics in its tests.

use std::time::Duration;

use tokio::task::JoinError;

/// A sync call that blocks: a driver without async support, a file read, an HTTP call with a
/// blocking client.
fn lookup_blocking(key: &str) -> String {
    std::thread::sleep(Duration::from_millis(5));
    format!("value of {key}")
}

// ANCHOR: bad
/// THE PITFALL (on one flavour of runtime): fine on a multi-threaded runtime, a panic on a
/// current-thread one.
pub async fn lookup_in_place(key: String) -> String {
    tokio::task::block_in_place(|| lookup_blocking(&key))
}
// ANCHOR_END: bad

// ANCHOR: fix
/// The fix: `spawn_blocking` works on every runtime flavour. It needs owned (`'static`) data,
/// which is the price of running on another thread.
pub async fn lookup_offloaded(key: String) -> Result<String, JoinError> {
    tokio::task::spawn_blocking(move || lookup_blocking(&key)).await
}
// ANCHOR_END: fix

#[cfg(test)]
mod tests {
    use super::*;
    use crate::panic_message;

    // ANCHOR: test
    #[tokio::test] // the current-thread runtime, as in most tests
    async fn block_in_place_panics_on_the_current_thread_runtime() {
        let error = tokio::spawn(lookup_in_place("a".into())).await.unwrap_err();
        let message = panic_message(error);
        assert!(
            message.contains("can call blocking only when running on the multi-threaded runtime"),
            "{message}"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn block_in_place_works_on_the_multi_threaded_runtime() {
        assert_eq!(lookup_in_place("a".into()).await, "value of a");
    }

    #[tokio::test]
    async fn spawn_blocking_works_on_both() {
        assert_eq!(lookup_offloaded("a".into()).await.unwrap(), "value of a");
    }
    // ANCHOR_END: test
}
