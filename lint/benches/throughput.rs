//! Throughput of the whole lint against a bare `syn::parse_file` pass over the same corpus, on
//! the same thread pool: the ratio says what the semantic model, contexts and rules cost on top
//! of parsing (goal: at least 0.7).
//!
//! `cargo bench -p blocking-lint` (corpus: `$BLOCKING_LINT_CORPUS`, else the local registry).

mod common;

use std::time::Duration;

use blocking_lint::analysis::{discover, engine};
use common::{bare_parse, timed};

fn main() {
    // `cargo bench` passes `--bench`; nothing else is expected.
    let corpus = std::env::var_os("BLOCKING_LINT_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| discover::cargo_home().join("registry").join("src"));
    let plan = discover::from_paths(std::slice::from_ref(&corpus)).expect("corpus walkable");
    let files: Vec<_> = plan.jobs.iter().map(|j| j.path.clone()).collect();
    let runs = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    println!(
        "corpus: {} ({} files), {} threads, best of {runs}",
        corpus.display(),
        files.len(),
        rayon::current_num_threads()
    );
    // Warm the page cache so neither pass pays for the first read.
    let lines = bare_parse(&files);
    // Interleaved, best of each: on a shared machine, load that comes and goes then weighs on
    // both passes alike instead of on whichever ran during it.
    let mut parse_time = Duration::MAX;
    let mut lint_time = Duration::MAX;
    let mut outcome = None;
    for _ in 0..runs {
        let (t, _) = timed(|| bare_parse(&files));
        parse_time = parse_time.min(t);
        let (t, o) = timed(|| engine::run(&plan, 0, &|| {}));
        lint_time = lint_time.min(t);
        outcome = Some(o);
    }
    let outcome = outcome.expect("at least one run");
    let parse_rate = lines as f64 / parse_time.as_secs_f64();
    let lint_rate = outcome.lines as f64 / lint_time.as_secs_f64();
    println!("lines: {lines}");
    println!(
        "syn::parse_file: {:>8.0} lines/s ({:.2} s)",
        parse_rate,
        parse_time.as_secs_f64()
    );
    println!(
        "blocking-lint:   {:>8.0} lines/s ({:.2} s, {} findings, {} files not parsed)",
        lint_rate,
        lint_time.as_secs_f64(),
        outcome.findings.len(),
        outcome.errors.len()
    );
    println!(
        "ratio lint/parse: {:.2} (goal >= 0.70)",
        lint_rate / parse_rate
    );
}
