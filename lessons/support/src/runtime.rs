//! The runtime the lessons run on.

use std::io;

/// Two workers by default: few enough that one blocked worker is plain to see on any laptop,
/// many enough that the runtime is the same multi-threaded scheduler a production server runs.
pub const DEFAULT_WORKERS: usize = 2;

/// A multi-threaded runtime with exactly `workers` worker threads.
///
/// Its threads (workers and blocking pool alike: tokio names both) are called "lesson-runtime", so
/// `top -H` or a debugger tells them from the load client's. The blocking watchdog times each of
/// its task polls (see [`crate::watchdog`]).
pub fn multi_thread(workers: usize) -> io::Result<tokio::runtime::Runtime> {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    builder
        .worker_threads(workers.max(1))
        .thread_name("lesson-runtime")
        .enable_all();
    crate::watchdog::instrument(&mut builder).build()
}

/// A single-threaded runtime for load clients, kept apart from the server's workers so that the
/// probe never measures its own stall.
pub fn current_thread() -> io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
}
