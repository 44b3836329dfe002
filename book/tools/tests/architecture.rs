//! ARCHITECTURE.md cannot go stale quietly: every file or folder it names exists, every crate of
//! the workspace and every layer of the lint is on its map.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn architecture() -> String {
    std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md at the root")
}

/// The inline-code spans of the page that name a file or folder of the workspace: they contain
/// a `/` or end in a known extension, and hold no placeholder (`<case>`, `NN`) or space.
fn named_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, span) in text.split('`').enumerate() {
        if i % 2 == 0 || span.contains(char::is_whitespace) {
            continue;
        }
        let looks_like_a_path =
            span.contains('/') || [".md", ".rs", ".toml"].iter().any(|e| span.ends_with(e));
        let placeholder = span.contains('<') || span.contains("NN") || span.contains('*');
        let not_ours = span.starts_with("target/") || span.contains("::") || span.contains("{{");
        if looks_like_a_path && !placeholder && !not_ours {
            out.push(span.trim_end_matches('/').to_string());
        }
    }
    out
}

#[test]
fn every_path_it_names_exists() {
    let text = architecture();
    let paths = named_paths(&text);
    assert!(
        paths.len() > 30,
        "the map names the workspace's files: {paths:?}"
    );
    let missing: Vec<&String> = paths
        .iter()
        .filter(|p| {
            // A file named by itself (`blocking.rs`) is relative to the layer just described.
            p.contains('/') && !root().join(p).exists()
        })
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names paths that do not exist: {missing:?}"
    );
}

#[test]
fn every_crate_and_every_lint_layer_is_on_the_map() {
    let text = architecture();
    let mut missing = Vec::new();
    let lessons = std::fs::read_dir(root().join("lessons")).unwrap();
    let mut folders: Vec<String> = lessons
        .map(|e| format!("lessons/{}/", e.unwrap().file_name().to_string_lossy()))
        .collect();
    folders.extend([
        "lint/".into(),
        "lint/watchdog/".into(),
        "book/tools/".into(),
    ]);
    for layer in std::fs::read_dir(root().join("lint/src")).unwrap() {
        let layer = layer.unwrap();
        if layer.path().is_dir() {
            folders.push(format!("lint/src/{}/", layer.file_name().to_string_lossy()));
        }
    }
    for folder in folders {
        if !text.contains(&format!("`{folder}`")) {
            missing.push(folder);
        }
    }
    assert!(
        missing.is_empty(),
        "not on ARCHITECTURE.md's map: {missing:?}"
    );
}

#[test]
fn the_path_reader_skips_what_is_not_a_path() {
    let found = named_paths("`lint/src/` and `a.rs`, not `x::y`, `<case>.rs` or `cargo run`");
    assert_eq!(found, vec!["lint/src", "a.rs"]);
}

/// The READMEs' lesson maps (`| concept | lesson | where to read |`) have one row per lesson of
/// the workspace, naming its folder: adding a lesson without its row, or leaving the row of one
/// that went, fails here.
#[test]
fn the_readmes_map_every_lesson_and_no_other() {
    let mut lessons: Vec<String> = std::fs::read_dir(root().join("lessons"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.len() > 3 && name[..2].bytes().all(|b| b.is_ascii_digit()))
        .collect();
    lessons.sort();
    assert!(lessons.len() >= 5, "lessons: {lessons:?}");
    for readme in ["README.md", "README.zh-CN.md"] {
        let text = std::fs::read_to_string(root().join(readme)).unwrap();
        // A row of the map: its second cell is a lesson's number.
        let rows: Vec<(String, &str)> = text
            .lines()
            .filter_map(|line| {
                let cells: Vec<&str> = line.split(" | ").collect();
                let number = cells.get(1)?.trim();
                let is_number = number.len() == 2 && number.bytes().all(|b| b.is_ascii_digit());
                (line.starts_with('|') && is_number).then(|| (number.to_string(), line))
            })
            .collect();
        let numbers: Vec<&str> = rows.iter().map(|(n, _)| n.as_str()).collect();
        let expected: Vec<&str> = lessons.iter().map(|l| &l[..2]).collect();
        assert_eq!(numbers, expected, "{readme}'s lesson map, row by row");
        for ((_, row), lesson) in rows.iter().zip(&lessons) {
            assert!(
                row.contains(&format!("lessons/{lesson}/")),
                "{readme}: the row of lesson {} names no `lessons/{lesson}/`",
                &lesson[..2]
            );
        }
    }
}
