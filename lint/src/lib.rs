//! `blocking-lint`: finds blocking calls inside async code, and reports them like rustc.
//!
//! The crate is cut in layers, each a module, whose imports point down only (`tests/layers.rs`
//! fails on any that points up, and on any import cycle); the workspace's `ARCHITECTURE.md` says
//! what each holds and why:
//! [`knowledge`] (what libraries do, as data) -> [`model`] (what the code is: sources, paths,
//! the syn model, dependencies' summaries) -> [`rules`] (one file a rule; findings as data) ->
//! [`analysis`] (discover, the parallel engine, contexts, late and transitive facts,
//! dependencies) -> [`report`] (rustc-style text, cargo's JSON, SARIF, `--fix`) -> [`cli`].

pub mod analysis;
pub mod cli;
pub mod knowledge;
pub mod model;
pub mod report;
pub mod rules;
