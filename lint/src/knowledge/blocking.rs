//! Which library calls block, grouped by family (the rule that reports them), each group with
//! the advice its findings give. A rule reads its family's entries in order ([`of`]) and keeps
//! in its own file only what data cannot say: a fix it proposes, a check that depends on which
//! traits are in scope, advice computed from the call.
//!
//! Adding a blocking API is one entry here and one UI case (`lint/tests/ui/<rule>.rs`). A method
//! is found when the receiver's type is known: from a constructor the model recognises (`new`,
//! `open`, `connect`, `with_*`, ...), a typed binding, or `signatures` (a builder's other
//! methods, a function whose name does not say what it returns).

/// A family of blocking calls: one rule reports each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    Sleep,
    Fs,
    Net,
    Http,
    Process,
    Channel,
    Sync,
    BlockOn,
    Database,
    Cpu,
    Stdin,
}

impl Family {
    pub const ALL: &[Family] = &[
        Family::Sleep,
        Family::Fs,
        Family::Net,
        Family::Http,
        Family::Process,
        Family::Channel,
        Family::Sync,
        Family::BlockOn,
        Family::Database,
        Family::Cpu,
        Family::Stdin,
    ];

    /// The name of the rule that reports it (`blocking::fs`).
    pub fn rule(self) -> &'static str {
        match self {
            Family::Sleep => "sleep",
            Family::Fs => "fs",
            Family::Net => "net",
            Family::Http => "http",
            Family::Process => "process",
            Family::Channel => "channel",
            Family::Sync => "sync",
            Family::BlockOn => "block_on",
            Family::Database => "database",
            Family::Cpu => "cpu",
            Family::Stdin => "stdin",
        }
    }
}

/// What an entry matches.
#[derive(Clone, Copy, Debug)]
pub enum Calls {
    /// Functions and associated functions, by resolved path.
    Fns(&'static [&'static str]),
    /// These methods on receivers of these types (or named by path: `Path::exists(p)`).
    Methods {
        on: &'static [&'static str],
        named: &'static [&'static str],
    },
    /// Every method on receivers of these types but the listed ones: connections whose every
    /// query does I/O.
    MethodsExcept {
        on: &'static [&'static str],
        except: &'static [&'static str],
    },
}

/// One group of blocking calls and what to do instead. `{method}` in the advice is replaced by
/// the method's name.
#[derive(Clone, Copy, Debug)]
pub struct Api {
    pub family: Family,
    pub calls: Calls,
    pub advice: &'static str,
}

/// The entries of one family, in the order its rule tries them.
pub fn of(family: Family) -> impl Iterator<Item = &'static Api> {
    CATALOG.iter().filter(move |a| a.family == family)
}

const fn fns(family: Family, paths: &'static [&'static str], advice: &'static str) -> Api {
    Api {
        family,
        calls: Calls::Fns(paths),
        advice,
    }
}

const fn methods(
    family: Family,
    on: &'static [&'static str],
    named: &'static [&'static str],
    advice: &'static str,
) -> Api {
    Api {
        family,
        calls: Calls::Methods { on, named },
        advice,
    }
}

// ---- sleep -------------------------------------------------------------------------------------

/// The sleep a fix can swap for tokio's (see `rules/sleep.rs`).
pub const THREAD_SLEEP: &str = "std::thread::sleep";

// ---- fs ----------------------------------------------------------------------------------------

/// `std::fs` functions that `tokio::fs` mirrors with the same name, and with arguments and result
/// of the same types (`impl AsRef<Path>` for std's `P: AsRef<Path>`, `io::Result` of the same
/// `Vec<u8>`, `String`, `u64`, `()`, `std::fs::Metadata`, `PathBuf`; `set_permissions` takes std's
/// `Permissions`): swapping the call and awaiting it leaves the code around it unchanged.
pub const FS_MIRRORED_SAME_TYPES: &[&str] = &[
    "std::fs::read",
    "std::fs::read_to_string",
    "std::fs::write",
    "std::fs::copy",
    "std::fs::rename",
    "std::fs::remove_file",
    "std::fs::remove_dir",
    "std::fs::remove_dir_all",
    "std::fs::create_dir",
    "std::fs::create_dir_all",
    "std::fs::hard_link",
    "std::fs::metadata",
    "std::fs::symlink_metadata",
    "std::fs::canonicalize",
    "std::fs::read_link",
    "std::fs::set_permissions",
];

