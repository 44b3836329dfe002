//! The configuration file: `blocking-lint.toml` at the workspace root, or the table
//! `[workspace.metadata.blocking-lint]` of the root `Cargo.toml` (both at once is an error).
//! Read strictly: an unknown key, rule name or level is an error naming the key and the file,
//! never a silent default. The result is data for `levels` and the engine; it names rules only
//! through `levels::validate`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::analysis::discover::Exclude;
use crate::knowledge::configured::Blocking;
use crate::model::path::DefPath;
use crate::rules::Level;
use crate::rules::levels::{self, Levels};

pub const FILE_NAME: &str = "blocking-lint.toml";

/// What the file says, checked.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Where it was read from, as shown in messages (`blocking-lint.toml`, or
    /// `Cargo.toml [workspace.metadata.blocking-lint]`).
    pub source: String,
    /// The same, without the directory, for notes under findings.
    pub short: String,
    /// `(level, selector)`: the whole group first, then single rules.
    pub levels: Vec<(Level, String)>,
    /// `handlers = "warn"`: the default level of findings in request handlers (deny without it).
    pub handlers: Option<Level>,
    /// Functions whose closure argument runs off the runtime, as written (`my_crate::run_blocking`).
    pub offload: Vec<String>,
    /// `[[blocking]]` entries, each reported under the rule it names.
    pub blocking: Vec<Blocking>,
    /// Files left out, by glob relative to the configuration's folder.
    pub exclude: Option<Exclude>,
}

impl Config {
    /// Levels from the configuration file, below the command line's.
    pub fn levels(&self) -> Levels {
        let entries = self
            .levels
            .iter()
            .map(|(l, sel)| {
                let entry = format!("`{sel} = \"{}\"` in {}", l.as_str(), self.short);
                (*l, sel.clone(), entry)
            })
            .collect();
        let handlers = self.handlers.map(|l| {
            let entry = format!("`handlers = \"{}\"` in {}", l.as_str(), self.short);
            (l, entry)
        });
        Levels {
            config: entries,
            handlers,
            overrides: Vec::new(),
        }
    }
}

/// A path as the file may write it: `ident::ident`, at least two segments.
fn valid_path(p: &str) -> bool {
    let segs: Vec<&str> = DefPath::new(p).segments().collect();
    segs.len() >= 2
        && segs.iter().all(|s| {
            let mut chars = s.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
                && *s != "_"
        })
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    levels: BTreeMap<String, RawLevel>,
    #[serde(default)]
    offload: Vec<String>,
    #[serde(default)]
    blocking: Vec<Blocking>,
    #[serde(default)]
    exclude: Vec<String>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawLevel {
    Allow,
    Warn,
    Deny,
}

impl From<RawLevel> for Level {
    fn from(l: RawLevel) -> Level {
        match l {
            RawLevel::Allow => Level::Allow,
            RawLevel::Warn => Level::Warn,
            RawLevel::Deny => Level::Deny,
        }
    }
}

/// Only what we read of a `Cargo.toml`: unknown keys there belong to cargo.
#[derive(Debug, Default, Deserialize)]
struct Manifest {
    #[serde(default)]
    workspace: Option<ManifestWorkspace>,
}

#[derive(Debug, Default, Deserialize)]
struct ManifestWorkspace {
    #[serde(default)]
    metadata: Option<ManifestMetadata>,
}

#[derive(Debug, Default, Deserialize)]
struct ManifestMetadata {
    #[serde(rename = "blocking-lint", default)]
    blocking_lint: Option<toml::Value>,
}

/// The directory PATH mode reads the configuration from: the current directory or its nearest
/// ancestor holding a `blocking-lint.toml`, or a `Cargo.toml` with the metadata table.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|d| d.join(FILE_NAME).is_file() || manifest_table(d).ok().flatten().is_some())
        .map(Path::to_path_buf)
}

fn manifest_table(dir: &Path) -> Result<Option<toml::Value>> {
    let path = dir.join("Cargo.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(None);
    };
    let m: Manifest =
        toml::from_str(&text).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(m.workspace
        .and_then(|w| w.metadata)
        .and_then(|m| m.blocking_lint))
}

/// Reads the configuration of the workspace rooted at `root`; none is an empty one.
pub fn load(root: &Path) -> Result<Config> {
    let file = root.join(FILE_NAME);
    let table = manifest_table(root)?;
    let manifest_name = format!(
        "{} [workspace.metadata.blocking-lint]",
        root.join("Cargo.toml").display()
    );
    match (file.is_file(), table) {
        (true, Some(_)) => bail!(
            "configuration in both {} and {manifest_name}; keep one",
            file.display()
        ),
        (true, None) => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let source = file.display().to_string();
            let raw: Raw = toml::from_str(&text)
                .map_err(|e| anyhow::anyhow!("in {source}: {}", e.to_string().trim_end()))?;
            check(raw, root, source, FILE_NAME.into())
        }
        (false, Some(value)) => {
            let raw = Raw::deserialize(value)
                .map_err(|e| anyhow::anyhow!("in {manifest_name}: {}", e.to_string().trim_end()))?;
            check(
                raw,
                root,
                manifest_name,
                "Cargo.toml [workspace.metadata.blocking-lint]".into(),
            )
        }
        (false, None) => Ok(Config::default()),
    }
}

fn check(raw: Raw, root: &Path, source: String, short: String) -> Result<Config> {
    let mut levels = Vec::new();
    let mut handlers = None;
    for (name, level) in raw.levels {
        if name == "handlers" {
            handlers = Some(level.into());
            continue;
        }
        if name == "warnings" {
            bail!(
                "in {source}: `levels.warnings`: set `warnings` on the command line (`-D warnings`); the file takes rule names and `blocking`"
            );
        }
        levels::validate(&name)
            .map_err(|e| anyhow::anyhow!("in {source}: `levels.{name}`: {e}; or `handlers`"))?;
        levels.push((level.into(), name));
    }
    // A table has no order: the group goes first so a single rule's entry wins over it.
    levels.sort_by_key(|(_, n)| !(n == "blocking" || n == "blocking::all"));
    for (i, p) in raw.offload.iter().enumerate() {
        if !valid_path(p) {
            bail!(
                "in {source}: `offload[{i}]`: `{p}` is not a path such as `my_crate::run_blocking`"
            );
        }
    }
    for (i, b) in raw.blocking.iter().enumerate() {
        if !valid_path(&b.path) {
            bail!(
                "in {source}: `blocking[{i}].path`: `{}` is not a path such as `my_sdk::Client::fetch`",
                b.path
            );
        }
        if crate::rules::find(&b.rule).is_none() {
            let names: Vec<String> = crate::rules::REGISTRY.iter().map(|r| r.code()).collect();
            bail!(
                "in {source}: `blocking[{i}].rule`: unknown rule `{}`; known rules: {}",
                b.rule,
                names.join(", ")
            );
        }
    }
    let exclude = if raw.exclude.is_empty() {
        None
    } else {
        let mut set = globset::GlobSetBuilder::new();
        for (i, g) in raw.exclude.iter().enumerate() {
            // `*` stays within a folder and `**` crosses them, as in .gitignore.
            let glob = globset::GlobBuilder::new(g)
                .literal_separator(true)
                .build()
                .map_err(|e| anyhow::anyhow!("in {source}: `exclude[{i}]`: {e}"))?;
            set.add(glob);
        }
        Some(Exclude {
            root: root.to_path_buf(),
            set: set.build()?,
        })
    };
    Ok(Config {
        source,
        short,
        levels,
        handlers,
        offload: raw.offload,
        blocking: raw.blocking,
        exclude,
    })
}
