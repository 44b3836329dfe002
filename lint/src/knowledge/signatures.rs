//! What library calls return, as far as the lint needs to follow a value to its next call:
//! `Command::new(..).arg(..)` is still a `Command`, `pool.get()?` is the connection its manager
//! hands out, `Arc<Mutex<Conn>>` locks to a `Conn`. The model (`model::semantic::types`) reads
//! these tables to type bindings; a method of `blocking` is found only on a receiver whose type
//! it knows, so a blocking API reached through a builder or a function whose name does not say
//! what it returns needs a row here too.

/// What a call returns, in terms the model can build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Returns {
    /// A type by path, without type arguments.
    Named(&'static str),
    /// The receiver again (a builder's setters, a clone).
    Same,
    /// The receiver's first type argument (a lock's guard derefs to what it guards).
    FirstArg,
    /// A tuple of two named types (a channel's ends).
    Pair(&'static str, &'static str),
    /// `wrapper<ok>`: a crate's `Result` alias kept as such, so `.and_then(..)` stays
    /// `Result`'s and `?` gives `ok`.
    Wrapped {
        wrapper: &'static str,
        ok: &'static str,
    },
    /// The connection an r2d2 pool of the receiver's first type argument (its manager) hands
    /// out ([`POOLED_CONNECTIONS`]).
    PooledConnection,
    /// Nothing the lint can follow: stops an earlier, wider row from answering.
    Unknown,
}

/// Which methods a row covers.
#[derive(Clone, Copy, Debug)]
pub enum Methods {
    These(&'static [&'static str]),
    /// Every method (a builder whose other methods return itself).
    Any,
    /// Every method whose name does not start with this (`ureq`'s `send*` end the chain).
    NotStartingWith(&'static str),
}

impl Methods {
    pub fn covers(self, name: &str) -> bool {
        match self {
            Methods::These(names) => names.contains(&name),
            Methods::Any => true,
            Methods::NotStartingWith(prefix) => !name.starts_with(prefix),
        }
    }
}

/// Functions (by resolved path) and what they return.
pub struct FnReturns {
    pub paths: &'static [&'static str],
    pub returns: Returns,
}

/// Methods on receivers of these types and what they return. Rows are tried in order: the first
/// that covers a method answers, so a narrow row comes before a builder's `Any`.
pub struct MethodReturns {
    pub on: &'static [&'static str],
    pub methods: Methods,
    pub returns: Returns,
}

/// Function names that, called on a type path, construct that type (`File::open`, `Pool::new`):
/// the whole name, or its start.
pub const CONSTRUCTOR_NAMES: &[&str] = &["new", "default", "current", "establish", "from"];
pub const CONSTRUCTOR_PREFIXES: &[&str] = &[
    "open", "connect", "bind", "create", "with_", "from_", "new_",
];

/// Types that hold plain data: a function returning one tells a rule nothing.
pub const PLAIN_DATA: &[&str] = &[
    "std::string::String",
    "std::vec::Vec",
    "std::option::Option",
    "std::result::Result",
    "std::boxed::Box",
    "std::collections::HashMap",
    "std::collections::HashSet",
    "std::collections::BTreeMap",
    "std::borrow::Cow",
    "std::fmt::Result",
    "std::time::Duration",
];

/// Smart pointers, guards and extractors whose methods are their first type argument's.
pub const DEREF_WRAPPERS: &[&str] = &[
    "std::sync::Arc",
    "std::rc::Rc",
    "std::boxed::Box",
    "std::sync::MutexGuard",
    "std::sync::RwLockReadGuard",
    "std::sync::RwLockWriteGuard",
    "std::cell::Ref",
    "std::cell::RefMut",
    "std::borrow::Cow",
    "std::pin::Pin",
    "axum::extract::State",
    "axum::Extension",
    "axum::extract::Extension",
    "actix_web::web::Data",
    "actix_web::web::ReqData",
    "rocket::State",
];

/// r2d2's pooled connection: it derefs to the connection its manager (the first type argument)
/// hands out, not to the manager.
pub const POOLED_CONNECTION: &str = "r2d2::PooledConnection";

/// r2d2 managers and the connection each hands out.
pub const POOLED_CONNECTIONS: &[(&str, &str)] = &[
    (
        "r2d2_sqlite::SqliteConnectionManager",
        "rusqlite::Connection",
    ),
    (
        "r2d2_postgres::PostgresConnectionManager",
        "postgres::Client",
    ),
    ("r2d2_mysql::MySqlConnectionManager", "mysql::Conn"),
    ("r2d2_mysql::MysqlConnectionManager", "mysql::Conn"),
    ("redis::Client", "redis::Connection"),
];

