//! Where code runs: on the async runtime (async fn, async block, async closure, and closures
//! called inline in those) or on a thread that may block (sync fns, closures handed to an offload
//! function). Like ruff's `in_async_context`, the answer changes only at fn and closure boundaries.

pub mod handlers;
pub mod own_thread;
pub mod startup;

/// How the crate's functions are called, across every file: who awaits each (with whether the
/// await is early, see `startup`), and which are called some other way (spawned, from sync
/// code, kept for later), where they may run anywhere.
pub(crate) struct CallsOfFns<'a> {
    pub awaited_by: std::collections::HashMap<&'a str, Vec<(&'a str, bool)>>,
    pub elsewhere: std::collections::HashSet<&'a str>,
}

impl<'a> CallsOfFns<'a> {
    pub fn of(summaries: &'a [crate::analysis::summary::FileSummary]) -> Self {
        let mut calls = CallsOfFns {
            awaited_by: Default::default(),
            elsewhere: Default::default(),
        };
        for s in summaries {
            for a in &s.awaited {
                for key in &a.keys {
                    calls
                        .awaited_by
                        .entry(key.as_str())
                        .or_default()
                        .push((a.caller.as_str(), a.early));
                }
            }
            let other_calls = s
                .async_calls
                .iter()
                .map(|c| &c.call)
                .chain(s.fns.iter().flat_map(|f| &f.calls));
            for call in other_calls {
                calls.elsewhere.extend(call.keys.iter().map(String::as_str));
            }
        }
        calls
    }
}

use crate::knowledge::closures::{
    ERROR_PATH_METHODS, OFFLOAD_FNS, OFFLOAD_METHODS, RUNS_INLINE_WHEN_AWAITED, RUNS_NOW,
    SPAWN_FNS, SPAWN_METHODS,
};
use crate::model::path::DefPath;
use crate::rules::finding::AsyncKind;

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
    OFFLOAD_FNS.contains(&path)
        // `use tokio::task;` then `task::spawn_blocking(..)` resolves fully, but a glob or a
        // re-export (`lesson_support::blocking::spawn_blocking`) may not: the name is telling.
        || path.ends_with("::spawn_blocking")
        || path.ends_with("::block_in_place")
        // A crate's own offload wrapper is named for what it does: a module or a function
        // called `blocking` (`cancel::blocking::spawn_cancel_on_token`, `run_blocking`).
        || DefPath::new(path).segments().any(|seg| {
            seg == "blocking" || seg.starts_with("spawn_blocking") || seg.ends_with("_blocking")
        })
        || path == "spawn_blocking"
        || path == "block_in_place"
}

/// Functions and methods that start a task from the future they are handed.
pub fn spawns_task_path(path: &str) -> bool {
    SPAWN_FNS.contains(&path)
}

pub fn spawns_task_method(name: &str) -> bool {
    SPAWN_METHODS.contains(&name)
}

/// Methods whose closure argument runs on another thread: `thread::Builder::spawn`,
/// `Scope::spawn` (std and rayon), `Handle::spawn_blocking`, rayon's `ThreadPool::install`.
/// Only closures count: `tokio::spawn`'s argument is a future, an async context of its own.
pub fn offloads_closure_method(name: &str) -> bool {
    OFFLOAD_METHODS.contains(&name)
}

/// `Result`/`Option` methods whose closure runs only on the error (or empty) path:
/// `map_err(|e| ..)`, `unwrap_or_else(|e| ..)`. A dependency that blocks only there (writes a
/// crash report, sleeps before a retry) is not summarised as blocking (see `deps`).
pub fn error_path_method(name: &str) -> bool {
    ERROR_PATH_METHODS.contains(&name)
}

/// Calls known to run their closure argument before they return (iterator, `Option`/`Result`
/// and entry combinators, `thread_local!`'s `with`, `Once::call_once`, `catch_unwind`). In a
/// dependency's summary a closure handed to any other call (`Arc::new(move |d| ..)`, a
/// builder's `.on_connect(|c| ..)`) is taken to be kept for later, not run there: following it
/// would make a constructor block for what a later call does.
pub fn runs_closure_now(name: &str) -> bool {
    RUNS_NOW.contains(&name)
}

