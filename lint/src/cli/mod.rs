//! The command line: parse arguments, drive discover -> engine -> report, pick the exit status.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, ValueEnum};

pub mod config;

use crate::analysis::discover;
use crate::analysis::discover::Plan;
use crate::analysis::engine::{self, Outcome};
use crate::report::fix;
use crate::report::{self, ReportItem, Sources, human, json};
use crate::rules::levels::{self, Levels};
use crate::rules::{self, Level};
use config::Config;

/// Finds blocking calls in async Rust code (std::thread::sleep, std::fs, sync HTTP and database
/// clients, block_on, ...) and reports them the way rustc reports warnings.
///
/// Without PATHs, lints every target of the cargo workspace around the current directory.
#[derive(Debug, Parser)]
#[command(
    name = "cargo-blocking-lint",
    bin_name = "cargo blocking-lint",
    version
)]
pub struct Args {
    /// Files and folders to lint; folders are walked honouring .gitignore
    pub paths: Vec<PathBuf>,

    /// Path to the workspace's Cargo.toml (when no PATH is given)
    #[arg(long, value_name = "PATH")]
    pub manifest_path: Option<PathBuf>,

    /// Output format: rustc-style text, cargo's JSON messages, or one SARIF 2.1.0 log
    #[arg(long, value_enum, value_name = "FMT", default_value_t = Format::Human)]
    pub message_format: Format,

    /// When to colour human output
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    /// Set a lint to warn (a rule such as blocking::fs, `blocking` for all of them)
    #[arg(short = 'W', long = "warn", value_name = "LINT")]
    pub warn: Vec<String>,

    /// Set a lint to allow
    #[arg(short = 'A', long = "allow", value_name = "LINT")]
    pub allow: Vec<String>,

    /// Set a lint to deny; `-D warnings` denies every finding
    #[arg(short = 'D', long = "deny", value_name = "LINT")]
    pub deny: Vec<String>,

    /// List the rules with their default levels
    #[arg(long)]
    pub list: bool,

    /// Print a rule's catalog entry, or with `suppress` how to silence a finding
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,

    /// Also warn about suppression comments that silence nothing
    #[arg(long)]
    pub report_unused_suppressions: bool,

    /// Apply the machine-applicable suggestions, then report the findings that remain
    #[arg(long)]
    pub fix: bool,

    /// With --fix: print the changes as a unified diff on stdout and write nothing
    #[arg(long, requires = "fix")]
    pub dry_run: bool,

    /// List every async call site under a shared blocking root (human output shows three)
    #[arg(long)]
    pub all_callers: bool,

    /// Lint test code too: integration tests, benches, `#[test]`-like functions and items under a
    /// `cfg` that requires `test` (see `--explain test-code`)
    #[arg(long)]
    pub include_tests: bool,

    /// Leave the dependencies out: no summaries of which of their functions block (see
    /// `--explain deps`)
    #[arg(long)]
    pub no_deps: bool,

    /// Ask rust-analyzer's semantic model for the types the syntax does not tell (bindings of
    /// patterns, generic returns, closure parameters): the default in cargo mode; needs
    /// `rust-src`
    #[arg(long, conflicts_with = "fast")]
    pub types: bool,

    /// Cargo mode with the syntax model alone, as PATH mode lints: no rust-analyzer, in a
    /// second instead of tens (for a pre-commit hook or an editor's check on save)
    #[arg(long)]
    pub fast: bool,

    /// Number of threads (default: one per core)
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Entry point for the binary; returns the exit status.
pub fn main() -> i32 {
    let mut argv: Vec<OsString> = std::env::args_os().collect();
    // `cargo blocking-lint ARGS` runs `cargo-blocking-lint blocking-lint ARGS`.
    if argv.get(1).is_some_and(|a| a == "blocking-lint") {
        argv.remove(1);
    }
    let matches = match Args::command().try_get_matches_from(argv) {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match run(&matches) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            2
        }
    }
}

