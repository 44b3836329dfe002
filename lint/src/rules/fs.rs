use super::hit::{Applicability, Edit, Hit, Suggestion};
use super::rule::{Call, declare_rule, method_hit, path_hit};

declare_rule! {
    /// ## What it does
    /// Finds file-system calls that block: `std::fs` functions, reads, writes and locks on a
    /// `std::fs::File` (also through `BufReader`/`BufWriter`), `OpenOptions::open`, and the `Path`
    /// and `PathBuf` methods that touch the disk (`exists`, `metadata`, `read_dir`,
    /// `canonicalize`, ...), and the entry points of crates that walk or create files on the spot
    /// (`walkdir`, `glob`, `tempfile`, `image::open`, `fs_extra`, `git2`'s `Repository::open`
    /// and its siblings). Drop-in mirrors of std count as std: `fs_err` (`use fs_err as fs;`) and
    /// `camino`'s `Utf8Path`; so do archive readers handed a file (`zip::ZipArchive::new`,
    /// `tar::Archive::unpack`/`entries`).
    ///
    /// ## Why is this bad?
    /// Disk I/O has no readiness notification on most platforms: the call parks the worker thread
    /// until the kernel is done, and a slow or network-mounted disk turns that into milliseconds or
    /// seconds during which no other task on that worker runs.
    ///
    /// ## Example
    /// ```rust,ignore
    /// async fn load(path: &Path) -> std::io::Result<String> {
    ///     std::fs::read_to_string(path)
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```rust,ignore
    /// async fn load(path: &Path) -> std::io::Result<String> {
    ///     tokio::fs::read_to_string(path).await
    /// }
    /// ```
    /// or move a batch of file work into `tokio::task::spawn_blocking`, which is what `tokio::fs`
    /// does for each call.
    ///
    /// ## Known problems
    /// Methods are reported only when the receiver's type is known from the source (a constructor,
    /// a typed parameter, a struct field, an element of a typed collection or its iterator); a
    /// `File` that arrives through an untyped path is missed.
    pub static FS = {
        name: "fs",
        level: Warn,
        summary: "std::fs calls, File I/O and disk-touching Path methods in async code",
        check: check,
    };
}

