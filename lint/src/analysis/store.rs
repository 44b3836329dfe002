//! What the lint keeps between runs under `target/blocking-lint/` (the dependencies' summaries,
//! the workspace's typed facts): keys that are the same in every run, a hash of a folder's
//! sources, and writes that a killed or concurrent run never leaves torn.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// A hasher whose output is the same in every run and on every machine (SipHash with fixed
/// keys), for cache keys.
pub fn hasher() -> std::collections::hash_map::DefaultHasher {
    std::collections::hash_map::DefaultHasher::new()
}

/// A hash of a package folder's Rust sources and manifest, by relative path and content
/// (`target/` and what .gitignore leaves out are skipped).
pub fn files_hash(dir: &Path) -> u64 {
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        .filter_entry(|e| e.file_name() != "target")
        .build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs") || p.ends_with("Cargo.toml"))
        .collect();
    files.sort();
    let mut h = hasher();
    for f in files {
        f.strip_prefix(dir).unwrap_or(&f).hash(&mut h);
        std::fs::read(&f).unwrap_or_default().hash(&mut h);
    }
    h.finish()
}

/// `to` relative to `from` (both absolute): `../shared/sdk`.
pub fn relative_to(from: &Path, to: &Path) -> PathBuf {
    let a: Vec<_> = from.components().collect();
    let b: Vec<_> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..a.len() {
        out.push("..");
    }
    for c in &b[common..] {
        out.push(c);
    }
    out
}

/// Writes `value` as JSON through a temporary file renamed over `path`, so a run killed half
/// way or a concurrent run never leaves a torn file; a failure only costs the next run time.
pub fn write_atomically(path: &Path, value: &impl serde::Serialize) {
    let Ok(text) = serde_json::to_vec(value) else {
        return;
    };
    if path
        .parent()
        .is_some_and(|d| std::fs::create_dir_all(d).is_err())
    {
        return;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, text).is_ok() && std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}
