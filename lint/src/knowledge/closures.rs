//! Where a closure handed to a call runs: on another thread (offload functions), right away
//! in the caller (combinators), or only on an error path. The analysis reads these to decide
//! whether a blocking call in a closure blocks the async code around it.

/// Functions whose closure argument runs on another thread (or the blocking pool), by resolved
/// path.
pub const OFFLOAD_FNS: &[&str] = &[
    "tokio::task::spawn_blocking",
    "tokio::task::block_in_place",
    "tokio::runtime::Handle::spawn_blocking",
    "std::thread::spawn",
    "std::thread::scope",
    "rayon::spawn",
    "rayon::spawn_fifo",
    "rayon::scope",
    "rayon::scope_fifo",
    "rayon::join",
    "rayon_core::spawn",
    "rayon_core::scope",
    "async_std::task::spawn_blocking",
    "smol::unblock",
    "blocking::unblock",
    "actix_web::web::block",
    "actix_rt::task::spawn_blocking",
    "tokio_rayon::spawn",
];

/// Methods whose closure argument runs on another thread: `thread::Builder::spawn`,
/// `Scope::spawn` (std and rayon), `Handle::spawn_blocking`, rayon's `ThreadPool::install`, and
/// a thread pool's `execute` (`threadpool`, `scheduled-thread-pool`; a database's `execute`
/// takes no closure). Only closures count: `tokio::spawn`'s argument is a future, an async
/// context of its own.
pub const OFFLOAD_METHODS: &[&str] = &[
    "spawn",
    "spawn_scoped",
    "spawn_blocking",
    "block_in_place",
    "spawn_fifo",
    "install",
    "scope",
    "execute",
];

/// Functions that start a task from the future they are handed (`tokio::spawn(async { .. })`):
/// it runs on a worker, but beside the code that spawned it, not inside it.
pub const SPAWN_FNS: &[&str] = &[
    "tokio::spawn",
    "tokio::task::spawn",
    "tokio::task::spawn_local",
    "tokio::runtime::Handle::spawn",
    "tokio::runtime::Runtime::spawn",
];

/// Methods that start a task from the future they are handed: `JoinSet::spawn`,
/// `Handle::spawn`, `Runtime::spawn`, `LocalSet::spawn_local`.
pub const SPAWN_METHODS: &[&str] = &["spawn", "spawn_local"];

/// `Result`/`Option` methods whose closure runs only on the error (or empty) path.
pub const ERROR_PATH_METHODS: &[&str] = &[
    "map_err",
    "unwrap_or_else",
    "or_else",
    "inspect_err",
    "map_or_else",
    "ok_or_else",
];

/// Calls that run their closure argument before they return (iterator, `Option`/`Result` and
/// entry combinators, `thread_local!`'s `with`, `Once::call_once`, `catch_unwind`).
pub const RUNS_NOW: &[&str] = &[
    "map",
    "and_then",
    "filter",
    "filter_map",
    "flat_map",
    "for_each",
    "try_for_each",
    "any",
    "all",
    "find",
    "find_map",
    "position",
    "fold",
    "try_fold",
    "map_or",
    "map_while",
    "take_while",
    "skip_while",
    "inspect",
    "then",
    "then_some",
    "is_some_and",
    "is_ok_and",
    "max_by_key",
    "min_by_key",
    "max_by",
    "min_by",
    "sort_by",
    "sort_by_key",
    "sort_unstable_by",
    "sort_unstable_by_key",
    "retain",
    "get_or_insert_with",
    "or_insert_with",
    "or_insert_with_key",
    "and_modify",
    "get_or_init",
    "get_or_try_init",
    "call_once",
    "call_once_force",
    "with",
    "with_borrow",
    "with_borrow_mut",
    "catch_unwind",
    "from_fn",
    "successors",
    "repeat_with",
    "scope",
];

/// Future and stream combinators: awaited, yet their closure runs inside the async context.
pub const RUNS_INLINE_WHEN_AWAITED: &[&str] = &[
    "map",
    "map_ok",
    "map_err",
    "then",
    "and_then",
    "or_else",
    "inspect",
    "inspect_ok",
    "inspect_err",
    "filter",
    "filter_map",
    "for_each",
    "for_each_concurrent",
    "fold",
    "try_fold",
    "try_for_each",
    "try_for_each_concurrent",
    "any",
    "all",
    "unwrap_or_else",
    "map_into",
    "err_into",
    "scan",
    "take_while",
    "skip_while",
    "flat_map",
    "try_filter",
    "try_filter_map",
];

/// Lazily initialised cells whose `new(|| ..)` closure runs on the first touch of the value,
/// wherever that is (std's `LazyLock` and `LazyCell`, once_cell's `Lazy`), by type name.
pub const LAZY_CELLS: &[&str] = &["LazyLock", "LazyCell", "Lazy"];

/// The macro that declares lazy statics (`lazy_static! { static ref NAME: T = init; }`), whose
/// initialisers run likewise.
pub const LAZY_STATIC_MACRO: &str = "lazy_static";
