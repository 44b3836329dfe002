use super::hit::{Applicability, Edit, Hit, Suggestion};
use super::rule::{Call, catalog_hit, declare_rule, decoder_over, method_hit, path_hit};
use crate::knowledge::blocking::{
    ARCHIVE_FILE_HELP, ARCHIVE_READERS, BUFFERED_METHODS, BUFFERED_WRAPPERS, CODEC_FILE_HELP,
    FS_MIRRORED_OTHERWISE, FS_MIRRORED_SAME_TYPES, Family, PATH_METHODS, PATH_TYPES, Reads,
    WHOLE_BUFFER_CODECS,
};
use crate::model::path::DefPath;

declare_rule! {
    /// ## What it does
    /// Finds file-system calls that block: `std::fs` functions, reads, writes and locks on a
    /// `std::fs::File` (also through `BufReader`/`BufWriter`), `OpenOptions::open`, and the `Path`
    /// and `PathBuf` methods that touch the disk (`exists`, `metadata`, `read_dir`,
    /// `canonicalize`, ...), and the entry points of crates that walk or create files on the spot
    /// (`walkdir`, `glob`, `tempfile`, `image::open`, `fs_extra`, `git2`'s `Repository::open`
    /// and its siblings), and crates that map, lock, load or write files (`memmap2`,
    /// `atomicwrites`, `dotenvy`, `csv::Reader::from_path`, `fd-lock`, `which`, `sysinfo`'s
    /// refreshes, `sled::open`). Drop-in mirrors of std count as std: `fs_err` (`use fs_err as
    /// fs;`) and `camino`'s `Utf8Path`; so do archive readers and decoders handed a file
    /// (`zip::ZipArchive::new`, `tar::Archive::unpack`/`entries`, `zstd::decode_all`, reading a
    /// `GzDecoder` made over a `File` to its end).
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
    ///
    /// Reading memory is not disk: an archive or a codec handed bytes already in memory
    /// (`Cursor::new(body)`, `&buf[..]`, `buf.as_slice()`, a decoder made over a `Cursor`) is
    /// not reported here. Decompressing it is CPU work, reported by `blocking::cpu`; reading
    /// a zip archive's index from memory is cheap whatever the archive's size, and is not
    /// reported at all. A reader handed to `ZipArchive::new` by a name the source does not type
    /// is taken for a file, as it most often is; a decoder over such a reader is left alone.
    pub static FS = {
        name: "fs",
        level: Warn,
        summary: "std::fs calls, File I/O and disk-touching Path methods in async code",
        check: check,
    };
}

fn check(call: &Call<'_>) -> Option<Hit> {
    let mirrored = call.path_in(FS_MIRRORED_SAME_TYPES);
    if let Some(path) = mirrored.or_else(|| call.path_in(FS_MIRRORED_OTHERWISE)) {
        let name = DefPath::new(path).name();
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
    if let Some(hit) = catalog_hit(call, Family::Fs) {
        return Some(hit);
    }
    // Archives and codecs over a file; over memory they are `cpu`'s, or nothing (see Known
    // problems).
    let reads = call.args.first_reads;
    if let Some(p) = call
        .path_in(ARCHIVE_READERS)
        .filter(|_| reads != Reads::Memory)
    {
        return Some(path_hit(p, ARCHIVE_FILE_HELP));
    }
    if let Some(p) = call
        .path_in(WHOLE_BUFFER_CODECS)
        .filter(|_| reads == Reads::File)
    {
        return Some(path_hit(p, CODEC_FILE_HELP));
    }
    if let Some((ty, m)) = decoder_over(call, Reads::File) {
        return Some(method_hit(ty, m, CODEC_FILE_HELP));
    }
    if let Some((ty, m)) = call.method_on(PATH_TYPES, PATH_METHODS) {
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
    let (ty, m) = call.method_on(BUFFERED_WRAPPERS, BUFFERED_METHODS)?;
    let super::rule::Target::Method {
        receiver: Some(recv),
        ..
    } = call.target
    else {
        return None;
    };
    (recv.arg(0)?.path()? == "std::fs::File").then_some((ty, m))
}
