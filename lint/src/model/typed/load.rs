//! rust-analyzer's semantic model, asked about the method calls of the run's own files.
//!
//! The workspace is loaded as rust-analyzer loads it for `analysis-stats`, with the two things
//! that would run the target's code turned off: build scripts and proc macros (a derive's or an
//! attribute's output is then unknown, and calls inside it stay with the syntax model). The
//! sysroot's sources (`rustup component add rust-src`) give std's types; without them almost
//! every receiver would be unknown, so the typed analysis is not run and the run says why.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use hir::{AsAssocItem, AssocItemContainer, Crate, ModuleDef, Semantics};
use ide_db::RootDatabase;
use ide_db::base_db::SourceDatabase;
use load_cargo::{LoadCargoConfig, ProcMacroServerChoice};
use project_model::{CargoConfig, RustLibSource};
use syntax::ast::HasName;
use syntax::{AstNode, ast};

use super::{FileFacts, TypedFacts, budget, reach};
use crate::model::path::DefPath;
use crate::model::semantic::Ty;

/// What the loader needs to know of the run.
pub struct Options<'a> {
    /// The workspace's manifest (`Cargo.toml`).
    pub manifest: &'a Path,
    /// Each unit's root file (`src/lib.rs`, `src/main.rs`) and the prefix the lint writes its
    /// paths under (`#0`): a local type is named as the syntax model names it. Only these
    /// crates' calls are typed: test targets the run skips are left out.
    pub units: Vec<(PathBuf, String)>,
    /// The toolchain cargo runs with, when it is not the one the project pins.
    pub toolchain: Option<&'a str>,
    /// Whether the run checks test code (`--include-tests`): `cfg(test)` is then on.
    pub include_tests: bool,
    /// How many threads ask rust-analyzer at once (at least one).
    pub threads: usize,
}

/// The loaded workspace: rust-analyzer's database, asked about the run's own files
/// ([`Model::type_workspace`]) and about a dependency's calls that its summary could not type
/// ([`Model::type_calls`]).
pub struct Model {
    /// Each thread that asks takes a handle of its own (a clone); this one is never asked.
    db: std::sync::Mutex<RootDatabase>,
    /// The run's own crates: a root file (canonical) to its unit prefix.
    roots: HashMap<PathBuf, String>,
    /// Every crate of the graph by its name, walked once: a dependency's summary finds its
    /// crate here, not by walking the hundreds of crates again.
    by_name: HashMap<String, Vec<Crate>>,
    threads: usize,
}

