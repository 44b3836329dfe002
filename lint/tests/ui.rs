//! UI tests, like clippy's: every `tests/ui/<case>.rs` is linted and its rendered output compared
//! with `<case>.stderr` (line numbers normalised; `BLESS=1` rewrites them). Each case also marks
//! the line above every expected finding with `//~^ blocking::RULE`, and the findings must be
//! exactly those, so a snapshot blessed in a hurry still cannot hide a missing or extra finding.
//! A case can also be a folder holding a crate (`Cargo.toml`, `src/`), for what spans files.

mod support;

use std::path::Path;

/// The `.rs` files of a case: the file itself, or every `.rs` file of a case that is a crate.
fn case_files(case: &Path) -> Vec<std::path::PathBuf> {
    if case.is_file() {
        return vec![case.to_path_buf()];
    }
    let mut files = Vec::new();
    let mut dirs = vec![case.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

fn rel(p: &Path) -> String {
    p.strip_prefix(support::crate_dir())
        .unwrap()
        .to_str()
        .unwrap()
        .to_string()
}

/// Extra arguments a single-file case asks for on its first line: `//@ flags: --some-flag`.
fn case_flags(case: &Path) -> Vec<String> {
    if !case.is_file() {
        return Vec::new();
    }
    let text = std::fs::read_to_string(case).unwrap();
    let first = text.lines().next().unwrap_or_default();
    first
        .strip_prefix("//@ flags:")
        .map(|f| f.split_whitespace().map(String::from).collect())
        .unwrap_or_default()
}

fn check_case(case: &Path) -> Result<(), String> {
    let rel_case = rel(case);
    let flags = case_flags(case);
    let run = |args: &[&str]| {
        let mut all: Vec<&str> = flags.iter().map(String::as_str).collect();
        all.extend_from_slice(args);
        support::run(&all)
    };
    let human = run(&["--color", "never", &rel_case]);
    let stderr = support::normalise(&String::from_utf8_lossy(&human.stderr));
    support::check_snapshot(&case.with_extension("stderr"), &stderr)?;

    let json = run(&["--message-format", "json", &rel_case]);
    let found = support::primary_findings(&support::json_lines(&json));
    let mut expected = Vec::new();
    for file in case_files(case) {
        let name = rel(&file);
        for (line, code) in support::markers(&std::fs::read_to_string(&file).unwrap()) {
            expected.push((name.clone(), line, code));
        }
    }
    expected.sort();
    if found != expected {
        return Err(format!(
            "{rel_case}: findings differ from the //~^ markers\n  expected: {expected:?}\n  found:    {found:?}"
        ));
    }
    // Warnings alone exit 0, a finding at deny level (a request handler's, by default) 1;
    // `-D warnings` turns every finding into a failing run.
    let denied_by_default = support::any_denied(&support::json_lines(&json));
    let code = human.status.code();
    let want_default = Some(i32::from(denied_by_default));
    if code != want_default {
        return Err(format!(
            "{rel_case}: exit status {code:?}, expected {want_default:?}"
        ));
    }
    let denied = run(&["--color", "never", "-D", "warnings", &rel_case])
        .status
        .code();
    let want = if expected.is_empty() {
        Some(0)
    } else {
        Some(1)
    };
    if denied != want {
        return Err(format!(
            "{rel_case}: with -D warnings, exit status {denied:?}, expected {want:?}"
        ));
    }
    Ok(())
}

#[test]
fn ui() {
    let dir = support::crate_dir().join("tests/ui");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "rs"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 11, "a case per rule at least");
    let failures: Vec<String> = cases.iter().filter_map(|c| check_case(c).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
