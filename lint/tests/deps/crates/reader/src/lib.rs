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

/// A `Source` behind a trait object: one impl reads a file, the other does not, and which one a
/// caller holds is not known here, so `read` is not a blocking function (as rustls's handshake
/// and its `dyn KeyLog`, whose file-writing impl is used only when asked for).
pub struct Shelf {
    source: Box<dyn Source>,
}

impl Shelf {
    pub fn new(source: Box<dyn Source>) -> Shelf {
        Shelf { source }
    }

    pub fn read(&self) -> usize {
        self.source.text().len()
    }
}

/// A trait every impl of which writes a file: a call through the trait object blocks whichever
/// impl the caller holds.
pub trait Sink {
    fn put(&self, data: &[u8]);
}

pub struct Overwrite(pub String);

impl Sink for Overwrite {
    fn put(&self, data: &[u8]) {
        let _ = std::fs::write(&self.0, data);
    }
}

pub struct Append(pub String);

impl Sink for Append {
    fn put(&self, data: &[u8]) {
        use std::io::Write;
        if let Ok(mut file) = std::fs::OpenOptions::new().append(true).open(&self.0) {
            let _ = file.write_all(data);
        }
    }
}

pub struct Recorder {
    sink: Box<dyn Sink>,
}

impl Recorder {
    pub fn new(sink: Box<dyn Sink>) -> Recorder {
        Recorder { sink }
    }

    pub fn record(&self, data: &[u8]) {
        self.sink.put(data);
    }
}
