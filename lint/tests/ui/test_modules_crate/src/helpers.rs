// Declared `#[cfg(test)] mod helpers;` by lib.rs: test code, and so is what it declares.
mod seed;

pub async fn start() {
    std::thread::sleep(std::time::Duration::from_millis(10));
}
