//! Dependencies' summaries against a bare `syn::parse_file` of the same files, on the same
//! number of threads: the cold run (no cache) reads, parses and checks every dependency in
//! dependency order; the ratio says what summarising costs on top of parsing (goal: under 3).
//! Then the warm run, which reads the cache only.
//!
//! `cargo bench -p blocking-lint --bench deps` (workspace: `$BLOCKING_LINT_DEPS_MANIFEST`, else
//! this repository's; threads: `$BENCH_THREADS`, else 2; runs: `$BENCH_RUNS`, else 3). The
//! cache goes to a temporary folder, never to the workspace's target folder.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use blocking_lint::analysis::deps;
use common::{bare_parse, timed};

fn main() {
    let manifest = std::env::var_os("BLOCKING_LINT_DEPS_MANIFEST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml"));
    let threads: usize = std::env::var("BENCH_THREADS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(2);
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let target =
        std::env::temp_dir().join(format!("blocking-lint-deps-bench-{}", std::process::id()));
    let mut cmd = cargo_metadata::MetadataCommand::new();
    cmd.manifest_path(&manifest)
        .env("CARGO_TARGET_DIR", &target);
    if let Some(host) = deps::host_triple() {
        cmd.other_options(vec!["--filter-platform".to_string(), host]);
    }
    let meta = cmd.exec().expect("cargo metadata of the workspace");
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    let cache = target.join("blocking-lint");
    // The first cold run also warms the page cache, for both passes.
    let _ = std::fs::remove_dir_all(&cache);
    let (_, first) = timed(|| deps::summarise(&meta, &[], threads, None).0);
    let files = first.read.clone();
    let mut cold = Duration::MAX;
    let mut parse = Duration::MAX;
    let mut warm = Duration::MAX;
    let mut report = first;
    for _ in 0..runs {
        let (t, _) = timed(|| pool.install(|| bare_parse(&files)));
        parse = parse.min(t);
        let _ = std::fs::remove_dir_all(&cache);
        let (t, r) = timed(|| deps::summarise(&meta, &[], threads, None).0);
        cold = cold.min(t);
        report = r;
        let (t, _) = timed(|| deps::summarise(&meta, &[], threads, None).0);
        warm = warm.min(t);
    }
    let _ = std::fs::remove_dir_all(&target);
    println!(
        "workspace: {} ({} dependencies, {} files, {} not parsed), {threads} threads, best of {runs}",
        manifest.display(),
        report.packages,
        files.len(),
        report.unparsed
    );
    println!(
        "blocking functions the workspace can call: {}",
        report.index.len()
    );
    println!("syn::parse_file, same files: {:.2} s", parse.as_secs_f64());
    println!("summaries, cold:             {:.2} s", cold.as_secs_f64());
    println!("summaries, warm (cache):     {:.3} s", warm.as_secs_f64());
    println!(
        "cold / bare parse: {:.2} (goal: under 3)",
        cold.as_secs_f64() / parse.as_secs_f64()
    );
}
