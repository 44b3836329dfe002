//! The run: parse and check files in parallel (following `mod` items in cargo mode), then
//! assemble transitive findings once every file's summary is in.

use std::collections::HashSet;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::analysis::checker;

use crate::analysis::contexts::handlers::Handlers;
use crate::analysis::discover::{Job, Plan};
use crate::analysis::parse::{TestCode, parse};
use crate::analysis::summary::{ChildMod, FileSummary, Placement};
use crate::analysis::suppress::{Notice, Suppression};
use crate::analysis::transitive;
use crate::model::source::SourceFile;
use crate::rules::finding::{FileError, Finding, HowItBlocks};

/// Files above this size (bytes) are analysed one at a time.
const HUGE_FILE: u64 = 256 * 1024;

/// In a dependency's summary, files above this size (bytes) are skipped (see `analyse`).
const DEPS_MAX_FILE: usize = 512 * 1024;

/// Held while a huge file is analysed, by whichever plan has one.
static HUGE_FILES: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// What a run found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub files: Vec<SourceFile>,
    pub findings: Vec<Finding>,
    pub errors: Vec<FileError>,
    /// Lines of source read, for throughput figures.
    pub lines: usize,
    /// Suppression comments, marked by `suppress::apply` with what they silenced.
    pub suppressions: Vec<Suppression>,
    /// Suppression comments that name no known rule or cannot be read.
    pub notices: Vec<Notice>,
}

/// One file's result: its summary (or why there is none) and the `mod` files it declares.
struct FileResult {
    summary: Option<FileSummary>,
    error: Option<(usize, usize, String)>,
    lines: usize,
    suppressions: (Vec<Suppression>, Vec<Notice>),
}

fn analyse(file: usize, job: &Job, plan: &Plan) -> FileResult {
    let text = match std::fs::read_to_string(&job.path) {
        // A dependency's generated tables (X11's protocol, Unicode data) run to megabytes, would
        // set a run's peak memory alone, and wrap no blocking call worth a finding.
        Ok(t) if plan.deps_mode && t.len() > DEPS_MAX_FILE => {
            return FileResult {
                summary: None,
                error: Some((0, 0, "skipped: a generated-size file".into())),
                lines: 0,
                suppressions: Default::default(),
            };
        }
        Ok(t) => t,
        Err(e) => {
            return FileResult {
                summary: None,
                error: Some((0, 0, format!("cannot read file: {e}"))),
                lines: 0,
                suppressions: Default::default(),
            };
        }
    };
    let lines = text.lines().count();
    // The comment scanner is ours, not syn's: guard it as the checker is guarded, so a bug in
    // it loses the file's suppressions, never the run.
    let suppressions = std::panic::catch_unwind(|| crate::analysis::suppress::scan(file, &text))
        .unwrap_or_default();
    let tests = match (plan.include_tests, job.in_test) {
        (true, _) => TestCode::Read,
        (false, true) => TestCode::WholeFile,
        (false, false) => TestCode::SkipItems,
    };
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| match parse(&text, tests) {
        Ok((ast, offset)) => {
            let place = Placement {
                file,
                unit: crate::model::path::unit_prefix(job.unit),
                module: job.module.clone(),
                file_dir: job.path.parent().map(PathBuf::from).unwrap_or_default(),
                mod_dir: job.mod_dir.clone(),
                crates: &plan.crates,
                offload: &plan.offload,
                blocking: &plan.blocking,
                offset,
                in_test: job.in_test,
                include_tests: plan.include_tests,
                deps: &plan.deps,
                deps_mode: plan.deps_mode,
                keep_method_calls: plan.keep_method_calls,
                features: plan.features.as_deref(),
                typed: plan.typed.as_ref().and_then(|t| t.file(&job.path)),
            };
            Ok(checker::check_file(&ast, place))
        }
        Err(e) => {
            let start = e.span().start();
            Err((start.line, start.column + 1, e.to_string()))
        }
    }));
    // proc-macro2 keeps every parsed file's source map per thread until told otherwise; all
    // locations are plain numbers by now, so release it and keep memory flat over large runs.
    proc_macro2::extra::invalidate_current_thread_spans();
    match result {
        Ok(Ok(summary)) => FileResult {
            // The summary's pieces were allocated among the syntax tree's, which is gone now;
            // a compact copy lets the allocator reuse those pages instead of keeping them for a
            // few small survivors (peak RSS over the registry: 357 MB -> 301 MB).
            summary: Some(summary.clone()),
            error: None,
            lines,
            suppressions,
        },
        Ok(Err(err)) => FileResult {
            summary: None,
            error: Some(err),
            lines,
            suppressions,
        },
        Err(_) => FileResult {
            summary: None,
            error: Some((
                0,
                0,
                "internal error: the lint panicked on this file".into(),
            )),
            lines,
            suppressions,
        },
    }
}

