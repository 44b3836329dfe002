//! Dependencies' summaries: which public sync functions of the crates a workspace depends on
//! reach a blocking call, learned from the sources cargo has already downloaded.
//!
//! The question is the one transitive findings ask of the workspace's own sync functions
//! (`transitive::sync_chains`), asked of each dependency on its own, in dependency order: a
//! dependency's run sees its own dependencies' summaries as more blocking calls ([`Index`],
//! which `rules::check` consults after the catalog and the configuration), so a chain crosses
//! crates. The workspace run then reports a call from async code to such a function under the
//! rule of the blocking call its chain ends at, with the chain inside the dependency as notes.
//!
//! Precision over reach (a finding in a dependency cannot be fixed by its reader, so a false one
//! costs more than a miss): async functions never block; closures handed to `spawn_blocking`,
//! `thread::spawn` and the like run elsewhere; code that runs only on an error path
//! (`Err(..)` arms, `map_err`/`unwrap_or_else` closures) or in a `Drop` impl is not walked as
//! the function's own; CPU work is not a root; stdout, stderr and logging are none of the
//! catalog's calls; a function generic over `R: Read` calls the trait's methods, which no rule
//! names, and one generic over a trait of the crate's own reaches none of its impls (the caller
//! picks the type: `checker::function`); `extern` functions are never assumed to block (a
//! `[[blocking]]` entry can say so).
//!
//! With the typed analysis (cargo mode's default), a dependency's summary asks rust-analyzer's
//! model of the workspace about the calls its syntax could not type, so a function is known to
//! block through its own types (`let Some(f) = self.file.as_mut() else ..; f.write_all(..)`).
//! Only what could matter is asked (`typed`): a call in a sync function whose method
//! name is one the catalog, the configuration, the crate's dependencies or the crate's own
//! blocking functions use; the crate is then read again with those facts.
//! `--explain deps` says the same to users ([`EXPLANATION`]).

pub mod cache;
mod packages;
mod typed;

pub use packages::host_triple;
use packages::{Package, packages};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cargo_metadata::Metadata;
use rayon::prelude::*;

use crate::analysis::discover::{Job, Plan, Unit};
use crate::model::dependencies::{DepStep, Export, Index, Summary};
use crate::model::path::{DefPath, TailIndex};
use crate::model::typed::Model;

/// `--explain deps`.
pub const EXPLANATION: &str = include_str!("explain.md");

/// What summarising the dependencies found, for the workspace run and for `--explain`-style
/// figures.
#[derive(Debug, Default)]
pub struct Report {
    /// The workspace's direct dependencies' blocking functions.
    pub index: Index,
    pub packages: usize,
    pub from_cache: usize,
    pub files: usize,
    pub unparsed: usize,
    /// Why the dependencies were not read, when cargo could not resolve them (offline with a
    /// git dependency, say): the run says so in one warning and lints the workspace alone.
    pub unavailable: Option<String>,
    /// The workspace has no Cargo.lock, so nothing was resolved (it would have written one).
    pub no_lockfile: bool,
    /// The files read by the summaries made in this run (none when all came from the cache):
    /// what the benchmark parses bare to compare.
    pub read: Vec<PathBuf>,
}

/// The index of the workspace's dependencies (`meta` is its metadata without them): read whole
/// from the cache when neither Cargo.lock, the members' manifests, the configuration's
/// `[[blocking]]` entries nor a path dependency's files changed, so a warm run costs no
/// dependency resolution; else resolved by cargo and summarised ([`summarise`]). A workspace
/// without a Cargo.lock has none made for it (resolving would write into the user's tree): it
/// gets no index, and the report says so (`no_lockfile`). `toolchain` is the one cargo runs with
/// when the project pins one that is not installed (see `discover::from_cargo`). With `typed`,
/// the summaries ask the typed analysis's model, which `model` loads when first called (`None`
/// when it cannot load: the summaries are then the syntax's, and kept as such).
pub fn for_workspace<'m>(
    meta: &Metadata,
    manifest_path: Option<&Path>,
    toolchain: Option<&str>,
    blocking: &[crate::knowledge::configured::Blocking],
    threads: usize,
    typed: bool,
    model: &dyn Fn() -> Option<&'m Model>,
) -> Report {
    // The key hashes Cargo.lock: there is none only when the workspace has no lock to read.
    let Some(key) = cache::workspace_key(meta, blocking, typed) else {
        return Report {
            no_lockfile: true,
            ..Report::default()
        };
    };
    if let Some(report) = cache::read_workspace(meta, key) {
        return report;
    }
    let model = if typed { model() } else { None };
    // Asked for but not loaded: the syntax's summaries, under their own key.
    let untyped = (typed && model.is_none())
        .then(|| cache::workspace_key(meta, blocking, false))
        .flatten();
    let key = match untyped {
        Some(untyped) => {
            if let Some(report) = cache::read_workspace(meta, untyped) {
                return report;
            }
            untyped
        }
        None => key,
    };
    let mut cmd = cargo_metadata::MetadataCommand::new();
    if let Some(m) = manifest_path {
        cmd.manifest_path(m);
    }
    if let Some(host) = host_triple() {
        cmd.other_options(vec!["--filter-platform".to_string(), host]);
    }
    if let Some(t) = toolchain {
        cmd.env("RUSTUP_TOOLCHAIN", t);
    }
    let full = match cmd.exec() {
        Ok(full) => full,
        Err(e) => {
            // cargo's last line says what it could not do (fetch a git dependency, say).
            let why = format!("{e:#}");
            let last = why
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            let last = crate::analysis::discover::cargo_words(last.trim());
            return Report {
                unavailable: Some(last.trim_start_matches("error: ").to_string()),
                ..Report::default()
            };
        }
    };
    let (report, saved) = summarise(&full, blocking, threads, model);
    cache::write_workspace(meta, key, &saved);
    report
}

