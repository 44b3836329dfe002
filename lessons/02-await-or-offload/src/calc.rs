//! The logic behind `/calc/{x}`, twice: a sync implementation that computes, and an async one
//! that waits for someone else to compute. The handler in `lib.rs` decides which runs, and where.

use std::hint::black_box;
use std::time::Duration;

use blocking_pool::{Cancel, Cancelled};

/// The largest x whose sum fits in a u64 (3.3 s of counting in a release build); past it, 422.
pub const MAX_X: u64 = 6_074_000_999;
/// How long the remote calculator behind `mode=async` takes to answer.
pub const REMOTE_ROUND_TRIP: Duration = Duration::from_millis(1);

// ANCHOR: implementations
/// The sync implementation: x steps on the CPU, standing in for any work with no shortcut
/// (parsing, hashing, resizing). `black_box` keeps the compiler from finding the formula below.
/// Checked arithmetic gives up at the first overflow instead of answering wrong (`Ok(None)`).
/// Between chunks of [`CHUNK`] steps it looks at `cancel`, so a job nobody waits for any more
/// stops within a fraction of a millisecond instead of counting on for seconds.
pub fn sum_to(x: u64, cancel: &Cancel) -> Result<Option<u64>, Cancelled> {
    let (mut sum, mut next) = (0u64, 1u64);
    while next <= x {
        cancel.check()?;
        let last = x.min(next.saturating_add(CHUNK - 1));
        let Some(more) = (next..=last).try_fold(sum, |sum, i| sum.checked_add(black_box(i))) else {
            return Ok(None);
        };
        (sum, next) = (more, last.saturating_add(1));
        if last == u64::MAX {
            break;
        }
    }
    Ok(Some(sum))
}

/// Steps between two looks at the cancel flag: tens of microseconds in a release build, a
/// millisecond or so in a debug one. The look itself is one atomic load.
pub const CHUNK: u64 = 1 << 16;

/// The async implementation: a remote calculator that knows Gauss's formula and answers after
/// [`REMOTE_ROUND_TRIP`]. While it is away the worker serves other requests.
pub async fn sum_to_remote(x: u64) -> Option<u64> {
    tokio::time::sleep(REMOTE_ROUND_TRIP).await;
    // In u128, x * (x + 1) cannot overflow for any u64 x; the sum may not fit back in a u64.
    let x = u128::from(x);
    u64::try_from(x * (x + 1) / 2).ok()
}
// ANCHOR_END: implementations
