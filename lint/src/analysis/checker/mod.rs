//! Walks one file's syntax tree with the semantic model and the context tracker, hands every call
//! to the rules, and returns the file's summary: direct findings, and the facts transitive
//! findings are built from (which local functions are sync and blocking, who calls whom).

use std::collections::HashSet;
use std::path::PathBuf;

use syn::visit::{self, Visit};
use syn::{Expr, FnArg, Item, Stmt};

use super::summary::*;
use crate::analysis::contexts::{self, Context};
use crate::model::path::DefPath;
use crate::model::semantic::{
    self, Binding, Frame, Resolved, Resolver, Ty, iteration, macros, routes, types,
};
use crate::model::source::Loc;
use crate::rules::finding::{AsyncKind, Finding};
use crate::rules::{self, Call, CallArgs, RunFacts, Target};

mod calls;
mod gates;
mod infer;
mod routers;
mod state;
mod test_code;

use state::{FileItems, FileSetting, Marks, Position, RouterWalk};

pub fn check_file(ast: &syn::File, place: Placement<'_>) -> FileSummary {
    let mut res = Resolver::new(place.unit.clone(), place.crates);
    res.module = place.module.clone();
    let mut checker = Checker {
        res,
        setting: FileSetting {
            offload: place.offload,
            facts: RunFacts {
                configured: place.blocking,
                crates: place.crates,
                deps: place.deps,
            },
            deps_mode: place.deps_mode,
            keep_method_calls: place.keep_method_calls,
            features: place.features,
            include_tests: place.include_tests,
            offset: place.offset,
            file: place.file,
            file_dir: place.file_dir,
            mod_dir: place.mod_dir,
            typed: place.typed,
        },
        at: Position {
            in_test: place.in_test,
            ..Position::default()
        },
        marks: Marks::default(),
        routers: RouterWalk::default(),
        items: FileItems {
            entry_points: contexts::startup::handed_to_block_on(&ast.items),
            ..FileItems::default()
        },
        out: FileSummary {
            file: place.file,
            ..FileSummary::default()
        },
    };
    // `#![cfg(windows)]` at the top of a dependency's file: the whole file is another platform's.
    checker.at.in_test |= checker.off_host(&ast.attrs);
    checker.enter_module(&ast.items);
    checker.items.warp_map_fns = routers::warp_map_fns(&checker.res, ast);
    for item in &ast.items {
        checker.visit_item(item);
    }
    let mut out = checker.out;
    out.structs = std::mem::take(&mut checker.res.fields);
    out.aliases = std::mem::take(&mut checker.res.aliases);
    out.returns = std::mem::take(&mut checker.res.returns);
    // Fields of types that name nothing (`u32`, `T`) can never lead to a known receiver.
    for fields in out.structs.values_mut() {
        fields.retain(|_, ty| ty.path().is_some_and(|p| p.contains("::")));
    }
    out.structs.retain(|_, fields| !fields.is_empty());
    prune(&mut out, checker.setting.deps_mode);
    out
}

/// The walk of one file. Its state is cut by what each part tracks: what is fixed for the file
/// ([`FileSetting`]), where the walk is ([`Position`]), expressions an enclosing call marked
/// ([`Marks`]), routers being built ([`RouterWalk`]), the file's own items ([`FileItems`]), and
/// the scope's bindings (the resolver).
struct Checker<'r> {
    res: Resolver<'r>,
    setting: FileSetting<'r>,
    at: Position,
    marks: Marks,
    routers: RouterWalk,
    items: FileItems,
    out: FileSummary,
}

fn addr<T>(x: &T) -> usize {
    x as *const T as usize
}

/// The call an `.await` applies to, through parentheses and `?`.
fn awaited_call(mut e: &Expr) -> &Expr {
    loop {
        match e {
            Expr::Paren(p) => e = &p.expr,
            Expr::Try(t) => e = &t.expr,
            Expr::Group(g) => e = &g.expr,
            _ => return e,
        }
    }
}