/// `-A`/`-W`/`-D` in the order they were written.
fn levels_from(matches: &ArgMatches, config: &crate::cli::config::Config) -> Result<Levels> {
    let mut flags: Vec<(usize, Level, String)> = Vec::new();
    for (id, level) in [
        ("warn", Level::Warn),
        ("allow", Level::Allow),
        ("deny", Level::Deny),
    ] {
        if let (Some(idx), Some(vals)) = (matches.indices_of(id), matches.get_many::<String>(id)) {
            for (i, v) in idx.zip(vals) {
                flags.push((i, level, v.clone()));
            }
        }
    }
    flags.sort_by_key(|f| f.0);
    let mut levels = config.levels();
    for (_, level, sel) in flags {
        levels::validate(&sel).map_err(anyhow::Error::msg)?;
        levels.push(level, &sel);
    }
    Ok(levels)
}

fn run(matches: &ArgMatches) -> Result<i32> {
    let args = Args::from_arg_matches(matches)?;
    // Flags are checked before the configuration is looked for, so a usage error says so
    // whatever the file holds.
    levels_from(matches, &Config::default())?;
    if args.dry_run && args.message_format != Format::Human {
        // The diff would land in the middle of the JSON or SARIF on stdout.
        anyhow::bail!(
            "`--dry-run` prints a diff on stdout, where `--message-format={}` writes; use one of them",
            args.message_format
                .to_possible_value()
                .map(|v| v.get_name().to_string())
                .unwrap_or_default()
        );
    }
    if args.list {
        let mut out = std::io::stdout().lock();
        for r in rules::REGISTRY {
            writeln!(
                out,
                "{:<20} {:<5} {}",
                r.code(),
                r.default_level.as_str(),
                r.summary
            )?;
        }
        return Ok(0);
    }
    if let Some(name) = &args.explain {
        if name == "suppress" {
            print!("{}", crate::analysis::suppress::EXPLANATION);
            return Ok(0);
        }
        if name == "test-code" {
            print!("{}", crate::analysis::contexts::TEST_CODE_EXPLANATION);
            return Ok(0);
        }
        if name == "deps" {
            print!("{}", crate::analysis::deps::EXPLANATION);
            return Ok(0);
        }
        if name == "handlers" {
            print!("{}", crate::analysis::contexts::handlers::EXPLANATION);
            return Ok(0);
        }
        let Some(rule) = rules::find(name) else {
            anyhow::bail!("no rule named `{name}`; `--list` shows them");
        };
        print!("# {}\n\n{}", rule.code(), rule.explanation());
        return Ok(0);
    }
    let mut metadata = None;
    let mut cargo_mode = false;
    let (plan, config) = if args.paths.is_empty() {
        let plan = match discover::from_cargo(args.manifest_path.as_deref()) {
            Ok((plan, meta)) => {
                metadata = Some(meta);
                cargo_mode = true;
                plan
            }
            Err(error) => cargo_failed(&error, args.manifest_path.as_deref())?,
        };
        let config = config::load(&plan.base)?;
        (plan, config)
    } else {
        let cwd = std::env::current_dir().unwrap_or_default();
        let config = match config::find_root(&cwd) {
            Some(root) => config::load(&root)?,
            None => Config::default(),
        };
        (discover::from_paths(&args.paths)?, config)
    };
    let levels = levels_from(matches, &config)?;
    if let Some(toolchain) = &plan.toolchain {
        eprintln!(
            "note: the toolchain this project pins is not installed; cargo read the workspace \
             with `{toolchain}` (rustup's default) instead"
        );
    }
    if plan.jobs.is_empty() {
        // A clean report over nothing would read as a clean bill of health.
        eprintln!("warning: no Rust files to lint were found");
    }
    let mut plan = plan;
    if let Some(ex) = &config.exclude {
        plan.jobs.retain(|j| !ex.matches(&j.path));
    }
    plan.exclude = config.exclude.clone();
    plan.offload = config.offload.clone();
    plan.include_tests = args.include_tests;
    if args.include_tests {
        for job in &mut plan.jobs {
            job.in_test = false;
        }
    }
    plan.blocking = config.blocking.clone();
    // Types are the default where rust-analyzer can read the workspace: cargo mode. A build
    // without the `types` feature says so only when they are asked for by name. The model is
    // loaded when first needed (the dependencies' summaries ask it too), and not at all when
    // both the summaries and the workspace's facts are kept from an earlier run.
    let want_types = args.types || (cargo_mode && !args.fast && cfg!(feature = "types"));
    let started = std::time::Instant::now();
    if args.types && !cargo_mode {
        if args.paths.is_empty() {
            // cargo could not read the workspace, and rust-analyzer reads it through cargo.
            eprintln!(
                "warning: the typed analysis needs the workspace cargo could not read: linting with the syntax model alone"
            );
        } else {
            eprintln!(
                "warning: `--types` reads a cargo workspace: without paths, `cargo blocking-lint` \
                 lints the workspace it is run in\n  = note: linting these paths with the syntax \
                 model alone"
            );
        }
    }
    let typed = want_types && cargo_mode;
    let inputs = TypedInputs {
        manifest: args
            .manifest_path
            .clone()
            .unwrap_or_else(|| plan.base.join("Cargo.toml")),
        units: typed_units(&plan),
        toolchain: plan.toolchain.clone(),
        include_tests: plan.include_tests,
        jobs: args.jobs,
    };
    // The facts' key is taken before the model reads a file: an edit made during the run
    // then leaves facts that no later run takes for its own.
    let facts_key = metadata
        .as_ref()
        .filter(|_| typed)
        .and_then(|meta| facts_key(meta, &inputs));
    let model = std::cell::OnceCell::new();
    let model = || model.get_or_init(|| load_model(&inputs)).as_ref();
    if let Some(meta) = metadata.as_ref().filter(|_| !args.no_deps) {
        let report = crate::analysis::deps::for_workspace(
            meta,
            args.manifest_path.as_deref(),
            plan.toolchain.as_deref(),
            &plan.blocking,
            args.jobs.unwrap_or(0),
            typed,
            &model,
        );
        if report.no_lockfile {
            eprintln!(
                "warning: the dependencies were not read: the workspace has no Cargo.lock, and \
                 resolving one would write it\n  = help: `cargo generate-lockfile` makes one; \
                 `--no-deps` lints the workspace alone without this warning"
            );
        }
        if let Some(why) = &report.unavailable {
            eprintln!(
                "warning: the dependencies were not read: `cargo metadata` failed: {why}\n  = note: linting the workspace alone; `--no-deps` does so without this warning"
            );
        }
        plan.deps = std::sync::Arc::new(report.index);
    }
    if typed {
        let kept = metadata.as_ref().zip(facts_key);
        plan.typed = typed_facts(kept, &model, started);
    }
    let mut outcome = lint(&plan, &args);
    let mut fix_status = 0;
    if args.fix {
        let changed;
        (changed, fix_status) = fix_files(&outcome, &levels, args.dry_run)?;
        // What is printed and the exit status are those of the code as it now is, as after
        // `cargo clippy --fix`.
        if changed {
            outcome = lint(&plan, &args);
        }
    }
    let status = report_outcome(&args, &plan, &outcome, &levels)?;
    Ok(status.max(fix_status))
}

