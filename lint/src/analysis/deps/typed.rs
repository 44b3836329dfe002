//! A dependency's summary with rust-analyzer's types: which of its calls are worth asking about,
//! and the asking. The crate's first reading (the syntax alone) keeps the method calls of its
//! sync functions; those whose name could make them blocking are typed, and the crate is read
//! again with the facts, in rounds while typing makes more of its own functions blocking (see
//! [`read_with_types`]).

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use super::Package;
use crate::analysis::discover::Plan;
use crate::analysis::engine::Analysed;
use crate::analysis::transitive::{SyncChain, sync_chains};
use crate::knowledge::blocking::{self, Family};
use crate::model::path::DefPath;
use crate::model::typed::{Model, TypedFacts};

/// Rounds of typing a dependency gets at most. Each is a reading of the crate; a chain of own
/// functions that each block only once the one below is typed is rarely deeper than two.
const ROUNDS: usize = 4;

/// The crate read again with rust-analyzer's types for the calls of the first reading `a` that
/// are worth typing (`chains` are its blocking functions). A call becomes worth typing when its
/// method's name is that of one of the crate's own blocking functions, and typing can make more
/// of those (`let Some(f) = self.file.as_ref() else ..; f.sync_all()` makes `seal` one): so
/// the calls named after the new ones are typed in another round, and the crate read again,
/// until no new name comes (or [`ROUNDS`]). Without anything worth typing, or when
/// rust-analyzer failed on it, the syntax's reading stands.
pub(super) fn read_with_types(
    model: &Model,
    p: &Package,
    plan: &mut Plan,
    mut a: Analysed,
    mut chains: Vec<SyncChain>,
) -> (Analysed, Vec<SyncChain>) {
    // The crate's own names already asked about, in the rounds before.
    let mut asked: HashSet<String> = HashSet::new();
    for round in 0..ROUNDS {
        let own: HashSet<String> = chains
            .iter()
            .map(|c| DefPath::new(&c.key).name().to_string())
            .collect();
        let names = Names::new(own.iter().map(String::as_str), plan, p);
        let earlier = (round > 0).then(|| Names::new(asked.iter().map(String::as_str), plan, p));
        let Some(more) = typed_calls(model, p, &a, |name| {
            names.worth_typing(name) && !earlier.as_ref().is_some_and(|e| e.worth_typing(name))
        }) else {
            break;
        };
        asked.extend(own);
        // The reading is over and holds no other handle on the facts: no copy is made.
        let mut facts = plan
            .typed
            .take()
            .map(Arc::unwrap_or_clone)
            .unwrap_or_default();
        facts.merge(more);
        plan.typed = Some(Arc::new(facts));
        a = super::analyse(plan);
        chains = sync_chains(&a.summaries, &a.known);
    }
    (a, chains)
}

/// rust-analyzer's types for the calls of the reading `a` whose method name is `worth` typing,
/// or `None` when there are none (or it failed, or typed none of them).
fn typed_calls(
    model: &Model,
    p: &Package,
    a: &Analysed,
    worth: impl Fn(&str) -> bool,
) -> Option<TypedFacts> {
    let mut wanted: Vec<(PathBuf, Vec<u32>)> = Vec::new();
    for s in &a.summaries {
        let at: Vec<u32> = s
            .sync_method_calls
            .iter()
            .filter(|(_, name)| worth(name))
            .map(|(at, _)| *at)
            .collect();
        if !at.is_empty() {
            wanted.push((a.outcome.files[s.file].path.clone(), at));
        }
    }
    if wanted.is_empty() {
        return None;
    }
    let facts = model.type_calls(&p.crate_name, &p.lib_root, &wanted)?;
    (facts.typed > 0).then_some(facts)
}

/// The method names a dependency's untyped call may matter under: the catalog's methods (but
/// CPU work's, no root here), the configured ones, the dependencies' and the crate's own
/// blocking functions; any name at all in a crate that uses a database driver, whose
/// connections block in nearly every method.
struct Names<'a> {
    /// The package's own names; the catalog's are in [`CATALOG_NAMES`].
    names: HashSet<&'a str>,
    any: bool,
}

/// The catalog's method names ([`method_names`] but CPU work's), the same for every package:
/// made once, not for each of a workspace's hundreds.
static CATALOG_NAMES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| method_names(Family::Cpu).collect());

/// The crates whose types block in nearly every method ([`crates_blocking_in_any_method`]).
static BLOCKING_IN_ANY_METHOD: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| crates_blocking_in_any_method().collect());

