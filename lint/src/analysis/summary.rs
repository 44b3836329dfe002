//! What a file's check leaves behind: findings, and the facts later stages need (functions,
//! local calls, calls judged once every file is read, structs and aliases), all plain data.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::rules::finding::{AsyncKind, Finding};

use crate::model::semantic::Ty;
use crate::model::source::Loc;
use crate::rules::Rule;
use crate::rules::hit::Hit;

/// A call from one function to what may be a local function, by key.
#[derive(Clone, Debug)]
pub struct LocalCall {
    /// Candidate keys, best first (more than one only when glob imports are involved).
    pub keys: Vec<String>,
    /// The called path or method name, for a rule's suggestion if the key turns out to lead to
    /// another crate's function through a re-export.
    pub callee: Loc,
    pub loc: Loc,
    /// The caller's parameters whose `None` or `false` keeps this call from running (see
    /// `checker::gates`).
    pub gate: u16,
    /// The callee's parameters this call gives `None` or `false` (see `CallArgs::off`).
    pub off: u16,
}

/// A local, non-awaited call made from an async context: a transitive finding if the callee
/// turns out to be a blocking sync function.
#[derive(Clone, Debug)]
pub struct AsyncCall {
    pub call: LocalCall,
    pub context: AsyncKind,
    pub enclosing_fn: Option<String>,
    /// In start-up code (see `rules::STARTUP`).
    pub startup: bool,
}

/// An awaited call from async code to what may be an async function of the crate.
#[derive(Clone, Debug)]
pub struct AwaitedCall {
    /// Key of the function the call is in.
    pub caller: String,
    /// Candidate keys of the callee, best first.
    pub keys: Vec<String>,
    /// Made before the caller's first statement that spawns or serves (see `contexts::startup`).
    pub early: bool,
}

/// Where a call sits, for calls judged after every file is read.
#[derive(Clone, Debug)]
pub enum Site {
    Async {
        context: AsyncKind,
        enclosing_fn: Option<String>,
        /// In start-up code (see `rules::STARTUP`).
        startup: bool,
    },
    /// Index into the file's `fns`.
    SyncFn(usize),
}

/// A method call whose receiver's type depends on a struct in another file.
#[derive(Clone, Debug)]
pub struct DeferredCall {
    pub receiver: Ty,
    pub method: String,
    pub awaited: bool,
    pub args: crate::rules::CallArgs,
    pub callee: Loc,
    pub whole: Loc,
    pub site: Site,
}

