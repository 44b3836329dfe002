//! UI tests, like clippy's: every `tests/ui/<case>.rs` is linted and its rendered output compared
//! with `<case>.stderr` (line numbers normalised; `BLESS=1` rewrites them). Each case also marks
//! the line above every expected finding with `//~^ blocking::RULE`, and the findings must be
//! exactly those, so a snapshot blessed in a hurry still cannot hide a missing or extra finding.

mod support;

use std::path::Path;

fn markers(source: &str) -> Vec<(u64, String)> {
    let mut out = Vec::new();
    for (i, line) in source.lines().enumerate() {
        if let Some(rest) = line.trim_start().strip_prefix("//~") {
            let ups = rest.chars().take_while(|c| *c == '^').count() as u64;
            let code = rest[ups as usize..].trim().to_string();
            out.push((i as u64 + 1 - ups, code));
        }
    }
    out.sort();
    out
}

fn check_case(path: &Path) -> Result<(), String> {
    let rel = path.strip_prefix(support::crate_dir()).unwrap();
    let rel = rel.to_str().unwrap();
    let human = support::run(&["--color", "never", rel]);
    let stderr = support::normalise(&String::from_utf8_lossy(&human.stderr));
    support::check_snapshot(&path.with_extension("stderr"), &stderr)?;

    let json = support::run(&["--message-format", "json", rel]);
    let found: Vec<(u64, String)> = support::primary_findings(&support::json_lines(&json))
        .into_iter()
        .map(|(_, line, code)| (line, code))
        .collect();
    let expected = markers(&std::fs::read_to_string(path).unwrap());
    if found != expected {
        return Err(format!(
            "{rel}: findings differ from the //~^ markers\n  expected: {expected:?}\n  found:    {found:?}"
        ));
    }
    // Warnings alone exit 0; `-D warnings` turns the same findings into a failing run.
    let code = human.status.code();
    if code != Some(0) {
        return Err(format!(
            "{rel}: exit status {code:?}, expected 0 (warnings only)"
        ));
    }
    let denied = support::run(&["--color", "never", "-D", "warnings", rel])
        .status
        .code();
    let want = if expected.is_empty() {
        Some(0)
    } else {
        Some(1)
    };
    if denied != want {
        return Err(format!(
            "{rel}: with -D warnings, exit status {denied:?}, expected {want:?}"
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
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 11, "a case per rule at least");
    let failures: Vec<String> = cases.iter().filter_map(|c| check_case(c).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
