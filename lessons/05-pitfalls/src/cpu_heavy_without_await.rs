//! Pitfall: CPU-heavy work that never awaits.
//!
//! Nothing in a hash, a parser or a compressor looks like "blocking": there is no sleep and no
//! I/O. But a worker thread switches tasks only at an `.await` that is not ready, and a loop over
//! megabytes has none, so every other task on that worker waits until the loop ends. Tokio's rule
//! of thumb: no more than 10 to 100 microseconds between two `.await`s.

// ANCHOR: digest
/// The CPU work: FNV-1a, a 64-bit hash of every byte. Any loop over a large input (parsing JSON,
/// compressing, resizing an image, verifying a password hash) behaves the same way.
pub fn digest(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
// ANCHOR_END: digest

// ANCHOR: bad
/// THE PITFALL: an `async fn` that hashes inline. It is async in name only: it has no `.await`,
/// so once polled it holds the worker until the last byte is hashed.
pub async fn checksum_inline(data: &[u8]) -> u64 {
    digest(data)
}
// ANCHOR_END: bad

// ANCHOR: fix
/// Fix 1: hash on the blocking pool. The worker awaits the `JoinHandle` and runs other tasks
/// meanwhile. The data moves to the pool thread, so it must be owned (`Vec`, `Bytes`, `Arc`).
pub async fn checksum_offloaded(data: Vec<u8>) -> Result<u64, tokio::task::JoinError> {
    tokio::task::spawn_blocking(move || digest(&data)).await
}

/// How much to hash between two yields: about 64 KiB is tens of microseconds of work.
pub const CHUNK: usize = 64 * 1024;

/// Fix 2: stay on the worker but give it back between chunks. FNV-1a can resume from any
/// prefix, so hashing chunk by chunk gives the same result. Worth it when the work is moderate
/// and the data is borrowed; for long work, prefer fix 1 (or rayon for parallel CPU work).
pub async fn checksum_chunked(data: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325;
    for chunk in data.chunks(CHUNK) {
        hash = chunk.iter().fold(hash, |hash, &byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        // Let the scheduler run whoever else is waiting for this worker.
        tokio::task::yield_now().await;
    }
    hash
}
// ANCHOR_END: fix

#[cfg(test)]
mod tests {
    // ANCHOR: test
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    use super::*;

    /// A task that counts how often it gets to run: the stand-in for every other request.
    fn heartbeat() -> (Arc<AtomicU64>, tokio::task::JoinHandle<()>) {
        let beats = Arc::new(AtomicU64::new(0));
        let counter = beats.clone();
        let task = tokio::spawn(async move {
            loop {
                counter.fetch_add(1, Ordering::Relaxed);
                tokio::task::yield_now().await;
            }
        });
        (beats, task)
    }

    /// How many times the heartbeat ran while `work` ran, on a runtime with one thread.
    async fn beats_during<F: Future<Output = u64>>(work: F) -> (u64, u64) {
        let (beats, task) = heartbeat();
        tokio::task::yield_now().await; // let the heartbeat start
        let before = beats.load(Ordering::Relaxed);
        let hash = work.await;
        let during = beats.load(Ordering::Relaxed) - before;
        task.abort();
        (hash, during)
    }

    fn megabytes(n: usize) -> Vec<u8> {
        (0..n * 1024 * 1024).map(|i| (i % 251) as u8).collect()
    }

    #[tokio::test]
    async fn inline_hashing_starves_every_other_task() {
        let data = megabytes(8);
        let (hash, during) = beats_during(checksum_inline(&data)).await;
        assert_eq!(hash, digest(&data));
        assert_eq!(during, 0, "nothing else ran while the worker hashed");
    }

    #[tokio::test]
    async fn chunked_hashing_lets_others_run_between_chunks() {
        let data = megabytes(8);
        let (hash, during) = beats_during(checksum_chunked(&data)).await;
        assert_eq!(hash, digest(&data), "chunking must not change the result");
        assert!(during > 0, "the heartbeat ran between chunks");
    }

    #[tokio::test]
    async fn offloaded_hashing_leaves_the_worker_free() {
        let data = megabytes(8);
        let expected = digest(&data);
        let offloaded = async { checksum_offloaded(data).await.unwrap() };
        let (hash, during) = beats_during(offloaded).await;
        assert_eq!(hash, expected);
        assert!(during > 0, "the heartbeat ran while a pool thread hashed");
    }
    // ANCHOR_END: test
}
