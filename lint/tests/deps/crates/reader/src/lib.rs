//! Generic over `Read`: the caller's reader decides whether it blocks. `count_file` opens a file.

use std::io::Read;

pub fn count<R: Read>(mut reader: R) -> usize {
    let mut text = String::new();
    let _ = reader.read_to_string(&mut text);
    text.len()
}

pub fn count_file(path: &str) -> usize {
    match std::fs::File::open(path) {
        Ok(file) => count(file),
        Err(_) => 0,
    }
}

/// The crate's own trait, one impl of which reads a file: a function generic over it blocks
/// only when its caller picks that impl, as `chrono`'s `and_local_timezone<Tz>` does for `Local`.
pub trait Source {
    fn text(&self) -> String;
}

pub struct InMemory(pub String);

impl Source for InMemory {
    fn text(&self) -> String {
        self.0.clone()
    }
}

pub struct OnDisk(pub String);

impl Source for OnDisk {
    fn text(&self) -> String {
        std::fs::read_to_string(&self.0).unwrap_or_default()
    }
}

pub fn length<S: Source>(source: S) -> usize {
    source.text().len()
}
