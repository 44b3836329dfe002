//! The semantic model: what names mean and what types bindings hold, as far as one file's source
//! tells. It knows no rule: rules ask it questions through `Call`.
//!
//! Names resolve through a stack of frames (the module's items and `use`s, then each block's
//! items and `let`s, innermost last). Paths come out as strings: `std::fs::read` for outside
//! crates, `#U::module::item` for items of the run's own unit `U`, so local functions can be
//! found again when transitive findings are assembled.

pub mod cfg_if;
pub mod durations;
pub mod iteration;
pub mod macros;
pub mod readers;
pub mod routes;
pub mod types;

use crate::model::path::DefPath;
use std::collections::HashMap;

use syn::{Item, Pat, UseTree};

/// A type as far as the source names it: a resolved path with generic arguments, or a tuple.
/// (Serialisable: dependencies' summaries keep their functions' return types, see `deps`.)
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Ty {
    Path {
        path: String,
        args: Vec<Ty>,
    },
    Tuple(Vec<Ty>),
    /// A type this file cannot know: reached from a struct of the crate defined in another file
    /// (`state.db` with `AppState` in `state.rs`). `steps` say how (`.field`, `method()`, `?`);
    /// `late` resolves it once every file's structs are known.
    Deferred {
        root: String,
        steps: Vec<String>,
    },
}

impl Ty {
    /// A type a checker could not tell whole: a part of it is `_`.
    pub fn has_unknown(&self) -> bool {
        match self {
            Ty::Path { path, args } => path == "_" || args.iter().any(Ty::has_unknown),
            Ty::Tuple(items) => items.iter().any(Ty::has_unknown),
            Ty::Deferred { .. } => false,
        }
    }

    /// The same type with every path under `from` (`#0`) moved under `to` (`lettre`).
    pub fn rebased(&self, from: &str, to: &str) -> Ty {
        let path_of = |p: &str| match p.strip_prefix(from) {
            Some(rest) if rest.is_empty() || rest.starts_with("::") => format!("{to}{rest}"),
            _ => p.to_string(),
        };
        match self {
            Ty::Path { path, args } => Ty::Path {
                path: path_of(path),
                args: args.iter().map(|a| a.rebased(from, to)).collect(),
            },
            Ty::Tuple(items) => Ty::Tuple(items.iter().map(|a| a.rebased(from, to)).collect()),
            Ty::Deferred { root, steps } => Ty::Deferred {
                root: path_of(root),
                steps: steps.clone(),
            },
        }
    }

    pub fn named(path: &str) -> Ty {
        Ty::Path {
            path: path.to_string(),
            args: Vec::new(),
        }
    }

    pub fn with_args(path: &str, args: Vec<Ty>) -> Ty {
        Ty::Path {
            path: path.to_string(),
            args,
        }
    }

    pub fn path(&self) -> Option<&str> {
        match self {
            Ty::Path { path, .. } => Some(path),
            _ => None,
        }
    }

    pub fn arg(&self, i: usize) -> Option<&Ty> {
        match self {
            Ty::Path { args, .. } => args.get(i),
            _ => None,
        }
    }

    /// One more step on a deferred type; `None` for a known type.
    pub fn defer(self, step: String) -> Option<Ty> {
        match self {
            Ty::Deferred { root, mut steps } => {
                steps.push(step);
                Some(Ty::Deferred { root, steps })
            }
            _ => None,
        }
    }

    pub fn is_deferred(&self) -> bool {
        matches!(self, Ty::Deferred { .. })
    }

    /// The type methods are looked up on: smart pointers and guards deref to what they hold.
    pub fn autoderef(mut self) -> Ty {
        for _ in 0..8 {
            match types::deref_target(&self) {
                Some(target) => self = target,
                None => break,
            }
        }
        self
    }

    /// What `?`, `.unwrap()` and `.expect()` leave: the `Ok`/`Some` type, or the type itself when
    /// it is not an `Option`/`Result` (known constructors are recorded already unwrapped).
    pub fn unwrapped(self) -> Ty {
        match &self {
            Ty::Path { path, args } if types::is_option_or_result(path) && !args.is_empty() => {
                args[0].clone()
            }
            _ => self,
        }
    }
}

/// What a name in scope stands for.
#[derive(Clone, Debug)]
pub enum Binding {
    /// An item or an import: the resolved path.
    Item(String),
    /// A local variable, with its type when known. It shadows any item of the same name.
    Local(Option<Ty>),
}

