//! The lint where a team runs it, each run for real: the git hook `hooks/pre-commit` under
//! `git commit`, the pre-commit framework's `.pre-commit-hooks.yaml`, the lint step of the GitHub
//! Actions example `ci/github-actions.yml` through bash and cargo, and rust-analyzer's check
//! command read from `editors/*.json` (the files the README and the book show) and run from the
//! workspace root as rust-analyzer runs it.
#![cfg(unix)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use cargo_metadata::Message;
use serde_json::Value;
use yaml_rust2::{Yaml, YamlLoader};

use support::Scratch;

/// An async fn routed as an axum handler, calling `std::thread::sleep`: deny by default.
const HANDLER: &str = r#"use std::time::Duration;

use axum::Router;
use axum::routing::get;

pub fn app() -> Router {
    Router::new().route("/report", get(report))
}

async fn report() -> &'static str {
    std::thread::sleep(Duration::from_millis(50));
    "done"
}
"#;

/// The same handler awaiting tokio's sleep: nothing to report.
fn clean() -> String {
    HANDLER.replace(
        "std::thread::sleep(Duration::from_millis(50));",
        "tokio::time::sleep(Duration::from_millis(50)).await;",
    )
}

/// Async code that no router names: the sleep is a warning by default.
const PLAIN: &str = r#"use std::time::Duration;

pub async fn tick() {
    std::thread::sleep(Duration::from_millis(50));
}
"#;

const MANIFEST: &str = "[package]\nname = \"shop\"\nversion = \"0.1.0\"\nedition = \"2021\"\n";

fn lint_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_cargo-blocking-lint"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// PATH with the lint under test first. Cargo puts `$CARGO_HOME/bin` before PATH unless PATH
/// already names it, so it goes second here: an installed, older cargo-blocking-lint there must
/// not stand in for this one.
fn path_with_lint() -> String {
    let mut dirs = vec![lint_dir()];
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    if let Some(home) = cargo_home {
        dirs.push(home.join("bin"));
    }
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap().into_string().unwrap()
}

/// PATH without any cargo-blocking-lint, as on a machine that never installed it.
fn path_without_lint() -> String {
    let dirs = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .filter(|d| !d.join("cargo-blocking-lint").exists() && *d != lint_dir())
        .collect::<Vec<_>>();
    std::env::join_paths(dirs).unwrap().into_string().unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A git repository with `hooks/pre-commit` installed as its pre-commit hook, and no user or
/// system git configuration (a global `core.hooksPath` would bypass the hook).
struct Repo {
    dir: Scratch,
    path: String,
}

impl Repo {
    fn new(name: &str) -> Repo {
        let repo = Repo {
            dir: Scratch::new(name),
            path: path_with_lint(),
        };
        repo.git_ok(&["init", "-q"]);
        repo.git_ok(&["config", "user.name", "Test"]);
        repo.git_ok(&["config", "user.email", "test@example.com"]);
        repo.git_ok(&["config", "commit.gpgsign", "false"]);
        let hook = repo.dir.0.join(".git/hooks/pre-commit");
        std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
        std::fs::copy(support::crate_dir().join("hooks/pre-commit"), &hook).unwrap();
        repo
    }

    fn git(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new("git");
        cmd.args(args)
            .current_dir(&self.dir.0)
            .env("PATH", &self.path)
            .env("HOME", &self.dir.0)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("TMPDIR", std::env::temp_dir())
            .env_remove("BLOCKING_LINT_ARGS")
            .stdin(Stdio::null());
        // A test run from inside a git hook must not reach the outer repository.
        for var in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] {
            cmd.env_remove(var);
        }
        cmd.envs(env.iter().copied());
        cmd.output().expect("git runs")
    }

    fn git_ok(&self, args: &[&str]) -> Output {
        let out = self.git(args, &[]);
        assert!(out.status.success(), "git {args:?}: {}", text(&out));
        out
    }

    fn write(&self, rel: &str, text: &str) {
        self.dir.write(rel, text);
    }

    fn stage(&self, rel: &str, text: &str) {
        self.write(rel, text);
        self.git_ok(&["add", rel]);
    }

    fn commit(&self, env: &[(&str, &str)]) -> Output {
        self.git(&["commit", "-q", "-m", "change"], env)
    }

    fn commits(&self) -> usize {
        let out = self.git(&["rev-list", "--count", "HEAD"], &[]);
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or(0)
    }
}

