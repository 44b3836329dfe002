// Not a module of the crate: it does not compile, on purpose (a `compile_fail` doctest).
// ANCHOR: bad
use std::sync::Mutex;

async fn bump(counter: &Mutex<u64>) {
    let mut count = counter.lock().unwrap();
    tokio::task::yield_now().await; // the guard is alive across this await
    *count += 1;
}

fn spawn_it(counter: &'static Mutex<u64>) {
    // error: future cannot be sent between threads safely
    tokio::spawn(bump(counter));
}
// ANCHOR_END: bad

fn main() {}
