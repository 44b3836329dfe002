//! The summaries' cache: one JSON file per dependency in `target/blocking-lint/deps/`, named by
//! a key over everything the summary depends on: the lint's version, the package, its source's
//! checksum, the configuration's `[[blocking]]` entries, whether rust-analyzer's types were
//! asked, and its dependencies' keys (so a changed dependency invalidates everything above it). A file holds only paths relative to the
//! package's folder, so a cache copied to another machine (a CI cache) stays right.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use cargo_metadata::Metadata;

use crate::analysis::store::{files_hash, hasher, relative_to, write_atomically};

use super::Package;
use crate::model::dependencies::Summary;

/// Bumped when a summary's shape or meaning changes without a new lint version (12: typed
/// summaries type again, in rounds, the calls named after functions typing made blocking).
const SCHEMA: u32 = 12;

pub(super) struct Cache {
    dir: PathBuf,
    /// Cargo.lock's `(name, version)` -> `checksum` of registry packages.
    checksums: std::collections::HashMap<(String, String), String>,
    /// Whether the summaries ask rust-analyzer's types: a typed summary may find more, and a
    /// run without types must not read it as its own (nor the other way round).
    typed: bool,
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

impl Cache {
    pub(super) fn new(meta: &Metadata, typed: bool) -> Cache {
        let lock = std::fs::read_to_string(meta.workspace_root.join("Cargo.lock"))
            .ok()
            .and_then(|t| toml::from_str::<Lock>(&t).ok());
        let checksums = lock
            .into_iter()
            .flat_map(|l| l.package)
            .filter_map(|p| Some(((p.name, p.version), p.checksum?)))
            .collect();
        Cache {
            dir: cache_dir(meta),
            checksums,
            typed,
        }
    }

    /// The key of `p`'s summary, given its dependencies' keys by the names it uses for them.
    pub(super) fn key(
        &self,
        p: &Package,
        deps: &[(&str, u64)],
        blocking: &[crate::knowledge::configured::Blocking],
    ) -> u64 {
        let mut h = hasher();
        (SCHEMA, env!("CARGO_PKG_VERSION"), self.typed).hash(&mut h);
        if self.typed {
            crate::model::typed::budget().hash(&mut h);
        }
        (&p.name, &p.version, &p.crate_name, &p.features).hash(&mut h);
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
    pub(super) fn source_checksum(&self, p: &Package) -> String {
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

    pub(super) fn write(&self, p: &Package, key: u64, s: &Summary) {
        write_atomically(&self.file(p, key), s);
    }
}

/// What the workspace's own cache entry keeps: its direct dependencies' summaries by the names
/// the members use, the path packages whose files must still hash the same, and the figures.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Saved {
    pub direct: Vec<(String, String, Summary)>,
    /// Folders relative to the workspace root (`../shared/sdk`), never absolute.
    pub path_packages: Vec<(PathBuf, String)>,
    pub packages: usize,
    pub files: usize,
    pub unparsed: usize,
}

fn cache_dir(meta: &Metadata) -> PathBuf {
    meta.target_directory
        .as_std_path()
        .join("blocking-lint")
        .join("deps")
}

/// The key of the workspace's entry: what decides its resolved dependencies (Cargo.lock and
/// the members' manifests) and their summaries (`[[blocking]]`, the host, the lint, whether
/// they are typed). `None` without a Cargo.lock.
pub(super) fn workspace_key(
    meta: &Metadata,
    blocking: &[crate::knowledge::configured::Blocking],
    typed: bool,
) -> Option<u64> {
    let root = meta.workspace_root.as_std_path();
    let lock = std::fs::read(root.join("Cargo.lock")).ok()?;
    let mut h = hasher();
    (
        SCHEMA,
        env!("CARGO_PKG_VERSION"),
        super::host_triple(),
        typed,
    )
        .hash(&mut h);
    if typed {
        crate::model::typed::budget().hash(&mut h);
    }
    lock.hash(&mut h);
    std::fs::read(root.join("Cargo.toml"))
        .unwrap_or_default()
        .hash(&mut h);
    let mut manifests: Vec<&Path> = meta
        .workspace_packages()
        .iter()
        .map(|p| p.manifest_path.as_std_path())
        .collect();
    manifests.sort();
    for m in manifests {
        m.strip_prefix(root).unwrap_or(m).hash(&mut h);
        std::fs::read(m).unwrap_or_default().hash(&mut h);
    }
    for b in blocking {
        (&b.path, &b.rule, &b.reason, &b.replacement).hash(&mut h);
    }
    Some(h.finish())
}

fn workspace_file(meta: &Metadata, key: u64) -> PathBuf {
    cache_dir(meta).join(format!("workspace-{key:016x}.json"))
}

/// The workspace's entry, if it is there and every path package's files still hash the same.
pub(super) fn read_workspace(meta: &Metadata, key: u64) -> Option<super::Report> {
    let bytes = std::fs::read(workspace_file(meta, key)).ok()?;
    let saved: Saved = serde_json::from_slice(&bytes).ok()?;
    let root = meta.workspace_root.as_std_path();
    for (dir, sum) in &saved.path_packages {
        if format!("{:016x}", files_hash(&root.join(dir))) != *sum {
            return None;
        }
    }
    let mut report = super::Report {
        packages: saved.packages,
        from_cache: saved.packages,
        files: saved.files,
        unparsed: saved.unparsed,
        ..super::Report::default()
    };
    for (name, label, summary) in &saved.direct {
        report.index.add(name, label, summary);
    }
    Some(report)
}

pub(super) fn write_workspace(meta: &Metadata, key: u64, saved: &Saved) {
    let root = meta.workspace_root.as_std_path();
    let relative = Saved {
        path_packages: saved
            .path_packages
            .iter()
            .map(|(dir, sum)| (relative_to(root, dir), sum.clone()))
            .collect(),
        direct: saved.direct.clone(),
        ..*saved
    };
    write_atomically(&workspace_file(meta, key), &relative);
}