/// Loads the workspace. An error is a sentence the run prints before it goes on with the
/// syntax model alone.
pub fn load(options: &Options<'_>) -> Result<Model, String> {
    if !has_rust_src(options.toolchain) {
        // Loaded without them, every type of std would be unknown: most receivers, silently.
        return Err("the typed analysis needs the standard library's sources: \
                    `rustup component add rust-src`"
            .into());
    }
    let mut cargo = CargoConfig {
        sysroot: Some(RustLibSource::Discover),
        all_targets: true,
        // Test code is not checked unless asked: its `cfg(test)` modules need no types.
        set_test: options.include_tests,
        ..Default::default()
    };
    if let Some(t) = options.toolchain {
        cargo
            .extra_env
            .insert("RUSTUP_TOOLCHAIN".into(), Some(t.to_string()));
    }
    let load = LoadCargoConfig {
        load_out_dirs_from_check: false,
        with_proc_macro_server: ProcMacroServerChoice::None,
        prefill_caches: false,
        num_worker_threads: 1,
        proc_macro_processes: 1,
    };
    let started = std::time::Instant::now();
    let (db, _vfs, _) = load_cargo::load_workspace_at(options.manifest, &cargo, &load, &|_| {})
        .map_err(|e| format!("rust-analyzer could not load the workspace: {e:#}"))?;
    if trace() {
        // Items and bodies are read when first asked about: the rest of the time is theirs.
        eprintln!(
            "types: crate graph loaded in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    let roots = options
        .units
        .iter()
        .filter_map(|(root, prefix)| Some((std::fs::canonicalize(root).ok()?, prefix.clone())))
        .collect();
    let by_name = hir::attach_db(&db, || {
        let mut by_name: HashMap<String, Vec<Crate>> = HashMap::new();
        for krate in Crate::all(&db) {
            if let Some(name) = krate.display_name(&db) {
                let name = name.crate_name().as_str().to_string();
                by_name.entry(name).or_default().push(krate);
            }
        }
        by_name
    });
    Ok(Model {
        db: std::sync::Mutex::new(db),
        roots,
        by_name,
        threads: options.threads.max(1),
    })
}

impl Model {
    /// A handle on the database for one thread.
    fn handle(&self) -> RootDatabase {
        self.db
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Types the receivers of the method calls of the run's own files that async code may
    /// reach ([`reach`]), on the model's threads, and finds each call's trait.
    pub fn type_workspace(&self) -> Result<TypedFacts, String> {
        let db = self.handle();
        // Every query runs with the database attached to the thread, as rust-analyzer's own
        // entry points do; each thread asks through a handle of its own, and salsa computes a
        // query wanted by two threads once, the second waiting for the first.
        let (files, reached) = hir::attach_db(&db, || {
            let mut typer = Typer::new(&db, self.roots.clone());
            let files = typer.files();
            let trees: Vec<_> = files
                .iter()
                .map(|(file, _)| typer.sema.parse(*file).syntax().clone())
                .collect();
            (files, reach::reached(&trees))
        });
        let next = AtomicUsize::new(0);
        let threads = self.threads.clamp(1, files.len().max(1));
        let parts = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    let db = self.handle();
                    let (roots, files, next) = (self.roots.clone(), &files, &next);
                    let reached = &reached;
                    scope.spawn(move || {
                        hir::attach_db(&db, || {
                            Typer::new(&db, roots).type_files(files, reached, next)
                        })
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join()).collect::<Vec<_>>()
        });
        let mut facts = TypedFacts::default();
        let (mut slowest, mut unreached) = (Vec::new(), 0);
        for part in parts {
            let part =
                part.map_err(|_| "rust-analyzer failed while typing the workspace".to_string())?;
            facts.merge(part.facts);
            slowest.extend(part.slowest);
            unreached += part.unreached;
        }
        if trace() {
            eprintln!("types: {unreached} functions no async code reaches by name, not typed");
            print_slowest(slowest);
        }
        Ok(facts)
    }

    /// Types the receivers of the method calls whose names start at the given offsets of a
    /// dependency's files (`lib_root` is its library's root file), on the calling thread. Its
    /// own items are named under `#0`, as its summary names them. `None` when rust-analyzer
    /// failed on them: the summary keeps the syntax's reading.
    pub fn type_calls(
        &self,
        crate_name: &str,
        lib_root: &Path,
        wanted: &[(PathBuf, Vec<u32>)],
    ) -> Option<TypedFacts> {
        let root = std::fs::canonicalize(lib_root).ok()?;
        let roots = HashMap::from([(root, crate::model::path::unit_prefix(0))]);
        let crates = self.by_name.get(crate_name)?;
        let db = self.handle();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            hir::attach_db(&db, || Typer::new(&db, roots).type_wanted(crates, wanted))
        }))
        .ok()
    }
}

/// What one thread typed, how long each function took it, and how many functions with calls
/// it left out because no async code reaches them.
struct Part {
    facts: TypedFacts,
    slowest: Vec<(String, Duration)>,
    unreached: usize,
}

/// The trace's list of the functions that took longest.
fn print_slowest(mut slowest: Vec<(String, Duration)>) {
    slowest.sort_by_key(|s| std::cmp::Reverse(s.1));
    let total: Duration = slowest.iter().map(|s| s.1).sum();
    // A handful of bodies can take most of the run (on kanidm, five functions half of it):
    // the list says where the time went, and how much of the budget each used.
    eprintln!(
        "types: {:.1} s asking; the slowest functions:",
        total.as_secs_f64()
    );
    for (body, took) in slowest.iter().take(30) {
        eprintln!("types:   {:7.2} s {body}", took.as_secs_f64());
    }
}

/// `BLOCKING_LINT_TRACE_TYPES=1`: the load's time and each call's receiver and trait on stderr,
/// to see where the time goes and why a call was or was not typed.
fn trace() -> bool {
    std::env::var_os("BLOCKING_LINT_TRACE_TYPES").is_some()
}

