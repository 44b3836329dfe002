//! The workspace's typed facts, kept between runs: rust-analyzer's answers about the run's own
//! files depend only on the sources it read and on how it read them, so a run in which none of
//! that changed (the same code linted again with other flags, another output format, `--fix
//! --dry-run` after a look at the findings) reads them back instead of loading the model.
//!
//! The key covers the lint's version, the toolchain (`rustc -vV`: std's sources are part of the
//! model), Cargo.lock, every Rust file and manifest under the workspace's root and under each
//! member's direct path dependency outside it, the cargo configuration and flags that decide
//! `cfg`s, the units typed and whether test code is. What the key does not see: a path
//! dependency's own path dependencies outside the workspace, and a file a `#[path]` attribute
//! reaches outside these folders; `cargo clean` (or `target/blocking-lint/types/` removed)
//! forgets the facts. One entry is kept, the last run's, with its paths relative to the root.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use cargo_metadata::Metadata;

use crate::analysis::store::{files_hash, hasher, relative_to, write_atomically};
use crate::model::typed::TypedFacts;

/// Bumped when the facts' shape or meaning changes without a new lint version.
const SCHEMA: u32 = 1;

/// What decides the typed analysis besides the sources: the units it types (root file and
/// unit prefix) and whether it reads test code.
pub struct Inputs<'a> {
    pub units: &'a [(PathBuf, String)],
    pub include_tests: bool,
    /// The toolchain cargo runs with when the project pins one that is not installed.
    pub toolchain: Option<&'a str>,
}

/// The key of the workspace's facts; `None` when the toolchain cannot say its version (then
/// nothing is kept: a stale std would go unseen).
pub fn key(meta: &Metadata, inputs: &Inputs<'_>) -> Option<u64> {
    let root = meta.workspace_root.as_std_path();
    let mut h = hasher();
    (SCHEMA, env!("CARGO_PKG_VERSION")).hash(&mut h);
    crate::model::typed::budget().hash(&mut h);
    rustc_version(inputs.toolchain)?.hash(&mut h);
    std::fs::read(root.join("Cargo.lock"))
        .unwrap_or_default()
        .hash(&mut h);
    files_hash(root).hash(&mut h);
    for dir in outside_sources(meta) {
        dir.hash(&mut h);
        files_hash(&dir).hash(&mut h);
    }
    for config in [".cargo/config.toml", ".cargo/config"] {
        std::fs::read(root.join(config))
            .unwrap_or_default()
            .hash(&mut h);
    }
    for var in ["RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS", "CARGO_BUILD_TARGET"] {
        std::env::var_os(var).hash(&mut h);
    }
    for (file, prefix) in inputs.units {
        (relative_to(root, file), prefix).hash(&mut h);
    }
    inputs.include_tests.hash(&mut h);
    Some(h.finish())
}

/// The facts kept under `key`, with their paths made absolute again.
pub fn read(meta: &Metadata, key: u64) -> Option<TypedFacts> {
    let bytes = std::fs::read(entry(meta, key)).ok()?;
    let facts: TypedFacts = serde_json::from_slice(&bytes).ok()?;
    let root = meta.workspace_root.as_std_path();
    Some(facts.with_paths(|p| {
        let path = root.join(p);
        std::fs::canonicalize(&path).unwrap_or(path)
    }))
}

/// Keeps `facts` under `key`, in place of the entry of an earlier run.
pub fn write(meta: &Metadata, key: u64, facts: &TypedFacts) {
    let root = meta.workspace_root.as_std_path();
    let kept = entry(meta, key);
    if let Some(dir) = kept.parent()
        && let Ok(old) = std::fs::read_dir(dir)
    {
        for file in old.flatten() {
            if file.path() != kept && file.file_name().to_string_lossy().starts_with("workspace-") {
                let _ = std::fs::remove_file(file.path());
            }
        }
    }
    write_atomically(&kept, &facts.clone().with_paths(|p| relative_to(root, p)));
}

fn entry(meta: &Metadata, key: u64) -> PathBuf {
    meta.target_directory
        .as_std_path()
        .join("blocking-lint")
        .join("types")
        .join(format!("workspace-{key:016x}.json"))
}

/// `rustc -vV` of the toolchain the run uses: its commit names std's sources.
fn rustc_version(toolchain: Option<&str>) -> Option<String> {
    let mut rustc = std::process::Command::new("rustc");
    rustc.arg("-vV");
    if let Some(t) = toolchain {
        rustc.env("RUSTUP_TOOLCHAIN", t);
    }
    let out = rustc.output().ok().filter(|o| o.status.success())?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The folders of the members' path dependencies that are not under the workspace's root,
/// each once, in a stable order.
fn outside_sources(meta: &Metadata) -> Vec<PathBuf> {
    let root = meta.workspace_root.as_std_path();
    let mut seen = HashSet::new();
    let mut out: Vec<PathBuf> = meta
        .workspace_packages()
        .iter()
        .flat_map(|p| &p.dependencies)
        .filter_map(|d| d.path.as_ref())
        .map(|p| p.as_std_path().to_path_buf())
        .filter(|p| !p.starts_with(root))
        .filter(|p| seen.insert(p.clone()))
        .collect();
    out.sort();
    out
}