impl<'a> Names<'a> {
    fn new(own: impl Iterator<Item = &'a str>, plan: &'a Plan, p: &Package) -> Names<'a> {
        let names = own
            .chain(plan.deps.names())
            .chain(plan.blocking.iter().map(|b| DefPath::new(&b.path).name()))
            .collect();
        let any = p
            .deps
            .iter()
            .any(|(name, _)| BLOCKING_IN_ANY_METHOD.contains(name.as_str()));
        Names { names, any }
    }

    fn worth_typing(&self, name: &str) -> bool {
        self.any || CATALOG_NAMES.contains(name) || self.names.contains(name)
    }
}

/// The method names the catalog's entries name, but those of the family `except`, with the
/// lists the rules read beside it (a path's, a buffered reader's, a decoder's, diesel's
/// queries): what a method call must be called to be one of them, whatever its receiver. A
/// type's associated function counts (`std::path::Path::exists` is called `p.exists()`), a
/// free function not. Names a rule finds without the receiver's type (`blocking_recv`) need
/// not be here.
fn method_names(except: Family) -> impl Iterator<Item = &'static str> {
    let lists: &[(Family, &[&str])] = &[
        (Family::Fs, blocking::PATH_METHODS),
        (Family::Fs, blocking::BUFFERED_METHODS),
        (Family::Fs, blocking::DECODER_METHODS),
        (Family::Database, blocking::DIESEL_QUERY_METHODS),
    ];
    let listed = lists
        .iter()
        .filter(move |(family, _)| *family != except)
        .flat_map(|(_, names)| names.iter().copied());
    blocking::CATALOG
        .iter()
        .filter(move |a| a.family != except)
        .flat_map(|a| match a.calls {
            blocking::Calls::Methods { named, .. } => named.to_vec(),
            blocking::Calls::Fns(paths) => paths
                .iter()
                .filter_map(|p| {
                    let (owner, name) = DefPath::new(p).split_last()?;
                    owner
                        .name()
                        .starts_with(|c: char| c.is_ascii_uppercase())
                        .then_some(name)
                })
                .collect(),
            blocking::Calls::MethodsExcept { .. } => Vec::new(),
        })
        .chain(listed)
}

/// The crates whose types block in every method but a few (database connections): a call of
/// any name may be one of them in code that uses these crates.
fn crates_blocking_in_any_method() -> impl Iterator<Item = &'static str> {
    blocking::CATALOG
        .iter()
        .flat_map(|a| match a.calls {
            blocking::Calls::MethodsExcept { on, .. } => on,
            blocking::Calls::Fns(_) | blocking::Calls::Methods { .. } => &[],
        })
        .map(|path| DefPath::new(path).krate())
}

#[cfg(test)]
mod tests {
    use super::{crates_blocking_in_any_method, method_names};
    use crate::knowledge::blocking::Family;
    use crate::model::path::DefPath;

    /// Every method the UI cases find on a typed receiver (`std::path::PathBuf::exists`) is
    /// one a dependency's summary asks rust-analyzer about: a name the rules know and the list
    /// does not would never be typed in a dependency.
    #[test]
    fn every_method_found_on_a_type_is_worth_typing() {
        let names: std::collections::HashSet<&str> = method_names(Family::Cpu).collect();
        let ui = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
        let mut checked = 0;
        let mut missing = Vec::new();
        for entry in std::fs::read_dir(ui).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "stderr") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for block in text.split("blocking call to `").skip(1) {
                let callee = block.split('`').next().unwrap();
                // CPU work is no root in a dependency; `block_on` is found whatever the type.
                let block = block.split("\n\n").next().unwrap();
                if block.contains("blocking::cpu") || block.contains("blocking::block_on") {
                    continue;
                }
                let Some((owner, name)) = DefPath::new(callee).split_last() else {
                    continue;
                };
                if !owner.name().starts_with(|c: char| c.is_ascii_uppercase())
                    || crates_blocking_in_any_method().any(|c| c == owner.krate())
                {
                    continue;
                }
                checked += 1;
                if !names.contains(name) {
                    missing.push(format!("{}: {callee}", path.display()));
                }
            }
        }
        assert!(checked > 50, "the UI cases were read: {checked}");
        assert!(
            missing.is_empty(),
            "found on a typed receiver, but not in `blocking::method_names`:\n{}",
            missing.join("\n")
        );
    }
}
