// blocking::fs: the tempfile crate, whose files and directories are made, moved and removed on
// the spot (ARCHITECTURE.md's walk-through adds these APIs to the catalog).
use std::io::Write;
use std::path::Path;

use tempfile::{Builder, NamedTempFile, TempDir};

async fn scratch_dir() -> std::io::Result<TempDir> {
    let dir = Builder::new().prefix("upload-").tempdir()?;
    //~^ blocking::fs
    Ok(dir)
}

async fn scratch_file(dir: &Path) -> std::io::Result<NamedTempFile> {
    let mut file = NamedTempFile::new_in(dir)?;
    //~^ blocking::fs
    file.write_all(b"draft")?;
    //~^ blocking::fs
    Ok(file)
}

async fn keep_upload(file: NamedTempFile, to: &Path) -> std::io::Result<()> {
    file.persist(to)?;
    //~^ blocking::fs
    Ok(())
}

async fn clean_up(dir: TempDir) -> std::io::Result<()> {
    dir.close()
    //~^ blocking::fs
}

async fn in_a_builder(dir: &Path) -> std::io::Result<NamedTempFile> {
    Builder::new().suffix(".json").rand_bytes(8).tempfile_in(dir)
    //~^ blocking::fs
}

// Look-alikes.

async fn offloaded(to: std::path::PathBuf) -> std::io::Result<()> {
    // The work runs on the blocking pool: nothing to report.
    tokio::task::spawn_blocking(move || {
        let file = NamedTempFile::new()?;
        file.persist(&to).map(|_| ()).map_err(|e| e.error)
    })
    .await?
}

async fn only_names(dir: &TempDir) -> String {
    // `path` only reads a field, and a builder's setters touch nothing.
    let _builder = Builder::new().prefix("x");
    dir.path().display().to_string()
}

fn sync_code() -> std::io::Result<TempDir> {
    // Not async: blocking is fine here.
    Builder::new().tempdir()
}
