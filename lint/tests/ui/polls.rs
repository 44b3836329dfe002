// A timed wait given no time (a zero or sub-millisecond `Duration` written in the source) returns
// at once: a poll, not a wait. The same calls with real time in them still block.
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

async fn polls_a_channel(rx: mpsc::Receiver<u8>) -> Option<u8> {
    let _ = rx.try_recv();
    let _ = rx.recv_timeout(Duration::ZERO);
    let _ = rx.recv_timeout(Duration::from_micros(500));
    rx.recv_timeout(std::time::Duration::from_millis(0)).ok()
}

async fn waits_on_a_channel(rx: mpsc::Receiver<u8>, patience: Duration) -> Option<u8> {
    let _ = rx.recv_timeout(Duration::from_millis(5));
    //~^ blocking::channel
    // A value the source does not spell out may be long: still a wait.
    rx.recv_timeout(patience).ok()
    //~^ blocking::channel
}

async fn polls_a_condvar(lock: &Mutex<bool>, ready: &Condvar) {
    let guard = lock.lock().unwrap();
    let _ = ready.wait_timeout(guard, Duration::new(0, 1_000));
}

async fn waits_on_a_condvar(lock: &Mutex<bool>, ready: &Condvar) {
    let guard = lock.lock().unwrap();
    let _ = ready.wait_timeout(guard, Duration::from_secs(1));
    //~^ blocking::sync
}

async fn parks() {
    std::thread::park_timeout(Duration::ZERO);
    std::thread::park_timeout(Duration::from_millis(20));
    //~^ blocking::sleep
}