/// How a generic argument rust-analyzer could not type is written: positions keep their meaning.
const UNKNOWN: &str = "_";

struct Typer<'db> {
    db: &'db RootDatabase,
    sema: Semantics<'db, RootDatabase>,
    /// A local crate's root file to its unit prefix.
    roots: HashMap<PathBuf, String>,
    /// Each local crate's unit prefix, once looked up (`None`: not one of the run's units).
    units: HashMap<Crate, Option<String>>,
    /// Public paths of other crates' items, once found.
    paths: HashMap<ModuleDef, Option<String>>,
}

impl<'db> Typer<'db> {
    fn new(db: &'db RootDatabase, roots: HashMap<PathBuf, String>) -> Self {
        Typer {
            db,
            sema: Semantics::new(db),
            roots,
            units: HashMap::new(),
            paths: HashMap::new(),
        }
    }

    /// The run's own files, each once: the modules of the local crates that are the run's units.
    fn files(&mut self) -> Vec<(hir::EditionedFileId, PathBuf)> {
        let local = Crate::all(self.db)
            .into_iter()
            .filter(|krate| krate.origin(self.db).is_local());
        self.files_of(local)
    }

    /// The files of `crates` that are the typer's units, each once.
    fn files_of(
        &mut self,
        crates: impl IntoIterator<Item = Crate>,
    ) -> Vec<(hir::EditionedFileId, PathBuf)> {
        let mut seen = std::collections::HashSet::new();
        let mut files = Vec::new();
        for krate in crates {
            if self.unit(krate).is_none() {
                continue;
            }
            for module in krate.modules(self.db) {
                let Some(file) = module.definition_source_file_id(self.db).file_id() else {
                    continue;
                };
                if !seen.insert(file) {
                    continue;
                }
                if let Some(path) = self.file_path(file.file_id(self.db)) {
                    files.push((file, path));
                }
            }
        }
        files
    }

