//! The checker's state, cut by what each part tracks, so that a field says by its place what
//! it is about and a step of the walk that saves and restores one part leaves the others alone.

use std::collections::{HashMap, HashSet};

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::PathBuf;

use crate::analysis::contexts::Context;
use crate::model::semantic::{Ty, routes};
use crate::rules::RunFacts;

/// What is fixed for the whole file: where it sits and what the run configured.
pub(super) struct FileSetting<'r> {
    /// Configured offload functions, as written (see `model::path::path_listed`).
    pub offload: &'r [String],
    /// The configuration's entries and the dependencies' summaries, for the rules.
    pub facts: RunFacts<'r>,
    /// Summarising a dependency: code that runs only on an error path or in `Drop` is not
    /// walked as the function's own (see `deps`), since reporting it would be a guess.
    pub deps_mode: bool,
    /// See `discover::Plan::keep_method_calls`.
    pub keep_method_calls: bool,
    /// The features cargo enables for the dependency being summarised.
    pub features: Option<&'r [String]>,
    /// `--include-tests`: test attributes and `cfg(test)` mark nothing as test code.
    pub include_tests: bool,
    /// Bytes the parser did not see at the start of the file.
    pub offset: usize,
    /// Index of the file in the run.
    pub file: usize,
    pub file_dir: PathBuf,
    /// The folder this file's `mod x;` files live in.
    pub mod_dir: PathBuf,
    /// What rust-analyzer said of this file's method calls (`--types`).
    pub typed: Option<&'r crate::model::typed::FileFacts>,
}

/// Where the walk is: what kind of code encloses it, and what may be written here.
pub(super) struct Position {
    pub ctx: Context,
    /// `.await` is allowed here: the nearest fn or closure boundary is async (an async fn,
    /// block or closure), so a fix may add one. A sync closure inherits `ctx` (it runs right
    /// here), but not this.
    pub await_ok: bool,
    /// Walking expressions parsed out of a macro's tokens, where an edit is not surely right.
    pub in_macro: bool,
    /// Checking a function handed by name to a combinator (`.map(std::fs::read)`): it runs
    /// here, but no edit turns a function value into an awaited call, so no fix is offered.
    pub fn_value: bool,
    /// The key of the nearest enclosing fn item.
    pub enclosing_fn: Option<String>,
    pub current_trait: Option<String>,
    /// Inside a test function or a `#[cfg(test)]` module.
    pub in_test: bool,
    /// Early in an async fn: before its first statement that spawns or serves. What is early in
    /// an entry point (or in an async fn only such early code awaits) is start-up; the engine
    /// decides which, once every file is read.
    pub startup: bool,
    /// The enclosing async fn has spawned, served or joined futures so far: a program that
    /// does neither (a command-line tool's `main`) has no start-up, only its work.
    pub started_work: bool,
    /// In an async block that `block_on` runs on a thread of its own: no worker waits on it.
    pub own_thread: bool,
    /// Inside an impl of a tonic service trait: the service's name (see `record_declared_routes`).
    pub rpc_service: Option<String>,
    /// In a sync fn: its parameters, and the ones the code walked now needs set.
    pub gates: super::gates::Gates,
}

impl Default for Position {
    fn default() -> Self {
        Position {
            ctx: Context::Elsewhere,
            await_ok: false,
            in_macro: false,
            fn_value: false,
            enclosing_fn: None,
            current_trait: None,
            in_test: false,
            startup: false,
            started_work: false,
            own_thread: false,
            rpc_service: None,
            gates: Default::default(),
        }
    }
}

/// What an enclosing call says of code the walk has not reached yet.
#[derive(Default)]
pub(super) struct Marks {
    /// Marks on expressions, by address (see [`AddressMarks`]).
    pub by_address: AddressMarks,
    /// Closures a block binds with `let` and then calls by name (see `closures_called_here`).
    pub called_closures: HashSet<String>,
}

/// Expressions an enclosing call marked before the walk reaches them, by address: valid only
/// while those expressions are alive (see `visit_macro`, whose parsed expressions are not).
#[derive(Default)]
pub(super) struct AddressMarks {
    /// Call expressions that are `.await`ed.
    pub awaited: FxHashSet<usize>,
    /// Closure expressions handed to an offload function.
    pub offloaded: FxHashSet<usize>,
    /// Async blocks handed to a spawn function whose task is not awaited there.
    pub spawned: FxHashSet<usize>,
    /// Async blocks and calls that sync code hands to `block_on` on a thread of its own (see
    /// `contexts::own_thread`).
    pub own_thread: FxHashSet<usize>,
    /// Calls to the crate's async fns that a sync fn hands to `block_on`: awaited by that fn.
    pub block_on_calls: FxHashSet<usize>,
    /// Closures a warp filter's `.map(..)` runs per request, on the worker.
    pub warp_handlers: FxHashSet<usize>,
    /// Closure expressions whose first parameter's type the call they are handed to tells:
    /// `prepare(q).and_then(|stmt| ..)` gets the statement.
    pub closure_args: FxHashMap<usize, Ty>,
}

/// Routers the current function is building.
#[derive(Default)]
pub(super) struct RouterWalk {
    /// Routers held in local variables, not yet nested, merged or extended; what is left at the
    /// function's end is a router the function builds.
    pub vars: HashMap<String, routes::Router>,
    /// Method calls (by address) already read as part of a router expression.
    pub seen: HashSet<usize>,
}

/// The file's own items.
#[derive(Default)]
pub(super) struct FileItems {
    /// Async fns of this file that a sync `main` hands to `block_on`: entry points too.
    pub entry_points: HashSet<String>,
    /// Paths of the functions and methods this file defines.
    pub local_fns: HashSet<String>,
    /// Paths of the structs, enums, unions and traits this file defines.
    pub local_types: HashSet<String>,
    /// Names of this file's fns that a warp filter's `.map(h)` runs per request: sync handlers.
    pub warp_map_fns: HashSet<String>,
}