impl Checker<'_> {
    /// Marks the async blocks among `args` as tasks of their own (see `AsyncKind::Spawned`).
    fn mark_spawned<'e>(&mut self, args: impl Iterator<Item = &'e Expr>) {
        for arg in args {
            let mut e = arg;
            while let Expr::Paren(p) = e {
                e = &p.expr;
            }
            if let Expr::Async(a) = e {
                self.marks.by_address.spawned.insert(addr(a));
            }
        }
    }

    /// What `block_on` is handed runs on the calling thread, not on a runtime's worker: in a
    /// closure handed to `std::thread::spawn`, `spawn_blocking` or a pool, that thread is one of
    /// its own, so mark the async block or the call to the crate's async fn it is given. A
    /// sync fn's `block_on` is left alone: `main` and the helpers a command-line tool runs its
    /// commands from (`runtime.block_on(cmd.run())`) do their program's work there.
    fn mark_own_thread(&mut self, arg: Option<&Expr>) {
        if self.at.in_test {
            return;
        }
        let mut e = match arg {
            Some(e) => e,
            None => return,
        };
        while let Expr::Paren(p) = e {
            e = &p.expr;
        }
        // Marks go on the inner expression, as the visit meets it (`&ExprAsync`, `&ExprCall`).
        let at = match e {
            Expr::Async(a) => addr(a),
            Expr::Call(c) => addr(c),
            _ => return,
        };
        match &self.at.ctx {
            Context::Elsewhere => {
                self.marks.by_address.own_thread.insert(at);
            }
            // A sync fn called only from threads of their own (`thread::spawn(move ||
            // server::init(..))`) runs its `block_on` there too; `main` makes entry points.
            Context::SyncFn(_) => {
                let key = self.at.enclosing_fn.clone().unwrap_or_default();
                let main = {
                    let k = DefPath::new(&key);
                    k.name() == "main" && k.parent().is_some_and(|p| p.parent().is_none())
                };
                if main {
                    return;
                }
                let place = match e {
                    Expr::Async(a) => {
                        Some(self.loc(join(a.async_token.span, a.block.brace_token.span.close())))
                    }
                    _ => {
                        self.marks.by_address.block_on_calls.insert(at);
                        None
                    }
                };
                self.out.block_on_in_sync.push((key, place));
            }
            Context::Async(_) => {}
        }
    }

    fn loc(&self, span: proc_macro2::Span) -> Loc {
        Loc::from_span(span, self.setting.offset)
    }

    /// Sets up name resolution for a module's items (a fresh scope: modules do not see their
    /// parents' names) and records its structs' field types.
    fn enter_module(&mut self, items: &[Item]) {
        let mut frame = Frame {
            module: true,
            ..Frame::default()
        };
        // Of the `use`s that bind one name under exclusive `cfg`s (`cfg_if!`'s `use unix as sys;`
        // beside `use windows as sys;`), only the host's compiles: the others would shadow it.
        let on_host = |item: &&Item| match item {
            Item::Use(u) => !contexts::cfg_off_host(&u.attrs, self.setting.features),
            _ => true,
        };
        semantic::collect_items(
            &self.res,
            &self.res.module.clone(),
            items.iter().filter(on_host),
            &mut frame,
        );
        // What a `use` brings in is reachable from other modules by this module's path too
        // (`crate::prelude::nap`); the items defined here are known under their own path already.
        for (name, binding) in &frame.names {
            let key = format!("{}::{name}", self.res.module);
            if let Binding::Item(path) = binding
                && *path != key
            {
                self.out.imports.insert(key, path.clone());
            }
        }
        for glob in frame.globs.iter().filter(|g| !DefPath::new(g).is_local()) {
            self.out
                .glob_imports
                .push((self.res.module.clone(), glob.clone()));
        }
        self.res.push(frame);
        for item in items {
            let defined = match item {
                Item::Struct(s) => Some(&s.ident),
                Item::Enum(e) => Some(&e.ident),
                Item::Union(u) => Some(&u.ident),
                Item::Trait(t) => Some(&t.ident),
                _ => None,
            };
            if let Some(name) = defined {
                self.items
                    .local_types
                    .insert(format!("{}::{name}", self.res.module));
            }
            // `type RecommendedWatcher = INotifyWatcher;` under `cfg(target_os = "linux")`, beside
            // the other platforms' own: the host's alias, as for `use`s.
            if let Item::Type(t) = item
                && !contexts::cfg_off_host(&t.attrs, self.setting.features)
                && let Some(ty) = self.res.resolve_type(&t.ty)
            {
                let key = format!("{}::{}", self.res.module, t.ident);
                self.res.aliases.insert(key, ty);
            }
            if let Item::Fn(f) = item {
                let key = format!("{}::{}", self.res.module, f.sig.ident);
                self.items.local_fns.insert(key.clone());
                self.res.record_return(key, &f.sig.output);
            }
            if let Item::Trait(t) = item {
                // A trait's associated types stand for their first bound (`type Txn: Store;`),
                // and its methods' return types are recorded as an impl's are: a call on
                // `dyn Backend` then types `backend.txn()` as a `Store`.
                let owner = format!("{}::{}", self.res.module, t.ident);
                let saved = self.res.self_ty.replace(Ty::named(&owner));
                for it in &t.items {
                    match it {
                        syn::TraitItem::Type(ty) => {
                            if let Some(bound) = self.res.first_trait(&ty.bounds) {
                                let key = format!("{owner}::{}", ty.ident);
                                self.res.aliases.insert(key, bound);
                            }
                        }
                        syn::TraitItem::Fn(f) => {
                            let key = format!("{owner}::{}", f.sig.ident);
                            self.res.record_return(key, &f.sig.output);
                        }
                        _ => {}
                    }
                }
                self.res.self_ty = saved;
            }
            if let Item::Impl(i) = item
                && let Some(self_ty) = self.res.resolve_type(&i.self_ty)
            {
                let owner = self_ty.path().unwrap_or_default().to_string();
                let saved = self.res.self_ty.replace(self_ty);
                for it in &i.items {
                    if let syn::ImplItem::Fn(f) = it {
                        let key = format!("{owner}::{}", f.sig.ident);
                        self.items.local_fns.insert(key.clone());
                        self.res.record_return(key, &f.sig.output);
                    }
                }
                self.res.self_ty = saved;
            }
            if let Item::Struct(s) = item {
                let key = format!("{}::{}", self.res.module, s.ident);
                let fields = s
                    .fields
                    .iter()
                    .enumerate()
                    .filter_map(|(i, f)| {
                        // Tuple struct fields go by position: `self.0`.
                        let name = f
                            .ident
                            .as_ref()
                            .map_or_else(|| i.to_string(), |n| n.to_string());
                        Some((name, self.res.resolve_type(&f.ty)?))
                    })
                    .collect();
                self.res.fields.insert(key, fields);
            }
        }
    }

    /// A function body: its own context and parameter scope.
    fn function(
        &mut self,
        key: String,
        attrs: &[syn::Attribute],
        sig: &syn::Signature,
        block: &syn::Block,
    ) {
        if self.at.in_test || self.is_test_item(attrs) {
            self.test_code(|this| this.visit_block(block));
            return;
        }
        // rocket 0.5 runs a plain `fn` handler on the worker that polls the request, so a blocking
        // call in one blocks the runtime as one in an `async fn` handler does. Other frameworks
        // take async handlers only: a route attribute on a sync fn is rocket's.
        let declared_async = sig.asyncness.is_some();
        let sync_handler = !declared_async
            && (!routes::from_attributes(attrs).is_empty()
                || self.items.warp_map_fns.contains(&sig.ident.to_string()));
        let is_async = declared_async || sync_handler;
        // Start-up is this function's own first statements, never a nested one's.
        let entry = is_async
            && (contexts::startup::is_async_main(sig, attrs)
                || self.items.entry_points.contains(&sig.ident.to_string()));
        if entry {
            self.out.entries.push(key.clone());
        }
        if is_async {
            self.record_declared_routes(&key, attrs, sig);
        }
        let saved_startup = std::mem::replace(&mut self.at.startup, declared_async);
        let saved_started = std::mem::replace(&mut self.at.started_work, false);
        let first_line = attrs
            .first()
            .map_or(sig.fn_token.span, |a| a.pound_token.span);
        let head = (
            self.loc(first_line).line,
            self.loc(block.brace_token.span.open()).line,
        );
        let saved_ctx = self.at.ctx.clone();
        // No `.await` can be written in a sync handler, so no fix adds one there.
        let saved_await = std::mem::replace(&mut self.at.await_ok, declared_async);
        let saved_fn = self.at.enclosing_fn.replace(key.clone());
        self.at.ctx = if is_async {
            Context::Async(AsyncKind::Fn(sig.ident.to_string()))
        } else {
            self.out.fns.push(FnInfo {
                key: key.clone(),
                is_async: false,
                blocking: None,
                blocking_gate: 0,
                calls: Vec::new(),
                head,
                lazy: false,
            });
            Context::SyncFn(self.out.fns.len() - 1)
        };
        if is_async {
            self.out.fns.push(FnInfo {
                key,
                is_async: true,
                blocking: None,
                blocking_gate: 0,
                calls: Vec::new(),
                head,
                lazy: false,
            });
        }
        // `T: Trait` (in the parameter list or a where clause): a `T` is the trait's, as far as
        // method calls on it go. A frame of its own, so the parameters' types see it. In a
        // dependency's summary the caller chooses `T`, as it chooses the reader of a function
        // generic over `R: Read`: a `T` names no type there, lest `and_local_timezone<Tz>`
        // block for the one impl of `TimeZone` that reads a file.
        let mut generics = Frame::default();
        for (param, ty) in generic_bounds(&self.res, &sig.generics) {
            let binding = match ty.path() {
                _ if self.setting.deps_mode => Binding::Local(None),
                Some(path) => Binding::Item(path.to_string()),
                None => continue,
            };
            generics.names.insert(param, binding);
        }
        // Most fns have no bound type parameter: no frame then, one fewer for every lookup.
        let has_generics = !generics.names.is_empty();
        if has_generics {
            self.res.push(generics);
        }
        let mut frame = Frame::default();
        let mut bound = Vec::new();
        for input in &sig.inputs {
            match input {
                FnArg::Receiver(_) => {
                    frame
                        .names
                        .insert("self".into(), Binding::Local(self.res.self_ty.clone()));
                }
                FnArg::Typed(pt) => {
                    let ty = self.res.resolve_type(&pt.ty);
                    semantic::pattern_bindings(&self.res, &pt.pat, ty, &mut bound);
                }
            }
        }
        for (name, ty) in bound {
            frame.names.insert(name, Binding::Local(ty));
        }
        self.res.push(frame);
        let saved_gates = std::mem::replace(
            &mut self.at.gates,
            match is_async {
                true => gates::Gates::default(),
                false => gates::Gates::of(sig),
            },
        );
        let saved_routers = std::mem::take(&mut self.routers.vars);
        self.visit_block(block);
        self.at.gates = saved_gates;
        // Only what is surely a router: a variable holding some other call's result adds none.
        let left: Vec<routes::RoutePiece> =
            std::mem::replace(&mut self.routers.vars, saved_routers)
                .into_values()
                .filter(|r| r.sure)
                .flat_map(|r| r.entries)
                .collect();
        self.record_router(left);
        self.res.pop();
        if has_generics {
            self.res.pop();
        }
        if is_async && std::mem::replace(&mut self.at.started_work, saved_started) {
            self.out
                .serving
                .push(self.at.enclosing_fn.clone().unwrap_or_default());
        }
        self.at.ctx = saved_ctx;
        self.at.startup = saved_startup;
        self.at.await_ok = saved_await;
        self.at.enclosing_fn = saved_fn;
    }

    /// A lazy static's initialiser, as the body of a sync fn named after the static.
    fn lazy_static(&mut self, name: &syn::Ident, head: proc_macro2::Span, init: &Expr) {
        if self.at.in_test {
            return;
        }
        let key = format!("{}::{}", self.res.module, name);
        let line = self.loc(head).line;
        self.out.fns.push(FnInfo {
            key: key.clone(),
            is_async: false,
            blocking: None,
            blocking_gate: 0,
            calls: Vec::new(),
            head: (line, line),
            lazy: true,
        });
        let saved_ctx =
            std::mem::replace(&mut self.at.ctx, Context::SyncFn(self.out.fns.len() - 1));
        let saved_fn = self.at.enclosing_fn.replace(key);
        let saved_await = std::mem::replace(&mut self.at.await_ok, false);
        self.with_frame(|this| this.visit_expr(init));
        self.at.ctx = saved_ctx;
        self.at.enclosing_fn = saved_fn;
        self.at.await_ok = saved_await;
    }

    /// A path to a static of the crate (`CONFIG`, `db::POOL`, by the upper-case names statics
    /// take) touched from async code: a call to its initialiser, which blocks on the first
    /// touch when it is lazy and blocks (the transitive search decides; other statics have no
    /// body and lead nowhere).
    fn lazy_touch(&mut self, p: &syn::ExprPath) {
        if p.qself.is_some()
            || !matches!(self.at.ctx, Context::Async(_))
            || !p.path.segments.last().is_some_and(|s| {
                let name = s.ident.to_string();
                name.len() > 1
                    && name
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            })
        {
            return;
        }
        let Resolved::Paths(paths) = self.res.resolve_path(&p.path) else {
            return;
        };
        let keys: Vec<String> = paths
            .into_iter()
            .filter(|k| DefPath::new(k).is_local())
            .collect();
        if keys.is_empty() {
            return;
        }
        let at = self.loc(path_span(&p.path));
        self.call(&[], keys, false, CallArgs::default(), at.clone(), at);
    }

    fn with_frame(&mut self, f: impl FnOnce(&mut Self)) {
        self.res.push(Frame::default());
        f(self);
        self.res.pop();
    }

    fn bind_pattern(&mut self, pat: &syn::Pat, ty: Option<Ty>) {
        let mut bound = Vec::new();
        semantic::pattern_bindings(&self.res, pat, ty, &mut bound);
        for (name, ty) in bound {
            self.at.gates.rebound(&name);
            self.res.bind_local(name, ty);
        }
    }
}

