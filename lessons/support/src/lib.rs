//! Everything a lesson needs that is not the lesson itself.
//!
//! A lesson's `main.rs` should read like a chapter: routes, handlers, the scheme's core. The
//! plumbing around it (telemetry with the tokio-console layer, a runtime with a chosen number of
//! workers, graceful shutdown, JSON errors, and the load probe behind every `demo`) lives here, so
//! the listings stay short and a dependency bump touches one place. This crate knows no lesson.

pub mod cli;
pub mod error;
pub mod live;
pub mod neighbours;
pub mod probe;
pub mod runtime;
pub mod server;
pub mod subcommand;
pub mod telemetry;
pub mod testing;
pub mod watchdog;

pub use error::ApiError;
pub use server::{BackgroundServer, serve};