    /// Types the method calls of the `reached` functions of the files it takes from `files`,
    /// one at a time, until none is left (`next` is the index of the next one, shared by the
    /// threads).
    fn type_files(
        mut self,
        files: &[(hir::EditionedFileId, PathBuf)],
        reached: &HashSet<reach::FnAt>,
        next: &AtomicUsize,
    ) -> Part {
        let trace = trace();
        let mut facts = TypedFacts::default();
        let (mut slowest, mut unreached) = (Vec::new(), 0);
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some((file, path)) = files.get(index) else {
                break;
            };
            let (file, path) = (*file, path.clone());
            let tree = self.sema.parse(file);
            let mut calls = Vec::new();
            self.method_calls(tree.syntax(), file, 0, &mut calls);
            let mut out = FileFacts::default();
            for (start, function, calls) in by_function(tree.syntax(), calls) {
                // Calls outside any function (a `static`'s) are few: typed all the same.
                if start.is_some_and(|start| !reached.contains(&(index, start))) {
                    unreached += 1;
                    continue;
                }
                // A body is inferred whole when its first call is asked: the time and the
                // trait solver's work are the function's.
                let (started, goals) = (Instant::now(), budget::counted_so_far());
                let typed = self.type_function(&calls, &mut out, &mut facts);
                if trace {
                    for (call, at) in &calls {
                        eprintln!(
                            "types: {}@{at} .{} receiver {:?} trait {:?}",
                            path.display(),
                            call.name_ref().map(|n| n.to_string()).unwrap_or_default(),
                            out.receivers.get(at),
                            out.traits.get(at)
                        );
                    }
                    let function = function.unwrap_or_else(|| "(outside functions)".into());
                    let goals = budget::counted_so_far() - goals;
                    let outcome = if typed { "" } else { ", given up" };
                    slowest.push((
                        format!(
                            "{}: {function} ({goals} root goals{outcome})",
                            path.display()
                        ),
                        started.elapsed(),
                    ));
                }
            }
            facts.add(path, out);
        }
        Part {
            facts,
            slowest,
            unreached,
        }
    }

    /// Types the calls of one function, within the trait solver's budget for a function
    /// ([`budget`]); whether rust-analyzer got through it. A function it gave up on keeps the
    /// syntax's reading of all its calls, even of those typed before it stopped: a function
    /// reads wholly one way or the other.
    fn type_function(
        &mut self,
        calls: &[Call],
        out: &mut FileFacts,
        facts: &mut TypedFacts,
    ) -> bool {
        facts.asked += calls.len();
        // A query another thread was computing when its own budget ran out unwinds here too
        // (`Failed`); asked once more, it is computed on this thread, under this budget.
        let mut outcome = budget::Outcome::Failed;
        for _ in 0..2 {
            outcome = budget::within(budget::root_goals(), || {
                let mut own = FileFacts::default();
                let typed = calls
                    .iter()
                    .filter(|(call, at)| self.method_call(call, *at, &mut own))
                    .count();
                (own, typed)
            });
            if !matches!(outcome, budget::Outcome::Failed) {
                break;
            }
        }
        match outcome {
            budget::Outcome::Done((own, typed)) => {
                out.extend(own);
                facts.typed += typed;
                true
            }
            budget::Outcome::GaveUp => {
                facts.given_up += 1;
                false
            }
            budget::Outcome::Failed => false,
        }
    }

    /// Types the calls whose names start at the offsets `wanted` gives, in the files of
    /// `crates` (a dependency's, as each platform or feature set made it), and finds their
    /// traits.
    fn type_wanted(mut self, crates: &[Crate], wanted: &[(PathBuf, Vec<u32>)]) -> TypedFacts {
        let by_path: HashMap<PathBuf, hir::EditionedFileId> = self
            .files_of(crates.iter().copied())
            .into_iter()
            .map(|(file, path)| (path, file))
            .collect();
        let mut facts = TypedFacts::default();
        for (path, offsets) in wanted {
            let Some(path) = std::fs::canonicalize(path).ok() else {
                continue;
            };
            let Some(&file) = by_path.get(&path) else {
                continue;
            };
            let tree = self.sema.parse(file);
            let calls = offsets
                .iter()
                .filter_map(|&at| Some((self.call_at(tree.syntax(), at)?, at)))
                .collect();
            let mut out = FileFacts::default();
            for (_, _, calls) in by_function(tree.syntax(), calls) {
                self.type_function(&calls, &mut out, &mut facts);
            }
            facts.add(path, out);
        }
        facts
    }

    /// The method call whose name starts at `at`, in the file or in the expansion of the macro
    /// call it is written in (`vec![conn.query(..)]`).
    fn call_at(&self, file: &syntax::SyntaxNode, at: u32) -> Option<ast::MethodCallExpr> {
        let token = file.token_at_offset(at.into()).right_biased()?;
        self.sema
            .descend_into_macros_exact(token)
            .into_iter()
            .find_map(|t| {
                let name = ast::NameRef::cast(t.parent()?)?;
                let call = ast::MethodCallExpr::cast(name.syntax().parent()?)?;
                (call.name_ref()? == name).then_some(call)
            })
    }

    /// The file's path on disk, as the run names its jobs (canonical).
    fn file_path(&self, file: vfs::FileId) -> Option<PathBuf> {
        let root = self.db.file_source_root(file).source_root_id(self.db);
        let source_root = self.db.source_root(root).source_root(self.db);
        let path = source_root.path_for_file(&file)?.as_path()?;
        std::fs::canonicalize(path.as_ref() as &Path).ok()
    }

    /// The method calls under `node` with where their name starts in `file`, those written
    /// inside macro calls too (`try_join!(..)`, `json!({ .. })`, `vec![..]`): the macro is
    /// expanded and each call of the expansion mapped back to the tokens it came from. A call a
    /// macro makes up has no such tokens and is left out: the syntax model does not see it
    /// either.
    fn method_calls(
        &self,
        node: &syntax::SyntaxNode,
        file: hir::EditionedFileId,
        depth: usize,
        out: &mut Vec<(ast::MethodCallExpr, u32)>,
    ) {
        // tokio's `join!`, `try_join!` and `select!` take one future per recursion of their
        // own expansion: a call in the eighth future of a `try_join!` is nine expansions down.
        const DEEPEST: usize = 16;
        for call in node.descendants().filter_map(ast::MethodCallExpr::cast) {
            let Some(name) = call.name_ref() else {
                continue;
            };
            let at = if depth == 0 {
                Some(name.syntax().text_range().start())
            } else {
                self.sema
                    .original_range_opt(name.syntax())
                    .filter(|r| r.file_id == file)
                    .map(|r| r.range.start())
            };
            if let Some(at) = at {
                out.push((call, u32::from(at)));
            }
        }
        if depth == DEEPEST {
            return;
        }
        for mac in node.descendants().filter_map(ast::MacroCall::cast) {
            if let Some(expanded) = self.sema.expand_macro_call(&mac) {
                self.method_calls(&expanded.value, file, depth + 1, out);
            }
        }
    }

    /// Types one call's receiver and finds its method's trait; whether it typed the receiver.
    fn method_call(&mut self, call: &ast::MethodCallExpr, at: u32, out: &mut FileFacts) -> bool {
        let Some(receiver) = call.receiver() else {
            return false;
        };
        let function = self.sema.resolve_method_call(call);
        let container = function
            .and_then(|f| f.as_assoc_item(self.db))
            .map(|item| item.container(self.db));
        let mut own = None;
        match container {
            Some(AssocItemContainer::Trait(t)) => own = Some(ModuleDef::Trait(t)),
            Some(AssocItemContainer::Impl(i)) => {
                if let Some(t) = i.trait_(self.db) {
                    own = Some(ModuleDef::Trait(t));
                }
            }
            None => {}
        }
        if let Some(path) = own.and_then(|t| self.path_of(t)) {
            out.traits.insert(at, path);
        }
        let Some(info) = self.sema.type_of_expr(&receiver) else {
            return false;
        };
        // The type the method is found on: for an inherent method, the step of the automatic
        // dereferences whose type the `impl` is for (`Mutex<T>` in `Arc<Mutex<T>>`); for a
        // trait's method, the receiver as written, which the checker dereferences as it does
        // for types the syntax tells.
        let inherent = match container {
            Some(AssocItemContainer::Impl(i)) if i.trait_(self.db).is_none() => {
                i.self_ty(self.db).as_adt()
            }
            _ => None,
        };
        let original = info.original.strip_references();
        let found = match inherent {
            Some(adt) => {
                let step = original
                    .autoderef(self.db)
                    .find(|step| step.as_adt() == Some(adt));
                step.unwrap_or(original)
            }
            None => original,
        };
        match self.ty(&found, 0) {
            // `Arc<_>`: a wrapper around what rust-analyzer could not type (a crate it could not
            // load, a method it could not resolve) says less than the syntax may.
            Some(ty) if ty.clone().autoderef().path() != Some(UNKNOWN) => {
                out.receivers.insert(at, ty);
                true
            }
            _ => false,
        }
    }

    /// The lint's spelling of a type: paths as the syntax model writes them, generic arguments
    /// it cannot name as `_` so positions keep their meaning.
    fn ty(&mut self, t: &hir::Type<'db>, depth: usize) -> Option<Ty> {
        const DEEPEST: usize = 6;
        let t = t.strip_references();
        if depth > DEEPEST {
            return None;
        }
        if let Some(adt) = t.as_adt() {
            let path = self.path_of(ModuleDef::Adt(adt))?;
            let args = t
                .type_arguments()
                .map(|a| self.ty(&a, depth + 1).unwrap_or_else(|| Ty::named(UNKNOWN)))
                .collect();
            return Some(Ty::Path { path, args });
        }
        if t.is_tuple() {
            let items = t.tuple_fields(self.db);
            if !items.is_empty() {
                return items
                    .iter()
                    .map(|i| self.ty(i, depth + 1))
                    .collect::<Option<Vec<_>>>()
                    .map(Ty::Tuple);
            }
        }
        None
    }

    /// An item's path as the lint writes it: `#0::db::Pool` for the run's own crates, the
    /// shortest public path for another crate's (`tokio::sync::Mutex`, not the private module
    /// it is defined in), and std's for what `core` and `alloc` define (`std::sync::Arc`).
    fn path_of(&mut self, def: ModuleDef) -> Option<String> {
        if let Some(known) = self.paths.get(&def) {
            return known.clone();
        }
        let found = self.find_path(def);
        self.paths.insert(def, found.clone());
        found
    }

    fn find_path(&mut self, def: ModuleDef) -> Option<String> {
        let db = self.db;
        let module = def.module(db)?;
        let krate = module.krate(db);
        let edition = krate.edition(db);
        let name = def.name(db)?.display(db, edition).to_string();
        // A path dependency is local to rust-analyzer but another crate to the run.
        if let Some(unit) = self.unit(krate) {
            return Some(DefPath::new(&module_path(db, module, unit)?).join(&name));
        }
        let crate_name = krate.display_name(db)?.crate_name().to_string();
        let crate_name = match crate_name.as_str() {
            "core" | "alloc" => "std".to_string(),
            _ => crate_name,
        };
        let config = hir::FindPathConfig {
            prefer_no_std: false,
            prefer_prelude: false,
            prefer_absolute: false,
            allow_unstable: true,
        };
        // From the defining crate's root: the path its users write, below the crate's name
        // (`sync::Mutex` rather than the private `sync::poison::mutex::Mutex`, `ureq::
        // RequestBuilder` rather than `ureq::request::RequestBuilder`). In std's own crates a
        // name alone may be one the root has in scope through its prelude (`Option`): the
        // module it is defined in says more (`std::option::Option`, as the syntax spells it).
        let std_prelude = crate_name == "std";
        let within = krate.root_module(db).find_path(db, def, config);
        match within {
            Some(p) if !std_prelude || p.segments().len() > 1 || module.is_crate_root(db) => {
                let mut path = crate_name;
                for segment in p.segments() {
                    path = DefPath::new(&path).join(segment.as_str());
                }
                Some(path)
            }
            _ => Some(DefPath::new(&module_path(db, module, crate_name)?).join(&name)),
        }
    }

    /// The unit prefix of one of the run's own crates; `None` for every other crate.
    fn unit(&mut self, krate: Crate) -> Option<String> {
        if let Some(known) = self.units.get(&krate) {
            return known.clone();
        }
        let root = krate.root_file(self.db);
        let found = self
            .file_path(root)
            .and_then(|p| self.roots.get(&p).cloned());
        self.units.insert(krate, found.clone());
        found
    }
}

