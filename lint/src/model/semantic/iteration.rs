//! What iterating yields: the item type of a collection, and of the iterators made from it, so
//! the receivers of `for path in &paths { path.exists() }` and `files.iter().map(|f| ..)` have
//! a type. References are not modelled (`&Vec<T>` yields a `T` here), which is all method lookup
//! needs.

use super::Ty;
use crate::knowledge::signatures::{MAPS, SEQUENCES};

/// The pseudo path of an iterator over its one argument, the item type (`paths.iter()` is an
/// `Iterator<PathBuf>` here, whatever std's own iterator type is called).
pub const ITERATOR: &str = "std::iter::Iterator";

/// The pseudo path of a slice or an array, `[T]` and `[T; N]`.
pub const SLICE: &str = "[]";

fn iterator(item: Ty) -> Ty {
    Ty::with_args(ITERATOR, vec![item])
}

fn option(item: Ty) -> Ty {
    Ty::with_args("std::option::Option", vec![item])
}

/// Collections whose first type argument is what iterating them yields.
fn is_sequence(path: &str) -> bool {
    SEQUENCES.contains(&path)
}

fn is_map(path: &str) -> bool {
    MAPS.contains(&path)
}

/// What `for x in value` binds for a value of type `ty`: a sequence's element, a map's
/// `(key, value)`, an `Option`'s content, an iterator's item; a directory listing's entries.
pub fn item(ty: &Ty) -> Option<Ty> {
    let Ty::Path { path, args } = ty else {
        return None;
    };
    match path.as_str() {
        p if p == ITERATOR || is_sequence(p) || p == "std::option::Option" => args.first().cloned(),
        p if is_map(p) => Some(Ty::Tuple(args.get(..2)?.to_vec())),
        "std::fs::ReadDir" => Some(Ty::with_args(
            "std::io::Result",
            vec![Ty::named("std::fs::DirEntry")],
        )),
        _ => None,
    }
}

/// What an iterating method returns on `recv`: the iterator a collection makes (`iter`,
/// `into_iter`, `drain`, a map's `keys` and `values`), what an iterator adapter that keeps the
/// item makes, and the `Option` of an item that a lookup returns (`first`, `next`, `find`).
pub fn method_return(recv: &Ty, name: &str) -> Option<Ty> {
    let path = recv.path()?;
    let is_iterator = path == ITERATOR;
    match name {
        "iter" | "into_iter" | "iter_mut" | "drain" if is_sequence(path) || is_map(path) => {
            item(recv).map(iterator)
        }
        "keys" | "into_keys" if is_map(path) => recv.arg(0).cloned().map(iterator),
        "values" | "values_mut" | "into_values" if is_map(path) => {
            recv.arg(1).cloned().map(iterator)
        }
        "first" | "last" | "get" | "get_mut" | "pop" | "front" | "back" | "pop_front"
        | "pop_back"
            if is_sequence(path) =>
        {
            item(recv).map(option)
        }
        "filter" | "skip" | "take" | "skip_while" | "take_while" | "rev" | "peekable" | "fuse"
        | "inspect" | "cloned" | "copied" | "step_by" | "chain" | "cycle"
            if is_iterator =>
        {
            Some(recv.clone())
        }
        "enumerate" if is_iterator => {
            let pair = Ty::Tuple(vec![Ty::named("usize"), item(recv)?]);
            Some(iterator(pair))
        }
        "next" | "next_back" | "last" | "nth" | "find" | "min" | "max" | "min_by_key"
        | "max_by_key" | "min_by" | "max_by"
            if is_iterator =>
        {
            item(recv).map(option)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vec_of(item: &str) -> Ty {
        Ty::with_args("std::vec::Vec", vec![Ty::named(item)])
    }

    #[test]
    fn a_vecs_iterator_and_its_adapters_yield_its_element() {
        let paths = vec_of("std::path::PathBuf");
        let iter = method_return(&paths, "iter").unwrap();
        let filtered = method_return(&iter, "filter").unwrap();
        assert_eq!(item(&filtered), Some(Ty::named("std::path::PathBuf")));
        assert_eq!(item(&paths), Some(Ty::named("std::path::PathBuf")));
        let first = method_return(&filtered, "next").unwrap();
        assert_eq!(first.path(), Some("std::option::Option"));
        // `map` makes something else: no item type is claimed.
        assert_eq!(method_return(&iter, "map"), None);
    }

    #[test]
    fn a_maps_entries_keys_and_values() {
        let map = Ty::with_args(
            "std::collections::HashMap",
            vec![Ty::named("std::string::String"), Ty::named("std::fs::File")],
        );
        let values = method_return(&map, "values").unwrap();
        assert_eq!(item(&values), Some(Ty::named("std::fs::File")));
        let Some(Ty::Tuple(entry)) = item(&map) else {
            panic!("a map yields pairs")
        };
        assert_eq!(entry[1], Ty::named("std::fs::File"));
    }
}