/// An `if` condition that holds only on an error: `let Err(e) = ..`, `x.is_err()`.
pub fn tests_for_error(cond: &syn::Expr) -> bool {
    match cond {
        syn::Expr::Let(l) => matches_error(&l.pat),
        syn::Expr::MethodCall(m) => m.method == "is_err",
        syn::Expr::Paren(p) => tests_for_error(&p.expr),
        _ => false,
    }
}

/// A pattern that matches only an error: `Err(..)`, or alternatives that all are.
pub fn matches_error(pat: &syn::Pat) -> bool {
    match pat {
        syn::Pat::TupleStruct(t) => t.path.segments.last().is_some_and(|s| s.ident == "Err"),
        syn::Pat::Or(o) => o.cases.iter().all(matches_error),
        _ => false,
    }
}

/// Future and stream combinators: awaited, yet their closure runs inside the async context.
/// Any other awaited call that takes a sync closure (`conn.interact(|c| ..).await`,
/// `web::block(|| ..).await`, a project's `pool.run(|| ..).await`) is taken to run it elsewhere:
/// awaiting a sync closure's result is what offload wrappers are for, and a false alarm costs
/// more than a miss.
pub fn runs_closure_inline(method: &str) -> bool {
    RUNS_INLINE_WHEN_AWAITED.contains(&method)
}

/// Whether `receiver` is a rayon parallel iterator: a method chain that went through
/// `par_iter`, `into_par_iter`, `par_chunks`, `par_bridge`, ... The closures handed to its
/// adapters (`.map(..)`, `.for_each(..)`) run on rayon's pool, not here; the `par_*` call itself,
/// which waits for them, is the finding (`blocking::cpu`).
pub fn is_parallel_iterator(receiver: &syn::Expr) -> bool {
    match receiver {
        syn::Expr::MethodCall(m) => {
            let name = m.method.to_string();
            name.starts_with("par_")
                || name.starts_with("into_par_")
                || is_parallel_iterator(&m.receiver)
        }
        syn::Expr::Paren(p) => is_parallel_iterator(&p.expr),
        _ => false,
    }
}

/// What `--explain test-code` prints: what the lint takes for test code, which it does not report.
pub const TEST_CODE_EXPLANATION: &str = "# test code

A blocking call in a test stalls nobody but the test, so test code is not reported. Test code is:

- a function with a test attribute: `#[test]`, any attribute whose path ends in `test` or
  `_test` (`#[tokio::test]`, `#[sqlx::test]`, `#[my_crate_test]`), `#[test_case(..)]`,
  `#[rstest]`, `#[bench]`;
- a module, function, `impl` block or `impl` item under a `cfg` that requires `test`, and every
  file such a module declares with `mod x;` (linting paths too, where each file is read alone:
  the declaring file says it). A file named like test support (`tests.rs`, `test_utils.rs`,
  `test_helpers.rs`, `test_support.rs`, `testing.rs`, `fixtures/mod.rs`) is test code unless
  product code declares it. `#[cfg(test)]` and `#[cfg(all(test, ..))]` require
  it. `#[cfg(any(test, ..))]` counts when every other arm is a feature whose name says it is for
  tests (a word of it is `test`, `tests`, `testing`, `e2e` or `fixtures`, as in
  `feature = \"test-utils\"`): such features exist to hand helpers to tests;
- integration tests and benches: cargo targets of kind test and bench with every module they
  reach. Linting paths, the same files: a package's `tests/*.rs` and `benches/*.rs`, the folders
  under them that have a `main.rs` or that one of those files declares (`mod common;` for
  `tests/common/`), and, outside any package, whatever sits in a `tests/` or `benches/` folder.
  A folder under `tests/` that nothing declares is a crate of its own (compile-test fixtures
  are) and is linted;