/// What the file tells about one of its functions.
#[derive(Clone, Debug)]
pub struct FnInfo {
    pub key: String,
    pub is_async: bool,
    /// The first blocking call in the function's own sync code.
    /// (Boxed: most functions have none, and there are many functions.)
    pub blocking: Option<Box<(&'static Rule, Hit, Loc)>>,
    /// The parameters whose `None` or `false` keeps every blocking call of the function's own
    /// code from running (see `checker::gates`); 0 when one runs whatever the arguments.
    pub blocking_gate: u16,
    pub calls: Vec<LocalCall>,
    /// The lines from the function's first attribute to its opening brace: a suppression comment
    /// there is on the function (see `suppress`).
    pub head: (u32, u32),
    /// A lazily initialised static (`LazyLock::new(|| ..)`, `lazy_static!`), whose body is its
    /// initialiser: it runs once, on the first touch, and every other toucher waits for it.
    pub lazy: bool,
}

impl FnInfo {
    /// Records a blocking call of the function's own code, which runs only when the parameters
    /// `gate` names are set. The first is the one shown, unless a later one runs whatever the
    /// arguments; a caller's arguments cut them all only through a parameter every one needs.
    pub fn record_blocking(&mut self, found: (&'static Rule, Hit, Loc), gate: u16) {
        match self.blocking {
            None => {
                self.blocking = Some(Box::new(found));
                self.blocking_gate = gate;
            }
            Some(_) if self.blocking_gate != 0 => {
                if gate == 0 {
                    self.blocking = Some(Box::new(found));
                }
                self.blocking_gate &= gate;
            }
            Some(_) => {}
        }
    }
}

/// A `mod NAME;` declaration: where its file may be, and the module path it gets.
#[derive(Clone, Debug)]
pub struct ChildMod {
    pub candidates: Vec<PathBuf>,
    /// Declared `#[cfg(test)]` (or inside test code).
    pub in_test: bool,
    pub module: String,
    pub mod_dir: PathBuf,
}

/// What serves a route, with places instead of spans.
#[derive(Clone, Debug)]
pub enum RouteHandler {
    /// Candidate keys of a function, best first.
    Fn(Vec<String>),
    /// A closure written in the routing call, in this file.
    Inline(Loc),
}

/// One piece of a router a function builds (see `semantic::routes::RoutePiece`).
#[derive(Clone, Debug)]
pub enum RouteEntry {
    Route {
        method: String,
        path: String,
        handler: RouteHandler,
        /// The routing call (`.route`), in this file.
        at: Loc,
    },
    Include {
        prefix: String,
        keys: Vec<String>,
    },
}

/// The routes a function builds: every router expression of its body, and the routers of
/// other functions it nests or merges.
#[derive(Clone, Debug)]
pub struct RouterFact {
    pub owner: String,
    pub entries: Vec<RouteEntry>,
}

#[derive(Clone, Debug, Default)]
pub struct FileSummary {
    /// Index of the file in the run.
    pub file: usize,
    pub findings: Vec<Finding>,
    pub fns: Vec<FnInfo>,
    pub async_calls: Vec<AsyncCall>,
    pub children: Vec<ChildMod>,
    pub deferred: Vec<DeferredCall>,
    /// Declared return types of this file's functions and methods.
    pub returns: HashMap<String, Ty>,
    /// This file's type aliases: path -> aliased type.
    pub aliases: HashMap<String, Ty>,
    /// Hashes of every function key of the file, pruned ones included.
    pub known: Vec<u64>,
    /// This file's structs: path -> field -> type, for other files' deferred types.
    pub structs: HashMap<String, HashMap<String, Ty>>,
    /// Routers built in this file's functions.
    pub routers: Vec<RouterFact>,
    /// Awaited calls to the crate's own functions, to follow handlers into what they await.
    pub awaited: Vec<AwaitedCall>,
    /// The names this file's modules import, under the path other modules reach them by:
    /// `#0::prelude::nap` -> `std::thread::sleep` for `pub use std::thread::sleep as nap;`.
    pub imports: HashMap<String, String>,
    /// Glob imports of other crates, by module: `#0::prelude` -> `std::thread` for
    /// `pub use std::thread::*;`, so `prelude::sleep` can be followed there.
    pub glob_imports: Vec<(String, String)>,
    /// `impl Trait for Type` of the crate's own traits: (trait path, type path).
    pub trait_impls: Vec<(String, String)>,
    /// Keys of this file's entry points (see `contexts::startup`).
    pub entries: Vec<String>,
    /// Keys of this file's async fns that spawn, serve or join futures somewhere in their body.
    pub serving: Vec<String>,
    /// Candidate keys of the crate's async fns that sync code hands to `block_on` on a thread
    /// of its own, or that an async block so run awaits (see `contexts::own_thread`).
    pub own_thread: Vec<Vec<String>>,
    /// Futures a sync fn hands to `block_on`: the fn's key and, for an async block, its place in
    /// the file (a call to the crate's async fn is kept as awaited by the sync fn).
    /// They run on a thread of their own when nothing but such a thread calls the fn, which
    /// only every file together tells (see `contexts::own_thread`).
    pub block_on_in_sync: Vec<(String, Option<Loc>)>,
    /// The method calls of sync functions, by where the method's name starts, and the name:
    /// kept only when a dependency's summary may ask rust-analyzer about the ones that matter
    /// (see `deps`).
    pub sync_method_calls: Vec<(u32, String)>,
    /// Every function's key, pruned ones included: kept only when summarising a dependency,
    /// whose functions are looked up by the last segments of a path (see `deps`).
    pub all_fns: Vec<String>,
}

/// Where the file sits: its module path and the folder its `mod x;` files live in.
pub struct Placement<'a> {
    pub file: usize,
    pub unit: String,
    pub module: String,
    pub file_dir: PathBuf,
    pub mod_dir: PathBuf,
    pub crates: &'a HashMap<String, String>,
    /// Configured offload functions, as written (see `config::path_listed`).
    pub offload: &'a [String],
    /// Configured blocking functions (`[[blocking]]`).
    pub blocking: &'a [crate::knowledge::configured::Blocking],
    /// Bytes the parser did not see at the start of the file.
    pub offset: usize,
    /// The file is a `#[cfg(test)]` module.
    pub in_test: bool,
    /// `--include-tests`: test attributes and `cfg(test)` mark nothing as test code.
    pub include_tests: bool,
    /// What the dependencies' summaries found blocking.
    pub deps: &'a crate::model::dependencies::Index,
    /// Summarising a dependency (see `discover::Plan::deps_mode`).
    pub deps_mode: bool,
    /// See `discover::Plan::keep_method_calls`.
    pub keep_method_calls: bool,
    /// Its enabled features, for `cfg(feature = ..)` (see `contexts::cfg_off_host`).
    pub features: Option<&'a [String]>,
    /// What rust-analyzer said of this file's method calls (`--types`).
    pub typed: Option<&'a crate::model::typed::FileFacts>,
}

/// Keeps only the functions that may be a step of a transitive finding (sync, and blocking or
/// calling something local, now or once `late` has judged their deferred calls); every
/// function's key is remembered by hash in `known`.
pub(crate) fn prune(out: &mut FileSummary, keep_keys: bool) {
    let mut referenced = vec![false; out.fns.len()];
    for d in &out.deferred {
        if let Site::SyncFn(i) = d.site {
            referenced[i] = true;
        }
    }
    let mut remap = vec![usize::MAX; out.fns.len()];
    let mut kept = Vec::new();
    for (i, f) in std::mem::take(&mut out.fns).into_iter().enumerate() {
        out.known.push(crate::model::path::key_hash(&f.key));
        if keep_keys {
            out.all_fns.push(f.key.clone());
        }
        if !f.is_async && (f.blocking.is_some() || !f.calls.is_empty() || referenced[i]) {
            remap[i] = kept.len();
            kept.push(f);
        }
    }
    for d in &mut out.deferred {
        if let Site::SyncFn(i) = &mut d.site {
            *i = remap[*i];
        }
    }
    out.fns = kept;
}
