//! Which dependencies to summarise, from `cargo metadata`: the libraries the workspace's code
//! can call, in dependency order, each with where cargo unpacked it and the features its resolve
//! enables.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use cargo_metadata::{DependencyKind, Metadata, PackageId};

/// A dependency to summarise.
pub(super) struct Package {
    pub(super) id: PackageId,
    pub(super) name: String,
    pub(super) version: String,
    /// The library target's crate name (`serde_json`).
    pub(super) crate_name: String,
    pub(super) lib_root: PathBuf,
    pub(super) dir: PathBuf,
    /// `registry+..`, `git+..`; `None` for a path dependency.
    pub(super) source: Option<String>,
    /// Its dependencies (indices into the list), by the name it uses for them.
    pub(super) deps: Vec<(String, usize)>,
    /// The features cargo's resolve enables for it.
    pub(super) features: Vec<String>,
}

impl Package {
    pub(super) fn label(&self) -> String {
        format!("{} {}", self.name, self.version)
    }
}

/// The host's target triple as cargo spells it, for `--filter-platform`: a dependency for
/// another platform (`windows-sys` on Linux) is never compiled here, so never called.
pub fn host_triple() -> Option<String> {
    use std::env::consts::{ARCH, OS};
    let env = if cfg!(target_env = "musl") {
        "musl"
    } else {
        "gnu"
    };
    match OS {
        "linux" => Some(format!("{ARCH}-unknown-linux-{env}")),
        "macos" => Some(format!("{ARCH}-apple-darwin")),
        "windows" if cfg!(target_env = "msvc") => Some(format!("{ARCH}-pc-windows-msvc")),
        _ => None,
    }
}

/// The dependencies the workspace's code can call, in dependency order: the libraries reached
/// from the members through normal dependencies (and the members' dev-dependencies), without
/// proc-macro crates (they run in the compiler) and build-dependencies.
pub(super) fn packages(meta: &Metadata) -> (Vec<Package>, Vec<(String, usize)>) {
    let Some(resolve) = &meta.resolve else {
        return (Vec::new(), Vec::new());
    };
    let members: HashSet<&PackageId> = meta.workspace_members.iter().collect();
    let nodes: HashMap<&PackageId, &cargo_metadata::Node> =
        resolve.nodes.iter().map(|n| (&n.id, n)).collect();
    let by_id: HashMap<&PackageId, &cargo_metadata::Package> =
        meta.packages.iter().map(|p| (&p.id, p)).collect();
    let lib = |id: &PackageId| {
        by_id.get(id).and_then(|p| {
            p.targets
                .iter()
                .find(|t| t.is_lib() || t.is_kind(cargo_metadata::TargetKind::RLib))
        })
    };
    let edges = |id: &PackageId, dev: bool| -> Vec<(String, PackageId)> {
        let Some(node) = nodes.get(id) else {
            return Vec::new();
        };
        node.deps
            .iter()
            .filter(|d| {
                d.dep_kinds.iter().any(|k| {
                    k.kind == DependencyKind::Normal
                        || (dev && k.kind == DependencyKind::Development)
                })
            })
            .filter(|d| !members.contains(&d.pkg) && lib(&d.pkg).is_some())
            .map(|d| (d.name.clone(), d.pkg.clone()))
            .collect()
    };
    // Depth-first post-order: a package after everything it depends on.
    let mut order: Vec<PackageId> = Vec::new();
    let mut index_of: HashMap<PackageId, usize> = HashMap::new();
    let mut visiting: HashSet<PackageId> = HashSet::new();
    let mut roots: Vec<(String, PackageId)> = Vec::new();
    for m in &meta.workspace_members {
        roots.extend(edges(m, true));
    }
    // Members share most of their dependencies.
    roots.sort();
    roots.dedup();
    let mut stack: Vec<(PackageId, bool)> =
        roots.iter().map(|(_, id)| (id.clone(), false)).collect();
    while let Some((id, done)) = stack.pop() {
        if index_of.contains_key(&id) {
            continue;
        }
        if done {
            index_of.insert(id.clone(), order.len());
            order.push(id);
            continue;
        }
        if !visiting.insert(id.clone()) {
            continue;
        }
        stack.push((id.clone(), true));
        for (_, dep) in edges(&id, false) {
            if !index_of.contains_key(&dep) {
                stack.push((dep, false));
            }
        }
    }
    let list = order
        .iter()
        .filter_map(|id| {
            let p = by_id.get(id)?;
            let target = lib(id)?;
            let deps = edges(id, false)
                .into_iter()
                .filter_map(|(name, d)| Some((name, *index_of.get(&d)?)))
                .collect();
            Some(Package {
                id: id.clone(),
                name: p.name.to_string(),
                version: p.version.to_string(),
                crate_name: target.name.replace('-', "_"),
                lib_root: target.src_path.clone().into_std_path_buf(),
                dir: p
                    .manifest_path
                    .parent()
                    .map(|d| d.as_std_path().to_path_buf())
                    .unwrap_or_default(),
                source: p.source.as_ref().map(|s| s.repr.clone()),
                deps,
                features: nodes
                    .get(id)
                    .map(|n| n.features.iter().map(|f| f.to_string()).collect())
                    .unwrap_or_default(),
            })
        })
        .collect::<Vec<_>>();
    let direct = roots
        .into_iter()
        .filter_map(|(name, id)| Some((name, *index_of.get(&id)?)))
        .collect();
    (list, direct)
}