- in cargo mode, a workspace member that the other members use only for their tests: each that
  depends on it does so as a dev-dependency, or as an optional dependency that only features
  named for tests enable (test fakes, fixtures, load generators). A member no other member
  depends on is a program of its own and is linted.

`--include-tests` lints all of it as if it were the product.

Without it, the lint does not build a syntax tree for a `cfg(test)` module or for the files of
test targets (about a fifth of a service's lines): it lexes them, keeps their `mod x;`
declarations, and reads no further. So a syntax error inside such test code is not reported;
the compiler reports it.
";

/// A test function: `#[test]`, and any attribute whose path ends in `test` or `_test`
/// (`#[tokio::test]`, `#[sqlx::test]`, `#[test_log::test]`, a crate's own `#[my_crate_test]`),
/// `#[test_case(..)]`, `#[rstest]` and `#[bench]`. Test code is not reported (a blocking fixture
/// set-up in a test stalls nobody but the test), nor is anything under a `cfg` that requires
/// `test` ([`is_cfg_test`]).
pub fn is_test_fn(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        let Some(segment) = a.path().segments.last() else {
            return false;
        };
        // Doc comments are attributes too, one a line: the commonest by far, and never a test.
        if segment.ident == "doc" {
            return false;
        }
        let last = segment.ident.to_string();
        last == "test"
            || last.ends_with("_test")
            || matches!(last.as_str(), "test_case" | "rstest" | "bench")
    })
}

/// A `#[cfg(..)]` that holds only in test builds: see [`cfg_requires_test`].
pub fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| match &a.meta {
        syn::Meta::List(list) if list.path.is_ident("cfg") => list
            .parse_args::<syn::Meta>()
            .is_ok_and(|predicate| cfg_requires_test(&predicate)),
        _ => false,
    })
}

/// An item under a `cfg` that cannot hold on the host: `cfg(windows)` on Linux,
/// `cfg(target_os = "macos")`, `cfg(all(unix, not(target_os = "linux")))`. A dependency's
/// summary leaves such code out: it is never compiled here, and its functions often share a
/// name with the host's own (`platform::windows::open` beside `platform::linux::open`).
/// With `features` (the ones cargo's resolve enables for the package), `cfg(feature = "x")` is
/// judged too: `windows`' thousands of feature-gated modules are then read only when enabled.
/// Predicates it cannot judge (`target_vendor`, `debug_assertions`) leave the item in.
pub fn cfg_off_host(attrs: &[syn::Attribute], features: Option<&[String]>) -> bool {
    attrs.iter().any(|a| match &a.meta {
        syn::Meta::List(list) if list.path.is_ident("cfg") => list
            .parse_args::<syn::Meta>()
            .is_ok_and(|predicate| host_cfg(&predicate, features) == Some(false)),
        _ => false,
    })
}

/// Whether a `cfg` predicate holds on the host the lint was built for (with `features`
/// enabled, when known); `None` when it depends on something else (`test`,
/// `debug_assertions`).
fn host_cfg(predicate: &syn::Meta, features: Option<&[String]>) -> Option<bool> {
    use std::env::consts::{ARCH, FAMILY, OS};
    match predicate {
        syn::Meta::Path(p) if p.is_ident("windows") => Some(FAMILY == "windows"),
        syn::Meta::Path(p) if p.is_ident("unix") => Some(FAMILY == "unix"),
        syn::Meta::Path(_) => None,
        syn::Meta::NameValue(nv) => {
            let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(value),
                ..
            }) = &nv.value
            else {
                return None;
            };
            let host = match nv.path.get_ident()?.to_string().as_str() {
                "feature" => return features.map(|f| f.iter().any(|x| *x == value.value())),
                "target_os" => OS,
                "target_family" => FAMILY,
                "target_arch" => ARCH,
                _ => return None,
            };
            Some(value.value() == host)
        }
        syn::Meta::List(list) => {
            let parts = list
                .parse_args_with(
                    syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
                )
                .ok()?;
            let values: Vec<Option<bool>> = parts.iter().map(|p| host_cfg(p, features)).collect();
            if list.path.is_ident("all") {
                if values.contains(&Some(false)) {
                    Some(false)
                } else {
                    values.iter().all(|v| *v == Some(true)).then_some(true)
                }
            } else if list.path.is_ident("any") {
                if values.contains(&Some(true)) {
                    Some(true)
                } else {
                    values.iter().all(|v| *v == Some(false)).then_some(false)
                }
            } else if list.path.is_ident("not") {
                match values.as_slice() {
                    [one] => one.map(|v| !v),
                    _ => None,
                }
            } else {
                None
            }
        }
    }
}

