//! What a type checker knows that syntax cannot tell: the type of a method call's receiver when
//! a pattern, a generic return or a macro hides it (`let Some(user) = find(..).await else`,
//! `req.app_data::<Data<Config>>()`), and which trait a method comes from when two are in scope.
//!
//! The facts are plain data, keyed by where the method's name starts in the file, and asked by
//! the checker only where its own reading of the syntax has no answer; the rules never see where
//! a type came from. rust-analyzer's semantic model fills them in (`load`, behind the `types`
//! feature): the workspace is loaded once, before the files are checked, and asked from `-j`
//! threads, each with its own handle on the database. A dependency's summary asks it too, only
//! about the calls its syntax could not type (see `analysis::deps`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::model::semantic::Ty;

#[cfg(feature = "types")]
mod budget;
#[cfg(feature = "types")]
mod load;
#[cfg(feature = "types")]
mod reach;
#[cfg(feature = "types")]
pub use load::{Model, Options, load};

/// The trait solver's budget for one function (see `budget`), which decides what the typed
/// analysis gives as much as the sources do: the kept facts' and summaries' keys hash it.
pub fn budget() -> u64 {
    #[cfg(feature = "types")]
    return budget::root_goals();
    #[cfg(not(feature = "types"))]
    0
}

/// The loaded workspace, in a build without the typed analysis: there is none to ask.
#[cfg(not(feature = "types"))]
pub enum Model {}

#[cfg(not(feature = "types"))]
impl Model {
    pub fn type_calls(&self, _: &str, _: &Path, _: &[(PathBuf, Vec<u32>)]) -> Option<TypedFacts> {
        match *self {}
    }
}

/// What the type checker said about the run's own files. (Serialisable: a run keeps the
/// workspace's for the next, see `analysis::typed_facts`.)
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct TypedFacts {
    files: HashMap<PathBuf, FileFacts>,
    /// Method calls the checker was asked about, and how many it typed: for `--verbose` and the
    /// book's figures.
    pub asked: usize,
    pub typed: usize,
    /// Functions rust-analyzer gave up on, over the trait solver's budget for one function
    /// (`budget`): their calls keep the syntax's reading.
    #[serde(default)]
    pub given_up: usize,
}

/// One file's facts, by the byte offset where a method call's name starts.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct FileFacts {
    receivers: HashMap<u32, Ty>,
    traits: HashMap<u32, String>,
}

impl TypedFacts {
    pub fn file(&self, path: &Path) -> Option<&FileFacts> {
        self.files.get(path).or_else(|| {
            let canonical = std::fs::canonicalize(path).ok()?;
            self.files.get(&canonical)
        })
    }

    pub fn files(&self) -> usize {
        self.files.len()
    }

    /// The same facts with each file's path passed through `f` (made relative to the
    /// workspace's root to be kept, absolute again when read back).
    pub fn with_paths(self, f: impl Fn(&Path) -> PathBuf) -> TypedFacts {
        TypedFacts {
            files: self
                .files
                .into_iter()
                .map(|(p, facts)| (f(&p), facts))
                .collect(),
            ..self
        }
    }

    /// Adds `other`'s facts, file by file: a dependency's later round may type more calls of a
    /// file an earlier one typed.
    pub fn merge(&mut self, other: TypedFacts) {
        self.asked += other.asked;
        self.typed += other.typed;
        self.given_up += other.given_up;
        for (path, facts) in other.files {
            self.add(path, facts);
        }
    }

    /// Adds one file's facts to those it already has.
    #[cfg_attr(not(feature = "types"), allow(dead_code))]
    fn add(&mut self, path: PathBuf, facts: FileFacts) {
        self.files.entry(path).or_default().extend(facts);
    }
}

impl FileFacts {
    /// Adds `other`'s calls to these (the same file's, typed by another function or round).
    #[cfg_attr(not(feature = "types"), allow(dead_code))]
    fn extend(&mut self, other: FileFacts) {
        self.receivers.extend(other.receivers);
        self.traits.extend(other.traits);
    }

    /// The receiver's type of the method call whose name starts at byte `at`, after the
    /// automatic dereferences the call made (`Arc<Mutex<T>>` then `Mutex<T>` for `.lock()`).
    pub fn receiver(&self, at: u32) -> Option<&Ty> {
        self.receivers.get(&at)
    }

    /// The trait the method call whose name starts at byte `at` resolved to, as the crate
    /// could import it (`diesel_async::RunQueryDsl`); `None` for an inherent method.
    pub fn method_trait(&self, at: u32) -> Option<&str> {
        self.traits.get(&at).map(String::as_str)
    }
}
