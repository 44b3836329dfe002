// blocking::fs: std::fs functions, File I/O, disk-touching Path methods.
use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

async fn functions(p: &Path) -> std::io::Result<String> {
    fs::create_dir_all(p)?;
    //~^ blocking::fs
    std::fs::read_to_string(p)
    //~^ blocking::fs
}

async fn file_io(p: &Path) -> std::io::Result<()> {
    let mut f = File::open(p)?;
    //~^ blocking::fs
    let mut s = String::new();
    f.read_to_string(&mut s)?;
    //~^ blocking::fs
    let mut w = OpenOptions::new().append(true).open(p)?;
    //~^ blocking::fs
    w.sync_all()?;
    //~^ blocking::fs
    Ok(())
}

async fn buffered(file: std::fs::File) {
    let reader = BufReader::new(file);
    for line in reader.lines() {
        //~^ blocking::fs
        drop(line);
    }
}

async fn paths(dir: PathBuf) -> bool {
    let config = dir.join("config.toml");
    config.exists()
    //~^ blocking::fs
}

async fn path_from_literal() -> bool {
    Path::new("/etc/hosts").is_file()
    //~^ blocking::fs
}

async fn inline_closure(paths: Vec<PathBuf>) -> Vec<Vec<u8>> {
    paths.iter().map(|p| fs::read(p).unwrap()).collect()
    //~^ blocking::fs
}

async fn serve_file(path: std::path::PathBuf) -> std::io::Result<actix_files::NamedFile> {
    actix_files::NamedFile::open(path)
    //~^ blocking::fs
}

// Look-alikes.

async fn tokio_fs(p: &Path) -> std::io::Result<String> {
    let mut f = tokio::fs::File::open(p).await?;
    let mut s = String::new();
    tokio::io::AsyncReadExt::read_to_string(&mut f, &mut s).await?;
    tokio::fs::read_to_string(p).await
}

async fn path_methods_that_do_not_touch_the_disk(p: &Path) -> bool {
    p.extension().is_some() && p.join("x").file_name().is_some()
}

async fn unknown_receiver(thing: Thing) {
    // Nothing tells what `thing` is: silent.
    thing.exists();
    thing.read_to_string();
}

mod own {
    pub fn read_to_string(_: &str) -> String {
        String::new()
    }
    pub async fn use_it() -> String {
        read_to_string("x")
    }
}

async fn in_spawn_blocking(p: PathBuf) {
    let _ = tokio::task::spawn_blocking(move || std::fs::read(p)).await;
}

async fn more_path_sources(name: String) -> bool {
    std::path::PathBuf::from(&name).is_dir() || std::env::current_dir().unwrap().join(&name).exists()
    //~^ blocking::fs
    //~^^ blocking::fs
}

async fn through_adapters(p: &Path) -> anyhow::Result<()> {
    if let Ok(mut f) = File::open(p) {
        //~^ blocking::fs
        f.sync_data()?;
        //~^ blocking::fs
    }
    let g = File::create(p).context("creating")?;
    //~^ blocking::fs
    g.set_len(0)?;
    //~^ blocking::fs
    Ok(())
}

async fn crates_that_walk(dir: &str) -> usize {
    walkdir::WalkDir::new(dir).into_iter().count()
    //~^ blocking::fs
}

async fn handed_by_name(paths: Vec<PathBuf>) -> Vec<String> {
    // A function handed to `map` by name runs here, as the closure `|p| fs::read_to_string(p)`
    // would; no fix is offered, since `.map(tokio::fs::read_to_string)` yields futures.
    paths.into_iter().map(fs::read_to_string).filter_map(Result::ok).collect()
    //~^ blocking::fs
}

async fn locked(p: &Path) -> std::io::Result<()> {
    use fs2::FileExt;
    let f = File::open(p)?;
    //~^ blocking::fs
    // Waits for another process to let go of the lock; the `try_` form returns at once.
    f.lock_exclusive()?;
    //~^ blocking::fs
    f.try_lock_exclusive()
}

async fn named_by_path(paths: Vec<&Path>) -> usize {
    // A method named by its path is the same call, also when handed to a combinator.
    let any = paths.first().is_some_and(|p| Path::exists(p));
    //~^ blocking::fs
    paths.into_iter().map(Path::is_file).filter(|f| *f).count() + usize::from(any)
    //~^ blocking::fs
}

async fn iterated(paths: &[PathBuf], files: Vec<File>) -> usize {
    // What iterating a collection yields has the collection's element type.
    let mut found = 0;
    for p in paths {
        if p.is_file() {
            //~^ blocking::fs
            found += 1;
        }
    }
    for f in files {
        let _ = f.sync_all();
        //~^ blocking::fs
    }
    found + paths.iter().filter(|p| p.exists()).count()
    //~^ blocking::fs
}

fn warm_cache() {
    let _ = fs::read("cache.bin");
}

async fn handed_over_for_later() -> std::io::Result<tokio::runtime::Runtime> {
    // The builder keeps it and runs it on each thread it starts, not here.
    tokio::runtime::Builder::new_multi_thread()
        .on_thread_start(warm_cache)
        .build()
}

async fn repository_head(dir: &str) -> bool {
    // libgit2 reads `.git` through FFI: the catalog names its entry points.
    git2::Repository::discover(dir).is_ok()
    //~^ blocking::fs
}

async fn async_walk(dir: &str) {
    // async-walkdir's stream is fine.
    let _entries = async_walkdir::WalkDir::new(dir);
}

async fn lazy_config() -> &'static str {
    // A static's initialiser is not the async fn's code, but the first touch runs it here: the
    // touch is reported, with a note at the initialiser (see lazy_init.rs).
    static CONFIG: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| std::fs::read_to_string("app.toml").unwrap_or_default());
    &CONFIG
    //~^ blocking::fs
}

async fn serve_file_async(path: std::path::PathBuf) -> std::io::Result<actix_files::NamedFile> {
    // The async twin: awaited, nothing blocks.
    actix_files::NamedFile::open_async(path).await
}
