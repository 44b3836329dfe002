//! Which files to lint, and which crate unit each belongs to.
//!
//! Two ways in: `cargo blocking-lint` asks `cargo metadata` for the workspace's targets and
//! follows their `mod` items from each target's root (what cargo compiles, no more); paths given
//! on the command line are walked (`.gitignore` honoured) and every `.rs` file is linted, placed
//! in its crate by the nearest `Cargo.toml` and cargo's layout conventions.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde_json::{Value, json};

use crate::model::path::unit_prefix;

/// A package the files belong to, for cargo's JSON messages.
#[derive(Clone, Debug)]
pub struct Package {
    pub id: String,
    pub name: String,
    pub manifest_path: PathBuf,
}

/// A crate target (lib, bin, test, ...): the namespace `crate::` refers to.
#[derive(Clone, Debug)]
pub struct Unit {
    pub package: Option<usize>,
    /// cargo's target object, as `compiler-message` lines carry it.
    pub target: Value,
}

/// A file to analyse and where it sits in its crate.
#[derive(Clone, Debug)]
pub struct Job {
    pub path: PathBuf,
    pub unit: usize,
    /// Module path: `#U` for a crate root, `#U::a::b` below it.
    pub module: String,
    /// Folder where this file's `mod x;` children live.
    pub mod_dir: PathBuf,
    /// The file is test code: a `#[cfg(test)]` module, or in a target of kind test or bench.
    pub in_test: bool,
}

/// Everything discovery found.
#[derive(Debug, Default)]
pub struct Plan {
    pub packages: Vec<Package>,
    pub units: Vec<Unit>,
    pub jobs: Vec<Job>,
    /// Follow `mod x;` declarations to more files (cargo mode).
    pub follow_mods: bool,
    /// Library crate names (as code writes them) to their unit prefix, for cross-crate paths.
    pub crates: HashMap<String, String>,
    /// What file names are shown relative to.
    pub base: PathBuf,
    /// From the configuration: files left out (also when a `mod` item leads to them).
    pub exclude: Option<Exclude>,
    /// From the configuration: more functions whose closure argument runs off the runtime.
    pub offload: Vec<String>,
    /// From the configuration: more blocking functions, each under a rule.
    pub blocking: Vec<crate::knowledge::configured::Blocking>,
    /// `--include-tests`: lint test code as if it were the product.
    pub include_tests: bool,
    /// What the dependencies' summaries found blocking (empty with `--no-deps` or in PATH mode).
    pub deps: std::sync::Arc<crate::model::dependencies::Index>,
    /// This plan is one dependency being summarised (see `deps`): what blocks only on an error
    /// path or in `Drop` is not a blocking call, and every function's path is kept.
    pub deps_mode: bool,
    /// The toolchain cargo was run with instead of the one the project pins, which is not
    /// installed here (see [`from_cargo`]); later cargo commands of the run use it too.
    pub toolchain: Option<String>,
    /// With `deps_mode`: the features cargo's resolve enables for the dependency.
    pub features: Option<Vec<String>>,
    /// With `deps_mode`: keep the method calls of sync functions, for rust-analyzer to type
    /// (`FileSummary::sync_method_calls`).
    pub keep_method_calls: bool,
    /// What rust-analyzer said of the workspace's method calls (`--types`, cargo mode).
    pub typed: Option<std::sync::Arc<crate::model::typed::TypedFacts>>,
}

/// `cargo blocking-lint`: every target of every workspace member, and cargo's metadata of the
/// workspace (without dependencies: `deps` asks for those only when its cache cannot answer).
pub fn from_cargo(manifest_path: Option<&Path>) -> Result<(Plan, cargo_metadata::Metadata)> {
    let metadata = |toolchain: Option<&str>| {
        let mut cmd = cargo_metadata::MetadataCommand::new();
        cmd.no_deps();
        if let Some(m) = manifest_path {
            cmd.manifest_path(m);
        }
        if let Some(t) = toolchain {
            cmd.env("RUSTUP_TOOLCHAIN", t);
        }
        cmd.exec()
    };
    let (meta, toolchain) = match metadata(None) {
        Ok(meta) => (meta, None),
        // A project that pins a toolchain this machine does not have (`rust-toolchain.toml`):
        // reading its metadata needs no particular compiler, so the default one reads it, and
        // the run says so.
        Err(e) if toolchain_missing(&format!("{e:#}")) => match default_toolchain() {
            Some(default) => match metadata(Some(&default)) {
                Ok(meta) => (meta, Some(default)),
                Err(_) => return Err(e).context("`cargo metadata` failed"),
            },
            None => return Err(e).context("`cargo metadata` failed"),
        },
        Err(e) => return Err(e).context("`cargo metadata` failed"),
    };
    let mut plan = from_metadata(&meta);
    plan.toolchain = toolchain;
    Ok((plan, meta))
}

