//! The command line: `--help` is snapshot-tested (like tokio-console's cli-ui test), and the
//! other entry points behave as documented.

mod support;

#[test]
fn help_snapshot() {
    let out = support::run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    support::check_snapshot(
        &support::crate_dir().join("tests/snapshots/help.txt"),
        &help,
    )
    .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn cargo_passes_the_subcommand_name() {
    let plain = support::run(&["--color", "never", "tests/ui/sleep.rs"]);
    let as_cargo = support::run(&["blocking-lint", "--color", "never", "tests/ui/sleep.rs"]);
    assert_eq!(plain.stderr, as_cargo.stderr);
    assert!(!plain.stderr.is_empty());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(support::run(&["--no-such-flag"]).status.code(), Some(2));
    let unknown = support::run(&["-D", "blocking::nope", "tests/ui/sleep.rs"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("unknown lint `blocking::nope`"));
    assert_eq!(support::run(&["no/such/path"]).status.code(), Some(2));
}

#[test]
fn levels_apply_in_order() {
    // Later flags win, as in rustc.
    let allowed = support::run(&[
        "-D",
        "warnings",
        "-A",
        "blocking::sleep",
        "tests/ui/sleep.rs",
    ]);
    assert_eq!(allowed.status.code(), Some(0));
    assert!(
        allowed.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&allowed.stderr)
    );
    let group = support::run(&[
        "-A",
        "blocking",
        "-W",
        "sleep",
        "--color",
        "never",
        "tests/ui/sleep.rs",
    ]);
    let text = String::from_utf8_lossy(&group.stderr);
    assert!(
        text.contains("requested on the command line with `-W sleep`"),
        "{text}"
    );
    let denied = support::run(&["-D", "warnings", "--color", "never", "tests/ui/sleep.rs"]);
    let text = String::from_utf8_lossy(&denied.stderr);
    assert!(text.starts_with("error: blocking call"), "{text}");
    assert!(
        text.contains("`-D blocking::sleep` implied by `-D warnings`"),
        "{text}"
    );
    assert!(
        text.contains("error: 6 findings at deny level (exit 1)"),
        "{text}"
    );
}

/// The closing line says what the findings are, never that the lint could not run, and gives
/// both counts where shared roots group call sites (the human report prints one diagnostic for a
/// root, the JSON one message per site).
#[test]
fn the_summary_says_what_is_denied_and_how_many_sites_the_diagnostics_stand_for() {
    let out = support::run(&["--color", "never", "tests/ui/grouped.rs"]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(!text.contains("could not lint"), "{text}");
    let last = text.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("");
    assert!(last.contains("at deny level (exit 1)"), "{last}");
    let json = support::run(&["--message-format", "json", "tests/ui/grouped.rs"]);
    let sites = support::json_lines(&json)
        .iter()
        .filter(|l| l["reason"] == "compiler-message")
        .count();
    assert!(
        last.contains(&format!("for {sites} call sites")),
        "{last}, JSON: {sites}"
    );
}

#[test]
fn handler_findings_deny_by_default_and_flags_still_win() {
    // tests/ui/handlers.rs: 11 findings under a handler, 3 elsewhere.
    let default = support::run(&["--color", "never", "tests/ui/handlers.rs"]);
    assert_eq!(default.status.code(), Some(1));
    let text = String::from_utf8_lossy(&default.stderr);
    assert!(
        text.contains("error: 11 findings at deny level; 3 warnings emitted (exit 1)"),
        "{text}"
    );
    assert!(
        text.contains("`#[deny(blocking::sleep)]` on by default in request handlers"),
        "{text}"
    );
    // `-W` brings a handler's finding back to a warning; `-A` silences it.
    let warned = support::run(&["-W", "blocking", "--color", "never", "tests/ui/handlers.rs"]);
    assert_eq!(warned.status.code(), Some(0));
    let text = String::from_utf8_lossy(&warned.stderr);
    assert!(text.contains("warning: 14 warnings emitted"), "{text}");
    assert!(
        text.contains(
            "warning: blocking call to `std::thread::sleep` in the handler for GET /users/{id}"
        ),
        "{text}"
    );
    let allowed = support::run(&["-A", "blocking", "tests/ui/handlers.rs"]);
    assert_eq!(allowed.status.code(), Some(0));
    assert!(allowed.stderr.is_empty());
    // `-D warnings` raises what is left at warn: the findings outside handlers.
    let denied = support::run(&["-D", "warnings", "--color", "never", "tests/ui/handlers.rs"]);
    let text = String::from_utf8_lossy(&denied.stderr);
    assert!(
        text.contains("error: 14 findings at deny level (exit 1)"),
        "{text}"
    );
}

#[test]
fn colour_is_forced_or_refused() {
    let always = support::run(&["--color", "always", "tests/ui/sleep.rs"]);
    assert!(always.stderr.contains(&0x1b));
    let never = support::run(&["--color", "never", "tests/ui/sleep.rs"]);
    assert!(!never.stderr.contains(&0x1b));
}

#[test]
fn list_and_explain_come_from_the_catalog() {
    let list = String::from_utf8(support::run(&["--list"]).stdout).unwrap();
    assert_eq!(list.lines().count(), blocking_lint::rules::REGISTRY.len());
    assert!(list.contains("blocking::fs"));
    let explain = String::from_utf8(support::run(&["--explain", "fs"]).stdout).unwrap();
    assert!(explain.starts_with("# blocking::fs\n"));
    for section in [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
    ] {
        assert!(explain.contains(section), "{section} missing");
    }
}

#[test]
fn explain_suppress_says_why_comments() {
    let out = support::run(&["--explain", "suppress"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "blocking-lint: allow(",
        "allow-file(",
        "E0710",
        "--report-unused-suppressions",
    ] {
        assert!(text.contains(needle), "{needle} missing");
    }
}

#[test]
fn explain_test_code_says_what_is_left_out_and_how_to_bring_it_back() {
    let out = support::run(&["--explain", "test-code"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "_test`",
        "any(test",
        "feature = \"test-utils\"",
        "bench",
        "--include-tests",
    ] {
        assert!(text.contains(needle), "{needle} missing");
    }
}

#[test]
fn suppression_problems_follow_warnings_level() {
    let case = "tests/ui/suppress.rs";
    // Denied with `-D warnings` (exit 1), hidden with `-A warnings`.
    let denied = support::run(&[
        "--message-format",
        "json",
        "-A",
        "blocking",
        "-D",
        "warnings",
        case,
    ]);
    assert_eq!(denied.status.code(), Some(1));
    let levels: Vec<String> = support::json_lines(&denied)
        .iter()
        .filter(|l| l["reason"] == "compiler-message")
        .map(|l| l["message"]["level"].as_str().unwrap().to_string())
        .collect();
    assert!(
        !levels.is_empty() && levels.iter().all(|l| l == "error"),
        "{levels:?}"
    );
    let allowed = support::run(&[
        "--message-format",
        "json",
        "-A",
        "blocking",
        "-A",
        "warnings",
        case,
    ]);
    assert_eq!(allowed.status.code(), Some(0));
    assert!(
        support::json_lines(&allowed)
            .iter()
            .all(|l| l["reason"] != "compiler-message")
    );
}

/// A folder of its own under the system's temp dir, emptied first.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("blocking-lint-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("server/src")).unwrap();
    std::fs::write(
        dir.join("server/Cargo.toml"),
        "[package]\nname = \"server\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("server/src/lib.rs"),
        "pub async fn f() { std::thread::sleep(std::time::Duration::from_millis(1)); }\n",
    )
    .unwrap();
    dir
}

#[test]
fn without_a_workspace_here_the_files_are_linted_as_paths_with_a_hint() {
    let dir = scratch("nested");
    let out = support::run_in(&dir, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("`cargo metadata` failed"), "{stderr}");
    assert!(stderr.contains("--manifest-path"), "{stderr}");
    assert!(stderr.contains("server/Cargo.toml"), "{stderr}");
    // Never an empty success: the member's finding is there.
    assert!(stderr.contains("server/src/lib.rs"), "{stderr}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_missing_member_is_named_and_the_rest_is_linted() {
    let dir = scratch("submodule");
    // A member that is a git submodule nobody checked out: its folder is not there.
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nmembers = [\"server\", \"vendored\"]\n",
    )
    .unwrap();
    let out = support::run_in(&dir, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("vendored"), "{stderr}");
    assert_eq!(
        stderr.matches("`cargo metadata` failed").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("server/src/lib.rs"), "{stderr}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn explain_handlers_lists_the_frameworks() {
    let out = support::run(&["--explain", "handlers"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in ["axum", "actix-web", "#[get(", "tonic", "gRPC", "read yet"] {
        assert!(text.contains(needle), "{needle} missing");
    }
}

/// Cargo mode joins routers across the workspace's crates, as PATH mode does
/// (`tests/ui/workspace_routers/`): a handler of one crate routed in another is a handler.
#[test]
fn cargo_mode_joins_routers_across_the_workspace() {
    let dir = std::env::temp_dir().join(format!("blocking-lint-{}-ws", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let case = support::crate_dir().join("tests/ui/workspace_routers");
    for member in ["core", "gateway"] {
        std::fs::create_dir_all(dir.join(member).join("src")).unwrap();
        for file in ["Cargo.toml", "src/lib.rs"] {
            std::fs::copy(case.join(member).join(file), dir.join(member).join(file)).unwrap();
        }
    }
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nmembers = [\"core\", \"gateway\"]\nresolver = \"3\"\n",
    )
    .unwrap();
    // `--fast`: the routers are the syntax's; lint/tests/typed.rs tests the types.
    let out = support::run_in(&dir, &["--fast", "--color", "never"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("in the handler for GET /items"), "{stderr}");
    assert!(
        stderr.contains("in the handler for GET /core/status"),
        "{stderr}"
    );
    assert!(!stderr.contains("`cargo metadata` failed"), "{stderr}");
    let _ = std::fs::remove_dir_all(dir);
}

/// A project that pins a toolchain this machine does not have: cargo mode goes on with rustup's
/// default toolchain (one line says so) instead of falling back to linting paths.
#[test]
fn a_pinned_toolchain_that_is_missing_is_replaced_by_the_default_in_one_line() {
    if std::process::Command::new("rustup")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no rustup here, so no toolchain file is read");
        return;
    }
    let dir = scratch("toolchain").join("server");
    std::fs::write(
        dir.join("rust-toolchain.toml"),
        "[toolchain]\nchannel = \"1.60.0\"\n",
    )
    .unwrap();
    // As a hook or a CI step runs it, `cargo-blocking-lint` on its own: under `cargo test`,
    // RUSTUP_TOOLCHAIN would override the project's pin and CARGO would name a toolchain's own
    // cargo, which reads no pin.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cargo-blocking-lint"))
        .args(["--no-deps", "--fast"])
        .current_dir(&dir)
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO")
        .env_remove("CARGO_TERM_COLOR")
        .output()
        .expect("the lint binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("the toolchain this project pins is not installed"),
        "{stderr}"
    );
    assert!(!stderr.contains("`cargo metadata` failed"), "{stderr}");
    assert!(!stderr.contains("as paths instead"), "{stderr}");
    assert!(
        stderr.contains("src/lib.rs"),
        "the member is linted: {stderr}"
    );
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}

/// Without a Cargo.lock the dependencies cannot be read without writing one into the user's
/// tree: the run says so, with the command that makes one, and lints the workspace.
#[test]
fn a_workspace_without_a_lockfile_is_told_how_to_make_one() {
    let dir = scratch("no-lock").join("server");
    let out = support::run_in(&dir, &["--fast"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("no Cargo.lock"), "{stderr}");
    assert!(stderr.contains("cargo generate-lockfile"), "{stderr}");
    assert!(
        !dir.join("Cargo.lock").exists(),
        "nothing is written into the user's tree"
    );
    assert!(
        stderr.contains("src/lib.rs"),
        "the member is linted: {stderr}"
    );
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}

/// A file that does not parse (a deliberately broken fixture) is one line with its place and
/// the parser's words; the findings around it stay in view, and how to leave such files out is
/// said once.
#[test]
fn files_that_do_not_parse_are_one_line_each_and_exclude_is_suggested_once() {
    let dir = std::env::temp_dir().join(format!("blocking-lint-{}-unparsed", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("broken.rs"), "fn broken( {\n").unwrap();
    std::fs::write(dir.join("also_broken.rs"), "fn also( {\n").unwrap();
    std::fs::write(
        dir.join("ok.rs"),
        "async fn f() { std::thread::sleep(std::time::Duration::from_millis(1)); }\n",
    )
    .unwrap();
    let out = support::run_in(&dir, &["--color", "never", "."]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    for name in ["/broken.rs:1:12", "also_broken.rs:1:10"] {
        let at = lines
            .iter()
            .position(|l| l.starts_with("error: could not parse") && l.contains(name))
            .unwrap_or_else(|| panic!("no one-line error for {name}: {text}"));
        assert!(
            !lines[at + 1].trim_start().starts_with("-->"),
            "no snippet under it: {text}"
        );
    }
    assert_eq!(text.matches("exclude = [").count(), 1, "{text}");
    assert!(text.contains("ok.rs:1:16"), "the finding is shown: {text}");
    assert!(text.contains("2 files that could not be parsed"), "{text}");
    let _ = std::fs::remove_dir_all(dir);
}
