//! What the model knows about library signatures: which functions construct which types, and
//! which methods return which. Not rules: facts about std and common crates that let a binding's
//! type be followed (`Command::new(..).arg(..)` is still a `Command`).

use super::Ty;

/// Types that hold plain data: a function returning one tells a rule nothing.
pub fn is_plain_data(path: &str) -> bool {
    matches!(
        path,
        "std::string::String"
            | "std::vec::Vec"
            | "std::option::Option"
            | "std::result::Result"
            | "std::boxed::Box"
            | "std::collections::HashMap"
            | "std::collections::HashSet"
            | "std::collections::BTreeMap"
            | "std::borrow::Cow"
            | "std::fmt::Result"
            | "std::time::Duration"
    )
}

/// What a smart pointer or guard derefs to, for method lookup.
pub fn deref_target(ty: &Ty) -> Option<Ty> {
    let path = ty.path()?;
    if path == "r2d2::PooledConnection" {
        // Derefs to the manager's connection, not to the manager.
        return ty.arg(0).and_then(pooled_connection);
    }
    is_deref_wrapper(path).then(|| ty.arg(0).cloned()).flatten()
}

/// Smart pointers and guards whose methods are their target's.
pub fn is_deref_wrapper(path: &str) -> bool {
    matches!(
        path,
        "std::sync::Arc"
            | "std::rc::Rc"
            | "std::boxed::Box"
            | "std::sync::MutexGuard"
            | "std::sync::RwLockReadGuard"
            | "std::sync::RwLockWriteGuard"
            | "std::cell::Ref"
            | "std::cell::RefMut"
            | "std::borrow::Cow"
            | "std::pin::Pin"
            | "axum::extract::State"
            | "axum::Extension"
            | "axum::extract::Extension"
            | "actix_web::web::Data"
            | "actix_web::web::ReqData"
            | "rocket::State"
    )
}

/// `Option`, `Result`, and the `Result<T>` aliases crates declare for their own errors
/// (`io::Result`, `rusqlite::Result`, `anyhow::Result`, a crate's `error::Result`): all of them
/// name the success type first, which is all `?` and `unwrap` need. Callers check that
/// arguments are there, so `std::fmt::Result` (no arguments) stays a type of its own.
pub fn is_option_or_result(path: &str) -> bool {
    matches!(path.rsplit("::").next(), Some("Option" | "Result"))
}

/// What an `Option`/`Result` adapter returns on `recv`. Error adapters (`map_err`, `context`,
/// `ok`) keep the wrapper, so the `?` after them unwraps it exactly once
/// (`self.checkout().map_err(Error::from)?` is the connection, not the connection's first
/// type argument); the `unwrap` family gives the success type. A receiver recorded already
/// unwrapped (from a known constructor) is returned as it is either way.
/// Combinators whose result depends on their closure (`and_then`, `map_or`) or that answer a
/// question (`is_ok`) have no type to follow.
pub fn adapter_return(recv: &Ty, name: &str) -> Option<Ty> {
    match name {
        "map_err" | "context" | "with_context" | "wrap_err" | "wrap_err_with" | "ok" | "ok_or"
        | "ok_or_else" | "inspect_err" => Some(recv.clone()),
        "unwrap" | "expect" | "unwrap_or" | "unwrap_or_else" | "unwrap_or_default"
        | "unwrap_unchecked" => Some(recv.clone().unwrapped()),
        _ => None,
    }
}

/// `Option`/`Result` methods. Bindings from known constructors are recorded already unwrapped, so
/// these must not be taken for methods of the type itself.
pub fn is_result_adapter(name: &str) -> bool {
    matches!(
        name,
        "unwrap"
            | "expect"
            | "unwrap_or"
            | "unwrap_or_else"
            | "unwrap_or_default"
            | "ok"
            | "err"
            | "map_err"
            | "context"
            | "with_context"
            | "is_ok"
            | "is_err"
            | "is_some"
            | "is_none"
            | "ok_or"
            | "ok_or_else"
            | "unwrap_err"
            | "expect_err"
            | "unwrap_unchecked"
            | "wrap_err"
            | "wrap_err_with"
            | "inspect_err"
            // Combinators no blocking API is named after. On a type recorded already
            // unwrapped (`Connection::open(p).and_then(..)`) they are still `Result`'s.
            | "and_then"
            | "or_else"
            | "map_or"
            | "map_or_else"
            | "is_ok_and"
            | "is_some_and"
            | "is_err_and"
    )
}