impl<'ast> Visit<'ast> for Checker<'_> {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        let name = m.ident.to_string();
        let path_attr = m.attrs.iter().find_map(|a| {
            if !a.path().is_ident("path") {
                return None;
            }
            match &a.meta {
                syn::Meta::NameValue(nv) => match &nv.value {
                    Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => Some(s.value()),
                    _ => None,
                },
                _ => None,
            }
        });
        let module = format!("{}::{name}", self.res.module);
        match &m.content {
            None => {
                let (candidates, mod_dir) = match path_attr {
                    Some(p) => {
                        let file = self.setting.file_dir.join(p);
                        let dir = file.parent().map(PathBuf::from).unwrap_or_default();
                        (vec![file], dir)
                    }
                    None => (
                        vec![
                            self.setting.mod_dir.join(format!("{name}.rs")),
                            self.setting.mod_dir.join(&name).join("mod.rs"),
                        ],
                        self.setting.mod_dir.join(&name),
                    ),
                };
                self.out.children.push(ChildMod {
                    in_test: self.at.in_test || self.is_test_cfg(&m.attrs),
                    candidates,
                    module,
                    mod_dir,
                });
            }
            Some((_, items)) => {
                let saved_frames = std::mem::take(&mut self.res.frames);
                let saved_module = std::mem::replace(&mut self.res.module, module);
                let saved_dir = self.setting.mod_dir.clone();
                self.setting.mod_dir = self.setting.mod_dir.join(&name);
                let saved_ctx = std::mem::replace(&mut self.at.ctx, Context::Elsewhere);
                let saved_test = self.at.in_test;
                self.at.in_test |= self.is_test_cfg(&m.attrs);
                self.enter_module(items);
                for item in items {
                    self.visit_item(item);
                }
                self.at.in_test = saved_test;
                self.at.ctx = saved_ctx;
                self.setting.mod_dir = saved_dir;
                self.res.module = saved_module;
                self.res.frames = saved_frames;
            }
        }
    }

    fn visit_item_static(&mut self, s: &'ast syn::ItemStatic) {
        // An initialiser (`LazyLock::new(|| ..)`) runs once, wherever first touched; even inside
        // an async fn it is not that fn's code. A lazy one is walked as a sync fn of the
        // static's name, which a touch from async code calls (see `lazy_touch`).
        if let Some(init) = lazy_initialiser(&s.expr) {
            self.lazy_static(&s.ident, s.static_token.span, init);
            return;
        }
        let saved = std::mem::replace(&mut self.at.ctx, Context::Elsewhere);
        visit::visit_item_static(self, s);
        self.at.ctx = saved;
    }

    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        self.lazy_touch(p);
        visit::visit_expr_path(self, p);
    }

    fn visit_item_macro(&mut self, m: &'ast syn::ItemMacro) {
        // `lazy_static! { static ref NAME: Type = init; .. }`: each a lazy static.
        if m.mac
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == crate::knowledge::closures::LAZY_STATIC_MACRO)
        {
            for (name, init) in macros::lazy_statics(&m.mac) {
                self.lazy_static(&name, name.span(), &init);
            }
            return;
        }
        visit::visit_item_macro(self, m);
    }

    fn visit_item_const(&mut self, c: &'ast syn::ItemConst) {
        let saved = std::mem::replace(&mut self.at.ctx, Context::Elsewhere);
        visit::visit_item_const(self, c);
        self.at.ctx = saved;
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        let key = format!("{}::{}", self.res.module, f.sig.ident);
        self.function(key, &f.attrs, &f.sig, &f.block);
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        let self_ty = self.res.resolve_type(&i.self_ty);
        if let (Some((_, path, _)), Some(ty)) = (&i.trait_, self_ty.as_ref().and_then(Ty::path))
            && let Some(trait_path) = self.res.resolve_one(path)
            && DefPath::new(&trait_path).is_local()
        {
            // `impl Backend for Sqlite`: a call to `Backend::backup` may be `Sqlite::backup`.
            self.out.trait_impls.push((trait_path, ty.to_string()));
        }
        // tonic generates each service's trait in a `NAME_server` module: the methods of an
        // impl of it are the service's gRPC calls, request handlers like any route's.
        let service = i.trait_.as_ref().and_then(|(_, path, _)| {
            let generated = path
                .segments
                .iter()
                .any(|s| s.ident.to_string().ends_with("_server"));
            generated
                .then(|| path.segments.last().map(|s| s.ident.to_string()))
                .flatten()
        });
        let saved_service = std::mem::replace(&mut self.at.rpc_service, service);
        let saved = std::mem::replace(&mut self.res.self_ty, self_ty);
        let items = |this: &mut Self| {
            for item in &i.items {
                this.visit_impl_item(item);
            }
        };
        let drop_impl = i
            .trait_
            .as_ref()
            .is_some_and(|(_, path, _)| path.segments.last().is_some_and(|s| s.ident == "Drop"));
        if self.is_test_cfg(&i.attrs) || (self.setting.deps_mode && drop_impl) {
            // `#[cfg(test)] impl Fake { .. }`: test support, however it is spelled. A
            // dependency's `Drop` runs wherever its value dies, which its summary cannot know.
            self.test_code(items);
        } else {
            items(self);
        }
        self.at.rpc_service = saved_service;
        self.res.self_ty = saved;
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        let owner = self
            .res
            .self_ty
            .as_ref()
            .and_then(Ty::path)
            .map(str::to_string)
            .unwrap_or_else(|| self.res.module.clone());
        let key = format!("{owner}::{}", f.sig.ident);
        self.function(key, &f.attrs, &f.sig, &f.block);
    }

    fn visit_item_trait(&mut self, t: &'ast syn::ItemTrait) {
        let key = format!("{}::{}", self.res.module, t.ident);
        // In a default method, `self` is any implementor: calls on it are the trait's.
        let saved_self = self.res.self_ty.replace(Ty::named(&key));
        let saved = self.at.current_trait.replace(key);
        visit::visit_item_trait(self, t);
        self.at.current_trait = saved;
        self.res.self_ty = saved_self;
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let Some(block) = &f.default {
            let owner = self
                .at
                .current_trait
                .clone()
                .unwrap_or_else(|| self.res.module.clone());
            let key = format!("{owner}::{}", f.sig.ident);
            self.function(key, &f.attrs, &f.sig, block);
        }
    }

    fn visit_block(&mut self, b: &'ast syn::Block) {
        let mut frame = Frame::default();
        if b.stmts.iter().any(|s| matches!(s, Stmt::Item(_))) {
            let items = b.stmts.iter().filter_map(|s| match s {
                Stmt::Item(i) => Some(i),
                _ => None,
            });
            semantic::collect_items(&self.res, &self.res.module, items, &mut frame);
        }
        self.res.push(frame);
        let called = closures_called_here(&b.stmts);
        let saved_called = std::mem::replace(&mut self.marks.called_closures, called);
        // `let job = state.offload(|cancel| ..); .. job.await`: the call is awaited, as if
        // written `state.offload(..).await` (see `awaited_later`).
        for (i, s) in b.stmts.iter().enumerate() {
            if let Stmt::Local(l) = s
                && let (Some(init), Some(name)) = (&l.init, simple_binding(&l.pat))
                && let Some(call) = call_addr(&init.expr)
                && awaited_later(&name, &b.stmts[i + 1..])
            {
                self.marks.by_address.awaited.insert(call);
            }
        }
        for stmt in &b.stmts {
            self.visit_stmt(stmt);
        }
        self.marks.called_closures = saved_called;
        self.res.pop();
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        let mut ty = None;
        let name = l.init.as_ref().and_then(|_| simple_binding(&l.pat));
        let mut router = None;
        if let (Some(init), Some(_)) = (&l.init, &name)
            && routes::may_be_router(&init.expr, &self.routers.vars)
        {
            // `let app = Router::new().route(..)`: the routes go where `app` goes. Read before
            // the walk, which would otherwise read the routing calls as a router of their own.
            router = self.read_router_init(&init.expr);
        }
        if let Some(init) = &l.init {
            // A closure kept in a binding may run anywhere later (often handed to an offload
            // function by name): where it runs is unknown, so nothing in it is reported, unless
            // this same block calls it by name (`let load = || ..; load()`): then it runs here.
            if let Expr::Closure(c) = &*init.expr
                && c.asyncness.is_none()
                && !name
                    .as_ref()
                    .is_some_and(|n| self.marks.called_closures.contains(n))
            {
                self.marks.by_address.offloaded.insert(addr(c));
            }
            self.visit_expr(&init.expr);
            if let Some((_, diverge)) = &init.diverge {
                self.visit_expr(diverge);
            }
            ty = self.infer(&init.expr);
            // `let api = api::router();`: kept in case a router nests it later, but only when
            // its type says it may be a router (the question is not worth asking of every let).
            if router.is_none()
                && name.is_some()
                && let Some(base) = routes::call_chain_base(&init.expr)
            {
                let base_ty = if std::ptr::eq(base, &*init.expr) {
                    ty.clone()
                } else {
                    self.infer(base)
                };
                if base_ty.as_ref().is_some_and(routes::may_be_router_type) {
                    router = self.read_router_init(&init.expr);
                }
            }
        }
        if let Some(name) = name {
            match router {
                Some(router) => {
                    self.routers.vars.insert(name, router);
                }
                // The name now holds something else.
                None => {
                    self.routers.vars.remove(&name);
                }
            }
        }
        self.bind_pattern(&l.pat, ty);
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        let saved = self.at.ctx.clone();
        let saved_await = std::mem::replace(&mut self.at.await_ok, c.asyncness.is_some());
        let saved_startup = self.at.startup;
        if c.asyncness.is_some() && !self.at.in_test {
            self.at.ctx = Context::Async(AsyncKind::Closure);
            self.at.startup = false;
        } else if self.marks.by_address.warp_handlers.contains(&addr(c)) && !self.at.in_test {
            // Run per request by a warp filter's `.map`, on the worker: a sync handler.
            self.at.ctx = Context::Async(AsyncKind::Closure);
            self.at.startup = false;
        } else if self.marks.by_address.offloaded.contains(&addr(c)) {
            self.at.ctx = Context::Elsewhere;
        }
        // Otherwise the closure inherits: `.map(|p| fs::read(p))` runs right here.
        let mut first = self.marks.by_address.closure_args.remove(&addr(c));
        self.with_frame(|this| {
            for input in &c.inputs {
                this.bind_pattern(input, first.take());
            }
            this.visit_expr(&c.body);
        });
        self.at.ctx = saved;
        self.at.startup = saved_startup;
        self.at.await_ok = saved_await;
    }

    fn visit_expr_async(&mut self, a: &'ast syn::ExprAsync) {
        let saved_own = self.at.own_thread;
        self.at.own_thread |= self.marks.by_address.own_thread.contains(&addr(a));
        let ctx = if self.at.in_test {
            Context::Elsewhere
        } else if self.marks.by_address.spawned.contains(&addr(a)) {
            Context::Async(AsyncKind::Spawned)
        } else {
            Context::Async(AsyncKind::Block)
        };
        let saved = std::mem::replace(&mut self.at.ctx, ctx);
        let saved_await = std::mem::replace(&mut self.at.await_ok, true);
        // An async block is a future that may run any time later (spawned, most often).
        let saved_startup = std::mem::replace(&mut self.at.startup, false);
        self.visit_block(&a.block);
        self.at.startup = saved_startup;
        self.at.ctx = saved;
        self.at.await_ok = saved_await;
        self.at.own_thread = saved_own;
    }

    fn visit_expr_await(&mut self, a: &'ast syn::ExprAwait) {
        if let Some(a) = call_addr(&a.base) {
            self.marks.by_address.awaited.insert(a);
        }
        self.visit_expr(&a.base);
    }

    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        if let Expr::Path(p) = &*c.func
            && p.path
                .segments
                .last()
                .is_some_and(|s| contexts::startup::starts_work(&s.ident))
        {
            // What follows, here and in the rest of the fn, runs beside other work.
            self.at.startup = false;
            self.at.started_work = true;
        }
        let awaited = self.marks.by_address.awaited.contains(&addr(c));
        if let Expr::Path(p) = &*c.func
            && p.qself.is_none()
            && let Resolved::Paths(paths) = self.res.resolve_path(&p.path)
        {
            let kept_for_later = self.setting.deps_mode
                && !p
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| contexts::runs_closure_now(&s.ident.to_string()));
            if awaited
                || kept_for_later
                || paths.iter().any(|p| {
                    contexts::offloads_closure_path(p)
                        || crate::model::path::path_listed(
                            p,
                            self.setting.offload,
                            self.setting.facts.crates,
                        )
                })
            {
                for cl in c.args.iter().filter_map(closure_handed_over) {
                    self.marks.by_address.offloaded.insert(addr(cl));
                }
            }
            if !awaited && paths.iter().any(|p| contexts::spawns_task_path(p)) {
                self.mark_spawned(c.args.iter());
            }
            if paths.iter().any(|p| DefPath::new(p).name() == "block_on") {
                self.mark_own_thread(c.args.first());
            }
            if self.marks.by_address.block_on_calls.contains(&addr(c))
                && let Some(caller) = self.at.enclosing_fn.clone()
            {
                // `rt.block_on(worker())` in a sync fn: `worker` runs as that fn's own future.
                self.out.awaited.push(AwaitedCall {
                    caller,
                    keys: paths
                        .iter()
                        .filter(|p| DefPath::new(p).is_local())
                        .cloned()
                        .collect(),
                    early: false,
                });
                visit::visit_expr_call(self, c);
                return;
            }
            if self.marks.by_address.own_thread.contains(&addr(c)) {
                // `rt.block_on(worker())` off the runtime: `worker` runs on this thread.
                self.out.own_thread.push(
                    paths
                        .iter()
                        .filter(|p| DefPath::new(p).is_local())
                        .cloned()
                        .collect(),
                );
                visit::visit_expr_call(self, c);
                return;
            }
            if matches!(self.at.ctx, Context::Elsewhere) {
                visit::visit_expr_call(self, c);
                return;
            }
            let callee = self.loc(callee_span(&p.path));
            let whole = self.loc(join(path_span(&p.path), c.paren_token.span.close()));
            self.call_path(&paths, awaited, CallArgs::of(&c.args), callee, whole);
        }
        visit::visit_expr_call(self, c);
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        if contexts::startup::starts_work(&m.method) {
            self.at.startup = false;
            self.at.started_work = true;
        }
        let awaited = self.marks.by_address.awaited.contains(&addr(m));
        let name = m.method.to_string();
        if routes::is_routing_method(&name)
            && !self.routers.seen.contains(&addr(m))
            && let Some(entries) = self.read_router_call(m)
        {
            self.record_router(entries);
        }
        // A pool runs what it is handed (`spawn_blocking`, rayon): closures and function values.
        let runs_elsewhere =
            contexts::offloads_closure_method(&name) || contexts::is_parallel_iterator(&m.receiver);
        if runs_elsewhere
            || (self.setting.deps_mode
                && (contexts::error_path_method(&name) || !contexts::runs_closure_now(&name)))
            || (awaited && !contexts::runs_closure_inline(&name))
        {
            for cl in m.args.iter().filter_map(closure_handed_over) {
                self.marks.by_address.offloaded.insert(addr(cl));
            }
        }
        if !awaited && contexts::spawns_task_method(&name) {
            self.mark_spawned(m.args.iter());
        }
        match routes::warp_map_handler(&self.res, m, &self.routers.vars) {
            Some(Expr::Closure(cl)) => {
                self.marks.by_address.warp_handlers.insert(addr(cl));
            }
            Some(Expr::Path(p)) if !self.at.in_test => self.warp_map_fn(p),
            _ => {}
        }
        if name == "block_on" {
            self.mark_own_thread(m.args.first());
        }
        if matches!(self.at.ctx, Context::Elsewhere) {
            visit::visit_expr_method_call(self, m);
            return;
        }
        if !runs_elsewhere {
            self.function_values(m, awaited);
        }
        // rust-analyzer's type when it has it whole: it sees through patterns, generics and
        // other files, where the syntax model guesses or defers. One with a part it could not
        // type (`BufReader<_>`) yields to the syntax's, when the syntax has one.
        let own = match self.typed_receiver(m) {
            Some(ty) if !ty.has_unknown() => Some(ty),
            typed => self.infer(&m.receiver).or(typed),
        };
        if self.setting.keep_method_calls && matches!(self.at.ctx, Context::SyncFn(_)) {
            let at = self.loc(m.method.span()).start;
            self.out.sync_method_calls.push((at, name.clone()));
        }
        if let Some(ok) = own
            .as_ref()
            .and_then(|ty| combinator_arg(ty, &name))
            .filter(|_| m.args.iter().any(|a| matches!(a, Expr::Closure(_))))
        {
            for arg in &m.args {
                if let Expr::Closure(cl) = arg {
                    self.marks
                        .by_address
                        .closure_args
                        .insert(addr(cl), ok.clone());
                }
            }
        }
        let receiver = own.map(Ty::autoderef).map(|ty| match ty {
            // A crate type this file does not define may be an alias of a library type
            // (`type DbPool = r2d2::Pool<..>` in `db.rs`): `late` decides.
            Ty::Path { ref path, .. }
                if DefPath::new(path).is_local() && !self.items.local_types.contains(path) =>
            {
                Ty::Deferred {
                    root: path.clone(),
                    steps: Vec::new(),
                }
            }
            ty => ty,
        });
        let callee = self.loc(m.method.span());
        // A chain's call is shown from its method name on, not from the start of the chain.
        let whole = self.loc(join(m.method.span(), m.paren_token.span.close()));
        if let Some(ty) = receiver.as_ref().filter(|t| t.is_deferred()) {
            let site = match &self.at.ctx {
                Context::Async(kind) => Some(Site::Async {
                    context: kind.clone(),
                    enclosing_fn: self.at.enclosing_fn.clone(),
                    startup: self.at.startup,
                }),
                Context::SyncFn(i) => Some(Site::SyncFn(*i)),
                Context::Elsewhere => None,
            };
            if let Some(site) = site.filter(|_| !types::is_result_adapter(&name)) {
                self.out.deferred.push(DeferredCall {
                    receiver: ty.clone(),
                    method: name.clone(),
                    awaited,
                    args: CallArgs::of(&m.args).after_receiver(),
                    callee,
                    whole,
                    site,
                });
            }
            visit::visit_expr_method_call(self, m);
            return;
        }
        if types::is_result_adapter(&name) {
            // `.unwrap()` on what a known constructor returned is `Result`'s, not the type's.
            visit::visit_expr_method_call(self, m);
            return;
        }
        let local = match receiver.as_ref().and_then(Ty::path) {
            Some(p) if DefPath::new(p).is_local() => vec![DefPath::new(p).join(&name)],
            _ => Vec::new(),
        };
        // As for paths: the crate's own methods go to the rules only when configured.
        let targets = if local.is_empty() || local.iter().any(|k| self.configured_blocking(k)) {
            vec![Target::Method {
                receiver: receiver.as_ref(),
                name: &name,
            }]
        } else {
            Vec::new()
        };
        self.call(
            &targets,
            local,
            awaited,
            CallArgs::of(&m.args).after_receiver(),
            callee,
            whole,
        );
        visit::visit_expr_method_call(self, m);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if mac
            .path
            .segments
            .last()
            .is_some_and(|s| contexts::startup::joins(&s.ident))
        {
            self.at.startup = false;
            self.at.started_work = true;
        }
        let exprs = macros::expressions(mac);
        // The parsed expressions live only while they are walked, and marks are kept by
        // address: every mark made on them must go with them, or a later expression allocated
        // where one of them was would inherit it (a call taken for awaited, a closure for
        // offloaded), which made findings come and go from one run to the next. The outer
        // marks are set aside meanwhile: they are about expressions that are alive, which the
        // macro's own never are.
        let outer_marks = std::mem::take(&mut self.marks.by_address);
        let outer_seen = std::mem::take(&mut self.routers.seen);
        for me in &exprs {
            if let Some(a) = call_addr(&me.expr).filter(|_| me.awaited) {
                self.marks.by_address.awaited.insert(a);
            }
        }
        let saved = std::mem::replace(&mut self.at.in_macro, true);
        for me in &exprs {
            self.visit_expr(&me.expr);
        }
        self.at.in_macro = saved;
        self.marks.by_address = outer_marks;
        self.routers.seen = outer_seen;
    }

    fn visit_expr_if(&mut self, i: &'ast syn::ExprIf) {
        let error_path = self.setting.deps_mode && contexts::tests_for_error(&i.cond);
        let gate = self.at.gates.of_condition(&i.cond);
        self.with_frame(|this| {
            this.visit_expr(&i.cond);
            this.gated(gate, |this| {
                this.off_path_if(error_path, |this| this.visit_block(&i.then_branch))
            });
        });
        if let Some((_, e)) = &i.else_branch {
            self.visit_expr(e);
        }
    }

    fn visit_expr_while(&mut self, w: &'ast syn::ExprWhile) {
        // A loop that runs until something happens (`while let Some(job) = rx.recv().await`,
        // `while running { poll(); sleep(..) }`) is the program's work, not its start-up; a
        // `for` over what the configuration lists is still start-up.
        self.at.startup = false;
        self.with_frame(|this| {
            this.visit_expr(&w.cond);
            this.visit_block(&w.body);
        });
    }

    fn visit_expr_loop(&mut self, l: &'ast syn::ExprLoop) {
        // As for `while`: a `loop` is the program's work.
        self.at.startup = false;
        visit::visit_expr_loop(self, l);
    }

    fn visit_expr_let(&mut self, l: &'ast syn::ExprLet) {
        self.visit_expr(&l.expr);
        let ty = self.infer(&l.expr);
        self.bind_pattern(&l.pat, ty);
    }

    fn visit_expr_for_loop(&mut self, f: &'ast syn::ExprForLoop) {
        self.visit_expr(&f.expr);
        // `for path in &paths`: the pattern binds what iterating `paths` yields.
        let item = self
            .infer(&f.expr)
            .and_then(|ty| iteration::item(&ty.autoderef()));
        self.with_frame(|this| {
            this.bind_pattern(&f.pat, item);
            this.visit_block(&f.body);
        });
    }

    fn visit_expr_match(&mut self, m: &'ast syn::ExprMatch) {
        for attr in &m.attrs {
            self.visit_attribute(attr);
        }
        self.visit_expr(&m.expr);
        for arm in &m.arms {
            let gate = self.at.gates.of_arm(&m.expr, &arm.pat);
            self.gated(gate, |this| this.visit_arm(arm));
        }
    }

    fn visit_arm(&mut self, a: &'ast syn::Arm) {
        let error_path = self.setting.deps_mode && contexts::matches_error(&a.pat);
        self.with_frame(|this| {
            this.bind_pattern(&a.pat, None);
            if let Some((_, g)) = &a.guard {
                this.visit_expr(g);
            }
            this.off_path_if(error_path, |this| this.visit_expr(&a.body));
        });
    }
}

