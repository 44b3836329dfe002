//! Configuration cases: every `tests/ui-toml/<case>/` holds a `blocking-lint.toml` and a
//! `main.rs`; the lint runs in that folder on `main.rs`, and its stderr (the case's folder
//! written `$DIR`, line numbers normalised) and exit status must match `main.stderr` and
//! `main.status`. `BLESS=1` rewrites both. An optional `main.flags` holds more arguments.
//! A case with a `src/` folder is a crate: the lint runs in cargo mode from `src/`, so the file
//! is found at the workspace root cargo metadata names, not in the current directory (such a
//! case passes `--fast` in its `main.flags` unless its subject is the types).

mod support;

use std::path::Path;

fn check_case(case: &Path) -> Result<(), String> {
    let flags = std::fs::read_to_string(case.join("main.flags")).unwrap_or_default();
    let mut args: Vec<&str> = flags.split_whitespace().collect();
    args.extend(["--color", "never"]);
    let out = if case.join("src").is_dir() {
        support::run_in(&case.join("src"), &args)
    } else {
        args.push("main.rs");
        support::run_in(case, &args)
    };
    let dir = case.canonicalize().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).replace(dir.to_str().unwrap(), "$DIR");
    support::check_snapshot(&case.join("main.stderr"), &support::normalise(&stderr))?;
    let status = format!("{}\n", out.status.code().unwrap_or(-1));
    support::check_snapshot(&case.join("main.status"), &status)
}

#[test]
fn ui_toml() {
    let dir = support::crate_dir().join("tests/ui-toml");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 4, "levels and the config errors at least");
    let failures: Vec<String> = cases.iter().filter_map(|c| check_case(c).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