/// What the typed analysis reads besides the sources: the manifest, the units it types, the
/// toolchain and whether test code is checked; and on how many threads it asks.
#[cfg_attr(not(feature = "types"), allow(dead_code))]
struct TypedInputs {
    manifest: PathBuf,
    units: Vec<(PathBuf, String)>,
    toolchain: Option<String>,
    include_tests: bool,
    jobs: Option<usize>,
}

/// The units the typed analysis types: each unit's root file and prefix, but test targets when
/// their code is not checked.
fn typed_units(plan: &Plan) -> Vec<(PathBuf, String)> {
    plan.units
        .iter()
        .enumerate()
        .filter(|(i, _)| plan.jobs.iter().any(|j| j.unit == *i && !j.in_test))
        .filter_map(|(i, u)| {
            let root = u.target.get("src_path")?.as_str()?;
            Some((PathBuf::from(root), crate::model::path::unit_prefix(i)))
        })
        .collect()
}

/// rust-analyzer's model of the workspace, or `None` with one line that says why the run goes
/// on without it.
#[cfg(feature = "types")]
fn load_model(inputs: &TypedInputs) -> Option<crate::model::typed::Model> {
    let options = crate::model::typed::Options {
        manifest: &inputs.manifest,
        units: inputs.units.clone(),
        toolchain: inputs.toolchain.as_deref(),
        include_tests: inputs.include_tests,
        // `-j`, or one per core as the syntax's checks use.
        threads: inputs
            .jobs
            .filter(|&j| j > 0)
            .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
            .unwrap_or(1),
    };
    crate::model::typed::load(&options)
        .map_err(|why| {
            // rust-analyzer's errors carry cargo's whole output: its first line says enough.
            let first = why.lines().next().unwrap_or_default();
            eprintln!("warning: {first}\n  = note: linting with the syntax model alone");
        })
        .ok()
}

