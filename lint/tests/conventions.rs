//! Message conventions, like clippy's `lint_message_convention`: messages, labels, helps and notes
//! start lowercase and end without a period; every catalog entry has its sections.

mod support;

fn check_message(m: &str) -> Result<(), String> {
    let first = m.chars().next().ok_or("empty message")?;
    if first.is_uppercase() {
        return Err(format!("starts uppercase: {m:?}"));
    }
    if m.ends_with('.') {
        return Err(format!("ends with a period: {m:?}"));
    }
    Ok(())
}

#[test]
fn rendered_messages_follow_the_convention() {
    let mut failures = Vec::new();
    let mut seen = 0;
    for entry in std::fs::read_dir(support::crate_dir().join("tests/ui")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = format!("tests/ui/{}", path.file_name().unwrap().to_str().unwrap());
        let out = support::run(&["--message-format", "json", &rel]);
        for line in support::json_lines(&out) {
            if line["reason"] != "compiler-message" {
                continue;
            }
            let d = &line["message"];
            let mut texts = vec![d["message"].as_str().unwrap().to_string()];
            for s in d["spans"].as_array().unwrap() {
                if let Some(l) = s["label"].as_str() {
                    texts.push(l.to_string());
                }
            }
            for c in d["children"].as_array().unwrap() {
                texts.push(c["message"].as_str().unwrap().to_string());
            }
            for t in texts {
                seen += 1;
                if let Err(e) = check_message(&t) {
                    failures.push(format!("{rel}: {e}"));
                }
            }
        }
    }
    assert!(seen > 50, "the UI cases produce messages to check");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_checker_itself_can_fail() {
    assert!(check_message("Blocking call").is_err());
    assert!(check_message("blocking call.").is_err());
    assert!(check_message("blocking call to `x`").is_ok());
}

#[test]
fn catalog_entries_are_complete() {
    for rule in blocking_lint::rules::REGISTRY {
        let doc = rule.explanation();
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
            "## Known problems",
        ] {
            assert!(doc.contains(section), "{}: no `{section}`", rule.code());
        }
        check_message(rule.summary).unwrap_or_else(|e| panic!("{}: {e}", rule.code()));
        assert!(
            rule.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_'),
            "{}: names are snake_case",
            rule.code()
        );
    }
}

#[test]
fn every_rule_has_a_ui_case() {
    for rule in blocking_lint::rules::REGISTRY {
        let case = support::crate_dir().join(format!("tests/ui/{}.rs", rule.name));
        assert!(case.is_file(), "{} has no UI case", rule.code());
    }
}