/// rustup's words for a pinned toolchain that is not installed.
fn toolchain_missing(cargo_said: &str) -> bool {
    cargo_said.contains("toolchain '") && cargo_said.contains("is not installed")
}

/// rustup's default toolchain (`stable-x86_64-unknown-linux-gnu`), when rustup is there.
fn default_toolchain() -> Option<String> {
    let out = std::process::Command::new("rustup")
        .arg("default")
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let name = text.split_whitespace().next()?;
    (out.status.success() && !name.is_empty()).then(|| name.to_string())
}

/// cargo's (or rustup's) words of a failed `cargo metadata`, without the stack backtrace that
/// rustup appends under `RUST_BACKTRACE` (a pinned toolchain that is not installed): a warning
/// the user reads, not a page of frames.
pub fn cargo_words(text: &str) -> &str {
    text.split("Stack backtrace:")
        .next()
        .unwrap_or(text)
        .trim_end_matches([':', ' ', '\n'])
}

/// Workspace members the other members use only for their tests: every member that depends on
/// one does so as a dev-dependency, or as an optional dependency only features named for tests
/// enable (test fakes, fixtures, load generators). Their code is test code, as an integration
/// test's is. A member no other member depends on is a program or library of its own, and
/// stays checked.
fn test_support_members(meta: &cargo_metadata::Metadata) -> std::collections::HashSet<String> {
    use cargo_metadata::DependencyKind;
    let members = meta.workspace_packages();
    let names: std::collections::HashSet<&str> = members.iter().map(|p| p.name.as_str()).collect();
    let mut for_tests = std::collections::HashSet::new();
    let mut otherwise = std::collections::HashSet::new();
    for pkg in &members {
        for dep in pkg
            .dependencies
            .iter()
            .filter(|d| names.contains(d.name.as_str()))
        {
            let used_as = dep.rename.as_deref().unwrap_or(&dep.name);
            // The features that turn an optional dependency on: `dep:x`, `x`, or `x/feature`.
            let enabled_by_tests_only = dep.optional
                && pkg.features.iter().all(|(feature, enables)| {
                    crate::analysis::contexts::feature_is_for_tests(feature)
                        || !enables.iter().any(|e| {
                            let e = e.strip_prefix("dep:").unwrap_or(e);
                            e == used_as || e.split('/').next() == Some(used_as)
                        })
                });
            if dep.kind == DependencyKind::Development || enabled_by_tests_only {
                for_tests.insert(dep.name.to_string());
            } else {
                otherwise.insert(dep.name.to_string());
            }
        }
    }
    for_tests.retain(|name| !otherwise.contains(name));
    for_tests
}

fn from_metadata(meta: &cargo_metadata::Metadata) -> Plan {
    let test_support = test_support_members(meta);
    let mut plan = Plan {
        follow_mods: true,
        base: meta.workspace_root.clone().into_std_path_buf(),
        ..Plan::default()
    };
    for pkg in meta.workspace_packages() {
        let pkg_index = plan.packages.len();
        plan.packages.push(Package {
            id: pkg.id.repr.clone(),
            name: pkg.name.to_string(),
            manifest_path: pkg.manifest_path.clone().into_std_path_buf(),
        });
        for target in &pkg.targets {
            let unit = plan.units.len();
            plan.units.push(Unit {
                package: Some(pkg_index),
                target: serde_json::to_value(target).unwrap_or(Value::Null),
            });
            if target.is_lib() || target.is_proc_macro() {
                plan.crates
                    .insert(target.name.replace('-', "_"), unit_prefix(unit));
            }
            let path = target.src_path.clone().into_std_path_buf();
            let mod_dir = path.parent().map(PathBuf::from).unwrap_or_default();
            // Integration tests and benches (and every module they reach) are test code.
            // So is a member the others use only for their tests.
            let in_test = target.is_kind(cargo_metadata::TargetKind::Test)
                || target.is_kind(cargo_metadata::TargetKind::Bench)
                || test_support.contains(pkg.name.as_str());
            plan.jobs.push(Job {
                path,
                unit,
                module: unit_prefix(unit),
                mod_dir,
                in_test,
            });
        }
    }
    plan
}