#[cfg(not(feature = "types"))]
fn load_model(_: &TypedInputs) -> Option<crate::model::typed::Model> {
    eprintln!(
        "warning: this build has no typed analysis (the `types` feature is off)\n  = note: \
         linting with the syntax model alone"
    );
    None
}

/// The key the workspace's typed facts are kept under (see `analysis::typed_facts`).
#[cfg(feature = "types")]
fn facts_key(meta: &cargo_metadata::Metadata, inputs: &TypedInputs) -> Option<u64> {
    crate::analysis::typed_facts::key(
        meta,
        &crate::analysis::typed_facts::Inputs {
            units: &inputs.units,
            include_tests: inputs.include_tests,
            toolchain: inputs.toolchain.as_deref(),
        },
    )
}

#[cfg(not(feature = "types"))]
fn facts_key(_: &cargo_metadata::Metadata, _: &TypedInputs) -> Option<u64> {
    None
}

/// The typed facts of the workspace's own files, kept from an earlier run under `kept`'s key
/// when there are some, else asked of the model (and kept), with one line that says what they
/// cover and how long the typed analysis took since `started` (the load, the dependencies'
/// questions and the workspace's), or why the run goes on without them.
#[cfg(feature = "types")]
fn typed_facts<'m>(
    kept: Option<(&cargo_metadata::Metadata, u64)>,
    model: &dyn Fn() -> Option<&'m crate::model::typed::Model>,
    started: std::time::Instant,
) -> Option<std::sync::Arc<crate::model::typed::TypedFacts>> {
    use crate::analysis::typed_facts;
    if let Some(facts) = kept.and_then(|(meta, key)| typed_facts::read(meta, key)) {
        eprintln!(
            "note: rust-analyzer's types of {} of {} method calls in {} files, kept from an \
             earlier run of the same sources ({:.1} s){}",
            facts.typed,
            facts.asked,
            facts.files(),
            started.elapsed().as_secs_f64(),
            given_up(&facts)
        );
        return Some(std::sync::Arc::new(facts));
    }
    match model()?.type_workspace() {
        Ok(facts) => {
            eprintln!(
                "note: rust-analyzer typed the receivers of {} of {} method calls in {} files \
                 ({:.1} s){}",
                facts.typed,
                facts.asked,
                facts.files(),
                started.elapsed().as_secs_f64(),
                given_up(&facts)
            );
            if let Some((meta, key)) = kept {
                typed_facts::write(meta, key, &facts);
            }
            Some(std::sync::Arc::new(facts))
        }
        Err(why) => {
            eprintln!("warning: {why}\n  = note: linting with the syntax model alone");
            None
        }
    }
}

/// The typed note's last words when rust-analyzer gave up on some functions.
#[cfg(feature = "types")]
fn given_up(facts: &crate::model::typed::TypedFacts) -> String {
    match facts.given_up {
        0 => String::new(),
        n => format!(
            "\n  = note: it gave up on {n} function{} whose types cost the trait solver more \
             than its budget; their calls keep the syntax's reading",
            if n == 1 { "" } else { "s" }
        ),
    }
}

#[cfg(not(feature = "types"))]
fn typed_facts<'m>(
    _: Option<(&cargo_metadata::Metadata, u64)>,
    model: &dyn Fn() -> Option<&'m crate::model::typed::Model>,
    _: std::time::Instant,
) -> Option<std::sync::Arc<crate::model::typed::TypedFacts>> {
    model().map(|model| match *model {})
}

