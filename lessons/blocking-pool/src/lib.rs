#![doc = include_str!("../README.md")]
//!
//! # The parts
//! - [`BlockingPool`]: the bound, the queue, the deadline and the thread placement
//!   ([`pool`] explains each);
//! - [`Cancel`]: the flag a job checks ([`cancel`] explains why a thread must be told);
//! - [`Priority`]: how far the CPU threads give way ([`priority`] has the measurements);
//! - [`named`]: the async twin, a task with a name for tokio-console that stops when nobody
//!   waits for it ([`task`]);
//! - [`Error`]: why a job gave no answer.

pub mod cancel;
mod error;
pub mod pool;
pub mod priority;
pub mod task;

pub use cancel::{Cancel, CancelOnDrop, Cancelled};
pub use error::Error;
pub use pool::{BlockingPool, DEFAULT_DEADLINE, DEFAULT_RETRY_AFTER, cpu_slots};
pub use priority::{LOWERED_NICENESS, Priority};
pub use task::named;
