// Async code that `block_on` runs on a thread of its own: a blocking call there stalls that
// thread and no runtime worker, as one in a `spawn_blocking` closure does. Not reported; the
// same code run as a task, or awaited from a handler, is.
use std::time::Duration;

fn start_indexer() {
    std::thread::spawn(|| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            std::thread::sleep(Duration::from_secs(1));
            index_all().await;
        });
    });
}

fn export_once(handle: tokio::runtime::Handle) {
    std::thread::spawn(move || handle.block_on(export()));
}

// Only ever run by the `block_on`s above: on their threads.
async fn index_all() {
    let _ = std::fs::read_dir("/srv/data");
    reindex().await;
}

async fn reindex() {
    let _ = std::fs::read_to_string("/srv/data/index");
}

async fn export() {
    let _ = std::fs::write("/srv/export.json", b"{}");
}

// Awaited by `block_on`'s future and by a task on the runtime: it may run on a worker.
async fn shared() {
    let _ = std::fs::read_to_string("/srv/shared");
    //~^ blocking::fs
}

fn background() {
    std::thread::spawn(|| futures::executor::block_on(shared()));
}

async fn on_the_runtime() {
    tokio::spawn(async {
        shared().await;
    });
    // `block_on` in async code is a finding of its own, and what it runs blocks this worker.
    futures::executor::block_on(async {
        //~^ blocking::block_on
        std::thread::sleep(Duration::from_millis(1));
        //~^ blocking::sleep
    });
}

// A sync fn that only a thread's closure calls runs its `block_on` on that thread.
fn serve_metrics() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let _ = std::fs::read_to_string("/etc/metrics.toml");
        publish().await;
    });
}

async fn publish() {
    let _ = std::fs::read("/srv/metrics.bin");
}

// The same shape called from async code: `block_on` runs on the caller's worker.
fn sync_bridge() -> String {
    futures::executor::block_on(async {
        std::fs::read_to_string("/srv/bridge").unwrap()
        //~^ blocking::fs
    })
}

async fn handler() -> String {
    sync_bridge()
    //~^ blocking::block_on
}

fn main() {
    start_indexer();
    export_once(tokio::runtime::Handle::current());
    background();
    std::thread::spawn(serve_metrics);
    std::thread::spawn(|| serve_metrics());
}
