//! A stand-in for a dependency whose public sync functions block through types only a type
//! checker sees (a generic return, an `impl AsRef<Path>` parameter), beside look-alikes that
//! call the same method names on memory.

use std::any::Any;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Values by their type, as `http::Extensions` keeps them.
#[derive(Default)]
pub struct Extensions {
    values: Vec<Box<dyn Any>>,
}

impl Extensions {
    pub fn insert<T: 'static>(&mut self, value: T) {
        self.values.push(Box::new(value));
    }

    pub fn get<T: 'static>(&self) -> Option<&T> {
        self.values.iter().find_map(|v| v.downcast_ref())
    }
}

/// An append-only log and what it was given.
#[derive(Default)]
pub struct Journal {
    extensions: Extensions,
}

impl Journal {
    pub fn new(dir: PathBuf) -> Journal {
        let mut extensions = Extensions::default();
        extensions.insert(dir);
        extensions.insert(Vec::<u8>::new());
        Journal { extensions }
    }

    /// Blocks: the folder comes out of a generic return.
    pub fn ready(&self) -> bool {
        let dir = self.extensions.get::<PathBuf>();
        dir.is_some_and(|d| d.is_dir())
    }

    /// Does not block: the same kind of call hands out a buffer in memory.
    pub fn buffered(&self) -> usize {
        let buffer = self.extensions.get::<Vec<u8>>();
        buffer.map_or(0, |b| b.len())
    }

    /// Blocks: the file comes out of a generic return.
    pub fn seal(&self) {
        if let Some(file) = self.extensions.get::<File>() {
            let _ = file.sync_all();
        }
    }

    /// Blocks, through `seal`, which blocks only once typed, on a receiver only types tell: a
    /// second round of typing finds it.
    pub fn close(&self) -> bool {
        let journal = self.extensions.get::<Journal>();
        journal.is_some_and(|j| {
            j.seal();
            true
        })
    }

    /// Blocks: the file is a parameter of a trait's type.
    pub fn record(&mut self, mut out: impl AsMut<File>, line: &str) {
        let _ = out.as_mut().write_all(line.as_bytes());
    }

    /// Does not block: the same method, on a buffer in memory.
    pub fn remember(&mut self, mut out: impl AsMut<Vec<u8>>, line: &str) {
        let _ = out.as_mut().write_all(line.as_bytes());
    }
}

/// Blocks: the path is known only as `impl AsRef<Path>`.
pub fn present(path: impl AsRef<Path>) -> bool {
    path.as_ref().exists()
}

/// Does not block: the same shape of call on a string.
pub fn blank(text: impl AsRef<str>) -> bool {
    text.as_ref().is_empty()
}
