//! Everything a lesson needs that is not the lesson itself.
//!
//! A lesson's `lib.rs` should read like a chapter: routes, handlers, the scheme's core. The
//! plumbing around it (telemetry with the tokio-console layer, a runtime with a chosen number of
//! workers, graceful shutdown, the live page, and the load probe behind every `demo`) lives here,
//! used from a lesson's `main.rs`, `demo.rs` and tests, never from its `lib.rs`, whose handlers
//! compile in a project of the reader's own. This crate knows no lesson: each lesson describes
//! itself in its `lesson.toml`, which [`lesson!`] reads (see [`lesson`]).

pub mod binary;
pub mod cli;
pub mod lesson;
pub mod live;
pub mod neighbours;
pub mod probe;
pub mod runtime;
pub mod server;
pub mod subcommand;
pub mod telemetry;
pub mod testing;
pub mod watchdog;

pub use lesson::Lesson;
pub use server::{BackgroundServer, serve};