fn lint(plan: &Plan, args: &Args) -> Outcome {
    let bar = progress_bar(plan.jobs.len(), args.message_format);
    let outcome = engine::run(plan, args.jobs.unwrap_or(0), &|| bar.inc(1));
    bar.finish_and_clear();
    outcome
}

/// When `cargo metadata` cannot describe the workspace (no `Cargo.toml` here or above, a member
/// that is a git submodule not checked out, a manifest cargo rejects), the files are still there:
/// lint them as paths, from the manifest's folder or the current one, and say why in one
/// warning, rather than fail or, worse, succeed having linted nothing.
fn cargo_failed(error: &anyhow::Error, manifest: Option<&Path>) -> Result<Plan> {
    let folder = match manifest {
        Some(m) => m.parent().map(Path::to_path_buf).unwrap_or_default(),
        None => std::env::current_dir().context("reading the current directory")?,
    };
    let folder = if folder.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        folder
    };
    // cargo's own words say which manifest or member it could not read, and why.
    let why = format!("{error:#}");
    let why: Vec<&str> = discover::cargo_words(&why)
        .lines()
        .map(|line| {
            let mut line = line.trim();
            for prefix in [
                "`cargo metadata` failed: ",
                "`cargo metadata` exited with an error: ",
                "error: ",
            ] {
                line = line.strip_prefix(prefix).unwrap_or(line);
            }
            line
        })
        .filter(|line| !line.is_empty() && *line != "Caused by:")
        .collect();
    let mut warning = format!(
        "warning: `cargo metadata` failed: {}\n  = note: linting the files under {} as paths instead",
        why.join(": "),
        folder.display()
    );
    if manifest.is_none() && !folder.join("Cargo.toml").is_file() {
        let nested = discover::nested_manifests(&folder);
        if !nested.is_empty() {
            let list: Vec<String> = nested.iter().map(|m| m.display().to_string()).collect();
            warning.push_str(&format!(
                "\n  = help: to lint a workspace as cargo sees it, pass `--manifest-path` with one of: {}",
                list.join(", ")
            ));
        }
    }
    eprintln!("{warning}");
    discover::from_paths(&[folder])
}

/// `--fix`: writes each file's fixes (with `--dry-run`, prints them as a diff instead) and says
/// so on stderr as `cargo fix` does. Returns whether a file changed, and 2 when a file had to be
/// left as it was.
fn fix_files(outcome: &Outcome, levels: &Levels, dry_run: bool) -> Result<(bool, i32)> {
    let diags = report::diagnostics(outcome, levels);
    let plan = fix::plan(diags.iter().map(|d| d.finding), |file| {
        std::fs::read_to_string(&outcome.files[file].path)
    });
    let mut err = std::io::stderr().lock();
    let mut out = std::io::stdout().lock();
    let mut status = 0;
    for (file, why) in &plan.refused {
        let name = &outcome.files[*file].display;
        writeln!(
            err,
            "error: not fixing `{name}`: {why}; it is left as it was"
        )?;
        status = 2;
    }
    let (mut files, mut findings) = (0, 0);
    for f in &plan.fixes {
        let name = &outcome.files[f.file].display;
        let fixes = counted(f.applied, "fix", "fixes");
        if dry_run {
            write!(out, "{}", fix::diff(f, name))?;
            writeln!(err, "Would fix {name} ({fixes})")?;
        } else if let Err(e) = fix::write_atomically(&outcome.files[f.file].path, &f.after) {
            writeln!(
                err,
                "error: cannot write `{name}`: {e}; it is left as it was"
            )?;
            status = 2;
            continue;
        } else {
            writeln!(err, "Fixed {name} ({fixes})")?;
        }
        files += 1;
        findings += f.applied;
    }
    let verb = if dry_run { "would fix" } else { "fixed" };
    if findings == 0 && plan.refused.is_empty() {
        writeln!(
            err,
            "nothing to fix: no finding reported has a machine-applicable suggestion"
        )?;
    } else {
        writeln!(
            err,
            "{verb} {} in {}",
            counted(findings, "finding", "findings"),
            counted(files, "file", "files")
        )?;
    }
    Ok((files > 0 && !dry_run, status))
}

