//! The logic behind `/calc/{x}`, twice: a sync implementation that computes, and an async one
//! that waits for someone else to compute. The handler in `lib.rs` decides which runs, and where.

use std::hint::black_box;
use std::time::Duration;

/// The largest x whose sum fits in a u64 (about 3 s of counting); past it, 422.
pub const MAX_X: u64 = 6_074_000_999;
/// How long the remote calculator behind `mode=async` takes to answer.
pub const REMOTE_ROUND_TRIP: Duration = Duration::from_millis(1);

// ANCHOR: implementations
/// The sync implementation: x steps on the CPU, standing in for any work with no shortcut
/// (parsing, hashing, resizing). `black_box` keeps the compiler from finding the formula below.
/// Checked arithmetic gives up at the first overflow instead of answering wrong.
pub fn sum_to(x: u64) -> Option<u64> {
    (1..=x).try_fold(0u64, |sum, i| sum.checked_add(black_box(i)))
}

/// The async implementation: a remote calculator that knows Gauss's formula and answers after
/// [`REMOTE_ROUND_TRIP`]. While it is away the worker serves other requests.
pub async fn sum_to_remote(x: u64) -> Option<u64> {
    tokio::time::sleep(REMOTE_ROUND_TRIP).await;
    // In u128, x * (x + 1) cannot overflow for any u64 x; the sum may not fit back in a u64.
    let x = u128::from(x);
    u64::try_from(x * (x + 1) / 2).ok()
}
// ANCHOR_END: implementations