/// Mirrored by name and arguments only: `tokio::fs::ReadDir` is no iterator, and std has
/// `try_exists` only unstably (stable std calls it `exists`).
pub const FS_MIRRORED_OTHERWISE: &[&str] = &["std::fs::read_dir", "std::fs::try_exists"];

/// `Path`-like types whose disk-touching methods (`PATH_METHODS`) get advice naming the
/// `tokio::fs` function that answers the same question.
pub const PATH_TYPES: &[&str] = &[
    "std::path::Path",
    "std::path::PathBuf",
    "camino::Utf8Path",
    "camino::Utf8PathBuf",
];

pub const PATH_METHODS: &[&str] = &[
    "exists",
    "try_exists",
    "is_file",
    "is_dir",
    "is_symlink",
    "metadata",
    "symlink_metadata",
    "read_dir",
    "read_link",
    "canonicalize",
];

/// Buffered readers and writers: blocking when they wrap a `std::fs::File` (see `rules/fs.rs`).
pub const BUFFERED_WRAPPERS: &[&str] = &[
    "std::io::BufReader",
    "std::io::BufWriter",
    "std::io::LineWriter",
];

pub const BUFFERED_METHODS: &[&str] = &[
    "read",
    "read_line",
    "read_until",
    "lines",
    "read_to_string",
    "read_to_end",
    "read_exact",
    "fill_buf",
    "write",
    "write_all",
    "write_fmt",
    "flush",
];

const FS_HELP: &str = "use `tokio::fs`, or move the work into `tokio::task::spawn_blocking`";

const TEMPFILE_HELP: &str = "make, persist and remove temporary files inside `tokio::task::spawn_blocking`, or use `async-tempfile`";

const FILE_METHODS: &[&str] = &[
    "read",
    "read_to_string",
    "read_to_end",
    "read_exact",
    "read_vectored",
    "write",
    "write_all",
    "write_fmt",
    "write_vectored",
    "flush",
    "sync_all",
    "sync_data",
    "set_len",
    "metadata",
    "set_permissions",
    "seek",
    "rewind",
    "stream_position",
    "read_at",
    "write_at",
];

// ---- net ---------------------------------------------------------------------------------------

const STREAM_METHODS: &[&str] = &[
    "read",
    "read_to_end",
    "read_to_string",
    "read_exact",
    "write",
    "write_all",
    "flush",
    "peek",
    "read_vectored",
    "write_vectored",
    "write_fmt",
];

// ---- http --------------------------------------------------------------------------------------

const HTTP_HELP: &str = "use an async client such as `reqwest` (`.send().await`)";

// ---- channel -----------------------------------------------------------------------------------

const RECEIVERS: &[&str] = &[
    "std::sync::mpsc::Receiver",
    "crossbeam_channel::Receiver",
    "flume::Receiver",
];

// ---- block_on ----------------------------------------------------------------------------------

pub const BLOCK_ON_HELP: &str =
    "`.await` the future instead of starting an executor inside the runtime";

// ---- database ----------------------------------------------------------------------------------

const DB_HELP: &str = "use an async driver, or run the query inside `tokio::task::spawn_blocking`";

/// diesel's advice, for its connections and for `RunQueryDsl` methods (see `rules/database.rs`).
pub const DIESEL_HELP: &str =
    "use `diesel-async`, or run the query inside `tokio::task::spawn_blocking`";

/// `RunQueryDsl`'s methods: blocking when diesel's trait is the one in scope.
pub const DIESEL_QUERY_METHODS: &[&str] = &[
    "load",
    "load_iter",
    "get_result",
    "get_results",
    "first",
    "execute",
];