/// diesel's r2d2 manager, generic over the connection it hands out (its first type argument).
pub const DIESEL_CONNECTION_MANAGER: &str = "diesel::r2d2::ConnectionManager";

/// `Option`/`Result` adapters that keep the wrapper, so the `?` after them unwraps it exactly
/// once (`self.checkout().map_err(Error::from)?` is the connection).
pub const KEEPS_WRAPPER: &[&str] = &[
    "map_err",
    "context",
    "with_context",
    "wrap_err",
    "wrap_err_with",
    "ok",
    "ok_or",
    "ok_or_else",
    "inspect_err",
];

/// `Option`/`Result` methods that give the success type.
pub const UNWRAPS: &[&str] = &[
    "unwrap",
    "expect",
    "unwrap_or",
    "unwrap_or_else",
    "unwrap_or_default",
    "unwrap_unchecked",
];

/// `Option`/`Result` methods. Bindings from known constructors are recorded already unwrapped,
/// so these must not be taken for methods of the type itself.
pub const RESULT_ADAPTERS: &[&str] = &[
    "unwrap",
    "expect",
    "unwrap_or",
    "unwrap_or_else",
    "unwrap_or_default",
    "ok",
    "err",
    "map_err",
    "context",
    "with_context",
    "is_ok",
    "is_err",
    "is_some",
    "is_none",
    "ok_or",
    "ok_or_else",
    "unwrap_err",
    "expect_err",
    "unwrap_unchecked",
    "wrap_err",
    "wrap_err_with",
    "inspect_err",
    // Combinators no blocking API is named after. On a type recorded already unwrapped
    // (`Connection::open(p).and_then(..)`) they are still `Result`'s.
    "and_then",
    "or_else",
    "map_or",
    "map_or_else",
    "is_ok_and",
    "is_some_and",
    "is_err_and",
];

/// `Option`/`Result` combinators whose closure receives the success value.
pub const PASSES_SUCCESS_TO_CLOSURE: &[&str] = &[
    "and_then",
    "map",
    "inspect",
    "is_ok_and",
    "is_some_and",
    "map_or",
];

/// Methods that return a copy of their receiver, smart pointer included (`Arc::clone`).
pub const CLONE_LIKE: &[&str] = &["clone", "to_owned"];

/// Methods that return their receiver as it is, for method lookup.
pub const RETURNS_RECEIVER: &[&str] = &[
    "clone",
    "to_owned",
    "by_ref",
    "as_ref",
    "borrow",
    "borrow_mut",
    "as_mut",
];

