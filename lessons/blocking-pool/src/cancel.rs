//! Telling a blocking job that nobody wants its result any more.
//!
//! Tokio cannot stop a closure that runs on a pool thread: dropping its `JoinHandle`, a timeout
//! that fires, a client that hangs up (axum then drops the handler's future) all leave the closure
//! running to its end, holding its thread and its slot in the pool (the pitfall
//! `spawn_blocking_runs_to_completion` proves it). A job that should stop early must be told, and
//! must look. [`Cancel`] is the telling: the pool raises it when the caller goes away or the
//! deadline passes, and the job checks it between steps ([`Cancel::check`]) or sleeps on it
//! ([`Cancel::sleep`], which wakes at once when it is raised). A job that returns
//! `Result<T, Cancelled>` hands its caller `Result<Result<T, Cancelled>, Error>`, and
//! [`Cancelled`] converts into [`Error::Cancelled`](crate::Error::Cancelled), so `??` flattens it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

// ANCHOR: cancel
/// A flag shared by a blocking job and whoever waits for it. Cheap to clone; every clone sees the
/// same flag. A new one is not raised; one that is raised stays raised.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Arc<Flag>);

#[derive(Debug, Default)]
struct Flag {
    /// Read on every check, so a CPU loop pays one atomic load for it.
    raised: AtomicBool,
    /// Held only to wait on `wake` and to raise the flag, so a sleeper cannot miss the raising.
    lock: Mutex<()>,
    wake: Condvar,
}

/// What a job returns when it stopped because it was cancelled; it converts into
/// [`Error::Cancelled`](crate::Error::Cancelled).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the job was cancelled before it finished")]
pub struct Cancelled;

impl Cancel {
    /// Raises the flag and wakes every [`Cancel::sleep`] on it.
    pub fn cancel(&self) {
        let _lock = self.0.lock.lock().unwrap_or_else(PoisonError::into_inner);
        self.0.raised.store(true, Ordering::Release);
        self.0.wake.notify_all();
    }

    /// Whether the flag is raised: for a job that cleans up before it returns, or for a callback
    /// that another library calls while it works (SQLite's progress handler, say).
    pub fn is_cancelled(&self) -> bool {
        self.0.raised.load(Ordering::Acquire)
    }

    /// `Err(Cancelled)` once the flag is raised: call it between steps and return with `?`.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }

    /// `std::thread::sleep` that is cut short when the flag is raised.
    pub fn sleep(&self, duration: Duration) -> Result<(), Cancelled> {
        let until = Instant::now() + duration;
        let mut lock = self.0.lock.lock().unwrap_or_else(PoisonError::into_inner);
        // Spurious wake-ups happen; the loop sleeps again for whatever time is left.
        while !self.is_cancelled() {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(());
            }
            lock = match self.0.wake.wait_timeout(lock, left) {
                Ok((lock, _)) => lock,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
        Err(Cancelled)
    }

    /// A guard that raises the flag when it is dropped, however its owner leaves: the caller's
    /// future completing, timing out, or being dropped because the client went away.
    pub fn on_drop(&self) -> CancelOnDrop {
        CancelOnDrop(self.clone())
    }
}

/// Raises its [`Cancel`] when dropped; see [`Cancel::on_drop`].
#[derive(Debug)]
pub struct CancelOnDrop(Cancel);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}
// ANCHOR_END: cancel

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_flag_is_down_and_stays_up_once_raised() {
        let cancel = Cancel::default();
        assert_eq!(cancel.check(), Ok(()));
        let clone = cancel.clone();
        clone.cancel();
        assert_eq!(cancel.check(), Err(Cancelled));
        assert!(cancel.is_cancelled());
    }

    #[test]
    fn a_sleep_runs_its_course_when_nobody_cancels() {
        let started = Instant::now();
        assert_eq!(Cancel::default().sleep(Duration::from_millis(20)), Ok(()));
        assert!(started.elapsed() >= Duration::from_millis(20));
    }

    #[test]
    fn a_sleep_ends_when_the_flag_is_raised() {
        let cancel = Cancel::default();
        let sleeper = std::thread::spawn({
            let cancel = cancel.clone();
            move || {
                let started = Instant::now();
                (cancel.sleep(Duration::from_secs(600)), started.elapsed())
            }
        });
        // Dropping the guard is what raises it, as when a caller's future is dropped.
        drop(cancel.on_drop());
        let (slept, elapsed) = sleeper.join().unwrap();
        assert_eq!(slept, Err(Cancelled));
        // Ten minutes asked for: anything short of that was cut short by the flag.
        assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");
    }

    #[test]
    fn an_already_raised_flag_does_not_sleep_at_all() {
        let cancel = Cancel::default();
        cancel.cancel();
        assert_eq!(cancel.sleep(Duration::from_secs(600)), Err(Cancelled));
    }
}
