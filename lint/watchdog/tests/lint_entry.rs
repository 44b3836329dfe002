//! The `[[blocking]]` entry the book shows (`examples/blocking-lint.toml`) is one the lint reads:
//! only the keys `lint/README.md` documents, and a rule the lint has.

use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn the_book_s_blocking_entry_has_the_lint_s_keys_and_an_existing_rule() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(dir.join("examples/blocking-lint.toml")).unwrap();
    let config: toml::Table = text.parse().unwrap();
    let entries = config["blocking"].as_array().expect("a [[blocking]] array");
    // The lint's rules, one file each (the registry's and configuration's own files aside).
    let rules: BTreeSet<String> = std::fs::read_dir(dir.join("../src/rules"))
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().into_string().ok()?;
            let rule = name.strip_suffix(".rs")?;
            (!matches!(rule, "mod" | "configured")).then(|| rule.to_owned())
        })
        .collect();
    assert!(rules.contains("cpu"), "{rules:?}");
    for entry in entries {
        let entry = entry.as_table().unwrap();
        let keys: BTreeSet<&str> = entry.keys().map(String::as_str).collect();
        let known = BTreeSet::from(["path", "rule", "reason", "replacement"]);
        assert!(keys.is_subset(&known), "{keys:?}");
        assert!(keys.contains("path") && keys.contains("rule"), "{keys:?}");
        let rule = entry["rule"].as_str().unwrap();
        assert!(rules.contains(rule), "no rule {rule} in {rules:?}");
        let path = entry["path"].as_str().unwrap();
        assert!(
            path.split("::")
                .all(|part| !part.is_empty()
                    && part.chars().all(|c| c.is_alphanumeric() || c == '_')),
            "{path}"
        );
    }
}
