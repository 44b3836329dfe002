//! The model's reading of `knowledge::signatures`: which functions construct which types, and
//! which methods return which, so a binding's type can be followed
//! (`Command::new(..).arg(..)` is still a `Command`). The facts are data there; this module only
//! turns a row into a `Ty`.

use super::Ty;
use crate::knowledge::signatures::{
    self as sig, CLONE_LIKE, CONSTRUCTOR_NAMES, CONSTRUCTOR_PREFIXES, DEREF_WRAPPERS, FN_RETURNS,
    KEEPS_WRAPPER, METHOD_RETURNS, PASSES_SUCCESS_TO_CLOSURE, PLAIN_DATA, RESULT_ADAPTERS,
    RETURNS_RECEIVER, Returns, UNWRAPS,
};
use crate::model::path::DefPath;

/// Types that hold plain data: a function returning one tells a rule nothing.
pub fn is_plain_data(path: &str) -> bool {
    PLAIN_DATA.contains(&path)
}

/// What a smart pointer or guard derefs to, for method lookup.
pub fn deref_target(ty: &Ty) -> Option<Ty> {
    let path = ty.path()?;
    if path == sig::POOLED_CONNECTION {
        // Derefs to the manager's connection, not to the manager.
        return ty.arg(0).and_then(pooled_connection);
    }
    is_deref_wrapper(path).then(|| ty.arg(0).cloned()).flatten()
}

/// Smart pointers and guards whose methods are their target's.
pub fn is_deref_wrapper(path: &str) -> bool {
    DEREF_WRAPPERS.contains(&path)
}

/// `Option`, `Result`, and the `Result<T>` aliases crates declare for their own errors
/// (`io::Result`, `rusqlite::Result`, `anyhow::Result`, a crate's `error::Result`): all of them
/// name the success type first, which is all `?` and `unwrap` need. Callers check that
/// arguments are there, so `std::fmt::Result` (no arguments) stays a type of its own.
pub fn is_option_or_result(path: &str) -> bool {
    matches!(DefPath::new(path).name(), "Option" | "Result")
}

/// What an `Option`/`Result` adapter returns on `recv`. Error adapters (`map_err`, `context`,
/// `ok`) keep the wrapper, so the `?` after them unwraps it exactly once
/// (`self.checkout().map_err(Error::from)?` is the connection, not the connection's first
/// type argument); the `unwrap` family gives the success type. A receiver recorded already
/// unwrapped (from a known constructor) is returned as it is either way.
/// Combinators whose result depends on their closure (`and_then`, `map_or`) or that answer a
/// question (`is_ok`) have no type to follow.
pub fn adapter_return(recv: &Ty, name: &str) -> Option<Ty> {
    if KEEPS_WRAPPER.contains(&name) {
        Some(recv.clone())
    } else if UNWRAPS.contains(&name) {
        Some(recv.clone().unwrapped())
    } else {
        None
    }
}

/// `Option`/`Result` methods. Bindings from known constructors are recorded already unwrapped, so
/// these must not be taken for methods of the type itself.
pub fn is_result_adapter(name: &str) -> bool {
    RESULT_ADAPTERS.contains(&name)
}

/// `Option`/`Result` combinators whose closure receives the success value.
pub fn passes_success_to_closure(name: &str) -> bool {
    PASSES_SUCCESS_TO_CLOSURE.contains(&name)
}

/// Methods that return a copy of their receiver, smart pointer included (`Arc::clone`).
pub fn is_clone_like(name: &str) -> bool {
    CLONE_LIKE.contains(&name)
}

/// Function names that, called on a type path, construct that type (`File::open`, `Pool::new`).
fn is_constructor(name: &str) -> bool {
    CONSTRUCTOR_NAMES.contains(&name) || CONSTRUCTOR_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// A row's answer as a type, for a receiver `recv` (methods) or none (functions).
fn build(returns: Returns, recv: Option<&Ty>) -> Option<Ty> {
    match returns {
        Returns::Named(p) => Some(Ty::named(p)),
        Returns::Same => recv.cloned(),
        Returns::FirstArg => recv?.arg(0).cloned(),
        Returns::Pair(a, b) => Some(Ty::Tuple(vec![Ty::named(a), Ty::named(b)])),
        Returns::Wrapped { wrapper, ok } => Some(Ty::with_args(wrapper, vec![Ty::named(ok)])),
        Returns::PooledConnection => recv?.arg(0).and_then(pooled_connection),
        Returns::Unknown => None,
    }
}

/// The type a path call returns, when known. `args` are the argument types, for wrappers that
/// carry them (`BufReader::new(file)`, `Arc::new(Mutex::new(conn))`).
pub fn fn_return(path: &str, args: &[Option<Ty>]) -> Option<Ty> {
    if let Some(row) = FN_RETURNS.iter().find(|r| r.paths.contains(&path)) {
        return build(row.returns, None);
    }
    let (ty, name) = DefPath::new(path).split_last()?;
    if !is_constructor(name) || !ty.name().starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    // A one-argument `new` on a generic wrapper carries its argument's type.
    let carried = match (name, args) {
        ("new", [Some(arg)]) => vec![arg.clone()],
        _ => Vec::new(),
    };
    Some(Ty::with_args(ty.as_str(), carried))
}

/// The type a method returns on a receiver of type `recv` (already autoderef'd).
pub fn method_return(recv: &Ty, name: &str) -> Option<Ty> {
    if recv.is_deferred() {
        return recv.clone().defer(format!("{name}()"));
    }
    let path = recv.path()?;
    if RETURNS_RECEIVER.contains(&name) {
        return Some(recv.clone());
    }
    if is_result_adapter(name) {
        return adapter_return(recv, name);
    }
    if let Some(ty) = super::iteration::method_return(recv, name) {
        return Some(ty);
    }
    let row = METHOD_RETURNS
        .iter()
        .find(|r| r.on.contains(&path) && r.methods.covers(name))?;
    build(row.returns, Some(recv))
}

/// The connection an r2d2 pool of this manager hands out.
fn pooled_connection(manager: &Ty) -> Option<Ty> {
    let path = manager.path()?;
    if path == sig::DIESEL_CONNECTION_MANAGER {
        return manager.arg(0).cloned();
    }
    let (_, conn) = sig::POOLED_CONNECTIONS.iter().find(|(m, _)| *m == path)?;
    Some(Ty::named(conn))
}
