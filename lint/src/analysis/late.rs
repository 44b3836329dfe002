//! Late resolution: what one file cannot know alone. Once every file's summary is in, method
//! calls on values reached through a struct defined in another file (`state.db.get()` with
//! `AppState` in `state.rs`) get their receiver's type and go to the rules like any other call.

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;

use crate::analysis::summary::{
    AsyncCall, AwaitedCall, DeferredCall, FileSummary, LocalCall, Site,
};
use crate::model::path::{DefPath, TailIndex};
use crate::model::semantic::{Ty, types};
use crate::rules::finding::Finding;
use crate::rules::{self, Call, CallArgs, RunFacts, Target};

type Fields = HashMap<String, Ty>;

/// Every struct of the run, by path, with a fallback by name within a unit for paths that reach
/// a struct through a `pub use` re-export (`crate::AppState` for `crate::state::AppState`).
pub struct Structs {
    by_path: HashMap<String, Fields>,
    aliases: HashMap<String, Ty>,
    returns: HashMap<String, Ty>,
    by_name: HashMap<(String, String), Vec<String>>,
    returns_by_tail: TailIndex<String>,
}

/// `#3::a::B` -> (`#3`, `B`).
fn unit_and_name(path: &str) -> Option<(String, String)> {
    let path = DefPath::new(path);
    path.parent()?;
    Some((path.krate().to_string(), path.name().to_string()))
}

impl Structs {
    pub fn collect(summaries: &mut [FileSummary]) -> Structs {
        let mut by_path = HashMap::new();
        let mut by_name: HashMap<(String, String), Vec<String>> = HashMap::new();
        let mut aliases = HashMap::new();
        let mut returns = HashMap::new();
        for s in summaries {
            aliases.extend(std::mem::take(&mut s.aliases));
            returns.extend(std::mem::take(&mut s.returns));
            for (path, fields) in std::mem::take(&mut s.structs) {
                if let Some(k) = unit_and_name(&path) {
                    by_name.entry(k).or_default().push(path.clone());
                }
                by_path.insert(path, fields);
            }
        }
        let returns_by_tail = TailIndex::new(returns.keys().cloned());
        Structs {
            by_path,
            by_name,
            aliases,
            returns,
            returns_by_tail,
        }
    }

    fn fields(&self, path: &str) -> Option<&Fields> {
        if let Some(f) = self.by_path.get(path) {
            return Some(f);
        }
        match self.by_name.get(&unit_and_name(path)?)?.as_slice() {
            [only] => self.by_path.get(only),
            _ => None,
        }
    }

    /// The declared return type of a function of the crate, found by path or, through a
    /// re-export, by its unit and last segments when only one function matches.
    fn returns_of(&self, path: &str) -> Option<&Ty> {
        if let Some(ty) = self.returns.get(path) {
            return Some(ty);
        }
        self.returns.get(self.returns_by_tail.unique(path)?)
    }

    /// What an alias of the crate stands for (through aliases of aliases, a few deep).
    fn unalias(&self, mut ty: Ty) -> Ty {
        for _ in 0..4 {
            match ty.path().and_then(|p| self.aliases.get(p)) {
                Some(target) => ty = target.clone(),
                None => break,
            }
        }
        ty
    }

    /// The type a deferred type stands for, when every step resolves.
    pub fn resolve(&self, ty: &Ty) -> Option<Ty> {
        let Ty::Deferred { root, steps } = ty else {
            return Some(ty.clone());
        };
        let mut cur = self.unalias(Ty::named(root));
        for step in steps {
            cur = if step == "()" {
                // What `root` returns when called: a function, a method, a tuple struct.
                match self.returns_of(root) {
                    Some(ty) => self.unalias(ty.clone()),
                    None if self.fields(root).is_some() => cur,
                    None => return None,
                }
            } else if let Some(field) = step.strip_prefix('.') {
                let owner = cur.autoderef();
                let ty = match (&owner, field.parse::<usize>()) {
                    // `let (tx, rx) = chan::pair()`: an element of a returned tuple.
                    (Ty::Tuple(parts), Ok(i)) => parts.get(i)?.clone(),
                    _ => self.fields(owner.path()?)?.get(field)?.clone(),
                };
                self.unalias(ty)
            } else if step == "?" {
                cur.unwrapped()
            } else {
                let method = step.trim_end_matches("()");
                let recv = cur.clone().autoderef();
                let own = recv
                    .path()
                    .and_then(|p| self.returns_of(&format!("{p}::{method}")));
                if types::is_result_adapter(method) {
                    types::adapter_return(&cur, method)?
                } else if let Some(ty) = own {
                    self.unalias(ty.clone())
                } else {
                    types::method_return(&recv, method)?
                }
            };
        }
        Some(cur.autoderef())
    }
}

