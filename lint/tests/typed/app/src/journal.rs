//! Calls into a dependency (`journal`) whose functions block through types its syntax does not
//! tell: found only when the dependency's summary is typed (`//~^` markers as in `main.rs`).

use std::fs::File;
use std::path::PathBuf;

pub async fn ready(log: &journal::Journal) -> bool {
    log.ready()
    //~^ blocking::fs (types)
}

pub async fn close(log: &journal::Journal) -> bool {
    log.close()
    //~^ blocking::fs (types)
}

pub async fn buffered(log: &journal::Journal) -> usize {
    log.buffered()
}

pub async fn record(log: &mut journal::Journal, file: Box<File>) {
    log.record(file, "started");
    //~^ blocking::fs (types)
}

pub async fn remember(log: &mut journal::Journal, buffer: Box<Vec<u8>>) {
    log.remember(buffer, "started");
}

pub async fn present(path: PathBuf) -> bool {
    journal::present(path)
    //~^ blocking::fs (types)
}

pub async fn blank(text: String) -> bool {
    journal::blank(text)
}
