// A closure handed to an offload runs off the runtime however the argument is written; one kept
// in a binding first is not judged either. The rayon adapters' closures run on rayon's pool: the
// `par_iter` chain is the one finding, not what its closures do.
use rayon::prelude::*;
use std::sync::Arc;

async fn through_a_block(db: Arc<Db>) {
    tokio::task::spawn_blocking({
        let db = db.clone();
        move || std::fs::read(db.path())
    })
    .await
    .unwrap();
}

async fn through_parentheses() {
    tokio::task::spawn_blocking((move || std::fs::read("a.bin"))).await.unwrap();
}

async fn through_a_binding() {
    let job = move || std::thread::sleep(std::time::Duration::from_millis(5));
    tokio::task::spawn_blocking(job).await.unwrap();
}

async fn thread_through_a_block(path: String) {
    std::thread::spawn({
        let path = path.clone();
        move || std::fs::remove_file(path)
    });
}

async fn on_a_thread_pool(pool: &scheduled_thread_pool::ScheduledThreadPool, path: String) {
    // A pool's `execute` runs the closure on one of its threads.
    pool.execute(move || {
        let _ = std::fs::read(path);
    });
}

async fn a_database_execute(conn: &rusqlite::Connection) {
    // A database's `execute` takes no closure: it blocks right here.
    conn.execute("delete from t", []).unwrap();
    //~^ blocking::database
}

async fn a_block_that_runs_here(path: String) {
    // The block's own statements run here, before the closure is handed over.
    tokio::task::spawn_blocking({
        std::fs::create_dir_all(&path).unwrap();
        //~^ blocking::fs
        move || std::fs::read(path)
    })
    .await
    .unwrap();
}

async fn parallel_reads(paths: Vec<String>) -> Vec<Vec<u8>> {
    paths
        .par_iter()
        //~^ blocking::cpu
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

async fn sequential_reads(paths: Vec<String>) -> Vec<Vec<u8>> {
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
    //~^ blocking::fs
}

mod cancel {
    pub mod blocking {
        pub async fn spawn_cancel_on_token<T: Send + 'static>(
            job: impl FnOnce() -> T + Send + 'static,
        ) -> T {
            tokio::task::spawn_blocking(job).await.unwrap()
        }
    }
}

async fn through_a_wrapper_named_blocking(path: String) {
    // The crate's own wrapper, named for what it does; its future is awaited later.
    let extract = cancel::blocking::spawn_cancel_on_token(move || std::fs::read(path));
    let _ = extract.await;
}

struct Pool;

impl Pool {
    async fn run<T: Send + 'static>(&self, job: impl FnOnce() -> T + Send + 'static) -> T {
        tokio::task::spawn_blocking(job).await.unwrap()
    }
}

async fn through_a_method_awaited_later(pool: &Pool, path: String) -> usize {
    // Bound, then awaited in a later statement: the same as `pool.run(..).await`, whose closure
    // runs where `run` runs it.
    let job = pool.run(move || std::fs::read(path).map(|b| b.len()).unwrap_or(0));
    let n = job.await;
    n
}

async fn bound_and_never_awaited(pool: &Pool, path: String) {
    // Not awaited here: nothing says where the closure runs, so it is read as code of this fn.
    let job = pool.run(move || std::fs::read(path));
    //~^ blocking::fs
    drop(job);
}