/// Functions whose name does not say what they return.
pub static FN_RETURNS: &[FnReturns] = &[
    FnReturns {
        paths: &["std::io::stdin"],
        returns: Returns::Named("std::io::Stdin"),
    },
    FnReturns {
        paths: &["std::sync::mpsc::channel"],
        returns: Returns::Pair("std::sync::mpsc::Sender", "std::sync::mpsc::Receiver"),
    },
    FnReturns {
        paths: &["std::sync::mpsc::sync_channel"],
        returns: Returns::Pair("std::sync::mpsc::SyncSender", "std::sync::mpsc::Receiver"),
    },
    FnReturns {
        paths: &["crossbeam_channel::unbounded", "crossbeam_channel::bounded"],
        returns: Returns::Pair("crossbeam_channel::Sender", "crossbeam_channel::Receiver"),
    },
    FnReturns {
        paths: &["flume::unbounded", "flume::bounded"],
        returns: Returns::Pair("flume::Sender", "flume::Receiver"),
    },
    FnReturns {
        paths: &["std::thread::spawn"],
        returns: Returns::Named("std::thread::JoinHandle"),
    },
    FnReturns {
        paths: &["reqwest::blocking::Client::builder"],
        returns: Returns::Named("reqwest::blocking::ClientBuilder"),
    },
    FnReturns {
        paths: &[
            "tokio::runtime::Builder::new_multi_thread",
            "tokio::runtime::Builder::new_current_thread",
        ],
        returns: Returns::Named("tokio::runtime::Builder"),
    },
    FnReturns {
        paths: &[
            "ureq::get",
            "ureq::post",
            "ureq::put",
            "ureq::delete",
            "ureq::head",
            "ureq::patch",
            "ureq::request",
        ],
        returns: Returns::Named("ureq::Request"),
    },
    FnReturns {
        paths: &[
            "attohttpc::get",
            "attohttpc::post",
            "attohttpc::put",
            "attohttpc::delete",
        ],
        returns: Returns::Named("attohttpc::RequestBuilder"),
    },
    FnReturns {
        paths: &["minreq::get", "minreq::post"],
        returns: Returns::Named("minreq::Request"),
    },
    FnReturns {
        paths: &["redis::cmd"],
        returns: Returns::Named("redis::Cmd"),
    },
    FnReturns {
        paths: &[
            "lettre::SmtpTransport::relay",
            "lettre::SmtpTransport::starttls_relay",
            "lettre::SmtpTransport::builder_dangerous",
        ],
        returns: Returns::Named("lettre::SmtpTransportBuilder"),
    },
    FnReturns {
        paths: &["redis::pipe"],
        returns: Returns::Named("redis::Pipeline"),
    },
    FnReturns {
        paths: &["r2d2::Pool::builder"],
        returns: Returns::Named("r2d2::Builder"),
    },
    FnReturns {
        paths: &["std::path::Path::new"],
        returns: Returns::Named("std::path::Path"),
    },
    FnReturns {
        paths: &["camino::Utf8Path::new"],
        returns: Returns::Named("camino::Utf8Path"),
    },
    FnReturns {
        paths: &["tar::Archive::new"],
        returns: Returns::Named("tar::Archive"),
    },
    FnReturns {
        paths: &["memmap2::Mmap::map"],
        returns: Returns::Named("memmap2::Mmap"),
    },
    FnReturns {
        paths: &["memmap2::MmapMut::map_mut", "memmap2::MmapMut::map_anon"],
        returns: Returns::Named("memmap2::MmapMut"),
    },
    FnReturns {
        paths: &[
            "image::open",
            "image::load",
            "image::load_from_memory",
            "image::load_from_memory_with_format",
        ],
        returns: Returns::Named("image::DynamicImage"),
    },
    FnReturns {
        paths: &["sled::open"],
        returns: Returns::Named("sled::Db"),
    },
    FnReturns {
        paths: &["redb::Database::builder"],
        returns: Returns::Named("redb::Builder"),
    },
    FnReturns {
        paths: &["native_tls::TlsConnector::builder"],
        returns: Returns::Named("native_tls::TlsConnectorBuilder"),
    },
    FnReturns {
        paths: &["lettre::SmtpTransport::from_url"],
        returns: Returns::Named("lettre::SmtpTransportBuilder"),
    },
    FnReturns {
        paths: &["std::fs::File::options"],
        returns: Returns::Named("std::fs::OpenOptions"),
    },
    FnReturns {
        paths: &["std::fs::read_dir"],
        returns: Returns::Named("std::fs::ReadDir"),
    },
    FnReturns {
        paths: &[
            "std::env::current_dir",
            "std::env::temp_dir",
            "std::env::current_exe",
        ],
        returns: Returns::Named("std::path::PathBuf"),
    },
];

const MUTEXES: &[&str] = &[
    "std::sync::Mutex",
    "tokio::sync::Mutex",
    "parking_lot::Mutex",
    "futures::lock::Mutex",
    "async_lock::Mutex",
    "std::cell::RefCell",
];

const RWLOCKS: &[&str] = &[
    "std::sync::RwLock",
    "tokio::sync::RwLock",
    "parking_lot::RwLock",
    "async_lock::RwLock",
];

const HTTP_VERBS: &[&str] = &["get", "post", "put", "delete", "patch", "head", "request"];