/// One level of scope.
/// The language's primitive types: a name the scope does not bind is one of these before any
/// glob's.
const PRIMITIVES: &[&str] = &[
    "bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64",
    "i128", "isize", "f32", "f64",
];

#[derive(Default, Debug)]
pub struct Frame {
    pub names: rustc_hash::FxHashMap<String, Binding>,
    /// Prefixes of `use PREFIX::*`.
    pub globs: Vec<String>,
    /// A module frame ends name lookup: items of enclosing modules are not visible in it.
    pub module: bool,
}

/// A path resolved against the scope.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A local variable (a closure held in a binding, a function pointer): not a known item.
    Local,
    /// Candidate paths, best first: one, unless only glob imports could provide the name.
    Paths(Vec<String>),
}

/// Resolution state for one file.
pub struct Resolver<'a> {
    pub frames: Vec<Frame>,
    /// Path of the current module: `#U` or `#U::a::b`.
    pub module: String,
    /// The `Self` type inside an impl.
    pub self_ty: Option<Ty>,
    /// Library crates of the run, by the name other crates use for them, to unit prefix.
    pub crates: &'a HashMap<String, String>,
    /// This unit's prefix (`#U`): what `crate::` means.
    pub unit: String,
    /// Struct fields of this file: struct path -> field -> type.
    pub fields: HashMap<String, HashMap<String, Ty>>,
    /// Type aliases of this file: alias path -> aliased type.
    pub aliases: HashMap<String, Ty>,
    /// Declared return types of this file's functions and methods (`#U::db::pool`,
    /// `#U::Db::conn`), when they name a type worth following.
    pub returns: HashMap<String, Ty>,
}

impl<'a> Resolver<'a> {
    pub fn new(unit: String, crates: &'a HashMap<String, String>) -> Self {
        Resolver {
            frames: Vec::new(),
            module: unit.clone(),
            self_ty: None,
            crates,
            unit,
            fields: HashMap::new(),
            aliases: HashMap::new(),
            returns: HashMap::new(),
        }
    }

    pub fn push(&mut self, frame: Frame) {
        self.frames.push(frame);
    }

    pub fn pop(&mut self) {
        self.frames.pop();
    }

    pub fn bind_local(&mut self, name: String, ty: Option<Ty>) {
        if let Some(frame) = self.frames.last_mut() {
            frame.names.insert(name, Binding::Local(ty));
        }
    }

    /// The binding a single name has here, innermost first, stopping at the module frame.
    pub fn lookup(&self, name: &str) -> Option<&Binding> {
        for frame in self.frames.iter().rev() {
            if let Some(b) = frame.names.get(name) {
                return Some(b);
            }
            if frame.module {
                break;
            }
        }
        None
    }

    fn globs(&self) -> Vec<String> {
        let mut out = Vec::new();
        for frame in self.frames.iter().rev() {
            out.extend(frame.globs.iter().cloned());
            if frame.module {
                break;
            }
        }
        out
    }

    /// Is this trait importable here by name or through a glob of its module (or a prelude)?
    /// A name the scope binds to something else shadows the glob's trait of that name, as in
    /// Rust: `use diesel::prelude::*; use diesel_async::RunQueryDsl;` leaves diesel's
    /// `RunQueryDsl` out of scope.
    pub fn trait_in_scope(&self, trait_path: &str) -> bool {
        let trait_path = DefPath::new(trait_path);
        let module = trait_path.parent().map_or("", DefPath::as_str);
        let crate_name = trait_path.krate();
        let name = trait_path.name();
        let trait_path = trait_path.as_str();
        let mut shadowed = false;
        for frame in self.frames.iter().rev() {
            if frame
                .names
                .values()
                .any(|b| matches!(b, Binding::Item(p) if p == trait_path))
            {
                return true;
            }
            shadowed |= frame
                .names
                .get(name)
                .is_some_and(|b| matches!(b, Binding::Item(p) if p != trait_path));
            if !shadowed
                && frame.globs.iter().any(|g| {
                    g == module
                        || g == crate_name
                        || g.starts_with(&format!("{crate_name}::prelude"))
                })
            {
                return true;
            }
            if frame.module {
                break;
            }
        }
        false
    }