/// The span of a path from its first token to its last name. syn's `Spanned` would re-print the
/// node through `ToTokens` to find its ends, which on long call chains costs more than the walk.
fn path_span(p: &syn::Path) -> proc_macro2::Span {
    let first = match (&p.leading_colon, p.segments.first()) {
        (Some(colon), _) => colon.spans[0],
        (None, Some(seg)) => seg.ident.span(),
        (None, None) => proc_macro2::Span::call_site(),
    };
    let last = p.segments.last().map_or(first, |s| s.ident.span());
    join(first, last)
}

/// A called path with its turbofish (`std::fs::read::<&str>`): a fix that swaps the function
/// replaces the generic arguments too, which need not fit the replacement (tokio's functions take
/// `impl AsRef<Path>`, where explicit generic arguments are an error).
fn callee_span(p: &syn::Path) -> proc_macro2::Span {
    let span = path_span(p);
    match p.segments.last().map(|s| &s.arguments) {
        Some(syn::PathArguments::AngleBracketed(a)) => join(span, a.gt_token.span),
        _ => span,
    }
}

fn join(a: proc_macro2::Span, b: proc_macro2::Span) -> proc_macro2::Span {
    a.join(b).unwrap_or(a)
}

/// The address an `.await` (or an awaiting macro) records for the call it applies to.
fn call_addr(e: &Expr) -> Option<usize> {
    match awaited_call(e) {
        Expr::Call(c) => Some(addr(c)),
        Expr::MethodCall(m) => Some(addr(m)),
        _ => None,
    }
}