/// Summarises every dependency of the workspace `meta` describes (from the cache in
/// `target/blocking-lint/deps/` when its sources have not changed) on `threads` threads, asking
/// `model` about what the syntax could not type, and returns the index the workspace run
/// reports calls from, with what the workspace's cache entry keeps of it.
pub fn summarise(
    meta: &Metadata,
    blocking: &[crate::knowledge::configured::Blocking],
    threads: usize,
    model: Option<&Model>,
) -> (Report, cache::Saved) {
    let (list, direct) = packages(meta);
    let cache = cache::Cache::new(meta, model.is_some());
    let run = || summarise_in_pool(&list, &direct, blocking, &cache, model);
    match rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(crate::analysis::engine::WORKER_STACK)
        .build()
    {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    }
}

fn summarise_in_pool(
    list: &[Package],
    direct: &[(String, usize)],
    blocking: &[crate::knowledge::configured::Blocking],
    cache: &cache::Cache,
    model: Option<&Model>,
) -> (Report, cache::Saved) {
    // Packages by depth: each level only needs the ones below it, and runs in parallel.
    let mut depth = vec![0usize; list.len()];
    for (i, p) in list.iter().enumerate() {
        depth[i] = p.deps.iter().map(|(_, d)| depth[*d] + 1).max().unwrap_or(0);
    }
    let levels = depth.iter().copied().max().map_or(0, |d| d + 1);
    let mut summaries: Vec<Option<Arc<Summary>>> = vec![None; list.len()];
    let mut keys: Vec<u64> = vec![0; list.len()];
    let mut report = Report {
        packages: list.len(),
        ..Report::default()
    };
    let trace = std::env::var_os("BLOCKING_LINT_TRACE_DEPS").is_some();
    for level in 0..levels {
        let here: Vec<usize> = (0..list.len()).filter(|i| depth[*i] == level).collect();
        let done: Vec<(usize, u64, Arc<Summary>, Vec<PathBuf>)> = here
            .par_iter()
            .map(|&i| {
                let p = &list[i];
                let dep_keys: Vec<(&str, u64)> =
                    p.deps.iter().map(|(n, d)| (n.as_str(), keys[*d])).collect();
                let key = cache.key(p, &dep_keys, blocking);
                if let Some(s) = cache.read(p, key) {
                    return (i, key, Arc::new(s), Vec::new());
                }
                let mut index = Index::default();
                for (name, d) in &p.deps {
                    if let Some(s) = &summaries[*d] {
                        index.add(name, &list[*d].label(), s);
                    }
                }
                let started = std::time::Instant::now();
                // Files are guarded one by one in the engine; this guards what joins them, so
                // no dependency can end the run: one that panics gets an empty summary.
                let (s, read) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    summarise_package(p, index, blocking, model)
                }))
                .unwrap_or_else(|_| {
                    let failed = Summary {
                        unparsed: 1,
                        ..Summary::default()
                    };
                    (failed, vec![p.lib_root.clone()])
                });
                if trace {
                    // For finding the dependency a slow or large run spends itself on.
                    eprintln!("deps: {} in {:.2?}", p.label(), started.elapsed());
                }
                cache.write(p, key, &s);
                (i, key, Arc::new(s), read)
            })
            .collect();
        for (i, key, s, read) in done {
            report.from_cache += usize::from(read.is_empty());
            report.read.extend(read);
            report.files += s.files;
            report.unparsed += s.unparsed;
            keys[i] = key;
            summaries[i] = Some(s);
        }
    }
    let mut saved = cache::Saved {
        packages: report.packages,
        files: report.files,
        unparsed: report.unparsed,
        ..cache::Saved::default()
    };
    for (name, i) in direct {
        if let Some(s) = &summaries[*i] {
            report.index.add(name, &list[*i].label(), s);
            saved
                .direct
                .push((name.clone(), list[*i].label(), Summary::clone(s)));
        }
    }
    saved.path_packages = list
        .iter()
        .filter(|p| p.source.is_none())
        .map(|p| (p.dir.clone(), cache.source_checksum(p)))
        .collect();
    (report, saved)
}

