//! Blocking work handed to another thread: the caller does not wait for it.

pub fn save(data: Vec<u8>) {
    std::thread::spawn(move || {
        let _ = std::fs::write("saved.bin", data);
    });
}

/// Kept for later, not run here: building the hook does not block.
pub fn hook() -> Box<dyn Fn() + Send> {
    Box::new(|| std::thread::sleep(std::time::Duration::from_secs(1)))
}
