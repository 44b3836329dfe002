//! What the dependencies' summaries know, as data: which public sync functions of a dependency
//! reach a blocking call (with the chain inside it) and what its functions return. Built by
//! `analysis::deps`, cached as JSON, and consulted by the rules through [`Index`].

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// One step of a chain inside a dependency: `caller` calls `callee` at `file:line`, with `file`
/// relative to the package's folder (`src/transport/smtp/mod.rs`), as cargo unpacked it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepStep {
    /// `lettre 0.11.4`.
    pub package: String,
    pub caller: String,
    pub callee: String,
    pub file: String,
    pub line: u32,
}

/// A function of a dependency that blocks, as its summary keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Export {
    /// Paths below the crate root that name it: where it is defined first, then the paths of
    /// the crate's re-exports of it or of its type (`SmtpTransport::send`).
    pub paths: Vec<String>,
    /// Its last segments (`SmtpTransport::send`, `dotenv`) when no other function of the crate
    /// ends the same way: a path through a re-export the summary did not follow still finds it.
    pub tail: Option<String>,
    /// The rule of the blocking call at the end of the chain (`net`).
    pub rule: String,
    /// That call (`std::net::TcpStream::connect`).
    pub root: String,
    /// The calls from this function down to it, across crates when it goes through another
    /// dependency's function.
    pub steps: Vec<DepStep>,
}

/// What one dependency's summary holds (cached in `target/blocking-lint/deps/`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Summary {
    pub exports: Vec<Export>,
    /// What its functions return, when that is one of its own types (or a file, socket or
    /// process of std's): `(path below the crate root, tail if unique, type)`, with the crate's
    /// own paths written `#0::..`. A caller's `let t = Transport::new(h); t.send(..)` needs it
    /// to know what `t` is.
    pub returns: Vec<(String, Option<String>, crate::model::semantic::Ty)>,
    /// Files read, and of them those that did not parse (skipped: a dependency's file that syn
    /// cannot read costs reach, never the run).
    pub files: usize,
    pub unparsed: usize,
}

/// A blocking function of a dependency, as a call finds it.
#[derive(Debug)]
pub struct BlockingExport {
    /// `lettre 0.11.4`.
    pub package: String,
    pub export: Export,
}

/// The blocking functions of the dependencies one crate uses, by the paths that crate writes.
#[derive(Debug, Default)]
pub struct Index {
    by_path: HashMap<String, Arc<BlockingExport>>,
    by_tail: HashMap<String, Arc<BlockingExport>>,
    /// Return types of the dependencies' functions, by path and by unique tail.
    returns: HashMap<String, crate::model::semantic::Ty>,
    returns_by_tail: HashMap<String, crate::model::semantic::Ty>,
}

impl Index {
    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    /// The entry a resolved path names (`lettre::SmtpTransport::send`): by one of its paths,
    /// else by the crate and its unique last segments.
    pub fn find(&self, path: &str) -> Option<&Arc<BlockingExport>> {
        if let Some(e) = self.by_path.get(path) {
            return Some(e);
        }
        let (krate, tail) = crate::model::path::tail(path)?;
        self.by_tail.get(&format!("{krate}::{tail}"))
    }

    /// What a dependency's function returns (`lettre::SmtpTransport::relay`), by path or by
    /// the crate and its unique last segments.
    pub fn returns(&self, path: &str) -> Option<&crate::model::semantic::Ty> {
        if let Some(t) = self.returns.get(path) {
            return Some(t);
        }
        let (krate, tail) = crate::model::path::tail(path)?;
        self.returns_by_tail.get(&format!("{krate}::{tail}"))
    }

    /// Adds a dependency's summary under the name the crate uses for it (`extern`).
    pub fn add(&mut self, extern_name: &str, package: &str, summary: &Summary) {
        let unit = crate::model::path::unit_prefix(0);
        for (path, tail, ty) in &summary.returns {
            let ty = ty.rebased(&unit, extern_name);
            if let Some(t) = tail {
                self.returns_by_tail
                    .entry(format!("{extern_name}::{t}"))
                    .or_insert_with(|| ty.clone());
            }
            self.returns
                .entry(format!("{extern_name}::{path}"))
                .or_insert(ty);
        }
        for export in &summary.exports {
            let entry = Arc::new(BlockingExport {
                package: package.to_string(),
                export: export.clone(),
            });
            for p in &export.paths {
                self.by_path
                    .entry(format!("{extern_name}::{p}"))
                    .or_insert_with(|| entry.clone());
            }
            if let Some(t) = &export.tail {
                self.by_tail
                    .entry(format!("{extern_name}::{t}"))
                    .or_insert_with(|| entry.clone());
            }
        }
    }

    /// The last segment of each blocking function's paths: the method names a call must have
    /// to be one of them.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.by_path
            .keys()
            .map(|p| crate::model::path::DefPath::new(p).name())
    }

    pub fn len(&self) -> usize {
        self.by_path.len()
    }
}
