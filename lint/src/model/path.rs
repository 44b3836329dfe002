//! Definition paths as the lint writes them: `#0::handlers::show` for the run's own crates (the
//! unit's number after `#`), `std::fs::read` for other crates. [`DefPath`] is the one place that
//! knows the spelling: code elsewhere asks it for a path's crate, name or parent instead of
//! cutting the text apart.

use std::collections::HashMap;

/// The separator between segments, and the mark of the run's own units.
const SEP: &str = "::";
const UNIT_MARK: char = '#';

/// A definition path, read: `#0::db::Pool::get` or `std::fs::read`. A view of the text the model
/// keeps (summaries, types and the cache store paths as text), so it costs nothing to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DefPath<'a>(&'a str);

impl<'a> DefPath<'a> {
    pub fn new(text: &'a str) -> Self {
        DefPath(text)
    }

    pub fn as_str(self) -> &'a str {
        self.0
    }

    /// Defined in one of the run's own units (`#0::..`), not in another crate.
    pub fn is_local(self) -> bool {
        self.0.starts_with(UNIT_MARK)
    }

    /// The crate it lives in: `#0`, or `std` for `std::fs::read`.
    pub fn krate(self) -> &'a str {
        self.0.split(SEP).next().unwrap_or(self.0)
    }

    /// The item's own name, its last segment: `read` for `std::fs::read`.
    pub fn name(self) -> &'a str {
        self.0.rsplit(SEP).next().unwrap_or(self.0)
    }

    /// The path without its last segment (`std::fs` for `std::fs::read`); `None` for one segment.
    pub fn parent(self) -> Option<DefPath<'a>> {
        self.split_last().map(|(parent, _)| parent)
    }

    /// The parent and the name: (`std::fs`, `read`).
    pub fn split_last(self) -> Option<(DefPath<'a>, &'a str)> {
        self.0
            .rsplit_once(SEP)
            .map(|(parent, name)| (DefPath(parent), name))
    }

    /// The crate and the rest: (`#0`, `db::load`).
    pub fn split_first(self) -> Option<(&'a str, DefPath<'a>)> {
        self.0
            .split_once(SEP)
            .map(|(krate, rest)| (krate, DefPath(rest)))
    }

    /// The path cut in two at each separator, longest head first, the whole path with an empty
    /// tail before them: `a::b::c` gives (`a::b::c`, ``), (`a::b`, `c`), (`a`, `b::c`).
    pub fn splits(self) -> impl Iterator<Item = (&'a str, &'a str)> {
        let text = self.0;
        let cuts = text
            .rmatch_indices(SEP)
            .map(move |(at, _)| (&text[..at], &text[at + SEP.len()..]));
        std::iter::once((text, "")).chain(cuts)
    }

    pub fn segments(self) -> impl Iterator<Item = &'a str> {
        self.0.split(SEP)
    }

    /// `self::name`.
    pub fn join(self, name: &str) -> String {
        format!("{}{SEP}{name}", self.0)
    }
}

impl std::fmt::Display for DefPath<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// The prefix of unit `unit`'s paths (`#3`): what `crate::` means inside it.
pub fn unit_prefix(unit: usize) -> String {
    format!("{UNIT_MARK}{unit}")
}

/// A function's name as messages show it: its path below the crate root (`db::load`).
pub fn display_key(key: &str) -> String {
    let path = DefPath(key);
    match path.split_first() {
        Some((_, rest)) if path.is_local() => rest.to_string(),
        _ => key.to_string(),
    }
}

/// A function key's hash, for `known`: the set of every function of the run.
pub fn key_hash(key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    h.finish()
}

/// `#3::a::Type::method` -> (`#3`, `Type::method`); `#3::a::f` -> (`#3`, `f`): slices of the key
/// (the tail is its last segment or two), as the indexes below look up a path per call.
pub fn tail(key: &str) -> Option<(&str, &str)> {
    let (unit, rest) = DefPath(key).split_first()?;
    let mut cuts = rest.0.rmatch_indices(SEP).map(|(at, _)| at);
    let last = cuts.next().map_or(0, |at| at + SEP.len());
    let before = cuts.next().map_or(0, |at| at + SEP.len());
    let owner_is_type = last > 0 && rest.0[before..].starts_with(|c: char| c.is_ascii_uppercase());
    let t = if owner_is_type {
        &rest.0[before..]
    } else {
        &rest.0[last..]
    };
    Some((unit, t))
}

/// Keys of the run (definition paths) by their unit and last segments (see [`tail`]), for a path
/// that reaches one of them through a re-export (`#0::list` for `#0::handlers::list`): the key
/// with the same tail, when exactly one has it. One type for every such index the analysis
/// keeps (routers, functions, return types, handlers), so the matching is written once.
#[derive(Debug)]
pub struct TailIndex<K> {
    /// By unit, then by tail: two levels so that a lookup borrows both from the path.
    by_tail: HashMap<String, HashMap<String, Vec<K>>>,
}

