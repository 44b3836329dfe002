//! Dogfood: the lint over this workspace's lessons finds exactly what the lessons do on purpose,
//! as listed in `tests/dogfood.expected` (`path: code`, no line numbers, so edits to the lessons
//! do not churn it). A new line here is either a lesson's new intentional pitfall (add it) or a
//! bug in a lesson or in the lint (fix it).

mod support;

#[test]
fn lessons_have_only_their_intentional_findings() {
    let root = support::crate_dir().join("..");
    let out = support::run_in(&root, &["--message-format", "json", "lessons"]);
    let mut found: Vec<String> = support::json_lines(&out)
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
    let expected_text =
        std::fs::read_to_string(support::crate_dir().join("tests/dogfood.expected")).unwrap();
    let mut expected: Vec<String> = expected_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    expected.sort();
    assert_eq!(
        found, expected,
        "findings over lessons/ differ from tests/dogfood.expected"
    );
}