/// The paths diesel's `RunQueryDsl` is imported by.
pub const DIESEL_QUERY_TRAITS: &[&str] = &["diesel::RunQueryDsl", "diesel::query_dsl::RunQueryDsl"];

const CONNECTIONS: &[&str] = &[
    "rusqlite::Connection",
    "rusqlite::Transaction",
    "rusqlite::Statement",
    "rusqlite::CachedStatement",
    "rusqlite::Rows",
    "postgres::Client",
    "postgres::Transaction",
    "mysql::Conn",
    "mysql::PooledConn",
    "mysql::Transaction",
    "redis::Connection",
    "sqlite::Connection",
];

/// Methods on those types that do no I/O.
const HARMLESS: &[&str] = &[
    "clone",
    "is_autocommit",
    "last_insert_rowid",
    "changes",
    "total_changes",
    "is_closed",
    "path",
    "column_count",
    "column_names",
    "column_name",
    "parameter_count",
    "is_busy",
    "as_ref",
    "borrow",
    "deref",
    "into",
    "to_owned",
];

// ---- cpu ---------------------------------------------------------------------------------------

const HASH_HELP: &str = "move the hashing into `tokio::task::spawn_blocking` (or `rayon`)";

pub const RAYON_HELP: &str = "run the rayon work inside `tokio::task::spawn_blocking`, or hand it to `rayon::spawn` and await a oneshot channel";

/// rayon's parallel iterators: blocking when one of rayon's traits is in scope.
pub const RAYON_PAR_METHODS: &[&str] = &[
    "par_iter",
    "par_iter_mut",
    "into_par_iter",
    "par_chunks",
    "par_bridge",
    "par_lines",
];

pub const RAYON_TRAITS: &[&str] = &[
    "rayon::iter::IntoParallelIterator",
    "rayon::iter::IntoParallelRefIterator",
    "rayon::iter::ParallelBridge",
    "rayon::slice::ParallelSlice",
];