/// `1 fix`, `2 fixes`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Prints the run's findings in the chosen format; returns the exit status they call for.
fn report_outcome(args: &Args, plan: &Plan, outcome: &Outcome, levels: &Levels) -> Result<i32> {
    let diags = report::diagnostics(outcome, levels);
    let notices = report::notices(outcome, levels, args.report_unused_suppressions);
    let tally = report::tally(&diags, &notices, outcome);
    let mut sources = Sources::default();
    match args.message_format {
        Format::Human => {
            let choice = match args.color {
                ColorWhen::Auto => anstream::ColorChoice::Auto,
                ColorWhen::Always => anstream::ColorChoice::Always,
                ColorWhen::Never => anstream::ColorChoice::Never,
            };
            let mut err = anstream::AutoStream::new(std::io::stderr().lock(), choice);
            let renderer = annotate_snippets::Renderer::styled();
            let entries = report::entries(&diags, &outcome.files, args.all_callers);
            for entry in &entries {
                let rendered = match entry {
                    ReportItem::Site(d) => {
                        let origin = &outcome.files[d.finding.file].display;
                        let src = sources.get(d.finding.file, outcome);
                        human::render(d, src, origin, true)
                    }
                    ReportItem::Root(g) => {
                        let origin = &outcome.files[g.file].display;
                        let src = sources.get(g.file, outcome);
                        human::render_root(g, src, origin, true)
                    }
                };
                writeln!(err, "{rendered}\n")?;
            }
            for n in &notices {
                let origin = &outcome.files[n.file].display;
                let src = sources.get(n.file, outcome);
                writeln!(err, "{}\n", human::render_notice(n, src, origin, true))?;
            }
            for e in &outcome.errors {
                let origin = &outcome.files[e.file].display;
                writeln!(err, "{}", human::render_error(e, origin, &renderer))?;
            }
            if !outcome.errors.is_empty() {
                writeln!(err, "{}\n", human::exclude_hint(&renderer))?;
            }
            let tally = report::Tally {
                startup_allowed: report::startup_allowed(outcome, levels),
                ..report::tally_entries(&entries, &notices, outcome)
            };
            if let Some(s) = human::summary(&tally, &renderer) {
                writeln!(err, "{s}\n")?;
            }
        }
        Format::Json => {
            let mut out = std::io::stdout().lock();
            let plain = annotate_snippets::Renderer::plain();
            for d in &diags {
                let origin = outcome.files[d.finding.file].display.clone();
                let src = sources.get(d.finding.file, outcome).to_string();
                let rendered = format!("{}\n", human::render(d, &src, &origin, false));
                let line = json::finding_line(d, &rendered, plan, outcome, &mut sources);
                writeln!(out, "{line}")?;
            }
            for n in &notices {
                let origin = outcome.files[n.file].display.clone();
                let src = sources.get(n.file, outcome).to_string();
                let rendered = format!("{}\n", human::render_notice(n, &src, &origin, false));
                let line = json::notice_line(n, &rendered, plan, outcome, &mut sources);
                writeln!(out, "{line}")?;
            }
            for e in &outcome.errors {
                let origin = outcome.files[e.file].display.clone();
                let rendered = format!("{}\n", human::render_error(e, &origin, &plain));
                let line = json::error_line(e, &rendered, plan, outcome, &mut sources);
                writeln!(out, "{line}")?;
            }
            writeln!(out, "{}", json::finished(tally.exit_code() == 0))?;
        }
        Format::Sarif => {
            let log = report::sarif::log(&diags, &notices, plan, outcome);
            writeln!(std::io::stdout().lock(), "{log:#}")?;
        }
    }
    Ok(tally.exit_code())
}

fn progress_bar(len: usize, format: Format) -> indicatif::ProgressBar {
    // Only worth drawing for long runs, and only for a person watching stderr.
    if len < 2_000 || format != Format::Human || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    indicatif::ProgressBar::new(len as u64)
}