/// One dependency's summary: its library target checked as the workspace's own code is (twice
/// when `model` types calls the first reading could not), then every sync function that
/// reaches a blocking call.
fn summarise_package(
    p: &Package,
    index: Index,
    blocking: &[crate::knowledge::configured::Blocking],
    model: Option<&Model>,
) -> (Summary, Vec<PathBuf>) {
    let unit = crate::model::path::unit_prefix(0);
    let mut plan = Plan {
        units: vec![Unit {
            package: None,
            target: serde_json::json!({ "kind": ["lib"], "name": p.crate_name }),
        }],
        jobs: vec![Job {
            path: p.lib_root.clone(),
            unit: 0,
            module: unit.clone(),
            mod_dir: p
                .lib_root
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
            in_test: false,
        }],
        follow_mods: true,
        crates: HashMap::from([(p.crate_name.clone(), unit.clone())]),
        base: p.dir.clone(),
        blocking: blocking.to_vec(),
        deps: Arc::new(index),
        deps_mode: true,
        features: Some(p.features.clone()),
        keep_method_calls: model.is_some(),
        ..Plan::default()
    };
    let mut a = analyse(&plan);
    let mut chains = crate::analysis::transitive::sync_chains(&a.summaries, &a.known);
    if let Some(model) = model {
        (a, chains) = typed::read_with_types(model, p, &mut plan, a, chains);
    }
    let all: Vec<String> = a
        .summaries
        .iter_mut()
        .flat_map(|s| std::mem::take(&mut s.all_fns))
        .collect();
    let tails = TailIndex::new(all.iter().map(String::as_str));
    let aliases = Aliases::new(&a.imports, &unit);
    let label = p.label();
    let files = &a.outcome.files;
    let prefix = format!("{unit}::");
    let exports = chains
        .into_iter()
        .filter_map(|c| {
            let own = c.key.strip_prefix(&prefix)?.to_string();
            let last = c.steps.len().saturating_sub(1);
            let mut steps: Vec<DepStep> = c
                .steps
                .iter()
                .enumerate()
                .map(|(i, s)| DepStep {
                    package: label.clone(),
                    caller: shown(&s.caller),
                    // The last callee is the blocking call, another crate's: named in full.
                    callee: if i == last {
                        s.callee.clone()
                    } else {
                        shown(&s.callee)
                    },
                    file: files[s.file].display.clone(),
                    line: s.loc.line,
                })
                .collect();
            let mut root = crate::model::path::display_key(&c.hit.callee);
            if let Some(deeper) = plan.deps.find(&c.hit.callee) {
                // The chain goes on in another dependency: show it to its end.
                steps.extend(deeper.export.steps.iter().cloned());
                root = deeper.export.root.clone();
            }
            steps.truncate(MAX_STEPS_KEPT);
            let tail = crate::model::path::tail(&c.key)
                .map(|(_, t)| t.to_string())
                .filter(|_| tails.count(&c.key) == 1);
            let mut paths = vec![own];
            paths.extend(aliases.of(&c.key, &prefix));
            Some(Export {
                paths,
                tail,
                rule: c.rule.name.to_string(),
                root,
                steps,
            })
        })
        .collect();
    let returns = a
        .returns
        .into_iter()
        .filter(|(_, ty)| hands_out(ty, &prefix))
        .filter_map(|(key, ty)| {
            let tail = crate::model::path::tail(&key)
                .map(|(_, t)| t.to_string())
                .filter(|_| tails.count(&key) == 1);
            Some((key.strip_prefix(&prefix)?.to_string(), tail, ty))
        })
        .collect();
    let summary = Summary {
        exports,
        returns,
        files: a.outcome.files.len(),
        unparsed: a.outcome.errors.len(),
    };
    let read = a.outcome.files.into_iter().map(|f| f.path).collect();
    (summary, read)
}