impl<K> Default for TailIndex<K> {
    fn default() -> Self {
        TailIndex {
            by_tail: HashMap::new(),
        }
    }
}

impl<K: AsRef<str>> TailIndex<K> {
    /// Every key, as given: a key given twice counts twice.
    pub fn new(keys: impl IntoIterator<Item = K>) -> Self {
        let mut index = TailIndex::default();
        for key in keys {
            index.insert(key);
        }
        index
    }

    pub fn insert(&mut self, key: K) {
        if let Some((unit, t)) = tail(key.as_ref()) {
            let (unit, t) = (unit.to_string(), t.to_string());
            self.by_tail
                .entry(unit)
                .or_default()
                .entry(t)
                .or_default()
                .push(key);
        }
    }

    /// The one key with `path`'s tail; none when no key or several have it.
    pub fn unique(&self, path: &str) -> Option<&K> {
        match self.keys(path)?.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }

    /// How many keys have `path`'s tail.
    pub fn count(&self, path: &str) -> usize {
        self.keys(path).map_or(0, Vec::len)
    }

    fn keys(&self, path: &str) -> Option<&Vec<K>> {
        let (unit, t) = tail(path)?;
        self.by_tail.get(unit)?.get(t)
    }
}

/// Whether a resolved path (`#0::jobs::run_blocking`, `tokio::task::spawn_blocking`) is one of
/// the configured `paths`, which name the run's own crates by name or as `crate`.
pub fn path_listed(resolved: &str, paths: &[String], crates: &HashMap<String, String>) -> bool {
    if paths.is_empty() {
        return false;
    }
    if paths.iter().any(|p| p == resolved) {
        return true;
    }
    let resolved = DefPath(resolved);
    let Some((unit, rest)) = resolved.split_first().filter(|_| resolved.is_local()) else {
        return false;
    };
    paths.iter().any(|p| {
        DefPath(p).split_first().is_some_and(|(head, tail)| {
            tail == rest && (head == "crate" || crates.get(head).is_some_and(|u| u == unit))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_knows_its_parts() {
        let p = DefPath::new("#3::db::Pool::get");
        assert!(p.is_local());
        assert_eq!(p.krate(), "#3");
        assert_eq!(p.name(), "get");
        assert_eq!(p.parent().map(DefPath::as_str), Some("#3::db::Pool"));
        assert_eq!(
            p.split_first().map(|(k, r)| (k, r.as_str())),
            Some(("#3", "db::Pool::get"))
        );
        assert_eq!(p.segments().count(), 4);
        let std = DefPath::new("std::fs::read");
        assert!(!std.is_local());
        assert_eq!(std.krate(), "std");
        assert_eq!(DefPath::new("read").parent(), None);
        assert_eq!(DefPath::new("read").name(), "read");
        assert_eq!(std.parent().unwrap().join("write"), "std::fs::write");
        let splits: Vec<_> = DefPath::new("#0::a::f").splits().collect();
        assert_eq!(splits, [("#0::a::f", ""), ("#0::a", "f"), ("#0", "a::f")]);
        assert_eq!(DefPath::new("f").splits().collect::<Vec<_>>(), [("f", "")]);
    }

    #[test]
    fn a_tail_index_answers_only_when_one_key_matches() {
        let index = TailIndex::new(["#0::handlers::list", "#0::a::Db::get", "#0::b::Db::get"]);
        assert_eq!(index.unique("#0::list"), Some(&"#0::handlers::list"));
        assert_eq!(index.unique("#0::Db::get"), None, "two types named Db");
        assert_eq!(index.count("#0::c::Db::get"), 2);
        assert_eq!(index.unique("#1::list"), None, "another unit");
    }

    #[test]
    fn names_below_the_crate_and_tails() {
        assert_eq!(display_key("#0::db::load"), "db::load");
        assert_eq!(display_key("std::fs::read"), "std::fs::read");
        assert_eq!(tail("#3::a::Type::m"), Some(("#3", "Type::m")));
        assert_eq!(tail("#3::a::f"), Some(("#3", "f")));
        assert_eq!(tail("#3::Type::m"), Some(("#3", "Type::m")));
        assert_eq!(tail("#3::f"), Some(("#3", "f")));
        assert_eq!(tail("#3"), None);
        let crates = HashMap::from([("app".to_string(), "#0".to_string())]);
        let listed = ["crate::jobs::run".to_string()];
        assert!(path_listed("#0::jobs::run", &listed, &crates));
        assert!(path_listed(
            "#0::jobs::run",
            &["app::jobs::run".to_string()],
            &crates
        ));
        assert!(!path_listed(
            "#1::jobs::run",
            &["app::jobs::run".to_string()],
            &crates
        ));
    }
}
