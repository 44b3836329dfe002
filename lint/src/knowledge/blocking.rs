//! Which library calls block, grouped by family (the rule that reports them), each group with
//! the advice its findings give. A rule reads its family's entries in order ([`of`]) and keeps
//! in its own file only what data cannot say: a fix it proposes, a check that depends on which
//! traits are in scope, advice computed from the call.
//!
//! Adding a blocking API is one entry here and one UI case (`lint/tests/ui/<rule>.rs`). A method
//! is found when the receiver's type is known: from a constructor the model recognises (`new`,
//! `open`, `connect`, `with_*`, ...), a typed binding, or `signatures` (a builder's other
//! methods, a function whose name does not say what it returns).

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

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

/// How a call names what it calls, for [`first_match`].
#[derive(Clone, Copy, Debug)]
pub enum Named<'a> {
    /// A function or associated function, by resolved path (`std::fs::read`, `Path::exists`),
    /// and the path's last segment (`exists`), which names a method too.
    Path { path: &'a str, name: &'a str },
    /// A method, by name.
    Method(&'a str),
}

/// The first entry of `family`, in the order its rule tries them, for which `matches` says yes,
/// among those that can match a call named `named`: an entry listing the path, or the method
/// (also when a path names it: `Path::exists(p)`), or taking every method of its types. The
/// same answer as trying [`of`]'s entries in turn, found through an index built once: every
/// rule asks for every call the checker meets, and most calls match no entry at all.
pub fn first_match<T>(
    family: Family,
    named: Named<'_>,
    mut matches: impl FnMut(&'static Api) -> Option<T>,
) -> Option<T> {
    let index = INDEX.get(&family)?;
    let list = |map: &'static HashMap<&'static str, Vec<usize>>, key: &str| {
        map.get(key).map_or(&[][..], Vec::as_slice)
    };
    // Two disjoint lists, each in catalog order: the first hit of each, then the earlier one.
    let (first, second) = match named {
        Named::Path { path, name } => (list(&index.by_path, path), list(&index.by_method, name)),
        Named::Method(name) => (list(&index.by_method, name), index.any_method.as_slice()),
    };
    let mut earliest = |entries: &[usize]| {
        entries
            .iter()
            .find_map(|&at| matches(&CATALOG[at]).map(|hit| (at, hit)))
    };
    match (earliest(first), earliest(second)) {
        (Some(a), Some(b)) => Some(if a.0 < b.0 { a.1 } else { b.1 }),
        (a, b) => a.or(b).map(|(_, hit)| hit),
    }
}

/// One family's catalog positions by what a call can be matched on (see [`first_match`]).
#[derive(Default)]
struct Index {
    by_path: HashMap<&'static str, Vec<usize>>,
    by_method: HashMap<&'static str, Vec<usize>>,
    any_method: Vec<usize>,
}

static INDEX: LazyLock<HashMap<Family, Index>> = LazyLock::new(|| {
    let mut families: HashMap<Family, Index> = HashMap::default();
    for (at, api) in CATALOG.iter().enumerate() {
        let index = families.entry(api.family).or_default();
        match api.calls {
            Calls::Fns(paths) => {
                for path in paths {
                    index.by_path.entry(path).or_default().push(at);
                }
            }
            Calls::Methods { named, .. } if !named.is_empty() => {
                for name in named {
                    index.by_method.entry(name).or_default().push(at);
                }
            }
            Calls::Methods { .. } | Calls::MethodsExcept { .. } => index.any_method.push(at),
        }
    }
    // An entry listing a path or a method twice is still tried once.
    for index in families.values_mut() {
        for list in index
            .by_path
            .values_mut()
            .chain(index.by_method.values_mut())
        {
            list.dedup();
        }
    }
    families
});

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

// ---- readers: the disk's or memory's ----------------------------------------------------------

/// What a reader handed to an archive or a codec reads from: a file waits for the disk (`fs`),
/// memory is CPU work (`cpu`, or nothing when it is cheap).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reads {
    #[default]
    Unknown,
    File,
    Memory,
}