/// The `Cargo.toml` files one or two folders below `folder` (a repository whose workspace is
/// in a subfolder), for a hint when there is none at or above it.
pub fn nested_manifests(folder: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(folder)
        .max_depth(Some(3))
        .build()
        .flatten()
        .filter(|e| e.depth() > 0 && e.file_name() == "Cargo.toml")
        .map(|e| e.into_path())
        .collect();
    found.sort();
    found.truncate(5);
    found
}

/// `cargo-blocking-lint PATH...`: the given files, and every `.rs` file under the given folders.
pub fn from_paths(paths: &[PathBuf]) -> Result<Plan> {
    let mut plan = Plan {
        base: std::env::current_dir().unwrap_or_default(),
        ..Plan::default()
    };
    let mut files = Vec::new();
    for p in paths {
        if !p.exists() {
            anyhow::bail!("no such file or directory: {}", p.display());
        }
        if p.is_file() {
            files.push(p.clone());
            continue;
        }
        for entry in ignore::WalkBuilder::new(p).build() {
            let entry = entry.with_context(|| format!("cannot walk {}", p.display()))?;
            let path = entry.path();
            if entry.file_type().is_some_and(|t| t.is_file())
                && path.extension().is_some_and(|e| e == "rs")
            {
                files.push(path.to_path_buf());
            }
        }
    }
    files.sort();
    files.dedup();
    let mut manifests: HashMap<PathBuf, Option<usize>> = HashMap::new();
    let mut units: HashMap<(Option<usize>, String), usize> = HashMap::new();
    let mut test_modules = TestModules::default();
    for file in files {
        let package = package_of(&file, &mut manifests, &mut plan);
        let mut test_module = false;
        let (unit_name, module_segs, mod_dir) = match package {
            Some(pkg) => {
                let dir = plan.packages[pkg]
                    .manifest_path
                    .parent()
                    .map(PathBuf::from)
                    .unwrap_or_default();
                let rel = file.strip_prefix(&dir).unwrap_or(&file).to_path_buf();
                test_module = test_modules.declares(&dir, &rel);
                conventional_place(&rel, &dir)
            }
            None => (
                file.display().to_string(),
                Vec::new(),
                file.parent().map(PathBuf::from).unwrap_or_default(),
            ),
        };
        let unit = *units
            .entry((package, unit_name.clone()))
            .or_insert_with(|| {
                let unit = plan.units.len();
                let name = unit_name
                    .rsplit('/')
                    .next()
                    .unwrap_or(&unit_name)
                    .trim_end_matches(".rs");
                let kind = unit_name.split('/').next().unwrap_or("lib");
                let (kind, crate_name) = match (kind, package) {
                    ("lib", Some(p)) => ("lib", plan.packages[p].name.replace('-', "_")),
                    ("bin", _) => ("bin", name.to_string()),
                    ("tests", _) => ("test", name.to_string()),
                    ("examples", _) => ("example", name.to_string()),
                    ("benches", _) => ("bench", name.to_string()),
                    ("build", _) => ("custom-build", "build-script-build".to_string()),
                    _ => ("lib", name.replace('-', "_")),
                };
                if kind == "lib"
                    && let Some(p) = package
                {
                    plan.crates
                        .insert(plan.packages[p].name.replace('-', "_"), unit_prefix(unit));
                }
                plan.units.push(Unit {
                    package,
                    target: json!({
                        "kind": [kind],
                        "crate_types": [if kind == "lib" { "lib" } else { "bin" }],
                        "name": crate_name,
                        "src_path": file.display().to_string(),
                        "edition": "2024",
                        "doctest": kind == "lib",
                        "test": true,
                    }),
                });
                unit
            });
        let mut module = unit_prefix(unit);
        for seg in module_segs {
            module.push_str("::");
            module.push_str(&seg);
        }
        // Integration tests and benches are test code; so, outside any package, is what sits in
        // a `tests/` or `benches/` folder.
        let kind = plan.units[unit].target["kind"][0].as_str();
        let in_test = matches!(kind, Some("test" | "bench"))
            || test_module
            || (package.is_none()
                && file
                    .components()
                    .any(|c| matches!(c.as_os_str().to_str(), Some("tests" | "benches"))));
        plan.jobs.push(Job {
            path: file,
            unit,
            module,
            mod_dir,
            in_test,
        });
    }
    Ok(plan)
}