/// Every blocking API the lint knows, by family in the order each rule tries them.
pub static CATALOG: &[Api] = &[
    // sleep
    fns(
        Family::Sleep,
        &[
            "std::thread::sleep_ms",
            "std::thread::park",
            "std::thread::park_timeout",
        ],
        "use `tokio::time::sleep(..).await` or a `tokio::sync::Notify` instead of parking the worker",
    ),
    // fs
    fns(
        Family::Fs,
        &[
            "std::fs::exists",
            "std::fs::soft_link",
            "std::os::unix::fs::symlink",
            "std::fs::File::open",
            "std::fs::File::create",
            "std::fs::File::create_new",
            "std::fs::File::open_buffered",
            // Crates whose entry points walk or create files on the spot.
            "walkdir::WalkDir::new",
            "glob::glob",
            "glob::glob_with",
            // Archive readers handed a file: they read its index on the spot.
            "zip::ZipArchive::new",
            "zip::read::ZipArchive::new",
            "image::open",
            // libgit2 through FFI, which dependency summaries never follow: opening, finding or
            // creating a repository reads its `.git` directory on the spot (a clone also fetches).
            "git2::Repository::open",
            "git2::Repository::open_bare",
            "git2::Repository::open_ext",
            "git2::Repository::open_from_env",
            "git2::Repository::discover",
            "git2::Repository::init",
            "git2::Repository::init_bare",
            "git2::Repository::clone",
            "git2::Repository::clone_recurse",
            "fs_extra::dir::copy",
            "fs_extra::copy_items",
        ],
        FS_HELP,
    ),
    methods(
        Family::Fs,
        &["std::fs::File"],
        FILE_METHODS,
        "use `tokio::fs::File` with `tokio::io::AsyncReadExt`/`AsyncWriteExt`, or `tokio::task::spawn_blocking`",
    ),
    // File locks wait for whoever holds the lock, however long: std's own, and `lock_exclusive`
    // from fs2's and fs4's `FileExt`, the locks before std had them.
    methods(
        Family::Fs,
        &["std::fs::File"],
        &["lock", "lock_shared", "lock_exclusive"],
        "take the lock inside `tokio::task::spawn_blocking`, or retry `try_lock` between `tokio::time::sleep` awaits",
    ),
    methods(
        Family::Fs,
        &["std::fs::OpenOptions"],
        &["open"],
        "use `tokio::fs::OpenOptions`",
    ),
    methods(
        Family::Fs,
        &["std::fs::DirEntry"],
        &["metadata", "file_type"],
        "use `tokio::fs::read_dir` and its `DirEntry`",
    ),
    // tempfile: its files and directories are made, moved and removed on the spot, and it has
    // no async API.
    fns(
        Family::Fs,
        &[
            "tempfile::tempfile",
            "tempfile::tempfile_in",
            "tempfile::tempdir",
            "tempfile::tempdir_in",
            "tempfile::NamedTempFile::new",
            "tempfile::NamedTempFile::new_in",
            "tempfile::TempDir::new",
            "tempfile::TempDir::new_in",
        ],
        TEMPFILE_HELP,
    ),
    methods(
        Family::Fs,
        &["tempfile::Builder"],
        &[
            "tempfile",
            "tempfile_in",
            "tempdir",
            "tempdir_in",
            "make",
            "make_in",
        ],
        TEMPFILE_HELP,
    ),
    methods(
        Family::Fs,
        &["tempfile::NamedTempFile"],
        &[
            "persist",
            "persist_noclobber",
            "keep",
            "reopen",
            "close",
            // It is a `File`: `Read`, `Write` and `Seek` go to the disk.
            "read",
            "read_to_end",
            "read_to_string",
            "read_exact",
            "write",
            "write_all",
            "write_fmt",
            "flush",
            "seek",
            "rewind",
        ],
        TEMPFILE_HELP,
    ),
    methods(
        Family::Fs,
        &["tempfile::TempDir"],
        &["close"],
        TEMPFILE_HELP,
    ),
    // actix-files opens the file on the spot; it has an async twin.
    fns(
        Family::Fs,
        &["actix_files::NamedFile::open"],
        "use `actix_files::NamedFile::open_async(..).await`",
    ),
    methods(
        Family::Fs,
        &["tar::Archive"],
        &["unpack", "entries"],
        "read the archive inside `tokio::task::spawn_blocking` (or use `tokio-tar`)",
    ),
    // net
    fns(
        Family::Net,
        &[
            "std::net::TcpStream::connect",
            "std::net::TcpStream::connect_timeout",
            "std::net::ToSocketAddrs::to_socket_addrs",
            "dns_lookup::lookup_host",
            "dns_lookup::lookup_addr",
        ],
        "use `tokio::net::TcpStream::connect(..).await` or `tokio::net::lookup_host(..).await`",
    ),
    methods(
        Family::Net,
        &["std::net::TcpListener"],
        &["accept", "incoming"],
        "use `tokio::net::TcpListener` and `accept().await`",
    ),
    methods(
        Family::Net,
        &["std::net::TcpStream"],
        STREAM_METHODS,
        "use `tokio::net::TcpStream` with `AsyncReadExt`/`AsyncWriteExt`",
    ),
    methods(
        Family::Net,
        &["lettre::SmtpTransport"],
        &["send", "test_connection"],
        "use `lettre::AsyncSmtpTransport` and `.send(..).await`",
    ),
    // libssh2 through FFI, which dependency summaries never follow: these wait on the server.
    methods(
        Family::Net,
        &["ssh2::Session"],
        &[
            "handshake",
            "userauth_password",
            "userauth_pubkey_file",
            "userauth_pubkey_memory",
            "userauth_agent",
            "channel_session",
            "channel_direct_tcpip",
            "sftp",
            "scp_recv",
            "scp_send",
        ],
        "run the SSH session inside `tokio::task::spawn_blocking`, or use an async client (`russh`)",
    ),
    methods(
        Family::Net,
        &["std::net::UdpSocket"],
        &[
            "recv",
            "recv_from",
            "send",
            "send_to",
            "peek",
            "peek_from",
            "connect",
        ],
        "use `tokio::net::UdpSocket`",
    ),
    // http
    fns(
        Family::Http,
        &[
            "reqwest::blocking::get",
            "reqwest::blocking::Client::new",
            "isahc::get",
            "isahc::post",
            "isahc::put",
            "isahc::delete",
            "isahc::head",
            "isahc::send",
            "minreq::get",
        ],
        HTTP_HELP,
    ),
    methods(
        Family::Http,
        &[
            "reqwest::blocking::RequestBuilder",
            "reqwest::blocking::Client",
        ],
        &["send", "execute"],
        HTTP_HELP,
    ),
    methods(
        Family::Http,
        &["reqwest::blocking::ClientBuilder"],
        &["build"],
        HTTP_HELP,
    ),
    methods(
        Family::Http,
        &["ureq::Request", "ureq::RequestBuilder"],
        &[
            "call",
            "send",
            "send_string",
            "send_json",
            "send_form",
            "send_bytes",
            "send_empty",
        ],
        HTTP_HELP,
    ),
    methods(
        Family::Http,
        &["attohttpc::RequestBuilder", "minreq::Request"],
        &["send"],
        HTTP_HELP,
    ),
    methods(
        Family::Http,
        &["curl::easy::Easy", "curl::easy::Easy2"],
        &["perform"],
        HTTP_HELP,
    ),
    // process
    methods(
        Family::Process,
        &["std::process::Command"],
        &["output", "status"],
        "use `tokio::process::Command` and `.{method}().await`",
    ),
    methods(
        Family::Process,
        &["std::process::Child"],
        &["wait", "wait_with_output"],
        "use `tokio::process::Child` and `.{method}().await`",
    ),
    // channel
    methods(
        Family::Channel,
        RECEIVERS,
        &["recv", "recv_timeout", "recv_deadline", "iter"],
        "use `tokio::sync::mpsc` (or `flume`'s `recv_async`) and `.recv().await`",
    ),
    methods(
        Family::Channel,
        &["std::sync::mpsc::SyncSender"],
        &["send"],
        "use a bounded `tokio::sync::mpsc` channel and `.send(..).await`",
    ),
    // sync
    methods(
        Family::Sync,
        &["std::sync::Condvar", "parking_lot::Condvar"],
        &[
            "wait",
            "wait_while",
            "wait_timeout",
            "wait_timeout_while",
            "wait_for",
            "wait_until",
        ],
        "use `tokio::sync::Notify` and `.notified().await`",
    ),
    fns(
        Family::Sync,
        &["std::thread::scope"],
        "a scope waits for all its threads: run it inside `tokio::task::spawn_blocking`",
    ),
    methods(
        Family::Sync,
        &["std::sync::Barrier"],
        &["wait"],
        "use `tokio::sync::Barrier` and `.wait().await`",
    ),
    methods(
        Family::Sync,
        &["std::thread::JoinHandle", "std::thread::ScopedJoinHandle"],
        &["join"],
        "await a `tokio::task::spawn_blocking` handle instead of joining a thread",
    ),
    // block_on
    fns(
        Family::BlockOn,
        &[
            "futures::executor::block_on",
            "futures_executor::block_on",
            "futures_lite::future::block_on",
            "futures::executor::block_on_stream",
            "pollster::block_on",
            "async_std::task::block_on",
            "smol::block_on",
            "async_io::block_on",
            "extreme::run",
        ],
        BLOCK_ON_HELP,
    ),
    fns(
        Family::BlockOn,
        &["tokio::runtime::Runtime::new"],
        "use the runtime you are in (`tokio::runtime::Handle::current()`): a runtime built inside async code blocks when dropped, and panics",
    ),
    // database
    fns(
        Family::Database,
        &[
            "rusqlite::Connection::open",
            "rusqlite::Connection::open_with_flags",
            "postgres::Client::connect",
            "mysql::Pool::new",
            "mysql::Conn::new",
            "sqlite::open",
            "r2d2::Pool::new",
        ],
        DB_HELP,
    ),
    methods(
        Family::Database,
        &["r2d2::Pool"],
        &["get", "get_timeout"],
        "use an async pool (`deadpool`, `bb8`) or take the connection inside `tokio::task::spawn_blocking`",
    ),
    methods(Family::Database, &["mysql::Pool"], &["get_conn"], DB_HELP),
    methods(
        Family::Database,
        &["redis::Client"],
        &["get_connection"],
        "use `get_multiplexed_async_connection().await`",
    ),
    methods(
        Family::Database,
        &["redis::Cmd", "redis::Pipeline"],
        &["query", "execute"],
        "use `query_async(..).await`",
    ),
    Api {
        family: Family::Database,
        calls: Calls::MethodsExcept {
            on: CONNECTIONS,
            except: HARMLESS,
        },
        advice: DB_HELP,
    },
    // Any connection type from a diesel backend: queries run through `RunQueryDsl`.
    methods(
        Family::Database,
        &[
            "diesel::PgConnection",
            "diesel::SqliteConnection",
            "diesel::MysqlConnection",
        ],
        &["transaction", "execute", "batch_execute", "establish"],
        DIESEL_HELP,
    ),
    // cpu
    fns(
        Family::Cpu,
        &[
            "bcrypt::hash",
            "bcrypt::verify",
            "bcrypt::hash_with_result",
            "bcrypt::hash_with_salt",
            "bcrypt::non_truncating_hash",
            "bcrypt::non_truncating_verify",
            "argon2::hash_encoded",
            "argon2::hash_raw",
            "argon2::verify_encoded",
            "argon2::verify_raw",
            "scrypt::scrypt",
            "pbkdf2::pbkdf2",
            "pbkdf2::pbkdf2_hmac",
            "pbkdf2::pbkdf2_hmac_array",
            "password_auth::generate_hash",
            "password_auth::verify_password",
            "ring::pbkdf2::derive",
            "ring::pbkdf2::verify",
        ],
        HASH_HELP,
    ),
    // crypt(3)-style password checks: thousands of rounds of SHA-2 or bcrypt per call (sha-crypt,
    // pwhash, and the older scrypt and pbkdf2 APIs that check a stored string).
    fns(
        Family::Cpu,
        &[
            "sha_crypt::sha512_check",
            "sha_crypt::sha512_simple",
            "sha_crypt::sha256_check",
            "sha_crypt::sha256_simple",
            "pwhash::bcrypt::hash",
            "pwhash::bcrypt::verify",
            "pwhash::sha512_crypt::hash",
            "pwhash::sha512_crypt::verify",
            "pwhash::sha256_crypt::hash",
            "pwhash::sha256_crypt::verify",
            "pwhash::unix::crypt",
            "pwhash::unix::verify",
            "scrypt::scrypt_check",
            "scrypt::scrypt_simple",
            "pbkdf2::pbkdf2_check",
            "pbkdf2::pbkdf2_simple",
        ],
        HASH_HELP,
    ),
    fns(
        Family::Cpu,
        &["rayon::join", "rayon::scope", "rayon::scope_fifo"],
        RAYON_HELP,
    ),
    methods(
        Family::Cpu,
        &["rayon::ThreadPool"],
        &["install", "join", "scope"],
        RAYON_HELP,
    ),
    methods(
        Family::Cpu,
        &["argon2::Argon2", "scrypt::Scrypt", "pbkdf2::Pbkdf2"],
        &[
            "hash_password",
            "hash_password_into",
            "verify_password",
            "hash_password_customized",
        ],
        HASH_HELP,
    ),
    // stdin
    methods(
        Family::Stdin,
        &["std::io::Stdin", "std::io::StdinLock"],
        &[
            "read_line",
            "lines",
            "read_to_string",
            "read_to_end",
            "read",
            "read_exact",
            "fill_buf",
            "read_until",
            "bytes",
        ],
        "use `tokio::io::stdin()` with `tokio::io::AsyncBufReadExt`",
    ),
];