/// Readers of a file.
pub const FILE_READERS: &[&str] = &["std::fs::File", "tempfile::NamedTempFile"];

/// Readers of bytes already in memory (`[]` is a slice or an array).
pub const MEMORY_READERS: &[&str] = &[
    "std::io::Cursor",
    "std::vec::Vec",
    "[]",
    "bytes::Bytes",
    "bytes::BytesMut",
    "std::string::String",
    "str",
];

/// Wrappers that read what their first type argument reads.
pub const READER_WRAPPERS: &[&str] = &["std::io::BufReader", "std::io::Take", "std::io::Chain"];

/// Archive readers that read the archive's index on the spot: over a file that is the disk's
/// work (`fs`); over memory it is a walk of the central directory, cheap whatever the archive's
/// size, and not reported. A reader the source does not spell is taken for a file.
pub const ARCHIVE_READERS: &[&str] = &["zip::ZipArchive::new", "zip::read::ZipArchive::new"];

/// Codecs that read their input to its end in one call: over a file they wait for the disk
/// (`fs`); otherwise they compress or decompress the whole buffer on the spot (`cpu`), work that
/// grows with the data, which is often a body the client chose.
pub const WHOLE_BUFFER_CODECS: &[&str] = &[
    "zstd::decode_all",
    "zstd::encode_all",
    "zstd::stream::decode_all",
    "zstd::stream::encode_all",
    "zstd::stream::copy_decode",
    "zstd::stream::copy_encode",
];

/// Streaming decoders: reading one to its end does what a whole-buffer codec does, over what
/// the decoder was made over (`GzDecoder::new(file)`, `GzDecoder::new(Cursor::new(body))`). A
/// decoder over a reader the source does not type is left alone.
pub const DECODERS: &[&str] = &[
    "flate2::read::GzDecoder",
    "flate2::read::MultiGzDecoder",
    "flate2::read::ZlibDecoder",
    "flate2::read::DeflateDecoder",
    "flate2::bufread::GzDecoder",
    "flate2::bufread::MultiGzDecoder",
    "flate2::bufread::ZlibDecoder",
    "flate2::bufread::DeflateDecoder",
    "xz2::read::XzDecoder",
    "xz2::bufread::XzDecoder",
    "zstd::stream::read::Decoder",
    "zstd::Decoder",
    "bzip2::read::BzDecoder",
    "bzip2::read::MultiBzDecoder",
    "brotli::Decompressor",
];

pub const DECODER_METHODS: &[&str] = &["read_to_end", "read_to_string", "read_exact"];

pub const ARCHIVE_FILE_HELP: &str =
    "read the archive inside `tokio::task::spawn_blocking` (or use `async_zip`)";

pub const CODEC_FILE_HELP: &str = "decompress the file inside `tokio::task::spawn_blocking`, or stream a `tokio::fs::File` through `async-compression`";

pub const CODEC_MEMORY_HELP: &str = "compress or decompress large buffers inside `tokio::task::spawn_blocking` (or `rayon`): the work grows with the data";

const TEMPFILE_HELP: &str = "make, persist and remove temporary files inside `tokio::task::spawn_blocking`, or use `async-tempfile`";

const MMAP_HELP: &str = "map and read the file inside `tokio::task::spawn_blocking`: each first touch of a mapped page waits for the disk, and `flush` waits for it to write";

const GIT_HELP: &str =
    "run the repository work inside `tokio::task::spawn_blocking`: libgit2 reads `.git` as it goes";

const IMAGE_FILE_HELP: &str =
    "read or write the image inside `tokio::task::spawn_blocking` (or `tokio::fs` for the bytes)";

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

