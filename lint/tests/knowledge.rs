//! Every entry of the lint's knowledge (`src/knowledge/`), checked: the rule it is reported
//! under exists, its paths are paths, its method names are identifiers, its advice names what to
//! use instead, and no call is claimed by two entries. A typo in a catalog path would otherwise
//! make an entry match nothing, silently.

use std::collections::HashMap;

use blocking_lint::knowledge::blocking::{self, CATALOG, Calls, Family};
use blocking_lint::knowledge::{closures, routing, signatures};
use blocking_lint::rules;

/// A path of two or more identifiers (`std::fs::read`), as a catalog writes it.
fn check_path(path: &str, problems: &mut Vec<String>, what: &str) {
    let parsed = syn::parse_str::<syn::Path>(path);
    let plain = parsed.as_ref().is_ok_and(|p| {
        p.leading_colon.is_none()
            && p.segments.len() >= 2
            && p.segments.iter().all(|s| s.arguments.is_none())
    });
    if !plain {
        problems.push(format!(
            "{what}: `{path}` is not a path such as `krate::Type::method`"
        ));
    }
}

fn check_ident(name: &str, problems: &mut Vec<String>, what: &str) {
    if syn::parse_str::<syn::Ident>(name).is_err() {
        problems.push(format!("{what}: `{name}` is not an identifier"));
    }
}

