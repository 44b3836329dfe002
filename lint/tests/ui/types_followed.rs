// The checker follows types further: through the locks of every common crate (async ones too),
// values chosen by if/else and match, annotations, directory entries, drop-in mirrors of std
// (fs_err, camino), archive readers over a file, and closures a body keeps and then calls.
use std::path::{Path, PathBuf};

struct Journal;

impl Journal {
    fn append(&self) {
        std::fs::write("journal.log", "entry").unwrap();
    }
}

struct Actor {
    journal: futures::lock::Mutex<Journal>,
    state: async_lock::RwLock<Journal>,
}

impl Actor {
    async fn record(&self) {
        let journal = &*self.journal.lock().await;
        journal.append();
        //~^ blocking::fs
        self.state.read().await.append();
        //~^ blocking::fs
    }
}

async fn chosen(flag: bool, base: &Path) {
    let path = if flag { base.join("a") } else { PathBuf::from("b") };
    let _ = path.exists();
    //~^ blocking::fs
    let other = match flag {
        true => base.to_path_buf(),
        false => return,
    };
    let _ = other.is_file();
    //~^ blocking::fs
}

async fn annotated(name: String) {
    let path: PathBuf = name.into();
    let _ = path.exists();
    //~^ blocking::fs
}

async fn entry(entry: tokio::fs::DirEntry) {
    let _ = entry.path().is_dir();
    //~^ blocking::fs
}

async fn drop_in_mirrors(dir: &camino::Utf8Path) {
    use fs_err as fs;
    let _ = fs::read_to_string("config.toml");
    //~^ blocking::fs
    let _ = dir.join("data").exists();
    //~^ blocking::fs
}

async fn archives(tarball: std::fs::File, zipped: std::fs::File) {
    tar::Archive::new(tarball).unpack("out").unwrap();
    //~^ blocking::fs
    let _ = zip::ZipArchive::new(zipped);
    //~^ blocking::fs
}

async fn a_closure_called_here() -> Vec<u8> {
    let use_cache = || std::fs::read("cache.bin").unwrap();
    //~^ blocking::fs
    use_cache()
}

async fn a_closure_handed_on() {
    let job = || std::fs::read("cache.bin");
    let _ = tokio::task::spawn_blocking(job).await;
}