/// `x` or `mut x` (maybe with a type): the name a router can be kept under.
/// The names a block binds to a sync closure with `let` and calls by name in a later statement of
/// the same block (`let use_cache = || ..; use_cache()`): such a closure runs where it is called,
/// so its body is checked as inline code. A closure that is only handed on (`spawn_blocking(job)`)
/// is not in the set. Blocks without such a `let` cost one look at their statements.
fn closures_called_here(stmts: &[Stmt]) -> HashSet<String> {
    let bound: Vec<(usize, String)> = stmts
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Stmt::Local(l) => match l.init.as_ref().map(|init| &*init.expr) {
                Some(Expr::Closure(c)) if c.asyncness.is_none() => {
                    Some((i, simple_binding(&l.pat)?))
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    if bound.is_empty() {
        return HashSet::new();
    }
    struct Calls<'n> {
        names: &'n [(usize, String)],
        found: HashSet<String>,
    }
    impl<'ast> Visit<'ast> for Calls<'_> {
        fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
            if let Expr::Path(p) = &*c.func
                && let Some(ident) = p.path.get_ident()
                && let Some((_, name)) = self.names.iter().find(|(_, n)| ident == n)
            {
                self.found.insert(name.clone());
            }
            visit::visit_expr_call(self, c);
        }
    }
    let first = bound[0].0;
    let mut calls = Calls {
        names: &bound,
        found: HashSet::new(),
    };
    for stmt in &stmts[first + 1..] {
        calls.visit_stmt(stmt);
    }
    calls.found
}

