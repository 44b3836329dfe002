//! A lesson's handlers are a reader's handlers. Every file of a lesson's `src/` but `main.rs` and
//! `demo.rs` (which show the lesson off: the set-up, the measurement, the live page) is copied
//! into a crate of its own outside this workspace, under `target/copied-lessons/`, whose
//! `Cargo.toml` lists the lesson's dependencies minus `lesson-support`, and `cargo check` must
//! pass on it. The book includes its listings from those same files, so what a reader sees is what
//! compiles in a project of their own. The copies share one target directory: after the first
//! run, a check costs seconds.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The files that show a lesson rather than being it; they may use `lesson-support`.
const NOT_COPIED: [&str; 2] = ["main.rs", "demo.rs"];

fn root() -> PathBuf {
    book_tools::book_dir().parent().unwrap().to_path_buf()
}

/// `lessons/NN-slug/`, in order, as the book's tools find them.
fn lessons() -> Vec<PathBuf> {
    let lessons = book_tools::lessons::all(&root()).unwrap();
    assert!(lessons.len() >= 4, "lessons found: {lessons:?}");
    lessons
        .iter()
        .map(|lesson| root().join("lessons").join(&lesson.folder))
        .collect()
}

/// Copies `from` into `to`, leaving out `skip` at its top level; returns the files copied.
fn copy_dir(from: &Path, to: &Path, skip: &[&str]) -> Vec<PathBuf> {
    fs::create_dir_all(to).unwrap();
    let mut copied = Vec::new();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        if skip.iter().any(|s| name == *s) {
            continue;
        }
        if path.is_dir() {
            copied.extend(copy_dir(&path, &to.join(name), &[]));
        } else {
            fs::copy(&path, to.join(name)).unwrap();
            copied.push(path);
        }
    }
    copied
}

/// The lesson's `[dependencies]`, minus `lesson-support`, each written out in full: a
/// `workspace = true` entry becomes the workspace's version and features (plus the lesson's own),
/// a path becomes absolute.
fn dependencies(lesson: &Path) -> toml::Table {
    let read = |path: PathBuf| -> toml::Table {
        toml::from_str(&fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
    };
    let workspace = read(root().join("Cargo.toml"));
    let shared = workspace["workspace"]["dependencies"].as_table().unwrap();
    let manifest = read(lesson.join("Cargo.toml"));
    let mut out = toml::Table::new();
    for (name, spec) in manifest["dependencies"].as_table().unwrap() {
        if name == "lesson-support" {
            continue;
        }
        let mut full = toml::Table::new();
        let own = spec.as_table().cloned().unwrap_or_default();
        if own.get("workspace").and_then(toml::Value::as_bool) == Some(true) {
            match &shared[name.as_str()] {
                toml::Value::String(version) => {
                    full.insert("version".into(), version.clone().into());
                }
                toml::Value::Table(table) => full.extend(table.clone()),
                other => panic!("{name} = {other}"),
            }
        } else if let Some(version) = spec.as_str() {
            full.insert("version".into(), version.into());
        }
        for (key, value) in own {
            match key.as_str() {
                "workspace" => {}
                "features" => {
                    let features = full
                        .entry("features")
                        .or_insert_with(|| toml::Value::Array(Vec::new()));
                    let features = features.as_array_mut().unwrap();
                    features.extend(value.as_array().unwrap().iter().cloned());
                }
                _ => {
                    full.insert(key, value);
                }
            }
        }
        if let Some(path) = full.get("path").and_then(toml::Value::as_str) {
            let absolute = root().join(path).display().to_string();
            full.insert("path".into(), absolute.into());
        }
        out.insert(name.clone(), toml::Value::Table(full));
    }
    out
}

#[test]
fn no_file_a_reader_copies_uses_lesson_support() {
    let mut problems = Vec::new();
    for lesson in lessons() {
        for entry in fs::read_dir(lesson.join("src")).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if NOT_COPIED.contains(&name.as_str()) || path.is_dir() {
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            if text.contains("lesson_support") {
                problems.push(path.display().to_string());
            }
        }
    }
    assert!(
        problems.is_empty(),
        "these files use lesson_support, which only main.rs, demo.rs and tests may: {problems:#?}"
    );
}

/// Each lesson carries its own `error.rs`, so that it can be copied alone; the copies are one
/// file, and stay one.
#[test]
fn every_lessons_error_module_is_the_same_file() {
    let copies: Vec<(PathBuf, String)> = lessons()
        .into_iter()
        .map(|lesson| lesson.join("src/error.rs"))
        .filter(|path| path.exists())
        .map(|path| {
            let text = fs::read_to_string(&path).unwrap();
            (path, text)
        })
        .collect();
    assert!(copies.len() >= 4, "error.rs found in {copies:?}");
    let (first, text) = &copies[0];
    for (path, other) in &copies[1..] {
        assert!(
            other == text,
            "{} differs from {}: change them together",
            path.display(),
            first.display()
        );
    }
}

#[test]
fn each_lesson_builds_on_its_own_with_registry_crates_and_the_offload_crate() {
    let scratch = root().join("target/copied-lessons");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for lesson in lessons() {
        let name = lesson.file_name().unwrap().to_string_lossy().into_owned();
        let crate_dir = scratch.join(&name);
        if crate_dir.exists() {
            fs::remove_dir_all(&crate_dir).unwrap();
        }
        let copied = copy_dir(&lesson.join("src"), &crate_dir.join("src"), &NOT_COPIED);
        assert!(
            crate_dir.join("src/lib.rs").exists(),
            "{name}: no lib.rs among {copied:?}"
        );
        // Doc listings a lib.rs includes come along, as they would with a copied crate.
        if lesson.join("listings").is_dir() {
            copy_dir(&lesson.join("listings"), &crate_dir.join("listings"), &[]);
        }
        let mut manifest = toml::Table::new();
        let package: toml::Table = toml::from_str(&format!(
            "name = \"copied-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false"
        ))
        .unwrap();
        manifest.insert("package".into(), package.into());
        manifest.insert("dependencies".into(), dependencies(&lesson).into());
        // A workspace of its own: not a member of this one, though it sits inside its folder.
        manifest.insert("workspace".into(), toml::Table::new().into());
        fs::write(
            crate_dir.join("Cargo.toml"),
            toml::to_string(&manifest).unwrap(),
        )
        .unwrap();
        // The same versions as the workspace, and no network.
        fs::copy(root().join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();
        let output = Command::new(&cargo)
            .args(["check", "--offline", "--quiet", "--lib"])
            .current_dir(&crate_dir)
            .env("CARGO_TARGET_DIR", scratch.join("target"))
            .env_remove("CARGO_MANIFEST_DIR")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{name}'s src/ without {NOT_COPIED:?} does not build on its own ({}):\n{}",
            crate_dir.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        let warnings = String::from_utf8_lossy(&output.stderr);
        assert!(
            !warnings.contains("warning"),
            "{name} builds on its own with warnings:\n{warnings}"
        );
    }
}
