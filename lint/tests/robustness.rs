//! Robustness: lint every `.rs` file of the newest version of each crate under the local cargo
//! registry's sources (present wherever the workspace has been built) without a panic, and plan
//! `--fix` for what it finds without a fix that breaks its file. Older versions of a crate the
//! registry holds too are left out: they are mostly the same code again (on a machine that had
//! built this workspace and fetched the lint's corpus, 1.2 GB of Rust against 0.45 GB for the
//! newest versions alone), and the run is a step of CI. Slow in debug builds, so ignored by
//! default: `cargo test --release -p blocking-lint --test robustness -- --ignored --nocapture`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
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
    let plan = discover::from_paths(&newest_versions(&corpus)).expect("the corpus is walkable");
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

/// The folders to lint under `corpus`: of the crate folders (`serde-1.0.228`) in it or in its
/// subfolders (a registry's `src/` holds one folder per index), the newest version of each
/// crate; any other folder whole.
fn newest_versions(corpus: &Path) -> Vec<PathBuf> {
    let mut newest: HashMap<(PathBuf, String), (Vec<u64>, PathBuf)> = HashMap::new();
    let mut others = Vec::new();
    collect_crates(corpus, 0, &mut newest, &mut others);
    let mut dirs: Vec<PathBuf> = newest.into_values().map(|(_, path)| path).collect();
    dirs.extend(others);
    dirs.sort();
    dirs
}

/// See [`newest_versions`]: `dir`'s crate folders into `newest` (by parent and name), its other
/// folders looked into once, and whole below that.
fn collect_crates(
    dir: &Path,
    depth: usize,
    newest: &mut HashMap<(PathBuf, String), (Vec<u64>, PathBuf)>,
    others: &mut Vec<PathBuf>,
) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        match crate_and_version(&path) {
            Some((name, version)) => {
                let slot = newest
                    .entry((dir.to_path_buf(), name))
                    .or_insert_with(|| (version.clone(), path.clone()));
                if version > slot.0 {
                    *slot = (version, path);
                }
            }
            None if depth == 0 => collect_crates(&path, 1, newest, others),
            None => others.push(path),
        }
    }
}

/// `("serde", [1, 0, 228])` for a folder named `serde-1.0.228`; `None` for a name that does not
/// end in a version (a pre-release's folder is linted whole, as any other).
fn crate_and_version(dir: &Path) -> Option<(String, Vec<u64>)> {
    let name = dir.file_name()?.to_str()?;
    let (krate, version) = name.rsplit_once('-')?;
    if !version.contains('.') || !version.split('.').all(|n| n.parse::<u64>().is_ok()) {
        return None;
    }
    let numbers = version.split('.').filter_map(|n| n.parse().ok()).collect();
    Some((krate.to_string(), numbers))
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
