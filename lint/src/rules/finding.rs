//! Findings are data: what a rule saw and where. Only `report` turns them into text.

use super::hit::Hit;
use super::rule::Rule;
use crate::model::source::Loc;

/// The async context a finding sits in, named the way messages name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AsyncKind {
    /// `async fn NAME` (free, in an impl or in a trait).
    Fn(String),
    Block,
    Closure,
    /// An async block handed to `tokio::spawn` (and the like) and not awaited where it is
    /// spawned: it runs on a worker, beside the code that spawned it.
    Spawned,
}

/// One step of a transitive finding: `caller` calls `callee` at `loc` in `file`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub file: usize,
    pub loc: Loc,
    pub caller: String,
    pub callee: String,
    /// The lines of `caller`'s head (first attribute to opening brace), where a suppression
    /// comment is on the function; `(0, 0)` for the async call site.
    pub caller_head: (u32, u32),
}

/// A route an axum handler serves: `GET /users/{id}`, routed at `at` in `file`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Route {
    pub method: String,
    pub path: String,
    pub file: usize,
    pub at: Loc,
}

/// The request handler a finding is in (directly, or under one through its calls).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Served {
    /// The handler function as messages name it (`handlers::show`); `None` for a closure
    /// written in the routing call.
    pub handler: Option<String>,
    /// The async fn the finding is in, when the handler awaits it rather than being it.
    pub under: Option<String>,
    /// Sorted; never empty.
    pub routes: Vec<Route>,
}

/// A blocking call in an async context, directly or through local sync functions.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static Rule,
    pub file: usize,
    /// The call in the async context.
    pub loc: Loc,
    pub hit: Hit,
    pub context: AsyncKind,
    /// The key of the nearest enclosing fn item, so later stages (handler awareness) can name it.
    pub enclosing_fn: Option<String>,
    /// Empty for a direct finding; for a transitive one, each call from the async context down to
    /// the blocking call.
    pub via: Vec<Step>,
    /// For a transitive finding, the other blocking calls its first step reaches (by callee),
    /// besides the one `hit` names, which is the most severe.
    pub also: Vec<String>,
    /// For a transitive finding, how its first step blocks, shown as a note: which impls of a
    /// trait of the crate do (`may block: the impl for \`Sqlite\` does, 1 of 2`), or that a
    /// lazy static's initialiser runs on first use only.
    pub how_it_blocks: Option<HowItBlocks>,
    /// The axum handler this code serves, when the run's routers name it.
    pub handler: Option<Served>,
    /// The call sits in start-up code (see `rules::STARTUP`): reported under that rule.
    pub startup: bool,
    /// The call sits in an example (a cargo target of kind example): code people copy, so it is
    /// reported, but a request handler's deny-by-default does not make it an error.
    pub example: bool,
    /// The call (or the blocking call a transitive chain ends at) is a dependency's function
    /// that its summary found blocking: the chain inside the dependency, for notes.
    pub dep: Option<std::sync::Arc<crate::model::dependencies::BlockingExport>>,
}

/// A file the run could not read or parse.
#[derive(Clone, Debug)]
pub struct FileError {
    pub file: usize,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// How the first step of a transitive finding blocks, when there is more to say than its chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HowItBlocks {
    /// A call to a trait method of the crate: which impls block (`may block: the impl for
    /// \`Sqlite\` does, 1 of 2`).
    Impls(String),
    /// A lazy static touched for the first time: its initialiser runs then, once.
    FirstUse { name: String },
}

impl std::fmt::Display for HowItBlocks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HowItBlocks::Impls(note) => f.write_str(note),
            HowItBlocks::FirstUse { name } => write!(
                f,
                "`{name}` is initialised on its first use: this blocks the first time only, \
                 and whatever touches it meanwhile waits too"
            ),
        }
    }
}
