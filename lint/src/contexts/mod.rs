//! Where code runs: on the async runtime (async fn, async block, async closure, and closures
//! called inline in those) or on a thread that may block (sync fns, closures handed to an offload
//! function). Like ruff's `in_async_context`, the answer changes only at fn and closure boundaries.

pub mod handlers;

use crate::finding::AsyncKind;

/// The context of the code being walked.
#[derive(Clone, Debug)]
pub enum Context {
    /// On the runtime: a blocking call here is a finding.
    Async(AsyncKind),
    /// Inside the sync fn with this index in the file's function table: a blocking call here makes
    /// the function blocking, for transitive findings.
    SyncFn(usize),
    /// Sync code that no async code reaches by name (a `static` initialiser), or a closure that
    /// runs off the runtime (`spawn_blocking(|| ..)`): nothing here is reported.
    Elsewhere,
}

/// Functions whose closure argument runs on another thread (or the blocking pool), by resolved
/// path.
pub fn offloads_closure_path(path: &str) -> bool {
    const PATHS: &[&str] = &[
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
    PATHS.contains(&path)
        // `use tokio::task;` then `task::spawn_blocking(..)` resolves fully, but a glob or a
        // re-export (`lesson_support::blocking::spawn_blocking`) may not: the name is telling.
        || path.ends_with("::spawn_blocking")
        || path.ends_with("::block_in_place")
        || path == "spawn_blocking"
        || path == "block_in_place"
}

/// Methods whose closure argument runs on another thread: `thread::Builder::spawn`,
/// `Scope::spawn` (std and rayon), `Handle::spawn_blocking`, rayon's `ThreadPool::install`.
/// Only closures count: `tokio::spawn`'s argument is a future, an async context of its own.
pub fn offloads_closure_method(name: &str) -> bool {
    matches!(
        name,
        "spawn"
            | "spawn_scoped"
            | "spawn_blocking"
            | "block_in_place"
            | "spawn_fifo"
            | "install"
            | "scope"
    )
}

/// Future and stream combinators: awaited, yet their closure runs inside the async context.
/// Any other awaited call that takes a sync closure (`conn.interact(|c| ..).await`,
/// `web::block(|| ..).await`, a project's `pool.run(|| ..).await`) is taken to run it elsewhere:
/// awaiting a sync closure's result is what offload wrappers are for, and a false alarm costs
/// more than a miss.
pub fn runs_closure_inline(method: &str) -> bool {
    matches!(
        method,
        "map"
            | "map_ok"
            | "map_err"
            | "then"
            | "and_then"
            | "or_else"
            | "inspect"
            | "inspect_ok"
            | "inspect_err"
            | "filter"
            | "filter_map"
            | "for_each"
            | "for_each_concurrent"
            | "fold"
            | "try_fold"
            | "try_for_each"
            | "try_for_each_concurrent"
            | "any"
            | "all"
            | "unwrap_or_else"
            | "map_into"
            | "err_into"
            | "scan"
            | "take_while"
            | "skip_while"
            | "flat_map"
            | "try_filter"
            | "try_filter_map"
    )
}

/// A test function: `#[test]`, `#[tokio::test]`, `#[async_std::test]`, `#[rstest]`, ... Test code
/// is not reported (a blocking fixture set-up in a test stalls nobody but the test), nor is
/// anything in a `#[cfg(test)]` module.
pub fn is_test_fn(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        let last = a.path().segments.last().map(|s| s.ident.to_string());
        matches!(last.as_deref(), Some("test" | "rstest"))
    })
}

/// `#[cfg(test)]`.
pub fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| match &a.meta {
        syn::Meta::List(list) => list.path.is_ident("cfg") && list.tokens.to_string() == "test",
        _ => false,
    })
}