/// `Option`/`Result` combinators whose closure receives the success value.
pub fn passes_success_to_closure(name: &str) -> bool {
    matches!(
        name,
        "and_then" | "map" | "inspect" | "is_ok_and" | "is_some_and" | "map_or"
    )
}

/// Methods that return a copy of their receiver, smart pointer included (`Arc::clone`).
pub fn is_clone_like(name: &str) -> bool {
    matches!(name, "clone" | "to_owned")
}

/// Function names that, called on a type path, construct that type (`File::open`, `Pool::new`).
fn is_constructor(name: &str) -> bool {
    matches!(name, "new" | "default" | "current" | "establish" | "from")
        || [
            "open", "connect", "bind", "create", "with_", "from_", "new_",
        ]
        .iter()
        .any(|p| name.starts_with(p))
}

/// The type a path call returns, when known. `args` are the argument types, for wrappers that
/// carry them (`BufReader::new(file)`, `Arc::new(Mutex::new(conn))`).
pub fn fn_return(path: &str, args: &[Option<Ty>]) -> Option<Ty> {
    let fixed = match path {
        "std::io::stdin" => Some(Ty::named("std::io::Stdin")),
        "std::sync::mpsc::channel" => {
            Some(pair("std::sync::mpsc::Sender", "std::sync::mpsc::Receiver"))
        }
        "std::sync::mpsc::sync_channel" => Some(pair(
            "std::sync::mpsc::SyncSender",
            "std::sync::mpsc::Receiver",
        )),
        "crossbeam_channel::unbounded" | "crossbeam_channel::bounded" => Some(pair(
            "crossbeam_channel::Sender",
            "crossbeam_channel::Receiver",
        )),
        "flume::unbounded" | "flume::bounded" => Some(pair("flume::Sender", "flume::Receiver")),
        "std::thread::spawn" => Some(Ty::named("std::thread::JoinHandle")),
        "reqwest::blocking::Client::builder" => Some(Ty::named("reqwest::blocking::ClientBuilder")),
        "tokio::runtime::Builder::new_multi_thread"
        | "tokio::runtime::Builder::new_current_thread" => {
            Some(Ty::named("tokio::runtime::Builder"))
        }
        "ureq::get" | "ureq::post" | "ureq::put" | "ureq::delete" | "ureq::head"
        | "ureq::patch" | "ureq::request" => Some(Ty::named("ureq::Request")),
        "attohttpc::get" | "attohttpc::post" | "attohttpc::put" | "attohttpc::delete" => {
            Some(Ty::named("attohttpc::RequestBuilder"))
        }
        "minreq::get" | "minreq::post" => Some(Ty::named("minreq::Request")),
        "redis::cmd" => Some(Ty::named("redis::Cmd")),
        "lettre::SmtpTransport::relay"
        | "lettre::SmtpTransport::starttls_relay"
        | "lettre::SmtpTransport::builder_dangerous" => {
            Some(Ty::named("lettre::SmtpTransportBuilder"))
        }
        "redis::pipe" => Some(Ty::named("redis::Pipeline")),
        "r2d2::Pool::builder" => Some(Ty::named("r2d2::Builder")),
        "std::path::Path::new" => Some(Ty::named("std::path::Path")),
        "camino::Utf8Path::new" => Some(Ty::named("camino::Utf8Path")),
        "tar::Archive::new" => Some(Ty::named("tar::Archive")),
        "std::fs::File::options" => Some(Ty::named("std::fs::OpenOptions")),
        "std::fs::read_dir" => Some(Ty::named("std::fs::ReadDir")),
        "std::env::current_dir" | "std::env::temp_dir" | "std::env::current_exe" => {
            Some(Ty::named("std::path::PathBuf"))
        }
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let (ty, name) = path.rsplit_once("::")?;
    let last = ty.rsplit("::").next()?;
    if !is_constructor(name) || !last.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    // A one-argument `new` on a generic wrapper carries its argument's type.
    let carried = match (name, args) {
        ("new", [Some(arg)]) => vec![arg.clone()],
        _ => Vec::new(),
    };
    Some(Ty::with_args(ty, carried))
}

fn pair(a: &str, b: &str) -> Ty {
    Ty::Tuple(vec![Ty::named(a), Ty::named(b)])
}

/// The type a method returns on a receiver of type `recv` (already autoderef'd).
pub fn method_return(recv: &Ty, name: &str) -> Option<Ty> {
    if recv.is_deferred() {
        return recv.clone().defer(format!("{name}()"));
    }
    let path = recv.path()?;
    match name {
        "clone" | "to_owned" | "by_ref" | "as_ref" | "borrow" | "borrow_mut" | "as_mut" => {
            return Some(recv.clone());
        }
        name if is_result_adapter(name) => return adapter_return(recv, name),
        _ => {}
    }
    if let Some(ty) = super::iteration::method_return(recv, name) {
        return Some(ty);
    }
    let same = Some(recv.clone());
    let named = |p: &str| Some(Ty::named(p));
    match (path, name) {
        // Locks of every common crate, sync and async alike: the guard derefs to the inner type
        // (`&*self.journal.lock().await` is a `Journal`), which is all method lookup needs.
        (
            "std::sync::Mutex"
            | "tokio::sync::Mutex"
            | "parking_lot::Mutex"
            | "futures::lock::Mutex"
            | "async_lock::Mutex"
            | "std::cell::RefCell",
            _,
        ) if matches!(
            name,
            "lock"
                | "try_lock"
                | "blocking_lock"
                | "lock_arc"
                | "lock_owned"
                | "borrow"
                | "borrow_mut"
                | "get_mut"
        ) =>
        {
            recv.arg(0).cloned()
        }
        (
            "std::sync::RwLock"
            | "tokio::sync::RwLock"
            | "parking_lot::RwLock"
            | "async_lock::RwLock",
            _,
        ) if matches!(
            name,
            "read"
                | "write"
                | "try_read"
                | "try_write"
                | "blocking_read"
                | "blocking_write"
                | "read_arc"
                | "write_arc"
                | "upgradable_read"
        ) =>
        {
            recv.arg(0).cloned()
        }
        ("std::process::Command", "spawn") => named("std::process::Child"),
        ("std::process::Command", "output" | "status") => None,
        ("std::process::Command", _) => same,
        ("std::fs::OpenOptions", "open") => named("std::fs::File"),
        ("std::fs::OpenOptions", _) => same,
        ("std::fs::File", "try_clone") => same,
        (
            "std::path::Path" | "std::path::PathBuf",
            "join" | "with_extension" | "with_file_name" | "to_path_buf" | "canonicalize",
        ) => named("std::path::PathBuf"),
        ("std::path::Path" | "std::path::PathBuf", "parent" | "as_path") => {
            named("std::path::Path")
        }
        (
            "camino::Utf8Path" | "camino::Utf8PathBuf",
            "join" | "with_extension" | "with_file_name" | "to_path_buf" | "canonicalize_utf8",
        ) => named("camino::Utf8PathBuf"),
        ("camino::Utf8Path" | "camino::Utf8PathBuf", "parent" | "as_path") => {
            named("camino::Utf8Path")
        }
        ("camino::Utf8Path" | "camino::Utf8PathBuf", "as_std_path") => named("std::path::Path"),
        ("std::fs::DirEntry" | "tokio::fs::DirEntry" | "walkdir::DirEntry", "path") => {
            named("std::path::PathBuf")
        }
        ("std::net::TcpListener", "accept") => Some(Ty::Tuple(vec![
            Ty::named("std::net::TcpStream"),
            Ty::named("std::net::SocketAddr"),
        ])),
        ("std::net::TcpStream" | "std::net::TcpListener" | "std::net::UdpSocket", "try_clone") => {
            same
        }
        ("std::thread::Builder", "spawn") => named("std::thread::JoinHandle"),
        ("std::thread::Builder", _) => same,
        ("tokio::runtime::Builder", "build") => named("tokio::runtime::Runtime"),
        ("tokio::runtime::Builder", _) => same,
        ("tokio::runtime::Runtime", "handle") => named("tokio::runtime::Handle"),
        ("reqwest::blocking::ClientBuilder", "build") => named("reqwest::blocking::Client"),
        ("reqwest::blocking::ClientBuilder", _) => same,
        (
            "reqwest::blocking::Client",
            "get" | "post" | "put" | "delete" | "patch" | "head" | "request",
        ) => named("reqwest::blocking::RequestBuilder"),
        ("reqwest::blocking::RequestBuilder", "send") => named("reqwest::blocking::Response"),
        ("reqwest::blocking::RequestBuilder", _) => same,
        ("ureq::Agent", "get" | "post" | "put" | "delete" | "patch" | "head" | "request") => {
            named("ureq::Request")
        }
        ("ureq::Request" | "ureq::RequestBuilder", "call") => named("ureq::Response"),
        ("ureq::Request" | "ureq::RequestBuilder", m) if !m.starts_with("send") => same,
        ("attohttpc::RequestBuilder", "send") => None,
        ("attohttpc::RequestBuilder", _) => same,
        ("minreq::Request", "send") => None,
        ("minreq::Request", _) => same,
        ("redis::Client", "get_connection") => named("redis::Connection"),
        ("redis::Cmd" | "redis::Pipeline", "arg" | "cursor_arg" | "cmd" | "atomic" | "ignore") => {
            same
        }
        ("r2d2::Pool", "get" | "get_timeout") => recv.arg(0).and_then(pooled_connection),
        ("r2d2::Builder", "build" | "build_unchecked") => named("r2d2::Pool"),
        ("r2d2::Builder", _) => same,
        ("mysql::Pool", "get_conn") => named("mysql::PooledConn"),
        ("lettre::SmtpTransportBuilder", "build") => named("lettre::SmtpTransport"),
        ("lettre::SmtpTransportBuilder", _) => same,
        ("std::io::Stdin", "lock") => named("std::io::StdinLock"),
        // rusqlite's methods return its `Result`, kept as such: `prepare(q).and_then(..)` is
        // `Result::and_then`, `prepare(q)?` the statement.
        ("rusqlite::Connection" | "rusqlite::Transaction", "prepare" | "prepare_cached") => {
            rusqlite_result("rusqlite::Statement")
        }
        ("rusqlite::Connection", "transaction" | "unchecked_transaction") => {
            rusqlite_result("rusqlite::Transaction")
        }
        ("rusqlite::Statement" | "rusqlite::CachedStatement", "query") => {
            rusqlite_result("rusqlite::Rows")
        }
        ("postgres::Client", "transaction") => named("postgres::Transaction"),
        (
            "std::sync::mpsc::Receiver" | "crossbeam_channel::Receiver" | "flume::Receiver",
            "clone",
        ) => same,
        _ => None,
    }
}

fn rusqlite_result(ok: &str) -> Option<Ty> {
    Some(Ty::with_args("rusqlite::Result", vec![Ty::named(ok)]))
}

/// The connection an r2d2 pool of this manager hands out.
fn pooled_connection(manager: &Ty) -> Option<Ty> {
    let conn = match manager.path()? {
        "r2d2_sqlite::SqliteConnectionManager" => "rusqlite::Connection",
        "r2d2_postgres::PostgresConnectionManager" => "postgres::Client",
        "r2d2_mysql::MySqlConnectionManager" | "r2d2_mysql::MysqlConnectionManager" => {
            "mysql::Conn"
        }
        "redis::Client" => "redis::Connection",
        "diesel::r2d2::ConnectionManager" => return manager.arg(0).cloned(),
        _ => return None,
    };
    Some(Ty::named(conn))
}