/// The commit went through, with the hook's output for the message when it did not.
fn assert_committed(repo: &Repo, out: &Output, before: usize) {
    assert!(out.status.success(), "commit refused: {}", text(out));
    assert_eq!(repo.commits(), before + 1);
}

fn assert_refused(repo: &Repo, out: &Output, before: usize) {
    assert!(!out.status.success(), "commit went through: {}", text(out));
    assert_eq!(repo.commits(), before);
}

#[test]
fn hook_refuses_a_staged_handler_that_blocks_and_lets_a_clean_one_in() {
    documented("hooks/pre-commit", false);
    let repo = Repo::new("hook-handler");
    repo.stage("Cargo.toml", MANIFEST);
    repo.stage("src/lib.rs", HANDLER);
    let out = repo.commit(&[]);
    assert_refused(&repo, &out, 0);
    let said = text(&out);
    assert!(said.contains("--> src/lib.rs:"), "{said}");
    assert!(said.contains("blocking::sleep"), "{said}");
    assert!(said.contains("in the handler for GET /report"), "{said}");
    assert!(said.contains("deny level"), "the hook says why: {said}");

    repo.stage("src/lib.rs", &clean());
    let out = repo.commit(&[]);
    assert_committed(&repo, &out, 0);
}

#[test]
fn hook_lints_what_is_staged_not_the_work_tree() {
    let repo = Repo::new("hook-index");
    repo.stage("Cargo.toml", MANIFEST);
    repo.stage("src/lib.rs", &clean());
    assert_committed(&repo, &repo.commit(&[]), 0);

    // Staged clean, blocking only in the work tree: the commit holds the clean version.
    repo.stage("src/lib.rs", &format!("{}\n// reviewed\n", clean()));
    repo.write("src/lib.rs", HANDLER);
    let out = repo.commit(&[]);
    assert_committed(&repo, &out, 1);
    assert!(!text(&out).contains("blocking::sleep"), "{}", text(&out));

    // Staged blocking, fixed only in the work tree: the commit would hold the blocking call.
    repo.stage("src/lib.rs", HANDLER);
    repo.write("src/lib.rs", &clean());
    let out = repo.commit(&[]);
    assert_refused(&repo, &out, 2);
    assert!(text(&out).contains("--> src/lib.rs:"), "{}", text(&out));

    // `commit -a` stages the work tree first, and the hook sees that.
    repo.write("src/lib.rs", HANDLER);
    let out = repo.git(&["commit", "-q", "-a", "-m", "all"], &[]);
    assert_refused(&repo, &out, 2);
}

#[test]
fn hook_follows_the_staged_configuration() {
    let repo = Repo::new("hook-config");
    // A member crate below the root, the configuration at the root.
    repo.stage("Cargo.toml", "[workspace]\nmembers = [\"app\"]\n");
    repo.stage("app/Cargo.toml", &MANIFEST.replace("shop", "app"));
    repo.stage("app/src/lib.rs", PLAIN);
    // Only in the work tree: not part of the commit, so not its configuration.
    repo.write("blocking-lint.toml", "[levels]\nsleep = \"deny\"\n");
    let out = repo.commit(&[]);
    assert_committed(&repo, &out, 0);
    let said = text(&out);
    assert!(
        said.contains("warning: blocking call"),
        "warnings are shown: {said}"
    );
    assert!(said.contains("--> app/src/lib.rs:"), "{said}");

    repo.git_ok(&["add", "blocking-lint.toml"]);
    repo.stage(
        "app/src/lib.rs",
        &format!("{PLAIN}\npub async fn tock() {{}}\n"),
    );
    let out = repo.commit(&[]);
    assert_refused(&repo, &out, 1);
    let said = text(&out);
    assert!(said.contains("error: blocking call"), "{said}");
    assert!(
        said.contains("blocking-lint.toml"),
        "the level's origin: {said}"
    );
}

#[test]
fn hook_takes_extra_flags_from_blocking_lint_args() {
    let repo = Repo::new("hook-args");
    repo.stage("Cargo.toml", MANIFEST);
    repo.stage("src/lib.rs", PLAIN);
    let out = repo.commit(&[("BLOCKING_LINT_ARGS", "-D warnings")]);
    assert_refused(&repo, &out, 0);
    assert!(text(&out).contains("-D warnings"), "{}", text(&out));
    assert_committed(&repo, &repo.commit(&[]), 0);
}