/// Analyses the files of one wave, the first of which is file `first` of the run, in parallel;
/// their results in the wave's order.
///
/// A syntax tree takes many times its source's size, and proc-macro2 lexes the whole file first:
/// two generated megabyte tables parsed at once would set the run's peak memory. So the huge
/// files go one after the other (across all the plans a dependencies' run has going), on one
/// thread, while the others share the rest. Taking the huge files' turn inside the shared work
/// instead left a thread waiting for another's huge file whenever its own next file was huge
/// too, as generated files come in runs (the registry: 299 files over 256 KiB, a quarter of
/// its bytes).
fn analyse_wave(
    wave: &[Job],
    first: usize,
    plan: &Plan,
    progress: &(dyn Fn() + Sync),
) -> Vec<FileResult> {
    let one = |i: usize| {
        let r = analyse(first + i, &wave[i], plan);
        progress();
        (i, r)
    };
    let (huge, rest): (Vec<usize>, Vec<usize>) = (0..wave.len())
        .into_par_iter()
        .partition(|&i| std::fs::metadata(&wave[i].path).is_ok_and(|m| m.len() > HUGE_FILE));
    let (mut results, rest) = rayon::join(
        || {
            huge.into_iter()
                .map(|i| {
                    let _alone = HUGE_FILES.lock().unwrap_or_else(|e| e.into_inner());
                    one(i)
                })
                .collect::<Vec<_>>()
        },
        || {
            rest.into_par_iter()
                // One file per piece of work: rayon's own splitting left one thread a long run
                // of files at the end while the other sat idle (the corpus of
                // lint/benches/real-world.sh in PATH mode: 3.29 s -> 2.63 s on 2 cores, 1.48 ->
                // 1.81 cores busy).
                .with_max_len(1)
                .map(one)
                .collect::<Vec<_>>()
        },
    );
    results.extend(rest);
    results.sort_unstable_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Stack of each worker thread: syn and the checker recurse as deep as the code nests, and
/// generated code nests deep. Only the pages used are ever committed.
pub(crate) const WORKER_STACK: usize = 64 << 20;

/// Runs the plan on `threads` threads (0: one per core). `progress` is told after each file.
pub fn run(plan: &Plan, threads: usize, progress: &(dyn Fn() + Sync)) -> Outcome {
    // Everything runs inside the pool: rayon runs an unsplit piece of work (a single file) on the
    // calling thread, and the main thread's stack is small.
    match rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(WORKER_STACK)
        .build()
    {
        Ok(pool) => pool.install(|| run_in_pool(plan, progress)),
        Err(_) => run_in_pool(plan, progress),
    }
}

/// Parses and checks every file of the plan (following `mod` items in cargo mode), then resolves
/// what needs other files (`late`). Must run inside the pool (see [`run`]).
pub fn analyse_plan(plan: &Plan, progress: &(dyn Fn() + Sync)) -> Analysed {
    let mut outcome = Outcome::default();
    let mut summaries: Vec<FileSummary> = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut wave: Vec<Job> = Vec::new();
    for job in &plan.jobs {
        if seen.insert(job.path.clone()) {
            wave.push(job.clone());
        }
    }
    while !wave.is_empty() {
        let first = outcome.files.len();
        for job in &wave {
            outcome.files.push(SourceFile {
                path: job.path.clone(),
                display: crate::analysis::discover::display_name(&job.path, &plan.base),
                unit: job.unit,
            });
        }
        let results = analyse_wave(&wave, first, plan, progress);
        let mut next = Vec::new();
        for (i, r) in results.into_iter().enumerate() {
            outcome.lines += r.lines;
            outcome.suppressions.extend(r.suppressions.0);
            outcome.notices.extend(r.suppressions.1);
            if let Some((line, col, message)) = r.error {
                outcome.errors.push(FileError {
                    file: first + i,
                    line,
                    col,
                    message,
                });
            }
            if let Some(mut s) = r.summary {
                if plan.follow_mods {
                    for child in std::mem::take(&mut s.children) {
                        // A dependency's tests and other platforms' modules can hold nothing
                        // its summary keeps: not even read.
                        if plan.deps_mode && child.in_test {
                            continue;
                        }
                        if let Some(job) = child_job(&child, wave[i].unit)
                            && !plan
                                .exclude
                                .as_ref()
                                .is_some_and(|ex| ex.matches(&job.path))
                            && seen.insert(job.path.clone())
                        {
                            next.push(job);
                        }
                    }
                }
                summaries.push(s);
            }
        }
        wave = next;
    }
    if !plan.follow_mods && !plan.include_tests {
        crate::analysis::test_files::drop_test_modules(&mut summaries, &outcome.files);
    }
    let (imports, returns) = match plan.deps_mode {
        true => (
            summaries
                .iter()
                .flat_map(|s| s.imports.iter().map(|(a, b)| (a.clone(), b.clone())))
                .collect(),
            summaries
                .iter()
                .flat_map(|s| s.returns.iter().map(|(a, b)| (a.clone(), b.clone())))
                .collect(),
        ),
        false => (Vec::new(), Vec::new()),
    };
    crate::analysis::late::apply(
        &mut summaries,
        crate::rules::RunFacts {
            configured: &plan.blocking,
            crates: &plan.crates,
            deps: &plan.deps,
        },
    );
    let mut known = HashSet::new();
    for s in &mut summaries {
        known.extend(s.known.drain(..));
        // `late` may have found deferred calls to be nothing at all.
        s.fns
            .retain(|f| f.blocking.is_some() || !f.calls.is_empty());
    }
    Analysed {
        outcome,
        summaries,
        known,
        imports,
        returns,
    }
}

/// What every file of a plan tells, joined: the run's files and errors (no findings judged
/// across files yet), the summaries after `late`, and every function's key hash. The workspace
/// run turns it into findings; a dependency's summary (`deps`) asks it which sync fns block.
pub struct Analysed {
    pub outcome: Outcome,
    pub summaries: Vec<FileSummary>,
    pub known: HashSet<u64>,
    /// In `deps_mode` only: every module's imports (`#0::Client` -> `#0::client::Client`), read
    /// before `late` consumes them, for the paths a dependency re-exports its functions under.
    pub imports: Vec<(String, String)>,
    /// In `deps_mode` only: the declared return types of the crate's functions, read before
    /// `late` consumes them, so callers learn the types the dependency's API hands out.
    pub returns: Vec<(String, crate::model::semantic::Ty)>,
}

fn run_in_pool(plan: &Plan, progress: &(dyn Fn() + Sync)) -> Outcome {
    let Analysed {
        mut outcome,
        mut summaries,
        known,
        ..
    } = analyse_plan(plan, progress);
    for s in &mut summaries {
        outcome.findings.append(&mut s.findings);
    }
    // The chains through the crate's sync fns, beside the questions of where async fns run
    // (on a thread of their own, at start-up): both only read the summaries.
    let (chains, (own_thread, entries)) = rayon::join(
        || transitive::findings(&summaries, &known),
        || {
            let calls = crate::analysis::contexts::CallsOfFns::of(&summaries);
            (
                crate::analysis::contexts::own_thread::only_there(&summaries, &calls),
                crate::analysis::contexts::startup::entry_points(&summaries, &calls),
            )
        },
    );
    outcome.findings.extend(chains);
    if !plan.deps.is_empty() {
        for f in &mut outcome.findings {
            f.dep = plan.deps.find(&f.hit.callee).cloned();
        }
    }
    let finding_fns: Vec<&str> = outcome
        .findings
        .iter()
        .filter_map(|f| f.enclosing_fn.as_deref())
        .collect();
    let handlers = Handlers::collect(&summaries, &known, &finding_fns);
    if !handlers.is_empty() {
        for f in &mut outcome.findings {
            f.handler = handlers.serving(f.enclosing_fn.as_deref(), f.file, &f.loc);
        }
    }
    // An async fn that only `block_on` runs, on a thread of its own, blocks no worker.
    outcome
        .findings
        .retain(|f| !own_thread.covers(f.enclosing_fn.as_deref(), f.file, &f.loc));
    // Early code is start-up only in an entry point, or in an async fn only start-up awaits.
    for f in &mut outcome.findings {
        let unit = &plan.units[outcome.files[f.file].unit];
        f.example = unit.target["kind"]
            .as_array()
            .is_some_and(|kinds| kinds.iter().any(|k| k == "example"));
        f.startup &= f.enclosing_fn.as_ref().is_some_and(|k| entries.contains(k));
    }
    initialised_at_startup(&mut outcome.findings);
    crate::analysis::suppress::apply(&mut outcome.findings, &mut outcome.suppressions);
    // Start-up findings keep their own rule for suppressions (`allow(fs)` still silences one),
    // and are reported under `blocking::startup`.
    for f in outcome.findings.iter_mut().filter(|f| f.startup) {
        f.rule = crate::rules::STARTUP;
    }
    let files = &outcome.files;
    outcome
        .notices
        .sort_by(|a, b| (&files[a.file].display, &a.loc).cmp(&(&files[b.file].display, &b.loc)));
    outcome
        .findings
        .sort_by(|a, b| (&files[a.file].display, &a.loc).cmp(&(&files[b.file].display, &b.loc)));
    outcome
        .errors
        .sort_by(|a, b| (&files[a.file].display, a.line).cmp(&(&files[b.file].display, b.line)));
    outcome
}

/// Drops the touches of a lazy static that start-up code touches too: its initialiser ran
/// then, before anything else waited on the runtime, and a later touch finds it ready (a
/// `CONFIG` that `main` reads before serving, then every handler reads).
fn initialised_at_startup(findings: &mut Vec<Finding>) {
    let first_use = |f: &Finding| match &f.how_it_blocks {
        Some(HowItBlocks::FirstUse { name }) => Some(name.clone()),
        _ => None,
    };
    let ready: HashSet<String> = findings
        .iter()
        .filter(|f| f.startup)
        .filter_map(first_use)
        .collect();
    if !ready.is_empty() {
        findings.retain(|f| f.startup || first_use(f).is_none_or(|name| !ready.contains(&name)));
    }
}

fn child_job(child: &ChildMod, unit: usize) -> Option<Job> {
    let path = child
        .candidates
        .iter()
        .find(|p| Path::new(p).is_file())?
        .clone();
    Some(Job {
        path,
        unit,
        module: child.module.clone(),
        mod_dir: child.mod_dir.clone(),
        in_test: child.in_test,
    })
}