/// `std::fs` functions that `tokio::fs` mirrors with the same name, and with arguments and result
/// of the same types (`impl AsRef<Path>` for std's `P: AsRef<Path>`, `io::Result` of the same
/// `Vec<u8>`, `String`, `u64`, `()`, `std::fs::Metadata`, `PathBuf`; `set_permissions` takes std's
/// `Permissions`): swapping the call and awaiting it leaves the code around it unchanged.
const SAME_TYPES: &[&str] = &[
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
const MIRRORED_OTHERWISE: &[&str] = &["std::fs::read_dir", "std::fs::try_exists"];

const OTHER_FUNCTIONS: &[&str] = &[
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
    "tempfile::tempfile",
    "tempfile::tempdir",
    "tempfile::NamedTempFile::new",
    "image::open",
    // libgit2 through FFI, which dependency summaries never follow: opening, finding or creating
    // a repository reads its `.git` directory on the spot (a clone also fetches).
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
];

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

/// File locks wait for whoever holds the lock, however long: std's own, and `lock_exclusive`
/// from fs2's and fs4's `FileExt`, the locks before std had them.
const LOCK_METHODS: &[&str] = &["lock", "lock_shared", "lock_exclusive"];

const BUFFERED_METHODS: &[&str] = &[
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

const PATH_METHODS: &[&str] = &[
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

fn check(call: &Call<'_>) -> Option<Hit> {
    let mirrored = call.path_in(SAME_TYPES);
    if let Some(path) = mirrored.or_else(|| call.path_in(MIRRORED_OTHERWISE)) {
        let name = path.rsplit("::").next().unwrap_or(path);
        let replacement = format!("tokio::fs::{name}");
        let suggestion = Suggestion {
            message: format!("use `{replacement}`"),
            edits: vec![
                Edit {
                    loc: call.callee_loc.clone(),
                    replacement: replacement.clone(),
                },
                Edit {
                    loc: call.call_loc.after(),
                    replacement: ".await".into(),
                },
            ],
            // Exact where the types line up and `.await` may be written here; otherwise (a
            // different result type, a sync closure called inline, a macro's tokens) a person
            // finishes the change.
            applicability: if call.await_here && mirrored.is_some() {
                Applicability::MachineApplicable
            } else {
                Applicability::MaybeIncorrect
            },
        };
        return Some(Hit {
            callee: path.into(),
            help: format!(
                "use `{replacement}(..).await`, or move the work into `tokio::task::spawn_blocking`"
            ),
            suggestion: Some(suggestion),
        });
    }
    if let Some(path) = call.path_in(OTHER_FUNCTIONS) {
        return Some(path_hit(
            path,
            "use `tokio::fs`, or move the work into `tokio::task::spawn_blocking`",
        ));
    }
    if let Some((ty, m)) = call.method_on(&["std::fs::File"], FILE_METHODS) {
        return Some(method_hit(
            ty,
            m,
            "use `tokio::fs::File` with `tokio::io::AsyncReadExt`/`AsyncWriteExt`, or `tokio::task::spawn_blocking`",
        ));
    }
    if let Some((ty, m)) = call.method_on(&["std::fs::File"], LOCK_METHODS) {
        return Some(method_hit(
            ty,
            m,
            "take the lock inside `tokio::task::spawn_blocking`, or retry `try_lock` between `tokio::time::sleep` awaits",
        ));
    }
    if let Some((ty, m)) = call.method_on(&["std::fs::OpenOptions"], &["open"]) {
        return Some(method_hit(ty, m, "use `tokio::fs::OpenOptions`"));
    }
    if let Some((ty, m)) = call.method_on(&["std::fs::DirEntry"], &["metadata", "file_type"]) {
        return Some(method_hit(
            ty,
            m,
            "use `tokio::fs::read_dir` and its `DirEntry`",
        ));
    }
    if let Some((ty, m)) = call.method_on(
        &[
            "std::path::Path",
            "std::path::PathBuf",
            "camino::Utf8Path",
            "camino::Utf8PathBuf",
        ],
        PATH_METHODS,
    ) {
        return Some(method_hit(
            ty,
            m,
            // Say which call answers the question, once: `exists` maps to `try_exists`, the
            // `is_*` questions to `metadata`.
            match fs_name(m) {
                same if same == m => format!("use `tokio::fs::{same}(..).await`"),
                other => format!("use `tokio::fs::{other}(..).await`, which answers `{m}`"),
            },
        ));
    }
    if let Some((ty, m)) = call.method_on(&["tar::Archive"], &["unpack", "entries"]) {
        return Some(method_hit(
            ty,
            m,
            "read the archive inside `tokio::task::spawn_blocking` (or use `tokio-tar`)",
        ));
    }
    if let Some((ty, m)) = buffered_file(call) {
        return Some(method_hit(
            ty,
            m,
            "use `tokio::io::BufReader`/`BufWriter` over a `tokio::fs::File`",
        ));
    }
    None
}

/// The `tokio::fs` function that answers what a `Path` method asks.
fn fs_name(method: &str) -> &str {
    match method {
        "exists" | "try_exists" => "try_exists",
        "is_file" | "is_dir" | "is_symlink" => "metadata",
        other => other,
    }
}

/// A `BufReader`/`BufWriter`/`LineWriter` known to wrap a `std::fs::File`.
fn buffered_file<'a>(call: &Call<'a>) -> Option<(&'a str, &'a str)> {
    let wrappers = [
        "std::io::BufReader",
        "std::io::BufWriter",
        "std::io::LineWriter",
    ];
    let (ty, m) = call.method_on(&wrappers, BUFFERED_METHODS)?;
    let super::rule::Target::Method {
        receiver: Some(recv),
        ..
    } = call.target
    else {
        return None;
    };
    (recv.arg(0)?.path()? == "std::fs::File").then_some((ty, m))
}
