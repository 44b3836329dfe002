// blocking::fs: crates that read, write, map or lock files on the spot, beyond std's own.
use std::fs::File;
use std::path::Path;

use memmap2::{Mmap, MmapMut, MmapOptions};

async fn mapped(f: &File) -> std::io::Result<usize> {
    let map = unsafe { Mmap::map(f)? };
    //~^ blocking::fs
    let mut out = unsafe { MmapOptions::new().len(4096).map_mut(f)? };
    //~^ blocking::fs
    out[0] = map[0];
    out.flush()?;
    //~^ blocking::fs
    Ok(map.len())
}

async fn atomic_config(path: &Path, bytes: Vec<u8>) -> std::io::Result<()> {
    use std::io::Write;
    let file = atomicwrites::AtomicFile::new(path, atomicwrites::AllowOverwrite);
    file.write(|f| f.write_all(&bytes)).map_err(std::io::Error::other)
    //~^ blocking::fs
}

async fn env_in_a_handler() {
    dotenvy::dotenv().ok();
    //~^ blocking::fs
}

async fn report(path: &Path) -> Result<usize, csv::Error> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_path(path)?;
    //~^ blocking::fs
    Ok(rdr.records().count())
}

async fn locked(file: File) -> std::io::Result<()> {
    let mut lock = fd_lock::RwLock::new(file);
    let _guard = lock.write()?;
    //~^ blocking::fs
    Ok(())
}

async fn find_tool() -> bool {
    which::which("ffmpeg").is_ok()
    //~^ blocking::fs
}

async fn metrics() -> u64 {
    let mut sys = sysinfo::System::new();
    sys.refresh_all();
    //~^ blocking::fs
    sys.total_memory()
}

async fn last_commit(dir: &Path) -> Option<String> {
    let repo = git2::Repository::open(dir).ok()?;
    //~^ blocking::fs
    let head = repo.head().ok()?;
    //~^ blocking::fs
    head.shorthand().map(String::from)
}

async fn avatar(src: &Path, dst: &Path) -> image::ImageResult<()> {
    let img = image::ImageReader::open(src)?.decode()?;
    //~^ blocking::fs
    //~^^ blocking::cpu
    img.save(dst)
    //~^ blocking::fs
}

async fn backup(out: File, dir: &Path) -> std::io::Result<()> {
    let mut tar = tar::Builder::new(out);
    tar.append_dir_all("data", dir)?;
    //~^ blocking::fs
    tar.finish()
}

async fn unpack(file: File, to: &Path) -> zip::result::ZipResult<()> {
    let mut archive = zip::ZipArchive::new(file)?;
    //~^ blocking::fs
    archive.extract(to)
    //~^ blocking::fs
}

async fn embedded_store(path: &Path) -> sled::Result<()> {
    let db = sled::open(path)?;
    //~^ blocking::fs
    db.insert(b"k", b"v".to_vec())?;
    db.flush()?;
    //~^ blocking::fs
    Ok(())
}

async fn move_out(from: &Path, to: &Path) {
    let opts = fs_extra::dir::CopyOptions::new();
    let _ = fs_extra::dir::move_dir(from, to, &opts);
    //~^ blocking::fs
}

// Look-alikes.

async fn anonymous_map() -> std::io::Result<MmapMut> {
    // No file behind it: memory, not disk; `flush_async` only schedules the write-back.
    let map = MmapOptions::new().len(1 << 20).map_anon()?;
    map.flush_async()?;
    Ok(map)
}

async fn only_named(path: &Path) -> atomicwrites::AtomicFile {
    // Making the value touches nothing; `write` does.
    atomicwrites::AtomicFile::new(path, atomicwrites::AllowOverwrite)
}

async fn csv_from_memory(body: &str) -> usize {
    csv::Reader::from_reader(body.as_bytes()).records().count()
}

async fn offloaded_tools() {
    let _ = tokio::task::spawn_blocking(|| which::which("ffmpeg")).await;
    let _ = tokio::task::spawn_blocking(sysinfo::System::new_all).await;
}

async fn sled_async(db: sled::Db) -> sled::Result<usize> {
    db.flush_async().await
}

async fn try_lock(file: File) -> bool {
    let mut lock = fd_lock::RwLock::new(file);
    lock.try_write().is_ok()
}

fn sync_start() {
    dotenvy::dotenv().ok();
}
