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
    let lessons: Vec<String> = book_tools::lessons::all(&root())
        .unwrap()
        .into_iter()
        .map(|lesson| lesson.folder)
        .collect();
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

/// Adding a lesson is what ARCHITECTURE.md's walk-through says, and no more: a crate, its
/// `lesson.toml`, a chapter and a line in SUMMARY.md (the READMEs' rows are checked above). So
/// every lesson's folder has a description the book's tools read, a chapter on SUMMARY.md's
/// list includes code from its folder, its port is its own, and the walk-through names these
/// steps.
#[test]
fn adding_a_lesson_takes_what_the_walk_through_says() {
    let lessons = book_tools::lessons::all(&root()).expect("every lesson's lesson.toml reads");
    let folders = std::fs::read_dir(root().join("lessons"))
        .unwrap()
        .filter(|entry| {
            let name = entry.as_ref().unwrap().file_name();
            book_tools::lessons::is_lesson_folder(&name.to_string_lossy())
        })
        .count();
    assert_eq!(
        lessons.len(),
        folders,
        "a lesson folder without its lesson.toml"
    );
    let src = root().join("book/src");
    let summary = std::fs::read_to_string(src.join("SUMMARY.md")).unwrap();
    let chapters: Vec<String> = summary
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split_once(')'))
        .map(|(page, _)| std::fs::read_to_string(src.join(page)).unwrap_or_default())
        .collect();
    let mut ports = std::collections::BTreeMap::new();
    for lesson in &lessons {
        let folder = format!("../../lessons/{}/", lesson.folder);
        assert!(
            chapters.iter().any(|chapter| chapter.contains(&folder)),
            "no chapter on book/src/SUMMARY.md's list includes code from lessons/{}/",
            lesson.folder
        );
        if let Some(port) = lesson.port
            && let Some(other) = ports.insert(port, &lesson.folder)
        {
            panic!(
                "lessons {other} and {} both serve on port {port}",
                lesson.folder
            );
        }
    }
    let text = architecture();
    let walk = &text[text.find("### Add a lesson").expect("the walk-through")..];
    let walk = &walk[..walk[3..].find("\n#").map_or(walk.len(), |end| end + 3)];
    for step in [
        "lesson.toml",
        "SUMMARY.md",
        "README.md",
        "dogfood",
        "book/po/README.md",
    ] {
        assert!(walk.contains(step), "the walk-through does not name {step}");
    }
    // What it no longer takes: a list of lessons in the book's tools.
    assert!(
        !walk.contains("figures.rs"),
        "the walk-through still sends the reader to figures.rs"
    );
}