    /// Resolves path segments against the scope.
    pub fn resolve_segments(&self, segs: &[String], leading_colon: bool) -> Resolved {
        let Some(first) = segs.first() else {
            return Resolved::Paths(Vec::new());
        };
        let rest = &segs[1..];
        let join = |head: &str| -> String {
            let mut s = head.to_string();
            for r in rest {
                s.push_str("::");
                s.push_str(r);
            }
            normalise(s)
        };
        if leading_colon {
            return Resolved::Paths(vec![self.external(segs)]);
        }
        match first.as_str() {
            "crate" => return Resolved::Paths(vec![join(&self.unit)]),
            "self" => return Resolved::Paths(vec![join(&self.module)]),
            "super" => {
                // Each leading `super` climbs one module.
                let mut module = self.module.clone();
                let mut i = 0;
                while i < segs.len() && segs[i] == "super" {
                    if let Some(parent) = DefPath::new(&module).parent() {
                        module = parent.to_string();
                    }
                    i += 1;
                }
                let mut s = module;
                for r in &segs[i..] {
                    s.push_str("::");
                    s.push_str(r);
                }
                return Resolved::Paths(vec![s]);
            }
            "Self" => {
                if let Some(path) = self.self_ty.as_ref().and_then(Ty::path) {
                    return Resolved::Paths(vec![join(path)]);
                }
                return Resolved::Paths(Vec::new());
            }
            _ => {}
        }
        match self.lookup(first) {
            Some(Binding::Local(_)) if rest.is_empty() => Resolved::Local,
            Some(Binding::Item(path)) => Resolved::Paths(vec![join(path)]),
            // A primitive type is no glob's guess: `s: &str` under `use crate::schema::*` is
            // `str`, not a `schema::str` whose `split` would be some function of the crate.
            _ if PRIMITIVES.contains(&first.as_str()) => Resolved::Paths(vec![self.external(segs)]),
            _ => {
                // Explicit names and local items shadow glob imports; only then do globs speak.
                // A single name most likely comes from a glob (`use std::thread::*; sleep(d)`);
                // a longer path more likely starts with a crate name than with a module some
                // outside glob re-exports, but a glob of our own modules (`use super::*`) often
                // brings modules in.
                let globs = self.globs();
                let (local, outside): (Vec<_>, Vec<_>) =
                    globs.iter().partition(|g| DefPath::new(g).is_local());
                let guess = |g: &String| join(&format!("{g}::{first}"));
                // `std::sync::mpsc::channel()` names std whatever a `use super::*` brings in:
                // no module of the crate is called `std`, and a crate of the run is that crate.
                if !rest.is_empty()
                    && (matches!(first.as_str(), "std" | "core" | "alloc")
                        || self.crates.contains_key(first.as_str()))
                {
                    let mut out = vec![self.external(segs)];
                    out.extend(local.into_iter().chain(outside).map(guess));
                    return Resolved::Paths(out);
                }
                let mut out: Vec<String> = local.into_iter().map(guess).collect();
                if rest.is_empty() {
                    out.extend(outside.into_iter().map(guess));
                    out.push(self.external(segs));
                } else {
                    out.push(self.external(segs));
                    out.extend(outside.into_iter().map(guess));
                }
                Resolved::Paths(out)
            }
        }
    }

    /// A path that names no binding in scope: an extern crate, or the prelude.
    fn external(&self, segs: &[String]) -> String {
        let first = segs[0].as_str();
        let head = if let Some(unit) = self.crates.get(first) {
            unit.clone()
        } else {
            match (first, segs.len()) {
                ("Box", 1) => "std::boxed::Box".into(),
                ("Option", 1) => "std::option::Option".into(),
                ("Result", 1) => "std::result::Result".into(),
                ("Vec", 1) => "std::vec::Vec".into(),
                ("String", 1) => "std::string::String".into(),
                _ => first.to_string(),
            }
        };
        let mut s = head;
        for r in &segs[1..] {
            s.push_str("::");
            s.push_str(r);
        }
        normalise(s)
    }

    pub fn resolve_path(&self, path: &syn::Path) -> Resolved {
        let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.resolve_segments(&segs, path.leading_colon.is_some())
    }