/// `module`'s path below `root` (the unit's prefix or the crate's name): `#0::db::pool`.
fn module_path(db: &RootDatabase, module: hir::Module, root: String) -> Option<String> {
    let mut path = root;
    for m in module.path_to_root(db).iter().rev().skip(1) {
        path = DefPath::new(&path).join(m.name(db)?.as_str());
    }
    Some(path)
}

/// A method call and where its name starts in the file.
type Call = (ast::MethodCallExpr, u32);

/// The calls grouped by the function whose body holds them (rust-analyzer infers a body whole),
/// in the order of the file, each group with where its function starts and its name; calls
/// outside any function
/// (a `const`'s, a `static`'s) make one group. A call of a macro's expansion goes with the
/// function around the macro's call, where its `at` lies.
fn by_function(
    file: &syntax::SyntaxNode,
    calls: Vec<Call>,
) -> Vec<(Option<u32>, Option<String>, Vec<Call>)> {
    let mut groups: std::collections::BTreeMap<Option<u32>, (Option<String>, Vec<Call>)> =
        Default::default();
    for (call, at) in calls {
        let function = file
            .token_at_offset(at.into())
            .right_biased()
            .and_then(|token| token.parent_ancestors().find_map(ast::Fn::cast));
        let key = function
            .as_ref()
            .map(|f| u32::from(f.syntax().text_range().start()));
        let name = function.and_then(|f| f.name()).map(|n| n.to_string());
        groups
            .entry(key)
            .or_insert((name, Vec::new()))
            .1
            .push((call, at));
    }
    groups
        .into_iter()
        .map(|(start, (name, calls))| (start, name, calls))
        .collect()
}

/// Whether the toolchain cargo runs with has rust-src, where rust-analyzer reads std.
fn has_rust_src(toolchain: Option<&str>) -> bool {
    let mut rustc = std::process::Command::new("rustc");
    rustc.args(["--print", "sysroot"]);
    if let Some(t) = toolchain {
        rustc.env("RUSTUP_TOOLCHAIN", t);
    }
    let Ok(out) = rustc.output() else {
        return false;
    };
    let sysroot = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    sysroot.join("lib/rustlib/src/rust/library/std").is_dir()
}
