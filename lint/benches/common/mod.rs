//! What the benchmarks share: the bare parse they compare the lint with, and a stopwatch.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// `syn::parse_file` over `files` on the current rayon pool, nothing else: the floor any
/// syn-based pass stands on. Returns the lines read.
pub fn bare_parse(files: &[PathBuf]) -> usize {
    files
        .par_iter()
        // One file per piece of work, as the lint's own pass splits it: rayon's default
        // splitting can leave one thread a long run of big files at the end.
        .with_max_len(1)
        .map(|p| {
            let Ok(text) = std::fs::read_to_string(p) else {
                return 0;
            };
            let lines = text.lines().count();
            let _ = std::hint::black_box(syn::parse_file(&text));
            proc_macro2::extra::invalidate_current_thread_spans();
            lines
        })
        .sum()
}

pub fn timed<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let out = f();
    (start.elapsed(), out)
}