    /// The first trait among `bounds` (lifetimes and `?Sized` left out), as a type.
    pub fn first_trait<'b>(
        &self,
        bounds: impl IntoIterator<Item = &'b syn::TypeParamBound>,
    ) -> Option<Ty> {
        bounds.into_iter().find_map(|b| match b {
            syn::TypeParamBound::Trait(t)
                if matches!(t.modifier, syn::TraitBoundModifier::None) =>
            {
                self.resolve_type_path(&t.path).map(|p| Ty::named(&p))
            }
            _ => None,
        })
    }

    /// The best single resolution of a path: the explicit one, else the first glob's guess.
    pub fn resolve_one(&self, path: &syn::Path) -> Option<String> {
        match self.resolve_path(path) {
            Resolved::Paths(p) => p.into_iter().next(),
            Resolved::Local => None,
        }
    }

    /// A `syn::Type` as a `Ty`, when it names something.
    pub fn resolve_type(&self, ty: &syn::Type) -> Option<Ty> {
        match ty {
            syn::Type::Path(tp) if tp.qself.is_none() => {
                let path = self.resolve_type_path(&tp.path)?;
                if let Some(aliased) = self.aliases.get(&path) {
                    return Some(aliased.clone());
                }
                let args = tp
                    .path
                    .segments
                    .last()
                    .map(|seg| match &seg.arguments {
                        syn::PathArguments::AngleBracketed(ab) => ab
                            .args
                            .iter()
                            .filter_map(|a| match a {
                                syn::GenericArgument::Type(t) => {
                                    Some(self.resolve_type(t).unwrap_or_else(|| Ty::named("_")))
                                }
                                _ => None,
                            })
                            .collect(),
                        _ => Vec::new(),
                    })
                    .unwrap_or_default();
                Some(Ty::Path { path, args })
            }
            // `dyn Trait`, `impl Trait`: calls on it go to the trait's methods (see `transitive`).
            syn::Type::TraitObject(t) => self.first_trait(&t.bounds),
            syn::Type::ImplTrait(t) => self.first_trait(&t.bounds),
            syn::Type::Reference(r) => self.resolve_type(&r.elem),
            // `[T]`, `[T; N]`: what matters is what iterating them yields.
            syn::Type::Slice(syn::TypeSlice { elem, .. })
            | syn::Type::Array(syn::TypeArray { elem, .. }) => Some(Ty::with_args(
                iteration::SLICE,
                vec![self.resolve_type(elem)?],
            )),
            syn::Type::Paren(p) => self.resolve_type(&p.elem),
            syn::Type::Group(g) => self.resolve_type(&g.elem),
            syn::Type::Tuple(t) => Some(Ty::Tuple(
                t.elems
                    .iter()
                    .map(|e| self.resolve_type(e).unwrap_or_else(|| Ty::named("_")))
                    .collect(),
            )),
            _ => None,
        }
    }

    fn resolve_type_path(&self, path: &syn::Path) -> Option<String> {
        if path.segments.len() == 1 && path.segments[0].ident == "Self" {
            return self.self_ty.as_ref().and_then(Ty::path).map(str::to_string);
        }
        self.resolve_one(path)
    }

    /// Records a function's declared return type, unless it names nothing a rule could use.
    pub fn record_return(&mut self, key: String, output: &syn::ReturnType) {
        let syn::ReturnType::Type(_, ty) = output else {
            return;
        };
        let Some(ty) = self.resolve_type(ty) else {
            return;
        };
        let telling = |ty: &Ty| match ty.path() {
            Some(p) => p.contains("::") && !types::is_plain_data(p),
            None => false,
        };
        // A pair (`fn channel() -> (Sender<T>, Receiver<T>)`) is worth it when a part is.
        let worth = match ty.clone().unwrapped() {
            Ty::Tuple(parts) => parts.iter().any(telling),
            inner => telling(&inner),
        };
        if worth {
            self.returns.insert(key, ty);
        }
    }

    /// The type of `base.field`: from this file's structs, deferred for a struct of the crate
    /// defined elsewhere, unknown otherwise.
    pub fn field_type(&self, base: Ty, field: &str) -> Option<Ty> {
        if base.is_deferred() {
            return base.defer(format!(".{field}"));
        }
        let path = base.path()?;
        match self.fields.get(path) {
            Some(fields) => fields.get(field).cloned(),
            None if DefPath::new(path).is_local() => Some(Ty::Deferred {
                root: path.to_string(),
                steps: vec![format!(".{field}")],
            }),
            None => None,
        }
    }
}

