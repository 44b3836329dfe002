//! The typed analysis (cargo mode's default, or `--types`; `--fast` leaves it out):
//! rust-analyzer's semantic model of the workspace `tests/typed/app`, which calls three
//! stand-ins beside it: `diesel` (a sync `RunQueryDsl`), `diesel_async` (the same names,
//! async) and `journal` (functions that block through types its own syntax does not tell).
//! Its `//~` markers say what each mode finds: receivers hidden by patterns, generic returns,
//! closure parameters, `impl AsRef<Path>`, std's adapters and macro arguments are found only
//! with the types, diesel-async's `load` stops being taken for diesel's, and `journal`'s
//! blocking functions are known only when its summary asks the model too. Needs the standard
//! library's sources (`rustup component add rust-src`): skipped without them, except under
//! `CI=true`, where `.ci/run` installs them.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Whether the toolchain has the standard library's sources; says why the test is skipped
/// when not, and fails under CI, which must have them.
fn have_rust_src() -> bool {
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
        .unwrap_or_default();
    if sysroot.join("lib/rustlib/src/rust/library/std").is_dir() {
        return true;
    }
    support::missing(
        &format!("rust-src (in {})", sysroot.display()),
        "rustup component add rust-src",
    );
    false
}

fn app() -> PathBuf {
    support::crate_dir().join("tests/typed/app")
}

/// The fixture copied into a scratch folder of its own: a test may edit it, and the lint's
/// cache (under the copy's `target/`) goes with it.
fn fixture() -> support::Scratch {
    let scratch = support::Scratch::new("typed");
    support::copy_dir(&support::crate_dir().join("tests/typed"), &scratch.0);
    scratch
}

/// Runs the lint in `dir`, its target folder (the summaries' and the facts' cache) in
/// `target`.
fn lint_with(dir: &Path, target: &Path, args: &[&str]) -> Output {
    command(dir, target, args)
        .output()
        .expect("the lint binary runs")
}

fn command(dir: &Path, target: &Path, args: &[&str]) -> Command {
    let mut lint = Command::new(env!("CARGO_BIN_EXE_cargo-blocking-lint"));
    lint.args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("CARGO_TERM_COLOR")
        .env_remove("BLOCKING_LINT_TRACE_TYPES")
        .env_remove("BLOCKING_LINT_ROOT_GOALS");
    lint
}

fn lint(dir: &Path, args: &[&str]) -> Output {
    let scratch = support::Scratch::new("typed-target");
    lint_with(dir, &scratch.0, args)
}

/// `(file, line, rule)` of every finding.
fn findings(out: &Output) -> Vec<(String, u64, String)> {
    let mut found = support::primary_findings(&support::json_lines(out));
    found.sort();
    found
}

