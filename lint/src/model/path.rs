//! Definition paths as the lint writes them: `#0::handlers::show` for the run's own crates (the
//! unit's number after `#`), `std::fs::read` for other crates. The one place that knows the
//! spelling; the typed `DefPath` of issue 19 replaces these strings step by step.

use std::collections::HashMap;

/// The prefix of unit `unit`'s paths (`#3`): what `crate::` means inside it.
pub fn unit_prefix(unit: usize) -> String {
    format!("#{unit}")
}

/// A function's name as messages show it: its path below the crate root (`db::load`).
pub fn display_key(key: &str) -> String {
    match key.split_once("::") {
        Some((unit, rest)) if unit.starts_with('#') => rest.to_string(),
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

/// `#3::a::Type::method` -> (`#3`, `Type::method`); `#3::a::f` -> (`#3`, `f`).
pub fn tail(key: &str) -> Option<(String, String)> {
    let (unit, rest) = key.split_once("::")?;
    let segs: Vec<&str> = rest.split("::").collect();
    let n = segs.len();
    let owner_is_type = n >= 2 && segs[n - 2].starts_with(|c: char| c.is_ascii_uppercase());
    let t = if owner_is_type {
        segs[n - 2..].join("::")
    } else {
        segs[n - 1].to_string()
    };
    Some((unit.to_string(), t))
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
    let Some((unit, rest)) = resolved
        .split_once("::")
        .filter(|(u, _)| u.starts_with('#'))
    else {
        return false;
    };
    paths.iter().any(|p| {
        p.split_once("::").is_some_and(|(head, tail)| {
            tail == rest && (head == "crate" || crates.get(head).is_some_and(|u| u == unit))
        })
    })
}
