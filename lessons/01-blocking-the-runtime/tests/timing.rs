//! The lesson's claim, on a real server over loopback: a blocking handler stalls `/health`, an
//! offloaded one does not; a sync HTTP client stalls it, an async one does not. Asserted as
//! ratios of what the run measured, so a slow machine makes every number larger but leaves the
//! conclusion standing.

use std::time::Duration;

use demo::{Config, Report, measure};
use lesson_support::probe::PhaseReport;

// The demo and the live page are the binary's (`src/demo.rs`), not the library's: included here.
#[allow(dead_code)]
#[path = "../src/demo.rs"]
mod demo;

const WAIT_MS: u64 = 200;

/// `bug` held the workers for `WAIT_MS` per request and `fix` did the same wait without them.
fn assert_stalls_and_fixed(report: &Report, bug: &PhaseReport, fix: &PhaseReport) {
    let (stalled, free) = (bug.probe, fix.probe);
    assert!(stalled.requests > 0 && free.requests > 0, "{report:?}");
    assert_eq!(stalled.errors + free.errors, 0, "{report:?}");
    // With every worker held, a probe waits for a wait to end: at least half of one.
    assert!(
        stalled.p99_ms >= WAIT_MS as f64 / 2.0,
        "p99 {} ms is not half of a {WAIT_MS} ms wait: {report:?}",
        stalled.p99_ms
    );
    // With the wait off the workers, the probe is not held.
    assert!(
        free.p99_ms * 10.0 <= stalled.p99_ms,
        "the fix's p99 {} ms is not 10x below the bug's {} ms: {report:?}",
        free.p99_ms,
        stalled.p99_ms
    );
    // Both busy phases kept their load going, so the comparison is fair.
    let served = |phase: &PhaseReport| phase.load.map_or(0, |l| l.requests);
    assert!(served(bug) > 0 && served(fix) > 0, "{report:?}");
}

/// One run for both claims: two demos at once on two cores would measure each other.
#[test]
fn blocking_stalls_health_and_its_fix_does_not() {
    let report = measure(&Config::new(2, WAIT_MS, Duration::from_millis(1500))).unwrap();
    let phases = &report.phases;
    // A sleep on a worker, and the same sleep on the blocking pool.
    assert_stalls_and_fixed(&report, &phases.blocking, &phases.offloaded);
    // Python's `requests.get` inside `async def`, in Rust: a sync HTTP client waiting for a slow
    // upstream holds its worker as the sleep does; an async client awaits the same reply.
    assert_stalls_and_fixed(&report, &phases.sync_client, &phases.async_client);
}