/// The findings the markers of `app/src` expect in one mode: `typed` keeps the `(types)`
/// markers and drops the `(syntax)` ones, and the syntax model the other way round.
fn expected(typed: bool) -> Vec<(String, u64, String)> {
    let mut out = Vec::new();
    for file in ["main.rs", "store.rs", "journal.rs"] {
        let source = std::fs::read_to_string(app().join("src").join(file)).unwrap();
        for (line, text) in support::markers(&source) {
            let (rule, only) = match text.split_once(' ') {
                Some((rule, only)) => (rule, Some(only)),
                None => (text.as_str(), None),
            };
            let wanted = match only {
                None => true,
                Some("(types)") => typed,
                Some("(syntax)") => !typed,
                Some(other) => panic!("{file}:{line}: unknown marker `{other}`"),
            };
            if wanted {
                out.push((format!("src/{file}"), line, rule.to_string()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn types_find_what_patterns_generics_and_macros_hide() {
    if !have_rust_src() {
        return;
    }
    let fixture = fixture();
    let (app, target) = (fixture.0.join("app"), fixture.0.join("target"));
    let lint = |args: &[&str]| lint_with(&app, &target, args);
    // Types are the default in cargo mode; `--fast` is the syntax alone. The dependencies'
    // summaries ask the same model (`journal.rs` calls a dependency that blocks through types).
    let typed = lint(&["--message-format=json"]);
    let stderr = String::from_utf8_lossy(&typed.stderr);
    assert!(
        stderr.contains("note: rust-analyzer typed the receivers of"),
        "{stderr}"
    );
    assert_eq!(findings(&typed), expected(true), "{stderr}");
    let syntax = lint(&["--fast", "--message-format=json"]);
    let stderr = String::from_utf8_lossy(&syntax.stderr);
    assert!(
        !stderr.contains("rust-analyzer"),
        "--fast loads no types: {stderr}"
    );
    assert_eq!(findings(&syntax), expected(false));
    // Asked for by name, they are the same as by default; nothing changed since the first run,
    // so the dependencies' summaries and the workspace's facts are the ones it kept, and the
    // model is not loaded (its trace would say when it is).
    let named = command(&app, &target, &["--types", "--message-format=json"])
        .env("BLOCKING_LINT_TRACE_TYPES", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&named.stderr);
    assert!(stderr.contains("kept from an earlier run"), "{stderr}");
    assert!(!stderr.contains("crate graph loaded"), "{stderr}");
    assert_eq!(findings(&named), expected(true), "{stderr}");
    // A path dependency outside the workspace's folder edited: the facts are asked again.
    let journal = fixture.0.join("crates/journal/src/lib.rs");
    let mut text = std::fs::read_to_string(&journal).unwrap();
    text.push_str("\n// edited after the first run\n");
    std::fs::write(&journal, text).unwrap();
    let edited = lint(&["--message-format=json"]);
    let stderr = String::from_utf8_lossy(&edited.stderr);
    assert!(
        stderr.contains("note: rust-analyzer typed the receivers of"),
        "{stderr}"
    );
    assert_eq!(findings(&edited), expected(true), "{stderr}");
    let both = lint(&["--types", "--fast"]);
    assert_eq!(both.status.code(), Some(2));
    assert!(
        expected(true).len() > expected(false).len() + 5,
        "the fixture shows what types add"
    );
}

#[test]
fn functions_over_the_trait_solvers_budget_keep_the_syntax_reading() {
    if !have_rust_src() {
        return;
    }
    // A budget of no root goal at all: rust-analyzer gives up on every function, the
    // workspace's and the dependencies', and the run reads each as the syntax does.
    let target = support::Scratch::new("typed-target");
    let out = command(&app(), &target.0, &["--message-format=json"])
        .env("BLOCKING_LINT_ROOT_GOALS", "0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("typed the receivers of 0 of"), "{stderr}");
    assert!(stderr.contains("it gave up on"), "{stderr}");
    assert_eq!(findings(&out), expected(false), "{stderr}");
}

#[test]
fn types_in_path_mode_say_they_need_the_workspace() {
    let out = lint(&app(), &["--types", "src/main.rs"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`--types` reads a cargo workspace"),
        "{stderr}"
    );
    // The run goes on with the syntax model: the findings of PATH mode are there.
    assert!(stderr.contains("std::path::PathBuf::exists"), "{stderr}");
}

#[test]
fn types_where_cargo_cannot_read_the_workspace_say_so_in_one_line() {
    // No Cargo.toml here or above: cargo mode falls back to the files, and the typed analysis,
    // which reads the workspace through cargo, says it is left out and the run goes on.
    let dir = std::env::temp_dir().join(format!("blocking-lint-typed-none-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("main.rs"),
        "async fn h() { std::thread::sleep(std::time::Duration::from_millis(1)); }\n",
    )
    .unwrap();
    let out = lint(&dir, &["--types", "--color", "never"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let said: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("typed analysis"))
        .collect();
    assert_eq!(said.len(), 1, "{stderr}");
    assert!(stderr.contains("std::thread::sleep"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
