//! Calls as the rules see them: a call to a path or a method is resolved, the crate's own
//! functions are kept for transitive findings, and the rest is handed to `rules::check` with
//! what the walk knows of the place (awaited, where `.await` may go, inside a macro).

use super::*;

impl Checker<'_> {
    /// Hands one call to the rules (or records it as a local call) according to the context.
    pub(super) fn call(
        &mut self,
        targets: &[Target<'_>],
        local_keys: Vec<String>,
        awaited: bool,
        args: CallArgs,
        callee: Loc,
        whole: Loc,
    ) {
        if matches!(self.at.ctx, Context::Elsewhere) {
            return;
        }
        if self.at.own_thread {
            // Run by `block_on` on a thread of its own: it blocks no worker. What it awaits of
            // the crate runs there too.
            if awaited && !local_keys.is_empty() {
                self.out.own_thread.push(local_keys);
            }
            return;
        }
        if self.check_rules(targets, awaited, args, &callee, &whole) {
            return;
        }
        if awaited
            && !local_keys.is_empty()
            && matches!(self.at.ctx, Context::Async(_))
            && let Some(caller) = &self.at.enclosing_fn
        {
            // Awaited code of the crate runs as part of this function's future: under its
            // handler, when it is one.
            self.out.awaited.push(AwaitedCall {
                caller: caller.clone(),
                keys: local_keys,
                early: self.at.startup,
            });
            return;
        }
        if !local_keys.is_empty() && !awaited {
            let call = LocalCall {
                keys: local_keys,
                callee: callee.clone(),
                loc: whole.clone(),
                gate: self.at.gates.on,
                off: args.off,
            };
            match &self.at.ctx {
                Context::Async(kind) => self.out.async_calls.push(AsyncCall {
                    call,
                    context: kind.clone(),
                    enclosing_fn: self.at.enclosing_fn.clone(),
                    startup: self.at.startup,
                }),
                Context::SyncFn(i) => self.out.fns[*i].calls.push(call),
                Context::Elsewhere => {}
            }
        }
    }

    /// A call to a function or associated function by path, resolved to `paths`.
    pub(super) fn call_path(
        &mut self,
        paths: &[String],
        awaited: bool,
        args: CallArgs,
        callee: Loc,
        whole: Loc,
    ) {
        let local: Vec<String> = paths
            .iter()
            .filter(|p| DefPath::new(p).is_local())
            .cloned()
            .collect();
        // The crate's own functions are followed, not judged by the rules, unless the
        // configuration lists them as blocking.
        let targets: Vec<Target<'_>> = paths
            .iter()
            .filter(|p| !DefPath::new(p).is_local() || self.configured_blocking(p))
            .map(|p| Target::Path(p))
            .collect();
        self.call(&targets, local, awaited, args, callee, whole);
    }

    /// Functions handed by name to a combinator that runs its function argument before it
    /// returns (`.map(std::fs::read_to_string)`, `.and_then(load)`): called here, exactly as
    /// the closure `|p| load(p)` would be.
    pub(super) fn function_values(&mut self, m: &syn::ExprMethodCall, awaited: bool) {
        if awaited || !contexts::runs_closure_now(&m.method.to_string()) {
            return;
        }
        for arg in &m.args {
            if let Expr::Path(p) = arg
                && p.qself.is_none()
                && let Resolved::Paths(paths) = self.res.resolve_path(&p.path)
            {
                let at = self.loc(callee_span(&p.path));
                self.at.fn_value = true;
                // The combinator hands the function its item: one argument, as far as a rule
                // needs to know.
                let one = CallArgs {
                    count: 1,
                    ..CallArgs::default()
                };
                self.call_path(&paths, false, one, at.clone(), at);
                self.at.fn_value = false;
            }
        }
    }

    /// Whether the configuration lists this crate item (`#0::sdk::load`) as blocking.
    pub(super) fn configured_blocking(&self, resolved: &str) -> bool {
        self.setting.facts.configured.iter().any(|b| {
            crate::model::path::path_listed(
                resolved,
                std::slice::from_ref(&b.path),
                self.setting.facts.crates,
            )
        })
    }

    /// Runs the rules over the candidate targets; records and reports whether one hit.
    pub(super) fn check_rules(
        &mut self,
        targets: &[Target<'_>],
        awaited: bool,
        args: CallArgs,
        callee: &Loc,
        whole: &Loc,
    ) -> bool {
        if targets.is_empty() {
            return false;
        }
        let res = &self.res;
        let traits = |t: &str| res.trait_in_scope(t);
        let method_trait = targets
            .iter()
            .any(|t| matches!(t, Target::Method { .. }))
            .then(|| self.setting.typed?.method_trait(callee.start))
            .flatten();
        let found = targets.iter().find_map(|target| {
            rules::check(
                &Call {
                    target: *target,
                    awaited,
                    await_here: self.at.await_ok && !self.at.in_macro,
                    args,
                    callee_loc: callee,
                    call_loc: whole,
                    traits_in_scope: &traits,
                    method_trait,
                },
                self.setting.facts,
            )
        });
        let Some((rule, mut hit)) = found else {
            return false;
        };
        if self.at.fn_value {
            hit.suggestion = None;
        }
        let whole = whole.clone();
        match &self.at.ctx {
            Context::Async(kind) => self.out.findings.push(Finding {
                rule,
                file: self.setting.file,
                loc: whole,
                hit,
                context: kind.clone(),
                enclosing_fn: self.at.enclosing_fn.clone(),
                via: Vec::new(),
                also: Vec::new(),
                how_it_blocks: None,
                handler: None,
                startup: self.at.startup,
                example: false,
                dep: None,
            }),
            Context::SyncFn(i) => {
                self.out.fns[*i].record_blocking((rule, hit, whole), self.at.gates.on);
            }
            Context::Elsewhere => {}
        }
        true
    }
}