/// Methods and what they return, tried in order.
pub static METHOD_RETURNS: &[MethodReturns] = &[
    // Locks of every common crate, sync and async alike: the guard derefs to the inner type
    // (`&*self.journal.lock().await` is a `Journal`), which is all method lookup needs.
    MethodReturns {
        on: MUTEXES,
        methods: Methods::These(&[
            "lock",
            "try_lock",
            "blocking_lock",
            "lock_arc",
            "lock_owned",
            "borrow",
            "borrow_mut",
            "get_mut",
        ]),
        returns: Returns::FirstArg,
    },
    MethodReturns {
        on: RWLOCKS,
        methods: Methods::These(&[
            "read",
            "write",
            "try_read",
            "try_write",
            "blocking_read",
            "blocking_write",
            "read_arc",
            "write_arc",
            "upgradable_read",
        ]),
        returns: Returns::FirstArg,
    },
    MethodReturns {
        on: &["std::process::Command"],
        methods: Methods::These(&["spawn"]),
        returns: Returns::Named("std::process::Child"),
    },
    MethodReturns {
        on: &["std::process::Command"],
        methods: Methods::These(&["output", "status"]),
        returns: Returns::Unknown,
    },
    MethodReturns {
        on: &["std::process::Command"],
        methods: Methods::Any,
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["std::fs::OpenOptions"],
        methods: Methods::These(&["open"]),
        returns: Returns::Named("std::fs::File"),
    },
    MethodReturns {
        on: &["std::fs::OpenOptions"],
        methods: Methods::Any,
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["std::fs::File"],
        methods: Methods::These(&["try_clone"]),
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["std::path::Path", "std::path::PathBuf"],
        methods: Methods::These(&[
            "join",
            "with_extension",
            "with_file_name",
            "to_path_buf",
            "canonicalize",
        ]),
        returns: Returns::Named("std::path::PathBuf"),
    },
    MethodReturns {
        on: &["std::path::Path", "std::path::PathBuf"],
        methods: Methods::These(&["parent", "as_path"]),
        returns: Returns::Named("std::path::Path"),
    },
    MethodReturns {
        on: &["camino::Utf8Path", "camino::Utf8PathBuf"],
        methods: Methods::These(&[
            "join",
            "with_extension",
            "with_file_name",
            "to_path_buf",
            "canonicalize_utf8",
        ]),
        returns: Returns::Named("camino::Utf8PathBuf"),
    },
    MethodReturns {
        on: &["camino::Utf8Path", "camino::Utf8PathBuf"],
        methods: Methods::These(&["parent", "as_path"]),
        returns: Returns::Named("camino::Utf8Path"),
    },
    MethodReturns {
        on: &["camino::Utf8Path", "camino::Utf8PathBuf"],
        methods: Methods::These(&["as_std_path"]),
        returns: Returns::Named("std::path::Path"),
    },
    MethodReturns {
        on: &[
            "std::fs::DirEntry",
            "tokio::fs::DirEntry",
            "walkdir::DirEntry",
        ],
        methods: Methods::These(&["path"]),
        returns: Returns::Named("std::path::PathBuf"),
    },
    MethodReturns {
        on: &["tempfile::Builder"],
        methods: Methods::These(&["tempfile", "tempfile_in"]),
        returns: Returns::Wrapped {
            wrapper: "std::io::Result",
            ok: "tempfile::NamedTempFile",
        },
    },
    MethodReturns {
        on: &["tempfile::Builder"],
        methods: Methods::These(&["tempdir", "tempdir_in"]),
        returns: Returns::Wrapped {
            wrapper: "std::io::Result",
            ok: "tempfile::TempDir",
        },
    },
    MethodReturns {
        on: &["tempfile::Builder"],
        methods: Methods::Any,
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["tempfile::NamedTempFile"],
        methods: Methods::These(&["as_file", "as_file_mut"]),
        returns: Returns::Named("std::fs::File"),
    },
    MethodReturns {
        on: &["tempfile::NamedTempFile"],
        methods: Methods::These(&["reopen"]),
        returns: Returns::Wrapped {
            wrapper: "std::io::Result",
            ok: "std::fs::File",
        },
    },
    MethodReturns {
        on: &["tempfile::NamedTempFile", "tempfile::TempDir"],
        methods: Methods::These(&["path"]),
        returns: Returns::Named("std::path::Path"),
    },
    MethodReturns {
        on: &["memmap2::MmapOptions"],
        methods: Methods::These(&["map", "map_copy_read_only", "map_exec"]),
        returns: Returns::Named("memmap2::Mmap"),
    },
    MethodReturns {
        on: &["memmap2::MmapOptions"],
        methods: Methods::These(&["map_mut", "map_copy", "map_anon"]),
        returns: Returns::Named("memmap2::MmapMut"),
    },
    MethodReturns {
        on: &["memmap2::MmapOptions"],
        methods: Methods::These(&["map_raw", "map_raw_read_only"]),
        returns: Returns::Named("memmap2::MmapRaw"),
    },
    MethodReturns {
        on: &["memmap2::MmapOptions"],
        methods: Methods::Any,
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["csv::ReaderBuilder", "csv::WriterBuilder"],
        methods: Methods::These(&["from_path", "from_reader", "from_writer"]),
        returns: Returns::Unknown,
    },
    MethodReturns {
        on: &["csv::ReaderBuilder", "csv::WriterBuilder"],
        methods: Methods::Any,
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["image::ImageReader", "image::io::Reader"],
        methods: Methods::These(&["decode"]),
        returns: Returns::Named("image::DynamicImage"),
    },
    MethodReturns {
        on: &["image::ImageReader", "image::io::Reader"],
        methods: Methods::These(&["with_guessed_format", "set_format", "no_limits"]),
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["image::DynamicImage"],
        methods: Methods::These(&[
            "resize",
            "resize_exact",
            "resize_to_fill",
            "thumbnail",
            "thumbnail_exact",
            "blur",
            "crop",
            "crop_imm",
            "grayscale",
            "rotate90",
            "rotate180",
            "rotate270",
            "fliph",
            "flipv",
        ]),
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["sled::Config"],
        methods: Methods::These(&["open"]),
        returns: Returns::Named("sled::Db"),
    },
    MethodReturns {
        on: &["sled::Config"],
        methods: Methods::Any,
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["sled::Db"],
        methods: Methods::These(&["open_tree"]),
        returns: Returns::Named("sled::Tree"),
    },
    MethodReturns {
        on: &["redb::Builder"],
        methods: Methods::These(&["create", "open"]),
        returns: Returns::Named("redb::Database"),
    },
    MethodReturns {
        on: &["redb::Builder"],
        methods: Methods::Any,
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["redb::Database"],
        methods: Methods::These(&["begin_write"]),
        returns: Returns::Named("redb::WriteTransaction"),
    },
    MethodReturns {
        on: &["heed::EnvOpenOptions"],
        methods: Methods::These(&["open"]),
        returns: Returns::Named("heed::Env"),
    },
    MethodReturns {
        on: &["heed::EnvOpenOptions"],
        methods: Methods::Any,
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["heed::Env"],
        methods: Methods::These(&["write_txn"]),
        returns: Returns::Named("heed::RwTxn"),
    },
    MethodReturns {
        on: &["native_tls::TlsConnectorBuilder"],
        methods: Methods::These(&["build"]),
        returns: Returns::Named("native_tls::TlsConnector"),
    },
    MethodReturns {
        on: &["native_tls::TlsConnectorBuilder"],
        methods: Methods::Any,
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["duckdb::Connection", "duckdb::Transaction"],
        methods: Methods::These(&["prepare", "prepare_cached"]),
        returns: Returns::Named("duckdb::Statement"),
    },
    MethodReturns {
        on: &["git2::Repository"],
        methods: Methods::These(&["find_remote", "remote", "remote_anonymous"]),
        returns: Returns::Named("git2::Remote"),
    },
    MethodReturns {
        on: &["std::net::TcpListener"],
        methods: Methods::These(&["accept"]),
        returns: Returns::Pair("std::net::TcpStream", "std::net::SocketAddr"),
    },
    MethodReturns {
        on: &[
            "std::net::TcpStream",
            "std::net::TcpListener",
            "std::net::UdpSocket",
        ],
        methods: Methods::These(&["try_clone"]),
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["std::thread::Builder"],
        methods: Methods::These(&["spawn"]),
        returns: Returns::Named("std::thread::JoinHandle"),
    },
    MethodReturns {
        on: &["std::thread::Builder"],
        methods: Methods::Any,
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["tokio::runtime::Builder"],
        methods: Methods::These(&["build"]),
        returns: Returns::Named("tokio::runtime::Runtime"),
    },
    MethodReturns {
        on: &["tokio::runtime::Builder"],
        methods: Methods::Any,
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["tokio::runtime::Runtime"],
        methods: Methods::These(&["handle"]),
        returns: Returns::Named("tokio::runtime::Handle"),
    },
    MethodReturns {
        on: &["reqwest::blocking::ClientBuilder"],
        methods: Methods::These(&["build"]),
        returns: Returns::Named("reqwest::blocking::Client"),
    },
    MethodReturns {
        on: &["reqwest::blocking::ClientBuilder"],
        methods: Methods::Any,
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["reqwest::blocking::Client"],
        methods: Methods::These(HTTP_VERBS),
        returns: Returns::Named("reqwest::blocking::RequestBuilder"),
    },
    MethodReturns {
        on: &["reqwest::blocking::RequestBuilder"],
        methods: Methods::These(&["send"]),
        returns: Returns::Named("reqwest::blocking::Response"),
    },
    MethodReturns {
        on: &["reqwest::blocking::RequestBuilder"],
        methods: Methods::Any,
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["ureq::Agent"],
        methods: Methods::These(HTTP_VERBS),
        returns: Returns::Named("ureq::Request"),
    },
    MethodReturns {
        on: &["ureq::Request", "ureq::RequestBuilder"],
        methods: Methods::These(&["call"]),
        returns: Returns::Named("ureq::Response"),
    },
    MethodReturns {
        on: &["ureq::Request", "ureq::RequestBuilder"],
        methods: Methods::NotStartingWith("send"),
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["attohttpc::RequestBuilder"],
        methods: Methods::These(&["send"]),
        returns: Returns::Unknown,
    },
    MethodReturns {
        on: &["attohttpc::RequestBuilder"],
        methods: Methods::Any,
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["minreq::Request"],
        methods: Methods::These(&["send"]),
        returns: Returns::Unknown,
    },
    MethodReturns {
        on: &["minreq::Request"],
        methods: Methods::Any,
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["redis::Client"],
        methods: Methods::These(&["get_connection"]),
        returns: Returns::Named("redis::Connection"),
    },
    MethodReturns {
        on: &["redis::Cmd", "redis::Pipeline"],
        methods: Methods::These(&["arg", "cursor_arg", "cmd", "atomic", "ignore"]),
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["r2d2::Pool"],
        methods: Methods::These(&["get", "get_timeout"]),
        returns: Returns::PooledConnection,
    },
    MethodReturns {
        on: &["r2d2::Builder"],
        methods: Methods::These(&["build", "build_unchecked"]),
        returns: Returns::Named("r2d2::Pool"),
    },
    MethodReturns {
        on: &["r2d2::Builder"],
        methods: Methods::Any,
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["mysql::Pool"],
        methods: Methods::These(&["get_conn"]),
        returns: Returns::Named("mysql::PooledConn"),
    },
    MethodReturns {
        on: &["lettre::SmtpTransportBuilder"],
        methods: Methods::These(&["build"]),
        returns: Returns::Named("lettre::SmtpTransport"),
    },
    MethodReturns {
        on: &["lettre::SmtpTransportBuilder"],
        methods: Methods::Any,
        returns: Returns::Same,
    },
    MethodReturns {
        on: &["std::io::Stdin"],
        methods: Methods::These(&["lock"]),
        returns: Returns::Named("std::io::StdinLock"),
    },
    // rusqlite's methods return its `Result`, kept as such: `prepare(q).and_then(..)` is
    // `Result::and_then`, `prepare(q)?` the statement.
    MethodReturns {
        on: &["rusqlite::Connection", "rusqlite::Transaction"],
        methods: Methods::These(&["prepare", "prepare_cached"]),
        returns: Returns::Wrapped {
            wrapper: "rusqlite::Result",
            ok: "rusqlite::Statement",
        },
    },
    MethodReturns {
        on: &["rusqlite::Connection"],
        methods: Methods::These(&["transaction", "unchecked_transaction"]),
        returns: Returns::Wrapped {
            wrapper: "rusqlite::Result",
            ok: "rusqlite::Transaction",
        },
    },
    MethodReturns {
        on: &["rusqlite::Statement", "rusqlite::CachedStatement"],
        methods: Methods::These(&["query"]),
        returns: Returns::Wrapped {
            wrapper: "rusqlite::Result",
            ok: "rusqlite::Rows",
        },
    },
    MethodReturns {
        on: &["postgres::Client"],
        methods: Methods::These(&["transaction"]),
        returns: Returns::Named("postgres::Transaction"),
    },
    MethodReturns {
        on: &[
            "std::sync::mpsc::Receiver",
            "crossbeam_channel::Receiver",
            "flume::Receiver",
        ],
        methods: Methods::These(&["clone"]),
        returns: Returns::Same,
    },
];

/// Collections whose first type argument is what iterating them yields (`[]` stands for slices
/// and arrays).
pub const SEQUENCES: &[&str] = &[
    "[]",
    "std::vec::Vec",
    "std::collections::VecDeque",
    "std::collections::LinkedList",
    "std::collections::HashSet",
    "std::collections::BTreeSet",
    "std::collections::BinaryHeap",
];

/// Maps, which iterate as `(key, value)`.
pub const MAPS: &[&str] = &["std::collections::HashMap", "std::collections::BTreeMap"];