#[test]
fn hook_without_staged_rust_needs_no_lint() {
    let mut repo = Repo::new("hook-none");
    repo.path = path_without_lint();
    repo.write("src/lib.rs", HANDLER);
    repo.stage("README.md", "# shop\n");
    assert_committed(&repo, &repo.commit(&[]), 0);

    // With Rust staged, a missing lint stops the commit and says how to install it.
    repo.git_ok(&["add", "src/lib.rs"]);
    let out = repo.commit(&[]);
    assert_refused(&repo, &out, 1);
    assert!(
        text(&out).contains("cargo install --path lint"),
        "{}",
        text(&out)
    );
}

fn yaml(source: &str, what: &str) -> Yaml {
    let mut docs = YamlLoader::load_from_str(source).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(docs.len(), 1, "{what}: one document");
    docs.remove(0)
}

fn str_of<'a>(y: &'a Yaml, what: &str) -> &'a str {
    y.as_str()
        .unwrap_or_else(|| panic!("{what}: a string, not {y:?}"))
}

#[test]
fn pre_commit_framework_manifest_runs_the_installed_lint_on_the_files() {
    // pre-commit reads the manifest at the root of the repository named in `repo:`.
    let path = support::crate_dir().join("../.pre-commit-hooks.yaml");
    let manifest = yaml(
        &std::fs::read_to_string(path).unwrap(),
        ".pre-commit-hooks.yaml",
    );
    let hooks = manifest.as_vec().expect("a list of hooks");
    assert_eq!(hooks.len(), 1);
    let hook = &hooks[0];
    assert_eq!(str_of(&hook["id"], "id"), "blocking-lint");
    // `system`: the lint must be installed already; see the manifest's comment for why not `rust`.
    assert_eq!(str_of(&hook["language"], "language"), "system");
    let types: Vec<&str> = hook["types"]
        .as_vec()
        .expect("types")
        .iter()
        .map(|t| str_of(t, "type"))
        .collect();
    assert_eq!(types, ["rust"]);
    assert_eq!(hook["require_serial"].as_bool(), Some(true));
    let entry: Vec<&str> = str_of(&hook["entry"], "entry").split_whitespace().collect();
    let binary = Path::new(env!("CARGO_BIN_EXE_cargo-blocking-lint"))
        .file_name()
        .unwrap();
    assert_eq!(entry[0], binary.to_str().unwrap());
    // The configuration the docs give a repository to lint names this hook.
    let config = yaml(
        &documented("hooks/pre-commit-config.yaml", true),
        "pre-commit-config.yaml",
    );
    let used = &config["repos"][0]["hooks"][0];
    assert_eq!(str_of(&used["id"], "the config's hook id"), "blocking-lint");

    // What pre-commit runs: the entry and the staged file names, from the repository's root,
    // with unstaged changes stashed away.
    let dir = Scratch::new("pre-commit-framework");
    dir.write("Cargo.toml", MANIFEST);
    dir.write("src/lib.rs", HANDLER);
    dir.write("src/plain.rs", PLAIN);
    let run = |files: &[&str]| {
        Command::new(entry[0])
            .args(&entry[1..])
            .args(files)
            .current_dir(&dir.0)
            .env("PATH", path_with_lint())
            .output()
            .unwrap()
    };
    let out = run(&["src/lib.rs", "src/plain.rs"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("--> src/lib.rs:"), "{}", text(&out));
    let out = run(&["src/plain.rs"]);
    assert_eq!(out.status.code(), Some(0), "warnings pass: {}", text(&out));
}

/// The workflow's one job and the steps that matter, found by what they do.
struct Workflow {
    doc: Yaml,
}

impl Workflow {
    fn job(&self) -> &Yaml {
        let jobs = self.doc["jobs"].as_hash().expect("jobs");
        assert_eq!(jobs.len(), 1, "one job");
        jobs.values().next().unwrap()
    }

    fn steps(&self) -> &[Yaml] {
        self.job()["steps"].as_vec().expect("steps")
    }

    fn position(&self, what: &str, found: impl Fn(&Yaml) -> bool) -> usize {
        self.steps()
            .iter()
            .position(found)
            .unwrap_or_else(|| panic!("no {what} step"))
    }

    fn uses(&self, action: &str) -> usize {
        self.position(action, |s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.split('@').next() == Some(action))
        })
    }

    fn runs(&self, command: &str) -> usize {
        self.position(command, |s| {
            s["run"].as_str().is_some_and(|r| r.contains(command))
        })
    }
}