/// Whether one of `stmts` awaits the future bound to `name` (`name.await`, `name.await?`,
/// anywhere in the statement), before rebinding it.
fn awaited_later(name: &str, stmts: &[Stmt]) -> bool {
    struct Awaits<'n> {
        name: &'n str,
        found: bool,
    }
    impl<'ast> Visit<'ast> for Awaits<'_> {
        fn visit_expr_await(&mut self, a: &'ast syn::ExprAwait) {
            if let Expr::Path(p) = &*a.base
                && p.path.is_ident(self.name)
            {
                self.found = true;
            }
            visit::visit_expr_await(self, a);
        }
    }
    let mut awaits = Awaits { name, found: false };
    for stmt in stmts {
        if let Stmt::Local(l) = stmt
            && simple_binding(&l.pat).is_some_and(|n| n == name)
        {
            // Rebound: a later `.await` is another future's.
            if let Some(init) = &l.init {
                awaits.visit_expr(&init.expr);
            }
            return awaits.found;
        }
        awaits.visit_stmt(stmt);
        if awaits.found {
            return true;
        }
    }
    false
}

/// The generic type parameters of `generics` bound by a trait (`T: Backend`, or `where T:
/// Backend`), each with its first trait.
fn generic_bounds(res: &semantic::Resolver<'_>, generics: &syn::Generics) -> Vec<(String, Ty)> {
    let mut out = Vec::new();
    for param in generics.type_params() {
        if let Some(ty) = res.first_trait(&param.bounds) {
            out.push((param.ident.to_string(), ty));
        }
    }
    for predicate in generics.where_clause.iter().flat_map(|w| &w.predicates) {
        if let syn::WherePredicate::Type(p) = predicate
            && let syn::Type::Path(tp) = &p.bounded_ty
            && let Some(ident) = tp.path.get_ident()
            && let Some(ty) = res.first_trait(&p.bounds)
        {
            out.push((ident.to_string(), ty));
        }
    }
    out
}