/// Which folders under a package's `tests/` and `benches/` are modules of its test targets
/// (`tests/common/mod.rs`, declared by `mod common;` in `tests/api.rs`), read once per folder.
/// A folder that no target declares stays a crate of its own, as compile-test fixtures are.
#[derive(Default)]
struct TestModules {
    seen: HashMap<PathBuf, bool>,
}

impl TestModules {
    /// Whether `rel` (relative to the package folder `pkg_dir`) sits in such a folder.
    fn declares(&mut self, pkg_dir: &Path, rel: &Path) -> bool {
        let mut parts = rel.iter().filter_map(|c| c.to_str());
        let (Some(kind @ ("tests" | "benches")), Some(dir), Some(_)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return false;
        };
        let folder = pkg_dir.join(kind).join(dir);
        *self.seen.entry(folder).or_insert_with(|| {
            let declaration = format!("mod {dir};");
            std::fs::read_dir(pkg_dir.join(kind))
                .into_iter()
                .flatten()
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|e| e == "rs"))
                .any(|target| {
                    std::fs::read_to_string(target).is_ok_and(|text| text.contains(&declaration))
                })
        })
    }
}

/// The package whose `Cargo.toml` is nearest above `file`, registered on first sight.
fn package_of(
    file: &Path,
    cache: &mut HashMap<PathBuf, Option<usize>>,
    plan: &mut Plan,
) -> Option<usize> {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if let Some(found) = cache.get(d) {
            return *found;
        }
        let manifest = d.join("Cargo.toml");
        if manifest.is_file() {
            let found = read_package(&manifest).map(|(name, version)| {
                let abs = std::fs::canonicalize(d).unwrap_or_else(|_| d.to_path_buf());
                plan.packages.push(Package {
                    // The form cargo itself uses for path packages.
                    id: format!("path+file://{}#{name}@{version}", abs.display()),
                    name,
                    manifest_path: manifest.clone(),
                });
                plan.packages.len() - 1
            });
            cache.insert(d.to_path_buf(), found);
            // A virtual manifest (a workspace root) is no package: files above members are loose.
            return found;
        }
        dir = d.parent();
    }
    None
}

/// `[package]` name and version (a workspace-inherited or missing version reads as 0.0.0).
fn read_package(manifest: &Path) -> Option<(String, String)> {
    let text = std::fs::read_to_string(manifest).ok()?;
    let table: toml::Table = text.parse().ok()?;
    let package = table.get("package")?;
    let name = package.get("name")?.as_str()?;
    let version = package
        .get("version")
        .and_then(|v| v.as_str())
        .unwrap_or("0.0.0");
    Some((name.to_string(), version.to_string()))
}

