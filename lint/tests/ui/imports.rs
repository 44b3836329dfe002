// Calls through the crate's own imports: a `pub use` of another crate's function (renamed or
// not) or of a whole module is followed to the function it names, from any module.
use std::time::Duration;

mod prelude {
    pub use std::fs::read_to_string;
    pub use std::thread::sleep as nap;
}

mod io {
    pub use std::fs;
    // The async twin: reached the same way, and not blocking.
    pub use tokio::fs as async_fs;
}

mod reexported {
    pub use crate::prelude::nap as doze;
}

async fn through_a_renamed_import() {
    prelude::nap(Duration::from_millis(1));
    //~^ blocking::sleep
    let _ = crate::prelude::read_to_string("app.toml");
    //~^ blocking::fs
}

async fn through_a_module_import() {
    let _ = io::fs::read("app.toml");
    //~^ blocking::fs
    let _ = io::async_fs::read("app.toml").await;
}

async fn through_two_imports() {
    reexported::doze(Duration::from_millis(1));
    //~^ blocking::sleep
}

fn sync_helper() {
    prelude::nap(Duration::from_millis(1));
}

async fn through_a_sync_helper() {
    sync_helper();
    //~^ blocking::sleep
}

fn offloaded() {
    // Sync code may block: not reported.
    prelude::nap(Duration::from_millis(1));
}
