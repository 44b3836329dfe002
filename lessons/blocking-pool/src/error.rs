//! Why a job gave no answer. The pool knows nothing of HTTP: mapping each case to a response (503
//! with `Retry-After`, 504, ...) is the caller's, in a few lines of its own error type.

use std::time::Duration;

/// Why [`BlockingPool::run`](crate::BlockingPool::run) (or [`named`](crate::named)) gave no
/// answer from the job.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Every place in the pool was taken, running or waiting, so the job was never started. The
    /// pool is at its bound, not broken: the same job may succeed after `retry_after`. An HTTP
    /// server answers this with 503 and a `Retry-After` header.
    #[error("the blocking pool is busy ({bound} jobs running or waiting); retry later")]
    Full {
        /// How many jobs the pool admits at once, running or waiting.
        bound: usize,
        /// How long the caller might wait before trying again (see
        /// [`BlockingPool::with_retry_after`](crate::BlockingPool::with_retry_after)).
        retry_after: Duration,
    },
    /// The job (its wait for a slot included) ran past the pool's deadline. The caller stopped
    /// waiting, and the job's [`Cancel`](crate::Cancel) flag was raised. An HTTP server answers
    /// this with 504.
    #[error("the job took longer than its deadline of {} ms and was cancelled", .deadline.as_millis())]
    TimedOut {
        /// The deadline it ran past.
        deadline: Duration,
    },
    /// The job saw its [`Cancel`](crate::Cancel) flag raised and stopped early. The flag is
    /// raised only once the caller has stopped waiting, so this rarely reaches anyone; it exists
    /// so that a job's `?` on [`Cancel::check`](crate::Cancel::check) has somewhere to go.
    #[error("the job was cancelled before it finished")]
    Cancelled,
    /// The job panicked, or could not be started because its runtime is shutting down. The
    /// server's fault, not the client's: an HTTP server answers this with 500 and logs the detail.
    #[error("the job failed: {0}")]
    Failed(String),
}

/// What a job returns when it stopped because its flag was raised: see
/// [`Cancel::check`](crate::Cancel::check).
impl From<crate::Cancelled> for Error {
    fn from(_: crate::Cancelled) -> Self {
        Error::Cancelled
    }
}

impl From<tokio::task::JoinError> for Error {
    fn from(error: tokio::task::JoinError) -> Self {
        Error::Failed(error.to_string())
    }
}

impl From<std::io::Error> for Error {
    fn from(error: std::io::Error) -> Self {
        Error::Failed(error.to_string())
    }
}