/// Re-exports and facades that name the same item two ways, folded to one spelling.
fn normalise(path: String) -> String {
    const ALIASES: &[(&str, &str)] = &[
        ("core::", "std::"),
        ("alloc::", "std::"),
        ("crossbeam::channel::", "crossbeam_channel::"),
        ("futures_executor::", "futures::executor::"),
        ("futures_util::", "futures::"),
        ("std::sync::mpmc::", "std::sync::mpsc::"),
        // Drop-in mirrors of std (the same names and types, better error messages).
        ("fs_err::", "std::fs::"),
        ("async_std::sync::", "async_lock::"),
        ("diesel::r2d2::Pool", "r2d2::Pool"),
        (
            "lettre::transport::smtp::SmtpTransport",
            "lettre::SmtpTransport",
        ),
        ("diesel::r2d2::PooledConnection", "r2d2::PooledConnection"),
    ];
    for (from, to) in ALIASES {
        if let Some(rest) = path.strip_prefix(from) {
            return format!("{to}{rest}");
        }
    }
    path
}

/// Adds a module's or block's items to a frame: local items, then `use` items (a later `use` of
/// the same name is a compile error, so order does not matter).
pub fn collect_items<'i>(
    resolver: &Resolver<'_>,
    module: &str,
    items: impl Iterator<Item = &'i Item> + Clone,
    frame: &mut Frame,
) {
    // Items first: a `use` may name a module declared here (`mod store; use store::Journal;`,
    // Rust 2018's relative form), whichever comes first in the file.
    let (uses, defined): (Vec<&Item>, Vec<&Item>) =
        items.partition(|item| matches!(item, Item::Use(_)));
    for item in defined.into_iter().chain(uses) {
        if let Item::Macro(m) = item
            && m.mac
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == crate::knowledge::closures::LAZY_STATIC_MACRO)
        {
            // `lazy_static! { static ref KEYS: .. }` declares statics.
            for (name, _) in macros::lazy_statics(&m.mac) {
                frame
                    .names
                    .insert(name.to_string(), Binding::Item(format!("{module}::{name}")));
            }
            continue;
        }
        let name = match item {
            Item::Fn(f) => Some(&f.sig.ident),
            Item::Struct(s) => Some(&s.ident),
            Item::Enum(e) => Some(&e.ident),
            Item::Union(u) => Some(&u.ident),
            Item::Trait(t) => Some(&t.ident),
            Item::Type(t) => Some(&t.ident),
            Item::Const(c) => Some(&c.ident),
            Item::Static(s) => Some(&s.ident),
            Item::Mod(m) => Some(&m.ident),
            Item::Use(u) => {
                collect_use(
                    resolver,
                    &u.tree,
                    Vec::new(),
                    u.leading_colon.is_some(),
                    frame,
                );
                None
            }
            Item::ExternCrate(e) => {
                let target = e.ident.to_string();
                let alias = e.rename.as_ref().map(|(_, i)| i.to_string());
                if let Some(alias) = alias {
                    frame.names.insert(alias, Binding::Item(target));
                }
                None
            }
            _ => None,
        };
        if let Some(name) = name {
            frame
                .names
                .insert(name.to_string(), Binding::Item(format!("{module}::{name}")));
        }
    }
}

fn collect_use(
    resolver: &Resolver<'_>,
    tree: &UseTree,
    mut prefix: Vec<String>,
    leading_colon: bool,
    frame: &mut Frame,
) {
    match tree {
        UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            collect_use(resolver, &p.tree, prefix, leading_colon, frame);
        }
        UseTree::Name(n) => {
            let name = n.ident.to_string();
            if name == "self" {
                // `use a::b::{self}` binds `b`.
                if let Some(last) = prefix.last().cloned()
                    && let Some(path) = resolve_use_path(resolver, frame, &prefix, leading_colon)
                {
                    frame.names.insert(last, Binding::Item(path));
                }
                return;
            }
            prefix.push(name.clone());
            if let Some(path) = resolve_use_path(resolver, frame, &prefix, leading_colon) {
                frame.names.insert(name, Binding::Item(path));
            }
        }
        UseTree::Rename(r) => {
            let alias = r.rename.to_string();
            if alias == "_" {
                return;
            }
            if r.ident != "self" {
                prefix.push(r.ident.to_string());
            }
            if let Some(path) = resolve_use_path(resolver, frame, &prefix, leading_colon) {
                frame.names.insert(alias, Binding::Item(path));
            }
        }
        UseTree::Glob(_) => {
            if let Some(path) = resolve_use_path(resolver, frame, &prefix, leading_colon) {
                frame.globs.push(path);
            }
        }
        UseTree::Group(g) => {
            for t in &g.items {
                collect_use(resolver, t, prefix.clone(), leading_colon, frame);
            }
        }
    }
}

