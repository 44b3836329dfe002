//! `blocking-lint`: finds blocking calls inside async code, and reports them like rustc.
//!
//! The pipeline, one module each: [`discover`] (which files, which crates) -> [`engine`] (parse
//! in parallel, run [`checker`] per file with the [`semantic`] model and [`contexts`], hand each
//! call to the [`rules`], then [`late`] resolution across files and [`transitive`] findings) -> [`report`] (human or JSON). Rules
//! return [`finding`]s as data; only `report` writes text. `--fix` applies their
//! machine-applicable suggestions ([`fix`]) and lints again. In cargo mode, [`deps`] first
//! summarises which functions of the dependencies block, and the rules consult it.

pub mod checker;
pub mod cli;
pub mod config;
pub mod contexts;
pub mod deps;
pub mod discover;
pub mod engine;
pub mod finding;
pub mod fix;
pub mod late;
pub mod levels;
pub mod report;
pub mod rules;
pub mod semantic;
pub mod source;
pub mod suppress;
pub mod test_files;
pub mod transitive;
