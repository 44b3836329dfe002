// blocking::sleep: std's thread sleep in async code, and what only looks like it.
use std::thread;
use std::thread::sleep as nap;
use std::time::Duration;

async fn full_path() {
    std::thread::sleep(Duration::from_millis(10));
    //~^ blocking::sleep
}

async fn through_module_import() {
    thread::sleep(Duration::from_millis(10));
    //~^ blocking::sleep
}

async fn through_alias() {
    nap(Duration::from_millis(10));
    //~^ blocking::sleep
}

fn spawns_a_task() {
    tokio::spawn(async {
        std::thread::sleep(Duration::from_millis(10));
        //~^ blocking::sleep
    });
}

async fn inside_select(mut rx: tokio::sync::mpsc::Receiver<u8>) {
    tokio::select! {
        _ = rx.recv() => { std::thread::sleep(Duration::from_millis(1)); }
        //~^ blocking::sleep
        else => {}
    }
}

async fn inside_log_macro() {
    tracing::info!(slept = ?std::thread::sleep(Duration::ZERO), "odd but blocking");
    //~^ blocking::sleep
}

// Look-alikes: none of these is reported.

async fn tokio_sleep() {
    tokio::time::sleep(Duration::from_millis(10)).await;
}

mod local {
    /// A local async fn named `sleep` is not std's.
    pub async fn sleep(_d: std::time::Duration) {}

    pub async fn caller() {
        sleep(std::time::Duration::from_millis(1)).await;
    }
}

async fn offloaded() {
    tokio::task::spawn_blocking(|| std::thread::sleep(Duration::from_millis(10)))
        .await
        .unwrap();
    std::thread::spawn(move || thread::sleep(Duration::from_millis(10)));
    tokio::task::block_in_place(|| nap(Duration::from_millis(10)));
}

fn sync_code() {
    std::thread::sleep(Duration::from_millis(10));
}

#[test]
fn a_test() {
    std::thread::sleep(Duration::from_millis(10));
}

async fn own_offload_wrapper(pool: Pool) {
    // An awaited call that takes a sync closure runs it elsewhere.
    pool.run(move || std::thread::sleep(Duration::from_millis(10))).await;
}

async fn closure_kept_for_later() {
    // Where a closure in a binding runs is not followed: silent.
    let job = move || std::thread::sleep(Duration::from_millis(10));
    run_somewhere(job).await;
}

// Test code is not reported: a blocking set-up stalls nobody but the test.
#[tokio::test]
async fn an_async_test() {
    std::thread::sleep(Duration::from_millis(10));
}

#[cfg(test)]
mod tests {
    async fn helper() {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }

    #[test]
    fn drives_a_runtime() {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async { std::thread::sleep(std::time::Duration::from_millis(1)) });
    }
}
