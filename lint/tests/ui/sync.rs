// blocking::sync: Condvar, Barrier, thread joins, tokio's blocking locks.
use std::sync::{Arc, Barrier, Condvar, Mutex};

async fn condvar(pair: Arc<(Mutex<bool>, Condvar)>) {
    let (lock, cvar) = &*pair;
    let guard = lock.lock().unwrap();
    let _g = cvar.wait(guard).unwrap();
    //~^ blocking::sync
}

async fn barrier() {
    let b = Barrier::new(2);
    b.wait();
    //~^ blocking::sync
}

async fn join_thread() {
    let handle = std::thread::spawn(|| 1);
    let _ = handle.join();
    //~^ blocking::sync
}

async fn tokio_blocking_lock(m: Arc<tokio::sync::Mutex<u8>>) {
    let _g = m.blocking_lock();
    //~^ blocking::sync
}

// Look-alikes.

async fn std_mutex_lock_is_fine(m: Arc<Mutex<Vec<u8>>>) {
    // A short std lock is fine in async code (tokio's own advice).
    m.lock().unwrap().push(1);
}

async fn tokio_lock(m: Arc<tokio::sync::Mutex<u8>>, b: Arc<tokio::sync::Barrier>) {
    let _g = m.lock().await;
    b.wait().await;
}

async fn tokio_join() {
    let _ = tokio::spawn(async { 1 }).await;
}

async fn scoped_threads(data: Vec<u8>) {
    std::thread::scope(|s| {
        //~^ blocking::sync
        s.spawn(|| data.len());
    });
}