fn fail_on(problems: Vec<String>) {
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_family_is_reported_by_a_rule_and_has_entries() {
    let mut problems = Vec::new();
    for family in Family::ALL {
        if rules::find(family.rule()).is_none() {
            problems.push(format!("{family:?}: no rule named `{}`", family.rule()));
        }
        if blocking::of(*family).next().is_none() {
            problems.push(format!("{family:?}: no entry in the catalog"));
        }
    }
    fail_on(problems);
}

#[test]
fn every_blocking_entry_names_real_paths_and_methods() {
    let mut problems = Vec::new();
    for (i, api) in CATALOG.iter().enumerate() {
        let what = format!("entry {i} ({:?})", api.family);
        match api.calls {
            Calls::Fns(paths) => paths
                .iter()
                .for_each(|p| check_path(p, &mut problems, &what)),
            Calls::Methods { on, named } => {
                on.iter().for_each(|t| check_path(t, &mut problems, &what));
                named
                    .iter()
                    .for_each(|m| check_ident(m, &mut problems, &what));
                if named.is_empty() {
                    problems.push(format!("{what}: lists no method"));
                }
            }
            Calls::MethodsExcept { on, except } => {
                on.iter().for_each(|t| check_path(t, &mut problems, &what));
                except
                    .iter()
                    .for_each(|m| check_ident(m, &mut problems, &what));
            }
        }
    }
    fail_on(problems);
}

/// Advice is what a finding's `help:` says: in the messages' voice (lowercase, no final period,
/// as `tests/conventions.rs` wants of every message) and naming what to use, in backticks.
#[test]
fn every_advice_names_an_alternative() {
    let mut problems = Vec::new();
    for (i, api) in CATALOG.iter().enumerate() {
        let advice = api.advice;
        let what = format!("entry {i} ({:?}): `{advice}`", api.family);
        if advice.starts_with(|c: char| c.is_uppercase()) || advice.ends_with('.') {
            problems.push(format!("{what}: starts uppercase or ends with a period"));
        }
        // The alternative is code: at least one `..` span that is not the blocking call itself.
        let named: Vec<&str> = advice.split('`').skip(1).step_by(2).collect();
        let blocked: Vec<&str> = match api.calls {
            Calls::Fns(paths) => paths.to_vec(),
            Calls::Methods { named, .. } => named.to_vec(),
            Calls::MethodsExcept { .. } => Vec::new(),
        };
        if !named.iter().any(|n| !blocked.contains(n)) {
            problems.push(format!("{what}: names no alternative in backticks"));
        }
    }
    fail_on(problems);
}

/// One call, one entry: a function path or a (type, method) pair in two entries would make the
/// second unreachable, or the advice depend on the order.
#[test]
fn no_call_is_claimed_twice() {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut problems = Vec::new();
    let mut claim = |key: String, i: usize| {
        if let Some(first) = seen.insert(key.clone(), i) {
            problems.push(format!("`{key}` is in entries {first} and {i}"));
        }
    };
    for (i, api) in CATALOG.iter().enumerate() {
        match api.calls {
            Calls::Fns(paths) => paths.iter().for_each(|p| claim(p.to_string(), i)),
            Calls::Methods { on, named } => {
                for t in on {
                    named.iter().for_each(|m| claim(format!("{t}::{m}"), i));
                }
            }
            Calls::MethodsExcept { on, .. } => on.iter().for_each(|t| claim(format!("{t}::*"), i)),
        }
    }
    // The lists a rule reads beside the catalog are blocking calls too.
    for p in blocking::FS_MIRRORED_SAME_TYPES
        .iter()
        .chain(blocking::FS_MIRRORED_OTHERWISE)
        .chain(blocking::ARCHIVE_READERS)
        .chain(blocking::WHOLE_BUFFER_CODECS)
        .chain([&blocking::THREAD_SLEEP])
    {
        claim(p.to_string(), usize::MAX);
    }
    fail_on(problems);
}

#[test]
fn every_signature_names_real_paths() {
    use signatures::Returns;
    let mut problems = Vec::new();
    let returned = |r: Returns, problems: &mut Vec<String>, what: &str| match r {
        Returns::Named(p) => check_path(p, problems, what),
        Returns::Pair(a, b) => {
            check_path(a, problems, what);
            check_path(b, problems, what);
        }
        Returns::Wrapped { wrapper, ok } => {
            check_path(wrapper, problems, what);
            check_path(ok, problems, what);
        }
        Returns::Same | Returns::FirstArg | Returns::PooledConnection | Returns::Unknown => {}
    };
    for (i, row) in signatures::FN_RETURNS.iter().enumerate() {
        let what = format!("FN_RETURNS[{i}]");
        row.paths
            .iter()
            .for_each(|p| check_path(p, &mut problems, &what));
        returned(row.returns, &mut problems, &what);
    }
    for (i, row) in signatures::METHOD_RETURNS.iter().enumerate() {
        let what = format!("METHOD_RETURNS[{i}]");
        row.on
            .iter()
            .for_each(|t| check_path(t, &mut problems, &what));
        if let signatures::Methods::These(names) = row.methods {
            names
                .iter()
                .for_each(|m| check_ident(m, &mut problems, &what));
        }
        returned(row.returns, &mut problems, &what);
    }
    for p in signatures::DEREF_WRAPPERS
        .iter()
        .chain(signatures::PLAIN_DATA)
        .chain(signatures::MAPS)
        .chain(signatures::SEQUENCES.iter().filter(|s| **s != "[]"))
    {
        check_path(p, &mut problems, "signatures");
    }
    for (manager, conn) in signatures::POOLED_CONNECTIONS {
        check_path(manager, &mut problems, "POOLED_CONNECTIONS");
        check_path(conn, &mut problems, "POOLED_CONNECTIONS");
    }
    fail_on(problems);
}

#[test]
fn closures_and_routing_name_real_paths_and_methods() {
    let mut problems = Vec::new();
    for p in closures::OFFLOAD_FNS.iter().chain(closures::SPAWN_FNS) {
        check_path(p, &mut problems, "closures::OFFLOAD_FNS/SPAWN_FNS");
    }
    for m in closures::OFFLOAD_METHODS
        .iter()
        .chain(closures::ERROR_PATH_METHODS)
        .chain(closures::RUNS_NOW)
        .chain(closures::RUNS_INLINE_WHEN_AWAITED)
        .chain(closures::SPAWN_METHODS)
        .chain(routing::METHODS)
        .chain(routing::ATTRIBUTE_METHODS)
        .chain(routing::ROUTER_PASSTHROUGH)
        .chain(routing::ROUTING_METHODS)
        .chain(routing::ACTIX_SCOPE_KEEPS)
        .chain(routing::ACTIX_RESOURCE_KEEPS)
    {
        check_ident(m, &mut problems, "closures/routing");
    }
    for p in routing::ROUTER_TYPES
        .iter()
        .chain(routing::ACTIX_SCOPES)
        .chain(routing::ACTIX_RESOURCES)
    {
        check_path(p, &mut problems, "routing");
    }
    fail_on(problems);
}

/// The checks above can fail: a made-up bad entry is caught by each helper.
#[test]
fn the_checks_catch_bad_entries() {
    let mut problems = Vec::new();
    check_path("std::fs::read", &mut problems, "ok");
    check_ident("read_to_string", &mut problems, "ok");
    assert!(problems.is_empty(), "{problems:?}");
    check_path("read", &mut problems, "one segment");
    check_path("std::fs:read", &mut problems, "typo");
    check_path("Vec<u8>::new", &mut problems, "generics");
    check_ident("read-to-string", &mut problems, "not an ident");
    assert_eq!(problems.len(), 4, "{problems:?}");
}
