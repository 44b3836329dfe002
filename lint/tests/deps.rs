//! Dependency findings (`--explain deps`): the workspace `tests/deps/app` calls small fake
//! dependencies under `tests/deps/crates/`: `mailer` blocks through two levels (and is reached
//! through `notifier`, another dependency), `offload` hands its blocking work to a thread or
//! keeps it in a closure for later, `dropper` blocks only in `Drop` and on an error path, and
//! `reader` is generic over `Read` (its `count_file` opens a file). The `//~` markers in
//! `app/src/main.rs` are the findings expected, exactly; the rendered text is snapshot-tested
//! (`app.stderr`, `BLESS=1` rewrites it). Each test runs on a copy in a temporary folder with
//! its own target folder, where the summaries' cache lives.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh copy of `tests/deps` for one test.
fn fixture(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("blocking-lint-deps-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    support::copy_dir(&support::crate_dir().join("tests/deps"), &dir);
    dir
}

/// The lint in cargo mode in `dir/app`, its cache in `dir/target`.
fn lint(dir: &Path, args: &[&str]) -> Output {
    // `--fast`: what is read of the dependencies does not depend on the typed analysis
    // (lint/tests/typed.rs), which would only make each run slower.
    Command::new(env!("CARGO_BIN_EXE_cargo-blocking-lint"))
        .arg("--fast")
        .args(args)
        .current_dir(dir.join("app"))
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("CARGO_TERM_COLOR")
        .output()
        .expect("the lint binary runs")
}

/// `(line, rule)` of every finding in the JSON output.
fn findings(out: &Output) -> Vec<(u64, String)> {
    let mut found: Vec<(u64, String)> = support::primary_findings(&support::json_lines(out))
        .into_iter()
        .map(|(_, line, rule)| (line, rule))
        .collect();
    found.sort();
    found
}

fn cache_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("target/blocking-lint/deps"))
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn findings_follow_the_markers_and_the_snapshot() {
    let dir = fixture("markers");
    let source = std::fs::read_to_string(dir.join("app/src/main.rs")).unwrap();
    let expected = support::markers(&source);
    let json = lint(&dir, &["--message-format=json"]);
    assert_eq!(findings(&json), expected);
    let human = lint(&dir, &["--color", "never"]);
    assert_eq!(human.status.code(), Some(0), "warnings only");
    let stderr = String::from_utf8_lossy(&human.stderr);
    support::check_snapshot(
        &support::crate_dir().join("tests/deps/app.stderr"),
        &support::normalise(&stderr),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // Without the dependencies, the workspace alone has nothing to say.
    let alone = lint(&dir, &["--no-deps", "--message-format=json"]);
    assert_eq!(findings(&alone), Vec::new());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_cache_is_read_and_a_changed_source_invalidates_it() {
    let dir = fixture("cache");
    let first = lint(&dir, &["--color", "never"]);
    let files = cache_files(&dir);
    let mailer = files
        .iter()
        .find(|f| {
            f.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("mailer-")
        })
        .expect("a summary of mailer")
        .clone();
    assert!(
        files.iter().any(|f| f
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("workspace-")),
        "{files:?}"
    );
    // No absolute path in any cache file: it must hold on another machine.
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        assert!(
            !text.contains(dir.to_str().unwrap()),
            "{}: {text}",
            f.display()
        );
    }
    // A second run reads the cache: what it says is what the run reports. Marked here in both
    // the workspace's entry and mailer's own, so the test does not depend on which is read.
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        std::fs::write(
            f,
            text.replace("std::net::TcpStream::connect", "cached::marker"),
        )
        .unwrap();
    }
    let second = lint(&dir, &["--color", "never"]);
    let text = String::from_utf8_lossy(&second.stderr);
    assert!(text.contains("calls `cached::marker`"), "{text}");
    assert_eq!(cache_files(&dir), files, "nothing new written");
    // A changed dependency: its summary and its dependents' are made again.
    let connection = dir.join("crates/mailer/src/connection.rs");
    let source = std::fs::read_to_string(&connection).unwrap();
    std::fs::write(
        &connection,
        source.replace(
            "std::net::TcpStream::connect(host)",
            "std::net::TcpStream::connect((host, 25))",
        ),
    )
    .unwrap();
    let third = lint(&dir, &["--color", "never"]);
    let text = String::from_utf8_lossy(&third.stderr);
    assert!(!text.contains("cached::marker"), "{text}");
    assert!(
        text.contains("calls `std::net::TcpStream::connect`"),
        "{text}"
    );
    let after = cache_files(&dir);
    assert!(
        after.len() > files.len(),
        "new entries for the changed package"
    );
    assert!(
        after.contains(&mailer),
        "the old entry is left, never read again"
    );
    assert_eq!(
        String::from_utf8_lossy(&first.stderr),
        text,
        "the same findings as the first run"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn explain_deps_says_what_is_never_a_root() {
    let out = support::run(&["--explain", "deps"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for words in [
        "`Drop`",
        "error path",
        "R: Read",
        "stdout",
        "extern",
        "target/blocking-lint",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
}