/// Unit name, module path and `mod` folder of a file at `rel` inside its package, by cargo's
/// layout conventions (`src/lib.rs` and `src/main.rs` are roots, `src/a/b.rs` is `a::b`, each
/// `tests/x.rs` is a crate of its own, ...).
fn conventional_place(rel: &Path, pkg_dir: &Path) -> (String, Vec<String>, PathBuf) {
    let parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let abs_dir = pkg_dir
        .join(rel)
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default();
    let stem = |s: &str| s.trim_end_matches(".rs").to_string();
    let strs: Vec<&str> = parts.iter().map(String::as_str).collect();
    // Modules below a root: drop `mod.rs`, strip `.rs`.
    let modules = |segs: &[&str]| -> Vec<String> {
        let mut out: Vec<String> = segs.iter().map(|s| stem(s)).collect();
        if out.last().is_some_and(|l| l == "mod") {
            out.pop();
        }
        out
    };
    let is_root = |name: &str| name == "main.rs" || name == "lib.rs" || name == "mod.rs";
    let mod_dir_of = |segs: &[&str]| -> PathBuf {
        match segs.last() {
            Some(last) if is_root(last) => abs_dir.clone(),
            Some(last) => abs_dir.join(stem(last)),
            None => abs_dir.clone(),
        }
    };
    match strs.as_slice() {
        ["build.rs"] => ("build".into(), Vec::new(), abs_dir.clone()),
        ["src", "lib.rs"] | ["src", "main.rs"] => ("lib".into(), Vec::new(), abs_dir.clone()),
        ["src", "bin", file] => (
            format!("bin/{}", stem(file)),
            Vec::new(),
            abs_dir.join(stem(file)),
        ),
        ["src", "bin", dir, rest @ ..] => {
            let segs = if rest == ["main.rs"] {
                Vec::new()
            } else {
                modules(rest)
            };
            (format!("bin/{dir}"), segs, mod_dir_of(rest))
        }
        ["src", rest @ ..] => ("lib".into(), modules(rest), mod_dir_of(rest)),
        [kind @ ("tests" | "examples" | "benches"), file] => (
            format!("{kind}/{}", stem(file)),
            Vec::new(),
            abs_dir.join(stem(file)),
        ),
        // A file in a folder with no `main.rs` is no module of anything cargo builds: a crate
        // of its own (as fixtures and snippets are).
        [kind @ ("tests" | "examples" | "benches"), dir, ..]
            if !pkg_dir.join(kind).join(dir).join("main.rs").is_file() =>
        {
            (
                format!("other/{}", rel.display()),
                Vec::new(),
                abs_dir.clone(),
            )
        }
        [kind @ ("tests" | "examples" | "benches"), dir, rest @ ..] => {
            let segs = if rest == ["main.rs"] {
                Vec::new()
            } else {
                modules(rest)
            };
            (format!("{kind}/{dir}"), segs, mod_dir_of(rest))
        }
        _ => (
            format!("other/{}", rel.display()),
            Vec::new(),
            abs_dir.clone(),
        ),
    }
}

/// How a file is named in diagnostics: relative to `base` when below it.
pub fn display_name(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.display().to_string()
}

/// `$CARGO_HOME`, or `~/.cargo`: where the registry's sources are unpacked, the corpus the
/// robustness test and the benchmark read.
pub fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
}

/// The `exclude` globs and the folder they are relative to.
#[derive(Clone, Debug)]
pub struct Exclude {
    pub root: PathBuf,
    pub set: globset::GlobSet,
}

impl Exclude {
    /// Whether `path` (absolute, or relative to the current directory) is excluded.
    pub fn matches(&self, path: &Path) -> bool {
        let abs = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(path)
        };
        abs.strip_prefix(&self.root)
            .is_ok_and(|rel| self.set.is_match(rel))
    }
}

#[cfg(test)]
mod tests {
    use super::cargo_words;

    #[test]
    fn cargo_words_drop_rustups_backtrace() {
        let rustup = "toolchain '1.98.0-x86_64-unknown-linux-gnu' is not installed: help: run \
                      `rustup toolchain install` to install it: Stack backtrace:: 0: anyhow::\
                      error::<impl core::convert::From<E> for anyhow::Error>::from: 1: main";
        assert_eq!(
            cargo_words(rustup),
            "toolchain '1.98.0-x86_64-unknown-linux-gnu' is not installed: help: run \
             `rustup toolchain install` to install it"
        );
        let plain = "error: failed to parse manifest at `/w/Cargo.toml`\n\nCaused by:\n  bad";
        assert_eq!(cargo_words(plain), plain);
    }
}
