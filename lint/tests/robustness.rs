//! Robustness: lint every `.rs` file under the local cargo registry's sources (present wherever
//! the workspace has been built) without a panic, and plan `--fix` for what it finds without a
//! fix that breaks its file. Slow in debug builds, so ignored by default:
//! `cargo test --release -p blocking-lint --test robustness -- --ignored --nocapture`.

use std::time::Instant;

use blocking_lint::analysis::{discover, engine};
use blocking_lint::report::fix;

#[test]
#[ignore = "slow: lints the whole local registry; run in release"]
fn lints_the_whole_registry_without_a_panic() {
    let corpus = std::env::var_os("BLOCKING_LINT_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| discover::cargo_home().join("registry").join("src"));
    assert!(corpus.is_dir(), "no corpus at {}", corpus.display());
    let started = Instant::now();
    let plan = discover::from_paths(std::slice::from_ref(&corpus)).expect("the corpus is walkable");
    let outcome = engine::run(&plan, 0, &|| {});
    let elapsed = started.elapsed();
    let panics: Vec<String> = outcome
        .errors
        .iter()
        .filter(|e| e.message.starts_with("internal error"))
        .map(|e| outcome.files[e.file].display.clone())
        .collect();
    println!(
        "{} files, {} lines, {} parse failures, {} findings, {:.1} s",
        outcome.files.len(),
        outcome.lines,
        outcome.errors.len() - panics.len(),
        outcome.findings.len(),
        elapsed.as_secs_f64()
    );
    assert!(outcome.files.len() > 100, "a corpus worth the name");
    assert!(
        panics.is_empty(),
        "the lint panicked on:\n{}",
        panics.join("\n")
    );

    // What `--fix` would do to real code: every file it would rewrite still parses (`plan`
    // re-parses each), and none is refused because an edit fell outside its text.
    let fixes = fix::plan(&outcome.findings, |i| {
        std::fs::read_to_string(&outcome.files[i].path)
    });
    println!(
        "--fix would apply {} fixes in {} files",
        fixes.applied(),
        fixes.fixes.len()
    );
    let refused: Vec<String> = fixes
        .refused
        .iter()
        .map(|(i, why)| format!("{}: {why}", outcome.files[*i].display))
        .collect();
    assert!(refused.is_empty(), "--fix refused:\n{}", refused.join("\n"));
}

/// Generated code nests deep; a single file is enough to overflow a default-sized stack if the
/// work ran on the main thread (rayon runs an unsplit job on the caller).
#[test]
fn deeply_nested_code_is_linted_not_crashed() {
    let dir = std::env::temp_dir().join(format!("blocking-lint-deep-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let depth = 2_000;
    let source = format!(
        "async fn f() {{ let _x = {}std::thread::sleep(d){}; {} g(); {} }}\n",
        "(".repeat(depth),
        ")".repeat(depth),
        "if c {".repeat(depth),
        "}".repeat(depth)
    );
    std::fs::write(dir.join("deep.rs"), source).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cargo-blocking-lint"))
        .args(["--message-format", "json", "deep.rs"])
        .current_dir(&dir)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("blocking::sleep"), "{text}");
}