/// Whether a `cfg` predicate can only hold when compiling tests. `test` does; `all(..)` does when
/// any of its parts does; `any(..)` does when every arm is `test` or a feature whose name says it
/// is for testing (`feature = "testing"`, `"test-utils"`, `"e2e"`, `"fixtures"`): such features
/// exist to give tests helpers, and a build that enables them for production is the exception.
/// `not(..)` never does.
pub fn cfg_requires_test(predicate: &syn::Meta) -> bool {
    match predicate {
        syn::Meta::Path(path) => path.is_ident("test"),
        syn::Meta::List(list) => {
            let Ok(parts) = list.parse_args_with(
                syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
            ) else {
                return false;
            };
            if list.path.is_ident("all") {
                parts.iter().any(cfg_requires_test)
            } else if list.path.is_ident("any") {
                !parts.is_empty()
                    && parts
                        .iter()
                        .all(|part| cfg_requires_test(part) || is_testing_feature(part))
            } else {
                false
            }
        }
        syn::Meta::NameValue(_) => false,
    }
}

/// `feature = "..."` whose name says it is there for tests.
fn is_testing_feature(predicate: &syn::Meta) -> bool {
    let syn::Meta::NameValue(nv) = predicate else {
        return false;
    };
    let syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(name),
        ..
    }) = &nv.value
    else {
        return false;
    };
    nv.path.is_ident("feature") && feature_is_for_tests(&name.value())
}

/// A cargo feature whose name says it is there for tests (`test-utils`, `testing`, `e2e`).
pub fn feature_is_for_tests(name: &str) -> bool {
    name.to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| matches!(word, "test" | "tests" | "testing" | "e2e" | "fixtures"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(text: &str) -> Vec<syn::Attribute> {
        let item: syn::ItemFn = syn::parse_str(&format!("{text} fn f() {{}}")).unwrap();
        item.attrs
    }

    #[test]
    fn test_attributes_by_their_last_segment() {
        for test in [
            "#[test]",
            "#[tokio::test]",
            "#[tokio::test(flavor = \"multi_thread\")]",
            "#[sqlx::test]",
            "#[my_crate_test]",
            "#[test_case(1, 2)]",
            "#[rstest]",
            "#[bench]",
        ] {
            assert!(is_test_fn(&attrs(test)), "{test}");
        }
        for not_test in [
            "#[inline]",
            "#[testing]",
            "#[tests]",
            "#[attest]",
            "#[contest(x)]",
        ] {
            assert!(!is_test_fn(&attrs(not_test)), "{not_test}");
        }
    }

    #[test]
    fn cfgs_that_require_test() {
        for test in [
            "#[cfg(test)]",
            "#[cfg(all(test, feature = \"x\"))]",
            "#[cfg(all(unix, test))]",
            "#[cfg(any(test, feature = \"testing\"))]",
            "#[cfg(any(test, feature = \"test-utils\", feature = \"e2e\"))]",
            "#[cfg(any(test, feature = \"fixtures\"))]",
        ] {
            assert!(is_cfg_test(&attrs(test)), "{test}");
        }
        for not_test in [
            "#[cfg(unix)]",
            "#[cfg(not(test))]",
            "#[cfg(any(test, feature = \"server\"))]",
            "#[cfg(any(test, unix))]",
            "#[cfg(feature = \"testing\")]",
            "#[cfg(any())]",
            "#[cfg_attr(test, derive(Debug))]",
        ] {
            assert!(!is_cfg_test(&attrs(not_test)), "{not_test}");
        }
    }
}
