//! Start-up code: an entry point's first statements, before it spawns or serves. While they run
//! no other task exists, so a blocking call there stalls nobody (see `rules::STARTUP`).
//!
//! Entry points are `async fn main` under a runtime's attribute (`#[tokio::main]`,
//! `#[actix_web::main]`, ...) and the async fns of the same file that a sync `fn main` hands to
//! `block_on` (`Runtime::new()?.block_on(run(args))`). Start-up ends at the first statement
//! that can put other work on the runtime: a spawn, a server that starts serving, futures
//! joined or raced. What follows it is ordinary async code.

use std::collections::HashSet;

use syn::visit::Visit;

use crate::analysis::summary::FileSummary;

/// Calls that put other work on the runtime, or start serving, by their last name.
const STARTS_WORK: &[&str] = &["spawn", "spawn_local", "serve", "run", "listen", "launch"];

/// Macros that poll several futures at once.
const JOINS: &[&str] = &["join", "try_join", "select", "join_all"];

/// The run's entry points that go on to serve (each file's, see [`is_async_main`] and
/// [`handed_to_block_on`]), and the async fns that only their start-up awaits: `let config =
/// load_config().await;` before serving makes `load_config`'s own first statements start-up
/// too. A function called any other way (spawned, called without `.await`, from sync code, or
/// awaited after a spawn) is not. An entry point that never spawns, serves or joins futures,
/// itself or through what it awaits, is a command-line tool's `main`: it has no start-up, its
/// code and what it awaits are its work.
pub(crate) fn entry_points(
    summaries: &[FileSummary],
    calls: &super::CallsOfFns<'_>,
) -> HashSet<String> {
    let serving = serving(summaries);
    let mut entries: HashSet<String> = summaries
        .iter()
        .flat_map(|s| s.entries.iter().cloned())
        .filter(|e| serving.contains(e.as_str()))
        .collect();
    let super::CallsOfFns {
        awaited_by,
        elsewhere,
    } = calls;
    // Each round adds the fns awaited only from start-up of what is already an entry point.
    loop {
        let reached: Vec<&str> = awaited_by
            .iter()
            .filter(|(key, _)| !entries.contains(**key) && !elsewhere.contains(**key))
            .filter(|(_, callers)| {
                callers
                    .iter()
                    .all(|(caller, early)| *early && entries.contains(*caller))
            })
            .map(|(key, _)| *key)
            .collect();
        if reached.is_empty() {
            return entries;
        }
        entries.extend(reached.into_iter().map(String::from));
    }
}

/// The async fns that spawn, serve or join futures, themselves or in a function they await.
fn serving(summaries: &[FileSummary]) -> HashSet<&str> {
    let mut serving: HashSet<&str> = summaries
        .iter()
        .flat_map(|s| s.serving.iter().map(String::as_str))
        .collect();
    let awaits: Vec<(&str, &str)> = summaries
        .iter()
        .flat_map(|s| &s.awaited)
        .flat_map(|a| a.keys.iter().map(|k| (a.caller.as_str(), k.as_str())))
        .collect();
    loop {
        let before = serving.len();
        for (caller, callee) in &awaits {
            if serving.contains(callee) {
                serving.insert(caller);
            }
        }
        if serving.len() == before {
            return serving;
        }
    }
}

/// `async fn main` under an attribute whose last segment is `main` (`#[tokio::main]`).
pub fn is_async_main(sig: &syn::Signature, attrs: &[syn::Attribute]) -> bool {
    sig.asyncness.is_some()
        && sig.ident == "main"
        && attrs
            .iter()
            .any(|a| a.path().segments.last().is_some_and(|s| s.ident == "main"))
}

/// The names of the fns a sync `fn main` among `items` hands to `block_on`, called directly
/// (`rt.block_on(run())`) or awaited in the async block it hands over
/// (`rt.block_on(async { run().await })`).
pub fn handed_to_block_on(items: &[syn::Item]) -> HashSet<String> {
    let mut found = BlockOnArgs::default();
    for item in items {
        if let syn::Item::Fn(f) = item
            && f.sig.ident == "main"
            && f.sig.asyncness.is_none()
        {
            found.visit_block(&f.block);
        }
    }
    found.names
}

#[derive(Default)]
struct BlockOnArgs {
    names: HashSet<String>,
}

impl BlockOnArgs {
    fn take(&mut self, arg: &syn::Expr) {
        match arg {
            syn::Expr::Call(c) => {
                if let syn::Expr::Path(p) = &*c.func
                    && let Some(last) = p.path.segments.last()
                {
                    self.names.insert(last.ident.to_string());
                }
            }
            syn::Expr::Async(a) => {
                for stmt in &a.block.stmts {
                    let expr = match stmt {
                        syn::Stmt::Expr(e, _) => e,
                        syn::Stmt::Local(l) => match &l.init {
                            Some(init) => &init.expr,
                            None => continue,
                        },
                        _ => continue,
                    };
                    if let syn::Expr::Await(aw) = expr {
                        self.take(&aw.base);
                    }
                }
            }
            syn::Expr::Paren(p) => self.take(&p.expr),
            _ => {}
        }
    }
}

impl<'ast> Visit<'ast> for BlockOnArgs {
    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        if m.method == "block_on"
            && let Some(arg) = m.args.first()
        {
            self.take(arg);
        }
        syn::visit::visit_expr_method_call(self, m);
    }

    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        if let syn::Expr::Path(p) = &*c.func
            && p.path
                .segments
                .last()
                .is_some_and(|s| s.ident == "block_on")
            && let Some(arg) = c.args.first()
        {
            self.take(arg);
        }
        syn::visit::visit_expr_call(self, c);
    }
}

/// A call, by its last name, that puts other work on the runtime or starts serving. The checker
/// ends start-up at the first one it meets in an async fn's body (closures and async blocks
/// included: `tokio::spawn(async { .. })` is the spawn).
pub fn starts_work(name: &syn::Ident) -> bool {
    STARTS_WORK.iter().any(|w| name == w)
}

/// A macro, by its last name, that polls several futures at once.
pub fn joins(name: &syn::Ident) -> bool {
    JOINS.iter().any(|j| name == j)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spawning_serving_and_joining_end_start_up() {
        let ident = |name: &str| syn::Ident::new(name, proc_macro2::Span::call_site());
        for name in ["spawn", "spawn_local", "serve", "run", "listen", "launch"] {
            assert!(starts_work(&ident(name)), "{name}");
        }
        for name in [
            "bind",
            "connect",
            "read_to_string",
            "init",
            "spawn_blocking",
        ] {
            assert!(!starts_work(&ident(name)), "{name}");
        }
        for name in ["join", "try_join", "select"] {
            assert!(joins(&ident(name)), "{name}");
        }
        assert!(!joins(&ident("println")));
    }

    #[test]
    fn entry_points_handed_to_block_on_are_found() {
        let file: syn::File = syn::parse_str(
            "fn main() {
                let rt = tokio::runtime::Runtime::new().unwrap();
                rt.block_on(main_inner(args()));
                futures::executor::block_on(async { let x = other().await; });
            }
            async fn main_inner(a: Args) {}
            fn not_main() { rt.block_on(elsewhere()); }",
        )
        .unwrap();
        let found = handed_to_block_on(&file.items);
        let expected: HashSet<String> = ["main_inner", "other"].map(String::from).into();
        assert_eq!(found, expected);
    }
}
