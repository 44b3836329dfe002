//! The lesson's claim, on a real server over loopback: behind the same async face, SQLite on the
//! blocking pool leaves the workers free, while the same call inside the future holds them.
//! Asserted as ratios of what the run measured, so a slow machine (or a debug build) makes every
//! number larger but leaves the conclusion standing.

use std::time::Duration;

use demo::{Config, measure};

// The demo and the live page are the binary's (`src/demo.rs`), not the library's: included here.
#[allow(dead_code)]
#[path = "../src/demo.rs"]
mod demo;

#[test]
fn offloaded_sqlite_leaves_the_runtime_free_and_inline_sqlite_does_not() {
    let report = measure(&Config::new(2, 50_000, Duration::from_millis(1500))).unwrap();
    let phases = &report.phases;
    for phase in [&phases.in_slices, &phases.sqlite, &phases.sqlite_inline] {
        let load = phase.load.unwrap();
        assert!(load.requests > 0 && phase.probe.requests > 0, "{report:?}");
        assert_eq!(load.errors + phase.probe.errors, 0, "{report:?}");
    }
    let (offloaded, inline) = (&phases.sqlite, &phases.sqlite_inline);
    let (health, calc) = (offloaded.probe.p50_ms, offloaded.load.unwrap().p50_ms);
    // Offloaded, a typical /health request waits for no query: it is answered far faster than
    // the queries running beside it. The median is the measure: on a small shared machine the
    // far tail follows the OS scheduler, which the queries compete with for CPU, not the runtime.
    assert!(
        health * 10.0 <= calc,
        "offloaded: /health p50 {health} ms is not 10x below /calc p50 {calc} ms: {report:?}"
    );
    // Inline, the same queries hold the workers and /health waits behind them.
    assert!(
        inline.probe.p50_ms >= health * 5.0,
        "inline: /health p50 {} ms is not 5x above offloaded ({health} ms): {report:?}",
        inline.probe.p50_ms,
    );
}