/// A dependency's files checked, with what is no root inside a dependency taken out
/// ([`is_root`]).
fn analyse(plan: &Plan) -> crate::analysis::engine::Analysed {
    let mut a = crate::analysis::engine::analyse_plan(plan, &|| {});
    for f in a.summaries.iter_mut().flat_map(|s| s.fns.iter_mut()) {
        if f.blocking.as_ref().is_some_and(|b| !is_root(b.0, &b.1)) {
            f.blocking = None;
        }
    }
    a
}

/// Whether a return type is worth keeping: one of the crate's own types (through `Result`,
/// `Option`, `Arc`, ...), or a std handle whose methods the catalog knows.
fn hands_out(ty: &crate::model::semantic::Ty, prefix: &str) -> bool {
    let inner = ty.clone().unwrapped().autoderef();
    inner.path().is_some_and(|p| {
        p.starts_with(prefix)
            || matches!(
                p,
                "std::fs::File"
                    | "std::net::TcpStream"
                    | "std::net::UdpSocket"
                    | "std::process::Child"
            )
    })
}

/// Steps kept per export: notes show three; the rest only makes the cache larger.
const MAX_STEPS_KEPT: usize = 8;

/// Whether a blocking call is a root inside a dependency. Not CPU work: it is slow, not
/// blocking in the sense a caller can avoid by awaiting something else, and every parser and
/// hasher would be one. Not a thread parking itself ([`PARKING`]): inside a library that is how
/// a lock, a once-cell or a pool waits for another thread, whose own work is where a blocking
/// call, if any, is found; the primitives a caller waits on for long (channels, joins,
/// condition variables, pools) are roots by their own names.
fn is_root(rule: &crate::rules::Rule, hit: &crate::rules::hit::Hit) -> bool {
    rule.name != "cpu" && !PARKING.contains(&hit.callee.as_str())
}

/// How a synchronisation primitive waits (see [`is_root`]). With types, once_cell's
/// `get_or_init` reaches `std::thread::park`, and so would every function that touches a lazily
/// made value: 1,658 of the 2,075 exports of this workspace's dependencies before they were
/// left out.
const PARKING: &[&str] = &["std::thread::park", "std::thread::park_timeout"];

/// A function of the dependency as notes name it: `SmtpTransport::send` for a method, the path
/// below the crate root for a free function (`transport::connect`).
fn shown(name: &str) -> String {
    match DefPath::new(name).split_last() {
        Some((owner, method)) => {
            let ty = owner.name();
            if ty.starts_with(|c: char| c.is_ascii_uppercase()) {
                format!("{ty}::{method}")
            } else {
                name.to_string()
            }
        }
        None => name.to_string(),
    }
}

/// The crate's imports by what they import, for the paths a re-export gives a function
/// (`pub use client::Client;` gives `client::Client::new` the path `Client::new`).
struct Aliases {
    by_target: HashMap<String, Vec<String>>,
}

/// Alias paths kept per export, shortest first: a type `use`d in many modules has a path in
/// each, and only the re-exports matter.
const MAX_ALIASES: usize = 6;

impl Aliases {
    fn new(imports: &[(String, String)], unit: &str) -> Aliases {
        let mut by_target: HashMap<String, Vec<String>> = HashMap::new();
        for (alias, target) in imports {
            if target.starts_with(unit) && alias.starts_with(unit) {
                by_target
                    .entry(target.clone())
                    .or_default()
                    .push(alias.clone());
            }
        }
        Aliases { by_target }
    }

    /// Other paths of `key` (`#0::client::Client::new`), below the crate root.
    fn of(&self, key: &str, prefix: &str) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        let mut todo = vec![key.to_string()];
        // Two rounds: a re-export of a re-export (`pub use blocking::Client` at the root).
        for _ in 0..2 {
            let mut next = Vec::new();
            for path in &todo {
                let segs: Vec<&str> = DefPath::new(path).segments().collect();
                // The function itself, or its type (for a method).
                for cut in [segs.len(), segs.len().saturating_sub(1)] {
                    if cut < 2 {
                        continue;
                    }
                    let head = segs[..cut].join("::");
                    for alias in self.by_target.get(&head).into_iter().flatten() {
                        let mut p = alias.clone();
                        for s in &segs[cut..] {
                            p.push_str("::");
                            p.push_str(s);
                        }
                        if p != key && !found.contains(&p) {
                            next.push(p.clone());
                            found.push(p);
                        }
                    }
                }
            }
            todo = next;
        }
        found.sort_by_key(|p| (p.matches("::").count(), p.clone()));
        found.truncate(MAX_ALIASES);
        found
            .into_iter()
            .filter_map(|p| p.strip_prefix(prefix).map(str::to_string))
            .collect()
    }
}