#[test]
fn github_actions_example_uploads_what_its_lint_step_writes() {
    let wf = Workflow {
        doc: yaml(
            &documented("ci/github-actions.yml", false),
            "github-actions.yml",
        ),
    };
    let job = wf.job();
    assert_eq!(
        str_of(&job["permissions"]["security-events"], "security-events"),
        "write",
        "upload-sarif needs it"
    );
    let steps = wf.steps();
    let checkout = wf.uses("actions/checkout");
    let toolchain = wf.uses("dtolnay/rust-toolchain");
    assert_eq!(
        str_of(&steps[toolchain]["uses"], "uses"),
        "dtolnay/rust-toolchain@stable"
    );
    // Cargo mode's types read std's sources: without them the job lints with the syntax alone.
    assert!(
        str_of(&steps[toolchain]["with"]["components"], "components").contains("rust-src"),
        "the toolchain step installs rust-src"
    );
    let install = wf.runs("cargo install");
    assert!(str_of(&steps[install]["run"], "run").contains("--locked"));
    let lint = wf.runs("cargo blocking-lint");
    let upload = wf.uses("github/codeql-action/upload-sarif");
    assert!(
        checkout < toolchain && toolchain < install && install < lint && lint < upload,
        "steps in order"
    );

    // The lint step writes the file the upload step reads.
    let run = str_of(&steps[lint]["run"], "run").trim();
    let (command, file) = run
        .split_once('>')
        .expect("the lint step redirects to a file");
    let (command, file) = (command.trim(), file.trim());
    assert!(command.contains("--message-format=sarif"), "{command}");
    assert_eq!(
        str_of(&steps[upload]["with"]["sarif_file"], "sarif_file"),
        file
    );

    // The lint step keeps its exit status (it is the gate), so the upload must run after a
    // failed step, and after the lint step only.
    assert!(
        !run.contains("||") && steps[lint]["continue-on-error"].is_badvalue(),
        "the lint step's failure is not swallowed: {run}"
    );
    let condition = str_of(&steps[upload]["if"], "the upload step's if");
    assert!(
        condition.contains("!cancelled()") || condition.contains("always()"),
        "the upload runs when the lint step failed: {condition}"
    );
    let lint_id = str_of(&steps[lint]["id"], "the lint step's id");
    for (i, _) in condition.match_indices("steps.") {
        let named = condition[i + 6..].split('.').next().unwrap();
        assert_eq!(named, lint_id, "{condition}");
    }

    // The lint step itself, in a crate with a handler that blocks: GitHub runs `run` with
    // `bash -e`, from the checkout, and `cargo blocking-lint` finds the lint on PATH.
    let dir = Scratch::new("github-actions");
    dir.write("Cargo.toml", &format!("{MANIFEST}\n[workspace]\n"));
    dir.write("src/lib.rs", HANDLER);
    let out = Command::new("bash")
        .args(["-e", "-c", run])
        .current_dir(&dir.0)
        .env("PATH", path_with_lint())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "deny-level finding: {}",
        text(&out)
    );
    let log: Value = serde_json::from_slice(&std::fs::read(dir.0.join(file)).unwrap())
        .expect("the file is one JSON document");
    support::sarif::check_shape(&log);
    let results = support::sarif::results(&log);
    let line = 1 + HANDLER
        .lines()
        .position(|l| l.contains("std::thread::sleep"))
        .unwrap() as u64;
    assert_eq!(
        results,
        [(
            "src/lib.rs".to_string(),
            line,
            "blocking::sleep".to_string()
        )]
    );
    assert_eq!(log["runs"][0]["results"][0]["level"], "error");
}

/// A file of `lint/` as the docs show it: the book includes it, and the README shows it as it
/// is (a short one) or names it. Returns its text, which the tests then run.
fn documented(rel: &str, pasted_in_readme: bool) -> String {
    let text = std::fs::read_to_string(support::crate_dir().join(rel)).unwrap();
    let readme = std::fs::read_to_string(support::crate_dir().join("README.md")).unwrap();
    if pasted_in_readme {
        assert!(
            readme.contains(text.trim()),
            "README.md shows {rel} as it is"
        );
    } else {
        assert!(
            readme.contains(&format!("`{rel}`")),
            "README.md names {rel}"
        );
    }
    let book =
        std::fs::read_to_string(support::crate_dir().join("../book/src/lint/ci-and-editor.md"))
            .unwrap();
    assert!(
        book.contains(&format!("{{{{#include ../../../lint/{rel}}}}}")),
        "the book includes {rel}"
    );
    text
}

