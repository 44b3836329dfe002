//! Pitfall: a `std::sync::Mutex` guard held across an `.await`.
//!
//! A std mutex is the right tool for shared state that is locked briefly (mini-redis keeps its
//! whole database behind one). The trouble starts when the guard is still alive at an `.await`:
//! the task goes to sleep holding the lock, and any other task that calls `lock()` blocks its
//! worker thread until the sleeper wakes, which on a busy or single-threaded runtime may be never.
//! Clippy's `await_holding_lock` (on in this workspace) flags it. A std guard is not `Send`, so
//! such a future cannot be given to `tokio::spawn` or used as an axum handler; it still compiles
//! wherever `Send` is not required (`block_on`, `spawn_local`, a future polled in place).

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;

/// A cache of values that are slow to fetch.
pub type Cache = Mutex<HashMap<String, String>>;

// ANCHOR: bad
/// THE PITFALL: look up `key`, fetching and storing it on a miss, with the guard held across the
/// fetch's `.await`.
#[expect(
    clippy::await_holding_lock,
    reason = "the pitfall this module shows; see `get_or_fetch` for the fix"
)]
pub async fn get_or_fetch_bad<F>(cache: &Cache, key: &str, fetch: impl FnOnce() -> F) -> String
where
    F: Future<Output = String>,
{
    let mut entries = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(value) = entries.get(key) {
        return value.clone();
    }
    let value = fetch().await; // the task sleeps here, holding the lock
    entries.insert(key.to_owned(), value.clone());
    value
}
// ANCHOR_END: bad

// ANCHOR: fix
/// Fix 1: keep the std mutex, never hold it at an `.await`. Each lock lives in its own block, so
/// the guard is dropped before the fetch. Two callers may fetch the same key at once; the second
/// insert simply wins, which a cache can afford.
pub async fn get_or_fetch<F>(cache: &Cache, key: &str, fetch: impl FnOnce() -> F) -> String
where
    F: Future<Output = String>,
{
    {
        let entries = cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(value) = entries.get(key) {
            return value.clone();
        }
    }
    let value = fetch().await; // no lock held while we wait
    let mut entries = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    entries.insert(key.to_owned(), value.clone());
    value
}

/// Fix 2: when the lock must stay held across the `.await` (here: so that a key is fetched only
/// once), use tokio's mutex. Waiting for it is an `.await` that yields the worker instead of
/// blocking it, and its guard is `Send`.
pub async fn get_or_fetch_once<F>(
    cache: &tokio::sync::Mutex<HashMap<String, String>>,
    key: &str,
    fetch: impl FnOnce() -> F,
) -> String
where
    F: Future<Output = String>,
{
    let mut entries = cache.lock().await;
    if let Some(value) = entries.get(key) {
        return value.clone();
    }
    let value = fetch().await;
    entries.insert(key.to_owned(), value.clone());
    value
}
// ANCHOR_END: fix

#[cfg(test)]
mod tests {
    // ANCHOR: test
    use std::pin::pin;
    use std::sync::{Arc, TryLockError};
    use std::task::Poll;

    use tokio::sync::oneshot;

    use super::*;

    /// Polls `future` once, returning whether it finished.
    async fn poll_once<F: Future>(mut future: std::pin::Pin<&mut F>) -> bool {
        std::future::poll_fn(|cx| Poll::Ready(future.as_mut().poll(cx).is_ready())).await
    }

    /// Whether another task could take the lock right now without waiting.
    fn lock_is_free(cache: &Cache) -> bool {
        !matches!(cache.try_lock(), Err(TryLockError::WouldBlock))
    }

    #[tokio::test]
    async fn the_bad_version_sleeps_holding_the_lock() {
        let cache = Cache::default();
        let (release, fetched) = oneshot::channel::<String>();
        let mut lookup = pin!(get_or_fetch_bad(&cache, "k", || async {
            fetched.await.unwrap()
        }));
        assert!(!poll_once(lookup.as_mut()).await, "parked at the fetch");
        // Any task calling `cache.lock()` now would block its worker thread.
        assert!(!lock_is_free(&cache));
        release.send("v".into()).unwrap();
        assert_eq!(lookup.await, "v");
    }

    #[tokio::test]
    async fn the_fix_sleeps_with_the_lock_free() {
        let cache = Cache::default();
        let (release, fetched) = oneshot::channel::<String>();
        let mut lookup = pin!(get_or_fetch(&cache, "k", || async {
            fetched.await.unwrap()
        }));
        assert!(!poll_once(lookup.as_mut()).await, "parked at the fetch");
        assert!(lock_is_free(&cache));
        release.send("v".into()).unwrap();
        assert_eq!(lookup.await, "v");
        assert_eq!(
            get_or_fetch(&cache, "k", || async { unreachable!() }).await,
            "v"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_tokio_mutex_fetches_once_and_can_be_spawned() {
        let cache = Arc::new(tokio::sync::Mutex::new(HashMap::new()));
        let fetches = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let lookups: Vec<_> = (0..8)
            .map(|_| {
                let (cache, fetches) = (cache.clone(), fetches.clone());
                // `tokio::spawn` needs a `Send` future: this one is.
                tokio::spawn(async move {
                    get_or_fetch_once(&cache, "k", || async {
                        fetches.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        tokio::task::yield_now().await;
                        "v".to_owned()
                    })
                    .await
                })
            })
            .collect();
        for lookup in lookups {
            assert_eq!(lookup.await.unwrap(), "v");
        }
        assert_eq!(fetches.load(std::sync::atomic::Ordering::Relaxed), 1);
    }
    // ANCHOR_END: test
}
