//! Dogfood: the lint over this workspace's lessons finds exactly what the lessons do on purpose,
//! as listed in `tests/dogfood.expected` (`path: code`, no line numbers, so edits to the lessons
//! do not churn it). A new line here is either a lesson's new intentional pitfall (add it) or a
//! bug in a lesson or in the lint (fix it).

mod support;

/// `path: code` for every compiler message, sorted.
fn findings(out: &std::process::Output) -> Vec<String> {
    let mut found: Vec<String> = support::json_lines(out)
        .iter()
        .filter(|l| l["reason"] == "compiler-message")
        .map(|l| {
            let m = &l["message"];
            let file = m["spans"][0]["file_name"]
                .as_str()
                .unwrap_or("?")
                .to_string();
            let code = m["code"]["code"].as_str().unwrap_or("parse-error");
            format!("{file}: {code}")
        })
        .collect();
    found.sort();
    found
}

fn expected() -> Vec<String> {
    let expected_text =
        std::fs::read_to_string(support::crate_dir().join("tests/dogfood.expected")).unwrap();
    let mut expected: Vec<String> = expected_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    expected.sort();
    expected
}

#[test]
fn lessons_have_only_their_intentional_findings() {
    let root = support::crate_dir().join("..");
    let out = support::run_in(&root, &["--message-format", "json", "lessons"]);
    assert_eq!(
        findings(&out),
        expected(),
        "findings over lessons/ differ from tests/dogfood.expected"
    );
}

/// `cargo blocking-lint` in this workspace: the targets cargo builds, found through
/// `cargo metadata` and `mod` items, give the same lesson findings (listings that no target
/// includes are not read, so they cannot fail to parse).
#[test]
fn cargo_mode_sees_the_same_lessons() {
    let root = support::crate_dir().join("..");
    // `--fast`: the same model as PATH mode, so the same findings; typing the whole workspace
    // in a debug build would take minutes (lint/tests/typed.rs tests the types).
    let out = support::run_in(
        &root,
        &["blocking-lint", "--fast", "--message-format", "json"],
    );
    let all = findings(&out);
    let lessons: Vec<String> = all
        .iter()
        .filter(|f| f.starts_with("lessons/"))
        .cloned()
        .collect();
    let from_targets: Vec<String> = expected()
        .into_iter()
        .filter(|f| !f.ends_with(": parse-error"))
        .collect();
    assert_eq!(lessons, from_targets);
    assert!(
        !all.iter().any(|f| f.starts_with("lint/tests/ui/")),
        "UI cases are no target and must not be linted in cargo mode"
    );
}

/// Lesson 01's `/block` is `get(block)` on route "/block", and `/fetch-sync` likewise: their
/// findings are handlers', so they deny by default and name the route.
#[test]
fn lesson_01_block_and_fetch_sync_are_denied_handler_findings() {
    let root = support::crate_dir().join("..");
    let out = support::run_in(
        &root,
        &[
            "--message-format",
            "json",
            "lessons/01-blocking-the-runtime",
        ],
    );
    let lines = support::json_lines(&out);
    let messages: Vec<_> = lines
        .iter()
        .filter(|l| l["reason"] == "compiler-message")
        .collect();
    let mut said: Vec<(&str, &str)> = messages
        .iter()
        .map(|l| {
            let m = &l["message"];
            (
                m["level"].as_str().unwrap_or_default(),
                m["message"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    said.sort();
    assert_eq!(
        said,
        [
            (
                "error",
                "blocking call to `std::thread::sleep` in the handler for GET /block"
            ),
            (
                "error",
                "blocking call to `ureq::Request::call` in the handler for GET /fetch-sync"
            ),
        ]
    );
    assert_eq!(out.status.code(), Some(1));
}