/// Judges every deferred call: findings for async sites, blocking facts and local calls for the
/// functions transitive findings are built from. Then the calls that reach another crate's
/// function through the crate's own imports.
pub fn apply(summaries: &mut [FileSummary], facts: RunFacts<'_>) {
    let structs = Structs::collect(summaries);
    // Each file's calls are judged on their own, against facts read by all: file by file, in
    // parallel (on the lint's nine-repository corpus this pass was 6% of a run, on one thread).
    summaries.par_iter_mut().for_each(|s| {
        let file = s.file;
        for call in std::mem::take(&mut s.deferred) {
            let Some(receiver) = structs.resolve(&call.receiver) else {
                continue;
            };
            judge(s, file, &call, &receiver, facts);
        }
    });
    through_imports(summaries, facts);
}

/// Every module's imports, by the path other modules reach them by, and its glob imports of
/// other crates.
struct Imports(HashMap<String, String>, HashMap<String, Vec<String>>);

impl Imports {
    /// Where a path of the crate leads through its modules' imports, when it ends outside the
    /// crate: `#0::prelude::nap` to `std::thread::sleep`, and through a module import
    /// (`pub use std::fs;`) `#0::fs::read` to `std::fs::read`. A few imports deep, as written.
    fn outside(&self, path: &str) -> Vec<String> {
        let mut cur = Cow::Borrowed(path);
        for _ in 0..8 {
            if !DefPath::new(&cur).is_local() {
                return match cur {
                    Cow::Owned(outside) => vec![outside],
                    Cow::Borrowed(_) => Vec::new(),
                };
            }
            // The longest prefix that is an import: `a::b::c` tries `a::b::c`, `a::b`, `a`,
            // each a slice of the path, so the many calls that reach no import allocate nothing.
            let named = DefPath::new(&cur)
                .splits()
                .find_map(|(head, rest)| Some((self.0.get(head)?, rest)));
            let Some((target, rest)) = named else {
                // No named import: the module's globs of other crates may hold the name
                // (`pub use std::thread::*;` in `prelude` for `prelude::sleep`).
                let (module, name) = DefPath::new(&cur)
                    .split_last()
                    .map_or(("", ""), |(m, n)| (m.as_str(), n));
                return self.1.get(module).map_or_else(Vec::new, |globs| {
                    globs.iter().map(|g| format!("{g}::{name}")).collect()
                });
            };
            let next = match rest {
                "" => target.clone(),
                rest => DefPath::new(target).join(rest),
            };
            cur = Cow::Owned(next);
        }
        Vec::new()
    }
}

