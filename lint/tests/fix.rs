//! `--fix` round trips, like rustfix's UI tests: each `tests/fix/<case>.rs` is copied to a
//! temporary folder, fixed by the real binary and compared with `<case>.fixed` (`BLESS=1`
//! rewrites it). The fixed file must parse, and linting it again must find exactly what the
//! case's markers say remains: `//~^ RULE` under a finding that stays, `//~^ fixed RULE` under one
//! that `--fix` removes (`^^`: two lines up).

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

/// A temporary folder holding a copy of one case, removed when dropped.
struct Scratch {
    dir: PathBuf,
    name: String,
}

impl Scratch {
    fn new(case: &str, tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!(
            "blocking-lint-fix-{}-{tag}-{case}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let name = format!("{case}.rs");
        std::fs::copy(case_dir().join(&name), dir.join(&name)).unwrap();
        Scratch { dir, name }
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut all = args.to_vec();
        all.push(&self.name);
        support::run_in(&self.dir, &all)
    }

    fn text(&self) -> String {
        std::fs::read_to_string(self.dir.join(&self.name)).unwrap()
    }

    /// Every file in the folder: only the case, no temporary file left behind.
    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// `(line, code)` of each finding a JSON run reports now.
    fn findings(&self) -> Vec<(u64, String)> {
        let out = self.run(&["--message-format", "json"]);
        findings_in(&out)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn case_dir() -> PathBuf {
    support::crate_dir().join("tests/fix")
}

fn findings_in(json: &Output) -> Vec<(u64, String)> {
    support::primary_findings(&support::json_lines(json))
        .into_iter()
        .map(|(_, line, code)| (line, code))
        .collect()
}

/// The case's markers: `(line, code, fixed)`.
fn markers(source: &str) -> Vec<(u64, String, bool)> {
    let mut out: Vec<_> = support::markers(source)
        .into_iter()
        .map(|(line, text)| match text.strip_prefix("fixed ") {
            Some(code) => (line, code.to_string(), true),
            None => (line, text, false),
        })
        .collect();
    out.sort();
    out
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(case_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

fn round_trip(case: &str) -> Result<(), String> {
    let scratch = Scratch::new(case, "round");
    let original = scratch.text();
    let marks = markers(&original);
    let all: Vec<(u64, String)> = marks.iter().map(|(l, c, _)| (*l, c.clone())).collect();
    let remaining: Vec<(u64, String)> = marks
        .iter()
        .filter(|m| !m.2)
        .map(|(l, c, _)| (*l, c.clone()))
        .collect();
    let fixed_count = marks.len() - remaining.len();
    if scratch.findings() != all {
        return Err(format!(
            "{case}: before --fix, findings differ from the markers\n  expected: {all:?}\n  found:    {:?}",
            scratch.findings()
        ));
    }

    let out = scratch.run(&["--color", "never", "--fix"]);
    let err = stderr(&out);
    let fixes = if fixed_count == 1 { "fix" } else { "fixes" };
    let findings = if fixed_count == 1 {
        "finding"
    } else {
        "findings"
    };
    for line in [
        format!("Fixed {case}.rs ({fixed_count} {fixes})"),
        format!("fixed {fixed_count} {findings} in 1 file"),
    ] {
        if !err.contains(&line) {
            return Err(format!("{case}: stderr lacks `{line}`:\n{err}"));
        }
    }
    let fixed = scratch.text();
    support::check_snapshot(&case_dir().join(format!("{case}.fixed")), &fixed)?;
    syn::parse_file(&fixed).map_err(|e| format!("{case}: the fixed file does not parse: {e}"))?;
    if scratch.files() != [format!("{case}.rs")] {
        return Err(format!("{case}: files left behind: {:?}", scratch.files()));
    }

    let after = scratch.run(&["--message-format", "json"]);
    let found = findings_in(&after);
    if found != remaining {
        return Err(format!(
            "{case}: after --fix, findings differ from the markers that stay\n  expected: {remaining:?}\n  found:    {found:?}"
        ));
    }
    // The findings printed by the --fix run and its exit status are those of the fixed file.
    let denied = support::any_denied(&support::json_lines(&after));
    if out.status.code() != Some(i32::from(denied)) {
        return Err(format!(
            "{case}: --fix exited {:?}, the fixed file calls for {}",
            out.status.code(),
            i32::from(denied)
        ));
    }
    let printed = err.matches("blocking call to").count();
    if printed != remaining.len() {
        return Err(format!(
            "{case}: --fix printed {printed} findings, {} remain:\n{err}",
            remaining.len()
        ));
    }

    // A second run has nothing left to do.
    let again = scratch.run(&["--color", "never", "--fix"]);
    if scratch.text() != fixed || !stderr(&again).contains("nothing to fix") {
        return Err(format!(
            "{case}: a second --fix changed the file or said otherwise:\n{}",
            stderr(&again)
        ));
    }
    Ok(())
}

#[test]
fn round_trips() {
    let cases = cases();
    assert!(cases.len() >= 2, "{cases:?}");
    let failures: Vec<String> = cases.iter().filter_map(|c| round_trip(c).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn fixing_a_handler_turns_the_run_green() {
    // Its findings are at deny level by default: the run fails before --fix and passes after.
    let scratch = Scratch::new("handler", "green");
    assert_eq!(scratch.run(&["--color", "never"]).status.code(), Some(1));
    let fixed = scratch.run(&["--color", "never", "--fix", "-D", "warnings"]);
    assert_eq!(fixed.status.code(), Some(0), "{}", stderr(&fixed));
    assert_eq!(
        scratch.run(&["-D", "warnings"]).status.code(),
        Some(0),
        "clean on a plain run too"
    );
}

#[test]
fn what_remains_still_fails_a_strict_run() {
    let scratch = Scratch::new("mixed", "strict");
    let out = scratch.run(&["--color", "never", "--fix", "-D", "warnings"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        scratch.text().contains("tokio::time::sleep"),
        "fixed anyway"
    );
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let scratch = Scratch::new("mixed", "dry");
    let before = std::fs::read(scratch.dir.join("mixed.rs")).unwrap();
    let plain = scratch.run(&["--color", "never"]);
    let out = scratch.run(&["--color", "never", "--fix", "--dry-run"]);
    let diff = String::from_utf8(out.stdout.clone()).unwrap();
    support::check_snapshot(&case_dir().join("mixed.diff"), &diff)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        diff.starts_with("--- a/mixed.rs\n+++ b/mixed.rs\n@@ "),
        "{diff}"
    );
    assert_eq!(
        std::fs::read(scratch.dir.join("mixed.rs")).unwrap(),
        before,
        "byte-identical"
    );
    assert_eq!(scratch.files(), ["mixed.rs"]);
    // The diff says what --fix writes: its lines are the original's and the fixed file's.
    let original = String::from_utf8(before).unwrap();
    let fixed = std::fs::read_to_string(case_dir().join("mixed.fixed")).unwrap();
    let (mut removed, mut added) = (0, 0);
    for line in diff.lines().skip(2) {
        if let Some(old) = line.strip_prefix('-') {
            assert!(original.lines().any(|l| l == old), "{line}");
            removed += 1;
        } else if let Some(new) = line.strip_prefix('+') {
            assert!(fixed.lines().any(|l| l == new), "{line}");
            added += 1;
        }
    }
    // Fixes change lines in place.
    assert_eq!((removed, added), (12, 12), "{diff}");
    let err = stderr(&out);
    assert!(err.contains("Would fix mixed.rs (13 fixes)"), "{err}");
    assert!(err.contains("would fix 13 findings in 1 file"), "{err}");
    // Nothing changed, so the run reports what a plain run reports.
    assert_eq!(out.status.code(), plain.status.code());
    assert!(err.ends_with(&stderr(&plain)), "{err}");
}

#[test]
fn allowed_findings_are_not_fixed() {
    let scratch = Scratch::new("mixed", "allowed");
    let original = scratch.text();
    let out = scratch.run(&["--color", "never", "-A", "sleep", "--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let fixed = scratch.text();
    assert!(!fixed.contains("tokio::time::sleep"), "{fixed}");
    assert_eq!(
        fixed.matches("std::thread::sleep(").count(),
        original.matches("std::thread::sleep(").count()
    );
    assert!(
        fixed.contains("tokio::fs::read_to_string(p).await"),
        "{fixed}"
    );
}

#[test]
fn suppressed_findings_are_not_fixed() {
    let scratch = Scratch::new("mixed", "suppressed");
    scratch.run(&["--fix"]);
    let fixed = scratch.text();
    let suppressed = "    // blocking-lint: allow(sleep) -- measured: under a microsecond\n    std::thread::sleep(Duration::from_nanos(1));\n";
    assert!(fixed.contains(suppressed), "{fixed}");
}

#[test]
fn fix_with_json_reports_what_remains_on_stdout() {
    let scratch = Scratch::new("mixed", "json");
    let out = scratch.run(&["--fix", "--message-format", "json"]);
    // Every line of stdout is JSON: what --fix says goes to stderr.
    let lines = support::json_lines(&out);
    assert_eq!(lines.last().unwrap()["reason"], "build-finished");
    let remaining: Vec<(u64, String)> = markers(&scratch.text())
        .into_iter()
        .filter(|m| !m.2)
        .map(|(l, c, _)| (l, c))
        .collect();
    assert_eq!(findings_in(&out), remaining);
    assert!(stderr(&out).contains("Fixed mixed.rs"), "{}", stderr(&out));

    let scratch = Scratch::new("mixed", "sarif");
    let out = scratch.run(&["--fix", "--message-format", "sarif"]);
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), remaining.len());
}

#[test]
fn dry_run_needs_fix_and_human_output() {
    let scratch = Scratch::new("mixed", "usage");
    let original = scratch.text();
    let alone = scratch.run(&["--dry-run"]);
    assert_eq!(alone.status.code(), Some(2));
    assert!(stderr(&alone).contains("--fix"), "{}", stderr(&alone));
    let json = scratch.run(&["--fix", "--dry-run", "--message-format", "json"]);
    assert_eq!(json.status.code(), Some(2));
    assert!(stderr(&json).contains("--dry-run"), "{}", stderr(&json));
    assert!(json.stdout.is_empty());
    assert_eq!(scratch.text(), original);
}

#[test]
fn a_file_without_fixes_is_left_alone() {
    let dir = Scratch::new("mixed", "none");
    let path: &Path = &dir.dir.join("plain.rs");
    let text = "async fn f(p: &std::path::Path) -> bool {\n    p.exists()\n}\n";
    std::fs::write(path, text).unwrap();
    let out = support::run_in(&dir.dir, &["--color", "never", "--fix", "plain.rs"]);
    assert_eq!(std::fs::read_to_string(path).unwrap(), text);
    assert!(stderr(&out).contains("nothing to fix"), "{}", stderr(&out));
    assert!(stderr(&out).contains("std::path::Path::exists"));
}

/// `(title, applicability)` of each finding of a UI case that carries a suggestion.
fn applicabilities(case: &str) -> Vec<(String, String)> {
    let out = support::run(&["--message-format", "json", case]);
    let mut found = Vec::new();
    for l in support::json_lines(&out) {
        let m = &l["message"];
        let spans = m["children"].as_array().into_iter().flatten();
        let applicability = spans
            .flat_map(|c| c["spans"].as_array().into_iter().flatten())
            .find_map(|s| s["suggestion_applicability"].as_str());
        if let (Some(title), Some(a)) = (m["message"].as_str(), applicability) {
            found.push((title.to_string(), a.to_string()));
        }
    }
    found
}

#[test]
fn machine_applicable_only_where_await_can_go() {
    let sleep = applicabilities("tests/ui/sleep.rs");
    let fs = applicabilities("tests/ui/fs.rs");
    let of = |found: &[(String, String)], title: &str| {
        let hits: Vec<String> = found
            .iter()
            .filter(|(t, _)| t.ends_with(title))
            .map(|(_, a)| a.clone())
            .collect();
        assert!(!hits.is_empty(), "no finding `{title}` in {found:?}");
        hits
    };
    for title in [
        "async fn `full_path`",
        "async fn `through_alias`",
        // tests/ui/sleep.rs hands its async block to `tokio::spawn`.
        "a spawned task",
    ] {
        assert_eq!(of(&sleep, title), ["MachineApplicable"], "{title}");
    }
    // A macro's tokens: the edit may be right, but nothing checks it.
    for title in ["async fn `inside_select`", "async fn `inside_log_macro`"] {
        assert_eq!(of(&sleep, title), ["MaybeIncorrect"], "{title}");
    }
    assert_eq!(
        of(&fs, "async fn `functions`"),
        ["MachineApplicable", "MachineApplicable"]
    );
    // `.map(|p| fs::read(p).unwrap())`: no `.await` in a sync closure.
    assert_eq!(of(&fs, "async fn `inline_closure`"), ["MaybeIncorrect"]);
}
