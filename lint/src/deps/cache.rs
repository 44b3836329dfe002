//! The summaries' cache: one JSON file per dependency in `target/blocking-lint/deps/`, named by
//! a key over everything the summary depends on: the lint's version, the package, its source's
//! checksum, the configuration's `[[blocking]]` entries and its dependencies' keys (so a changed
//! dependency invalidates everything above it). A file holds only paths relative to the
//! package's folder, so a cache copied to another machine (a CI cache) stays right.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use cargo_metadata::Metadata;

use super::{Package, Summary};

/// Bumped when a summary's shape or meaning changes without a new lint version.
const SCHEMA: u32 = 1;

pub(super) struct Cache {
    dir: PathBuf,
    /// Cargo.lock's `(name, version)` -> `checksum` of registry packages.
    checksums: std::collections::HashMap<(String, String), String>,
}

/// Cargo.lock as far as we read it.
#[derive(serde::Deserialize)]
struct Lock {
    #[serde(default)]
    package: Vec<LockPackage>,
}

#[derive(serde::Deserialize)]
struct LockPackage {
    name: String,
    version: String,
    checksum: Option<String>,
}

fn hasher() -> std::collections::hash_map::DefaultHasher {
    // SipHash with fixed keys: the same input gives the same key in every run.
    std::collections::hash_map::DefaultHasher::new()
}

impl Cache {
    pub(super) fn new(meta: &Metadata) -> Cache {
        let lock = std::fs::read_to_string(meta.workspace_root.join("Cargo.lock"))
            .ok()
            .and_then(|t| toml::from_str::<Lock>(&t).ok());
        let checksums = lock
            .into_iter()
            .flat_map(|l| l.package)
            .filter_map(|p| Some(((p.name, p.version), p.checksum?)))
            .collect();
        Cache {
            dir: meta
                .target_directory
                .as_std_path()
                .join("blocking-lint")
                .join("deps"),
            checksums,
        }
    }

    /// The key of `p`'s summary, given its dependencies' keys by the names it uses for them.
    pub(super) fn key(
        &self,
        p: &Package,
        deps: &[(&str, u64)],
        blocking: &[crate::config::Blocking],
    ) -> u64 {
        let mut h = hasher();
        (SCHEMA, env!("CARGO_PKG_VERSION")).hash(&mut h);
        (&p.name, &p.version, &p.crate_name).hash(&mut h);
        self.source_checksum(p).hash(&mut h);
        let mut deps = deps.to_vec();
        deps.sort();
        deps.hash(&mut h);
        for b in blocking {
            (&b.path, &b.rule, &b.reason, &b.replacement).hash(&mut h);
        }
        h.finish()
    }

    /// What identifies the package's source: a registry package's checksum from Cargo.lock
    /// (cargo checked the unpacked files against it), a git package's id (it names the commit),
    /// and for a path package (or a registry one the lock file does not list) its files' hash.
    fn source_checksum(&self, p: &Package) -> String {
        match &p.source {
            Some(s) if s.starts_with("git+") => p.id.repr.clone(),
            Some(_) => match self.checksums.get(&(p.name.clone(), p.version.clone())) {
                Some(sum) => sum.clone(),
                None => format!("{:016x}", files_hash(&p.dir)),
            },
            None => format!("{:016x}", files_hash(&p.dir)),
        }
    }

    fn file(&self, p: &Package, key: u64) -> PathBuf {
        self.dir
            .join(format!("{}-{}-{key:016x}.json", p.name, p.version))
    }

    pub(super) fn read(&self, p: &Package, key: u64) -> Option<Summary> {
        let bytes = std::fs::read(self.file(p, key)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Writes atomically (a temporary file renamed over), so a run killed half way or a
    /// concurrent run never leaves a torn file; a failure to write only costs the next run time.
    pub(super) fn write(&self, p: &Package, key: u64, s: &Summary) {
        let path = self.file(p, key);
        let Ok(text) = serde_json::to_vec(s) else {
            return;
        };
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&tmp, text).is_ok() && std::fs::rename(&tmp, &path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// A hash of a package folder's Rust sources and manifest, by relative path and content
/// (`target/` and what .gitignore leaves out are skipped).
fn files_hash(dir: &Path) -> u64 {
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