/// Embedded stores (RocksDB, LMDB, redb): no async API, every read may fault in a page and every
/// commit waits for the disk.
const EMBEDDED_HELP: &str = "run the store's reads and writes inside `tokio::task::spawn_blocking`";

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
    "duckdb::Connection",
    "duckdb::Transaction",
    "duckdb::Statement",
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
    // Settings and callbacks, kept for later statements: registering one does no I/O.
    "progress_handler",
    "busy_timeout",
    "busy_handler",
    "set_prepared_statement_cache_capacity",
    "get_interrupt_handle",
    "trace",
    "profile",
    "create_scalar_function",
    "create_aggregate_function",
    "create_window_function",
    "remove_function",
    "create_collation",
    "authorizer",
    "commit_hook",
    "rollback_hook",
    "update_hook",
    "as_ref",
    "borrow",
    "deref",
    "into",
    "to_owned",
];

// ---- cpu ---------------------------------------------------------------------------------------

const HASH_HELP: &str = "move the hashing into `tokio::task::spawn_blocking` (or `rayon`)";

const KEYGEN_HELP: &str = "generate the key inside `tokio::task::spawn_blocking`: finding RSA primes takes from tens of milliseconds to seconds";

const IMAGE_CPU_HELP: &str =
    "decode and transform images inside `tokio::task::spawn_blocking` (or `rayon`)";

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
            "fs_extra::dir::move_dir",
            "fs_extra::copy_items",
            "fs_extra::move_items",
            "fs_extra::remove_items",
        ],
        FS_HELP,
    ),
    // `which` stats every directory of `PATH` in turn.
    fns(
        Family::Fs,
        &[
            "which::which",
            "which::which_in",
            "which::which_all",
            "which::which_global",
        ],
        "look the program up once before serving, or inside `tokio::task::spawn_blocking`",
    ),
    // Image files read or written whole on the spot.
    fns(
        Family::Fs,
        &[
            "image::save_buffer",
            "image::save_buffer_with_format",
            "image::ImageReader::open",
            "image::io::Reader::open",
        ],
        IMAGE_FILE_HELP,
    ),
    // memmap2: mapping a file asks the kernel on the spot, and a mapped file is read by page
    // faults, which park the thread like a read; `flush` is `msync`. Through libc, which the
    // dependency summaries do not follow. (`MmapOptions::map_anon` maps no file: not listed.)
    fns(
        Family::Fs,
        &["memmap2::Mmap::map", "memmap2::MmapMut::map_mut"],
        MMAP_HELP,
    ),
    methods(
        Family::Fs,
        &["memmap2::MmapOptions"],
        &[
            "map",
            "map_mut",
            "map_copy",
            "map_copy_read_only",
            "map_exec",
            "map_raw",
            "map_raw_read_only",
        ],
        MMAP_HELP,
    ),
    methods(
        Family::Fs,
        &["memmap2::MmapMut", "memmap2::MmapRaw"],
        &["flush", "flush_range"],
        MMAP_HELP,
    ),
    // atomicwrites: a temporary file written, synced and renamed over the target.
    methods(
        Family::Fs,
        &["atomicwrites::AtomicFile"],
        &["write"],
        "write the file inside `tokio::task::spawn_blocking`, or write a temporary file with `tokio::fs` and `tokio::fs::rename` it",
    ),
    // `.env` loaders: they look for the file up the directory tree and read it.
    fns(
        Family::Fs,
        &[
            "dotenvy::dotenv",
            "dotenvy::dotenv_override",
            "dotenvy::dotenv_iter",
            "dotenvy::from_filename",
            "dotenvy::from_filename_override",
            "dotenvy::from_filename_iter",
            "dotenvy::from_path",
            "dotenvy::from_path_override",
            "dotenvy::from_path_iter",
            "dotenv::dotenv",
            "dotenv::from_filename",
            "dotenv::from_path",
        ],
        "load the `.env` file in a sync `main` before the runtime starts, or inside `tokio::task::spawn_blocking`",
    ),
    // csv's `from_path` opens the file, and each record read from it reads the disk.
    fns(
        Family::Fs,
        &["csv::Reader::from_path", "csv::Writer::from_path"],
        "read or write the CSV file inside `tokio::task::spawn_blocking`, or use `csv-async` over a `tokio::fs::File`",
    ),
    methods(
        Family::Fs,
        &["csv::ReaderBuilder", "csv::WriterBuilder"],
        &["from_path"],
        "read or write the CSV file inside `tokio::task::spawn_blocking`, or use `csv-async` over a `tokio::fs::File`",
    ),
    // fd-lock's guards wait for whoever holds the lock, as `flock` does.
    methods(
        Family::Fs,
        &["fd_lock::RwLock"],
        &["read", "write"],
        "take the lock inside `tokio::task::spawn_blocking`, or retry `try_write` between `tokio::time::sleep` awaits",
    ),
    // sysinfo reads `/proc` (or asks the kernel) for every process, disk and interface: tens of
    // milliseconds on a busy host.
    fns(
        Family::Fs,
        &[
            "sysinfo::System::new_all",
            "sysinfo::Disks::new_with_refreshed_list",
            "sysinfo::Networks::new_with_refreshed_list",
            "sysinfo::Components::new_with_refreshed_list",
        ],
        "refresh `sysinfo` inside `tokio::task::spawn_blocking`, or on a thread of its own that shares the numbers",
    ),
    methods(
        Family::Fs,
        &["sysinfo::System"],
        &[
            "refresh_all",
            "refresh_processes",
            "refresh_processes_specifics",
            "refresh_process",
            "refresh_specifics",
            "refresh_cpu",
            "refresh_cpu_all",
            "refresh_cpu_usage",
            "refresh_memory",
        ],
        "refresh `sysinfo` inside `tokio::task::spawn_blocking`, or on a thread of its own that shares the numbers",
    ),
    methods(
        Family::Fs,
        &["sysinfo::Disks", "sysinfo::Networks", "sysinfo::Components"],
        &["refresh", "refresh_list"],
        "refresh `sysinfo` inside `tokio::task::spawn_blocking`, or on a thread of its own that shares the numbers",
    ),
    // libgit2 through FFI: a repository's every query reads `.git`.
    methods(
        Family::Fs,
        &["git2::Repository"],
        &[
            "head",
            "statuses",
            "index",
            "find_commit",
            "find_reference",
            "find_branch",
            "find_tree",
            "find_blob",
            "find_object",
            "revparse_single",
            "revwalk",
            "branches",
            "references",
            "checkout_head",
            "checkout_tree",
            "checkout_index",
            "commit",
            "reset",
            "merge",
            "tag",
            "diff_tree_to_tree",
            "diff_tree_to_workdir",
            "diff_index_to_workdir",
            "blame_file",
        ],
        GIT_HELP,
    ),
    // An image written to disk, or one read from a file by a reader `open` made.
    methods(
        Family::Fs,
        &[
            "image::DynamicImage",
            "image::ImageBuffer",
            "image::RgbImage",
            "image::RgbaImage",
            "image::GrayImage",
        ],
        &["save", "save_with_format"],
        IMAGE_FILE_HELP,
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
    // These read files from the disk into the archive, whatever it is written to.
    methods(
        Family::Fs,
        &["tar::Builder"],
        &[
            "append_path",
            "append_path_with_name",
            "append_dir_all",
            "append_dir",
            "append_file",
        ],
        "build the archive inside `tokio::task::spawn_blocking` (or use `tokio-tar`)",
    ),
    // Extracting writes every entry to the disk, whatever the archive is read from.
    methods(
        Family::Fs,
        &["zip::ZipArchive", "zip::read::ZipArchive"],
        &["extract", "extract_unwrapped_root_dir"],
        "extract the archive inside `tokio::task::spawn_blocking` (or use `async_zip`)",
    ),
    // sled: opening recovers the log; `flush` waits for the disk and has an async twin.
    fns(
        Family::Fs,
        &["sled::open"],
        "open the database inside `tokio::task::spawn_blocking`, once, before serving",
    ),
    methods(
        Family::Fs,
        &["sled::Config"],
        &["open"],
        "open the database inside `tokio::task::spawn_blocking`, once, before serving",
    ),
    methods(
        Family::Fs,
        &["sled::Db", "sled::Tree"],
        &["flush"],
        "use `flush_async().await`",
    ),
    // lettre's file transport writes each message to a file.
    methods(
        Family::Fs,
        &["lettre::FileTransport"],
        &["send", "send_raw"],
        "use `lettre::AsyncFileTransport` and `.send(..).await`",
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
            "dns_lookup::getaddrinfo",
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
    // Synchronous TLS handshakes over a std socket: several round trips to the peer, in OpenSSL
    // or the platform's library (FFI the summaries do not follow).
    methods(
        Family::Net,
        &["native_tls::TlsConnector"],
        &["connect"],
        "use `tokio_native_tls::TlsConnector` and `.connect(..).await`",
    ),
    methods(
        Family::Net,
        &["native_tls::TlsAcceptor"],
        &["accept"],
        "use `tokio_native_tls::TlsAcceptor` and `.accept(..).await`",
    ),
    methods(
        Family::Net,
        &["openssl::ssl::SslConnector", "openssl::ssl::SslAcceptor"],
        &["connect", "accept"],
        "use `tokio_openssl::SslStream` and `.connect().await`/`.accept().await`",
    ),
    // librdkafka through FFI: these wait for the brokers up to their timeout.
    methods(
        Family::Net,
        &[
            "rdkafka::producer::FutureProducer",
            "rdkafka::producer::BaseProducer",
            "rdkafka::producer::ThreadedProducer",
        ],
        &[
            "flush",
            "poll",
            "init_transactions",
            "commit_transaction",
            "abort_transaction",
        ],
        "call `{method}` inside `tokio::task::spawn_blocking`; `FutureProducer::send(..).await` delivers without it",
    ),
    methods(
        Family::Net,
        &[
            "rdkafka::consumer::StreamConsumer",
            "rdkafka::consumer::BaseConsumer",
            "rdkafka::consumer::FutureConsumer",
        ],
        &[
            "poll",
            "fetch_metadata",
            "fetch_watermarks",
            "fetch_group_list",
            "committed",
            "committed_offsets",
            "offsets_for_times",
        ],
        "call `{method}` inside `tokio::task::spawn_blocking`, or use `StreamConsumer::recv().await`",
    ),
    // ldap3's sync client drives a runtime of its own with `block_on`: inside async code it
    // blocks the worker, and panics under tokio ("Cannot start a runtime from within a runtime").
    fns(
        Family::Net,
        &["ldap3::LdapConn::new", "ldap3::LdapConn::with_settings"],
        "use `ldap3::LdapConnAsync::new(..).await` and drive the connection with `ldap3::drive!`",
    ),
    methods(
        Family::Net,
        &["ldap3::LdapConn"],
        &[
            "simple_bind",
            "sasl_external_bind",
            "search",
            "streaming_search",
            "add",
            "modify",
            "modifydn",
            "delete",
            "compare",
            "extended",
            "unbind",
            "abandon",
        ],
        "use the async `ldap3::Ldap` handle from `LdapConnAsync` and `.{method}(..).await`",
    ),
    methods(
        Family::Net,
        &["git2::Remote"],
        &["fetch", "push", "connect", "download", "connect_auth"],
        "fetch or push inside `tokio::task::spawn_blocking`: libgit2 waits on the network",
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
    // `open` starts the desktop's opener (`xdg-open`, `open`, `start`) and waits for it.
    fns(
        Family::Process,
        &["open::that", "open::with"],
        "use `open::that_detached`, which does not wait for the opener",
    ),
    // lettre's sendmail transport runs `sendmail` and waits for it.
    methods(
        Family::Process,
        &["lettre::SendmailTransport"],
        &["send", "send_raw"],
        "use `lettre::AsyncSendmailTransport` and `.send(..).await`",
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
            "duckdb::Connection::open",
            "duckdb::Connection::open_with_flags",
        ],
        DB_HELP,
    ),
    // RocksDB through FFI, which the dependency summaries do not follow.
    fns(
        Family::Database,
        &[
            "rocksdb::DB::open",
            "rocksdb::DB::open_default",
            "rocksdb::DB::open_cf",
            "rocksdb::DB::open_cf_descriptors",
            "rocksdb::DB::open_for_read_only",
            "rocksdb::DB::open_as_secondary",
            "rocksdb::DB::destroy",
            "rocksdb::DB::repair",
            "rocksdb::OptimisticTransactionDB::open",
            "rocksdb::OptimisticTransactionDB::open_default",
            "rocksdb::TransactionDB::open",
            "rocksdb::TransactionDB::open_default",
        ],
        EMBEDDED_HELP,
    ),
    methods(
        Family::Database,
        &[
            "rocksdb::DB",
            "rocksdb::DBWithThreadMode",
            "rocksdb::OptimisticTransactionDB",
            "rocksdb::TransactionDB",
        ],
        &[
            "get",
            "get_cf",
            "get_pinned",
            "get_pinned_cf",
            "multi_get",
            "multi_get_cf",
            "put",
            "put_cf",
            "delete",
            "delete_cf",
            "delete_range_cf",
            "merge",
            "merge_cf",
            "write",
            "flush",
            "flush_cf",
            "flush_wal",
            "compact_range",
            "compact_range_cf",
            "create_cf",
            "drop_cf",
            "key_may_exist",
        ],
        EMBEDDED_HELP,
    ),
    // redb: `begin_write` waits for the write transaction before it, `commit` for the disk.
    fns(
        Family::Database,
        &["redb::Database::create", "redb::Database::open"],
        EMBEDDED_HELP,
    ),
    methods(
        Family::Database,
        &["redb::Builder"],
        &["create", "open"],
        EMBEDDED_HELP,
    ),
    methods(
        Family::Database,
        &["redb::Database"],
        &["begin_write", "compact", "check_integrity"],
        EMBEDDED_HELP,
    ),
    methods(
        Family::Database,
        &["redb::WriteTransaction"],
        &["commit"],
        EMBEDDED_HELP,
    ),
    // heed (LMDB through FFI): opening maps the file, a write transaction waits for the one
    // before it, and `commit` syncs.
    methods(
        Family::Database,
        &["heed::EnvOpenOptions"],
        &["open"],
        EMBEDDED_HELP,
    ),
    methods(
        Family::Database,
        &["heed::Env"],
        &["write_txn", "copy_to_file", "force_sync"],
        EMBEDDED_HELP,
    ),
    methods(
        Family::Database,
        &["heed::RwTxn"],
        &["commit"],
        EMBEDDED_HELP,
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
    // zstd's one-shot buffer functions: memory in, memory out.
    fns(
        Family::Cpu,
        &[
            "zstd::bulk::compress",
            "zstd::bulk::decompress",
            "zstd::bulk::Compressor::compress",
            "zstd::bulk::Decompressor::decompress",
        ],
        CODEC_MEMORY_HELP,
    ),
    // RSA key generation searches for large primes.
    fns(
        Family::Cpu,
        &[
            "rsa::RsaPrivateKey::new",
            "rsa::RsaPrivateKey::new_with_exp",
            "openssl::rsa::Rsa::generate",
            "openssl::rsa::Rsa::generate_with_e",
            "openssl::dh::Dh::generate_params",
        ],
        KEYGEN_HELP,
    ),
    // Image decoding and resampling: milliseconds to seconds of CPU per image (reading the file
    // is `fs`'s: `image::open`, `ImageReader::open`).
    fns(
        Family::Cpu,
        &[
            "image::load_from_memory",
            "image::load_from_memory_with_format",
            "image::load",
            "image::imageops::resize",
            "image::imageops::blur",
            "image::imageops::thumbnail",
        ],
        IMAGE_CPU_HELP,
    ),
    methods(
        Family::Cpu,
        &["image::ImageReader", "image::io::Reader"],
        &["decode"],
        IMAGE_CPU_HELP,
    ),
    methods(
        Family::Cpu,
        &["image::DynamicImage"],
        &[
            "resize",
            "resize_exact",
            "resize_to_fill",
            "thumbnail",
            "thumbnail_exact",
            "blur",
            "fast_blur",
            "unsharpen",
        ],
        IMAGE_CPU_HELP,
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