/// Calls the checker left as calls to the crate's own functions, though their path reaches
/// another crate's function through a `use` of the crate (`prelude::nap(d)` after `pub use
/// std::thread::sleep as nap;` in `mod prelude`): the rules judge them as the function they are.
fn through_imports(summaries: &mut [FileSummary], facts: RunFacts<'_>) {
    let mut globs: HashMap<String, Vec<String>> = HashMap::new();
    for (module, glob) in summaries
        .iter_mut()
        .flat_map(|s| std::mem::take(&mut s.glob_imports))
    {
        globs.entry(module).or_default().push(glob);
    }
    let imports = Imports(
        summaries
            .iter_mut()
            .flat_map(|s| std::mem::take(&mut s.imports))
            .collect(),
        globs,
    );
    if imports.0.is_empty() && imports.1.is_empty() {
        return;
    }
    let judge = |call: &LocalCall| {
        let paths = call.keys.iter().flat_map(|key| imports.outside(key));
        paths.into_iter().find_map(|path| {
            rules::check(
                &Call {
                    target: Target::Path(&path),
                    awaited: false,
                    // The checker did not keep whether `.await` may go here; a fix stays a
                    // suggestion for a person.
                    await_here: false,
                    args: CallArgs::default(),
                    callee_loc: &call.callee,
                    call_loc: &call.loc,
                    traits_in_scope: &|_| false,
                    method_trait: None,
                },
                facts,
            )
        })
    };
    summaries.par_iter_mut().for_each(|s| {
        let file = s.file;
        let mut left = Vec::new();
        for c in std::mem::take(&mut s.async_calls) {
            match judge(&c.call) {
                Some((rule, hit)) => s.findings.push(Finding {
                    rule,
                    file,
                    loc: c.call.loc.clone(),
                    hit,
                    context: c.context,
                    enclosing_fn: c.enclosing_fn,
                    via: Vec::new(),
                    also: Vec::new(),
                    how_it_blocks: None,
                    handler: None,
                    startup: c.startup,
                    example: false,
                    dep: None,
                }),
                None => left.push(c),
            }
        }
        s.async_calls = left;
        for f in s
            .fns
            .iter_mut()
            .filter(|f| f.blocking.is_none() || f.blocking_gate != 0)
        {
            for i in 0..f.calls.len() {
                if let Some(found) = judge(&f.calls[i]) {
                    let (loc, gate) = (f.calls[i].loc.clone(), f.calls[i].gate);
                    f.record_blocking((found.0, found.1, loc), gate);
                    if f.blocking_gate == 0 {
                        break;
                    }
                }
            }
        }
    });
}

fn judge(
    s: &mut FileSummary,
    file: usize,
    call: &DeferredCall,
    receiver: &Ty,
    facts: RunFacts<'_>,
) {
    let no_traits = |_: &str| false;
    let hit = rules::check(
        &Call {
            target: Target::Method {
                receiver: Some(receiver),
                name: &call.method,
            },
            awaited: call.awaited,
            // No rule suggests an edit for a method call; were one to, a deferred call's place in
            // its body is not kept, so it is not claimed to take an `.await`.
            await_here: false,
            args: call.args,
            callee_loc: &call.callee,
            call_loc: &call.whole,
            traits_in_scope: &no_traits,
            method_trait: None,
        },
        facts,
    );
    match (hit, &call.site) {
        (
            Some((rule, hit)),
            Site::Async {
                context,
                enclosing_fn,
                startup,
            },
        ) => s.findings.push(Finding {
            rule,
            file,
            loc: call.whole.clone(),
            hit,
            context: context.clone(),
            enclosing_fn: enclosing_fn.clone(),
            via: Vec::new(),
            also: Vec::new(),
            how_it_blocks: None,
            handler: None,
            startup: *startup,
            example: false,
            dep: None,
        }),
        (Some((rule, hit)), Site::SyncFn(i)) => {
            s.fns[*i].record_blocking((rule, hit, call.whole.clone()), 0);
        }
        (None, site) if !call.awaited => {
            // A method of one of the crate's own types: maybe a blocking sync fn.
            let Some(path) = receiver.path().filter(|p| DefPath::new(p).is_local()) else {
                return;
            };
            let local = LocalCall {
                keys: vec![format!("{path}::{}", call.method)],
                callee: call.callee.clone(),
                loc: call.whole.clone(),
                // Where in its fn a deferred call sits is not kept: it runs whatever the
                // arguments, as far as `gates` go.
                gate: 0,
                off: call.args.off,
            };
            match site {
                Site::Async {
                    context,
                    enclosing_fn,
                    startup,
                } => s.async_calls.push(AsyncCall {
                    call: local,
                    context: context.clone(),
                    enclosing_fn: enclosing_fn.clone(),
                    startup: *startup,
                }),
                Site::SyncFn(i) => s.fns[*i].calls.push(local),
            }
        }
        (
            None,
            Site::Async {
                enclosing_fn: Some(caller),
                startup,
                ..
            },
        ) => {
            // An awaited method of one of the crate's own types (a service or an actor held in
            // the router's state, its impl in another file): its future runs inside the
            // caller's, so it is under the caller's handler as an awaited free fn would be.
            if let Some(path) = receiver.path().filter(|p| DefPath::new(p).is_local()) {
                s.awaited.push(AwaitedCall {
                    caller: caller.clone(),
                    keys: vec![format!("{path}::{}", call.method)],
                    early: *startup,
                });
            }
        }
        _ => {}
    }
}