/// A `use` path: relative to the crate root's extern names, or `crate`/`self`/`super`; in edition
/// 2018+ a `use` can also name an item of the current module, which `resolve_segments` finds.
fn resolve_use_path(
    resolver: &Resolver<'_>,
    frame: &Frame,
    segs: &[String],
    leading_colon: bool,
) -> Option<String> {
    let first = segs.first()?;
    // A name declared or imported in this same module (a child module, mostly) comes first, as
    // rustc resolves it; the frame being filled is not on the resolver's stack yet.
    if !leading_colon && let Some(Binding::Item(path)) = frame.names.get(first) {
        let mut joined = path.clone();
        for seg in &segs[1..] {
            joined.push_str("::");
            joined.push_str(seg);
        }
        return Some(normalise(joined));
    }
    match resolver.resolve_segments(segs, leading_colon) {
        Resolved::Paths(p) => p.into_iter().next_back(),
        Resolved::Local => None,
    }
}

/// The names a pattern binds, each with its type when the pattern and `ty` line up
/// (`State(pool): State<Pool>`, `(tx, rx)` from a channel, `x: T`).
pub fn pattern_bindings(
    resolver: &Resolver<'_>,
    pat: &Pat,
    ty: Option<Ty>,
    out: &mut Vec<(String, Option<Ty>)>,
) {
    match pat {
        Pat::Ident(p) => {
            if let Some((_, sub)) = &p.subpat {
                pattern_bindings(resolver, sub, ty.clone(), out);
            }
            out.push((p.ident.to_string(), ty));
        }
        Pat::Type(pt) => {
            let declared = resolver.resolve_type(&pt.ty);
            pattern_bindings(resolver, &pt.pat, declared.or(ty), out);
        }
        Pat::Reference(r) => pattern_bindings(resolver, &r.pat, ty, out),
        Pat::Paren(p) => pattern_bindings(resolver, &p.pat, ty, out),
        Pat::Tuple(t) => {
            for (i, elem) in t.elems.iter().enumerate() {
                let elem_ty = match &ty {
                    Some(Ty::Tuple(tys)) => tys.get(i).cloned(),
                    // What a function of another file returns: `late` takes the element.
                    Some(deferred @ Ty::Deferred { .. }) => deferred.clone().defer(format!(".{i}")),
                    _ => None,
                };
                pattern_bindings(resolver, elem, elem_ty, out);
            }
        }
        Pat::TupleStruct(ts) => {
            // An extractor: `State(x): State<T>` gives `x: T` when the pattern names the type.
            let wrapper = ts.path.segments.last().map(|s| s.ident.to_string());
            let inner = match (&ty, wrapper) {
                (Some(Ty::Path { path, args }), Some(w))
                    if ts.elems.len() == 1 && DefPath::new(path).name() == w.as_str() =>
                {
                    args.first().cloned()
                }
                // `if let Ok(f) = File::open(p)`: known constructors are recorded unwrapped.
                (Some(t), Some(w)) if ts.elems.len() == 1 && (w == "Ok" || w == "Some") => {
                    Some(t.clone().unwrapped())
                }
                _ => None,
            };
            for elem in &ts.elems {
                pattern_bindings(resolver, elem, inner.clone(), out);
            }
        }
        Pat::Struct(s) => {
            let fields = ty
                .as_ref()
                .and_then(|t| t.path())
                .and_then(|p| resolver.fields.get(p));
            for f in &s.fields {
                let fty = match (&f.member, fields) {
                    (syn::Member::Named(n), Some(fs)) => fs.get(&n.to_string()).cloned(),
                    _ => None,
                };
                pattern_bindings(resolver, &f.pat, fty, out);
            }
        }
        Pat::Slice(s) => {
            for e in &s.elems {
                pattern_bindings(resolver, e, None, out);
            }
        }
        Pat::Or(o) => {
            for c in &o.cases {
                pattern_bindings(resolver, c, None, out);
            }
        }
        _ => {}
    }
}
