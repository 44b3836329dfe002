//! The workspace's lessons, found in `lessons/`: every folder `NN-slug/` is one, described by its
//! `lesson.toml` and named by its `Cargo.toml`.
//!
//! The book's tools keep no list of lessons: the figures, the demo commands and the tests that
//! walk every lesson read them from here, so a new lesson needs no line in this crate. The
//! description's full form is `lesson_support::lesson::Lesson`, which checks every key when the
//! lesson's own tests run; this reads only what the book uses (the title, the port, the demo's
//! stored run and figures) and leaves the rest to it, so that `book-tools` builds without the
//! lessons' dependencies.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

/// One lesson, as the book sees it.
#[derive(Debug, Clone)]
pub struct Lesson {
    /// `01-blocking-the-runtime`: the folder under `lessons/`.
    pub folder: String,
    /// `lesson-01-blocking-the-runtime`: the crate, as `cargo run -p` takes it.
    pub package: String,
    /// The English title.
    pub title: String,
    pub port: Option<u16>,
    pub demo: Option<Demo>,
}

/// What the book stores of a lesson's demo, and draws from it.
#[derive(Debug, Clone, Deserialize)]
pub struct Demo {
    /// The arguments after `cargo run --release -p <package> --` of the stored run.
    pub stored: String,
    #[serde(default)]
    pub figures: Vec<FigureSpec>,
}

/// A figure as `lesson.toml` declares it: see [`crate::figures::Figure`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureSpec {
    /// `health-latency`: the figure's files are `figures/lesson-NN-<name>.{svg,md}`.
    pub name: String,
    pub title: String,
    pub subtitle: String,
    pub phases: Vec<(String, String)>,
    #[serde(default)]
    pub ratios: Vec<(String, String, String)>,
    #[serde(default)]
    pub facts: Vec<(String, String, String)>,
}

/// The part of `lesson.toml` the book reads.
#[derive(Deserialize)]
struct Description {
    title: Title,
    port: Option<u16>,
    demo: Option<Demo>,
}

#[derive(Deserialize)]
struct Title {
    en: String,
}

impl Lesson {
    /// `01`: the lesson's number, as the book's files and the READMEs' maps name it.
    pub fn number(&self) -> &str {
        &self.folder[..2]
    }

    /// The demo's stored run, relative to `book/src`.
    pub fn data(&self) -> String {
        format!("data/lesson-{}-demo.json", self.number())
    }

    /// The command that printed [`Lesson::data`], if the lesson has a demo.
    pub fn demo_command(&self) -> Option<String> {
        let demo = self.demo.as_ref()?;
        Some(format!(
            "cargo run --release -p {} -- {}",
            self.package, demo.stored
        ))
    }
}

/// Whether `name` is a lesson's folder: two digits, a dash, a slug.
pub fn is_lesson_folder(name: &str) -> bool {
    name.len() > 3 && name[..2].bytes().all(|b| b.is_ascii_digit()) && &name[2..3] == "-"
}

/// Every lesson of the workspace at `root`, in order.
pub fn all(root: &Path) -> anyhow::Result<Vec<Lesson>> {
    let dir = root.join("lessons");
    let mut folders: Vec<PathBuf> = fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()?;
    folders
        .retain(|path| is_lesson_folder(&path.file_name().unwrap_or_default().to_string_lossy()));
    folders.sort();
    folders.iter().map(|folder| read(folder)).collect()
}

fn read(folder: &Path) -> anyhow::Result<Lesson> {
    let name = folder.file_name().unwrap_or_default().to_string_lossy();
    let text = |file: &str| {
        let path = folder.join(file);
        fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
    };
    let description: Description = toml::from_str(&text("lesson.toml")?)
        .with_context(|| format!("lessons/{name}/lesson.toml"))?;
    let manifest: toml::Table = toml::from_str(&text("Cargo.toml")?)
        .with_context(|| format!("lessons/{name}/Cargo.toml"))?;
    let package = manifest
        .get("package")
        .and_then(|package| package.get("name"))
        .and_then(toml::Value::as_str)
        .with_context(|| format!("lessons/{name}/Cargo.toml has no package name"))?;
    // The book's commands name the crate; the reader finds it by its folder.
    if package != format!("lesson-{name}") {
        bail!("lessons/{name}/ holds the crate `{package}`, not `lesson-{name}`");
    }
    Ok(Lesson {
        folder: name.into_owned(),
        package: package.to_owned(),
        title: description.title.en,
        port: description.port,
        demo: description.demo,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_of_lessons_are_told_from_the_others() {
        assert!(is_lesson_folder("01-blocking-the-runtime"));
        assert!(!is_lesson_folder("support"));
        assert!(!is_lesson_folder("blocking-pool"));
        assert!(!is_lesson_folder("01"));
    }

    #[test]
    fn a_crate_not_named_after_its_folder_is_an_error() {
        let dir = std::env::temp_dir().join(format!("book-tools-lessons-{}", std::process::id()));
        let lesson = dir.join("lessons/07-misnamed");
        fs::create_dir_all(&lesson).unwrap();
        fs::write(
            lesson.join("lesson.toml"),
            "title = { en = \"7\", zh = \"七\" }\n",
        )
        .unwrap();
        fs::write(
            lesson.join("Cargo.toml"),
            "[package]\nname = \"lesson-07\"\n",
        )
        .unwrap();
        let error = all(&dir).unwrap_err().to_string();
        fs::remove_dir_all(&dir).unwrap();
        assert!(error.contains("not `lesson-07-misnamed`"), "{error}");
    }
}