fn simple_binding(p: &syn::Pat) -> Option<String> {
    match p {
        syn::Pat::Ident(i) if i.subpat.is_none() => Some(i.ident.to_string()),
        syn::Pat::Type(t) => simple_binding(&t.pat),
        _ => None,
    }
}

/// The value a combinator hands its closure: an iterator's item, or the success type of a
/// receiver known to be an `Option` or a `Result`.
fn combinator_arg(receiver: &Ty, method: &str) -> Option<Ty> {
    if receiver.path() == Some(iteration::ITERATOR) {
        // `paths.iter().filter(|p| p.exists())`: the closure gets the item, first, in every
        // iterator method that runs it at once but the folds, whose first is the accumulator.
        let gets_item =
            contexts::runs_closure_now(method) && !matches!(method, "fold" | "try_fold");
        return gets_item.then(|| iteration::item(receiver)).flatten();
    }
    if !types::passes_success_to_closure(method) {
        return None;
    }
    match receiver {
        Ty::Path { path, args } if types::is_option_or_result(path) => args.first().cloned(),
        _ => None,
    }
}

/// The closure an argument hands over, however it is written: `move || ..`, `(move || ..)`, or
/// a block that prepares what the closure captures and ends with it
/// (`spawn_blocking({ let db = db.clone(); move || db.query() })`).
fn closure_handed_over(arg: &Expr) -> Option<&syn::ExprClosure> {
    match arg {
        Expr::Closure(c) => Some(c),
        Expr::Paren(p) => closure_handed_over(&p.expr),
        Expr::Group(g) => closure_handed_over(&g.expr),
        Expr::Block(b) => match b.block.stmts.last() {
            Some(Stmt::Expr(tail, None)) => closure_handed_over(tail),
            _ => None,
        },
        _ => None,
    }
}

/// The closure of a lazy static's initialiser: `LazyLock::new(|| ..)`, `Lazy::new(|| ..)`
/// (std's, once_cell's, and `LazyCell`/`unsync::Lazy` alike).
fn lazy_initialiser(init: &Expr) -> Option<&Expr> {
    let Expr::Call(c) = init else { return None };
    let Expr::Path(p) = &*c.func else { return None };
    let mut names = p.path.segments.iter().rev();
    let (new, ty) = (names.next()?, names.next()?);
    let lazy = crate::knowledge::closures::LAZY_CELLS
        .iter()
        .any(|cell| ty.ident == cell);
    (lazy && new.ident == "new" && c.args.len() == 1).then(|| &c.args[0])
}