/// `rust-analyzer.check.overrideCommand` out of one of the settings files the docs show.
fn override_command(file: &str) -> Vec<String> {
    let text = documented(&format!("editors/{file}"), true);
    let settings: Value = serde_json::from_str(&text).unwrap();
    settings["rust-analyzer.check.overrideCommand"]
        .as_array()
        .expect("the override command")
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect()
}

/// Runs the command as rust-analyzer does: from the workspace root, stdin closed.
fn run_as_rust_analyzer(command: &[String], root: &Path) -> Output {
    Command::new(&command[0])
        .args(&command[1..])
        .current_dir(root)
        .env("PATH", path_with_lint())
        .env("CARGO_TARGET_DIR", root.join("target"))
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Every stdout line as rust-analyzer parses it: a cargo message, nothing else.
fn cargo_messages(out: &Output) -> Vec<Message> {
    support::json_lines(out)
        .into_iter()
        .map(|line| {
            let message: Message = serde_json::from_value(line.clone())
                .unwrap_or_else(|e| panic!("not a cargo message ({e}): {line}"));
            assert!(
                matches!(
                    message,
                    Message::CompilerMessage(_)
                        | Message::CompilerArtifact(_)
                        | Message::BuildScriptExecuted(_)
                        | Message::BuildFinished(_)
                ),
                "{line}"
            );
            message
        })
        .collect()
}

#[test]
fn rust_analyzer_reads_the_documented_command_from_the_workspace_root() {
    let command = override_command("vscode-settings.json");
    assert_eq!(command[..2], ["cargo", "blocking-lint"]);
    assert!(command.iter().any(|a| a == "--message-format=json"));

    // A workspace whose member sits in a folder: rust-analyzer joins each span's file name to
    // the workspace root, so names must be relative to it, not to the package.
    let dir = Scratch::new("rust-analyzer");
    dir.write("Cargo.toml", "[workspace]\nmembers = [\"app\"]\n");
    dir.write("app/Cargo.toml", &MANIFEST.replace("shop", "app"));
    dir.write("app/src/lib.rs", HANDLER);
    dir.write("app/src/plain.rs", PLAIN);
    dir.write("app/src/main.rs", "mod plain;\nfn main() {}\n");
    let out = run_as_rust_analyzer(&command, &dir.0);
    // A non-zero exit is fine for rust-analyzer once it has read a message.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let messages = cargo_messages(&out);
    let metadata = cargo_metadata::MetadataCommand::new()
        .current_dir(&dir.0)
        .no_deps()
        .exec()
        .unwrap();
    let package = &metadata.packages[0].id;
    let mut files = Vec::new();
    for m in &messages {
        let Message::CompilerMessage(cm) = m else {
            continue;
        };
        // rust-analyzer clears and groups diagnostics by the package id cargo gives.
        assert_eq!(&cm.package_id, package);
        for span in cm.message.spans.iter().filter(|s| s.is_primary) {
            assert!(
                Path::new(&span.file_name).is_relative(),
                "{}",
                span.file_name
            );
            assert!(dir.0.join(&span.file_name).is_file(), "{}", span.file_name);
            files.push(span.file_name.clone());
        }
    }
    files.sort();
    assert_eq!(files, ["app/src/lib.rs", "app/src/plain.rs"]);
    assert!(matches!(messages.last(), Some(Message::BuildFinished(f)) if !f.success));
}

#[test]
fn rust_analyzer_gets_cargo_check_and_the_lint_from_the_combined_command() {
    let command = override_command("vscode-settings-with-check.json");
    let dir = Scratch::new("rust-analyzer-both");
    dir.write("Cargo.toml", &format!("{MANIFEST}\n[workspace]\n"));
    // rustc warns about the unused variable, the lint about the sleep.
    dir.write(
        "src/lib.rs",
        &PLAIN.replace(
            "std::thread::sleep",
            "let unused = 1;\n    std::thread::sleep",
        ),
    );
    let out = run_as_rust_analyzer(&command, &dir.0);
    assert!(out.status.success(), "{}", text(&out));
    let mut codes: Vec<String> = cargo_messages(&out)
        .into_iter()
        .filter_map(|m| match m {
            Message::CompilerMessage(cm) => cm.message.code.map(|c| c.code),
            _ => None,
        })
        .collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes, ["blocking::sleep", "unused_variables"]);
}
