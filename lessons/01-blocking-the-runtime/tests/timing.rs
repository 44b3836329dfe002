//! The lesson's claim, on a real server over loopback: a blocking handler stalls `/health`, an
//! offloaded one does not. Asserted as ratios of what the run measured, so a slow machine makes
//! every number larger but leaves the conclusion standing.

use std::time::Duration;

use lesson_01_blocking_the_runtime::demo::{Config, measure};

#[test]
fn blocking_stalls_health_and_offloading_does_not() {
    let block_ms = 200;
    let report = measure(&Config::new(2, block_ms, Duration::from_millis(1500))).unwrap();
    let phases = &report.phases;
    let (blocking, offloaded) = (phases.blocking.probe, phases.offloaded.probe);
    assert!(
        blocking.requests > 0 && offloaded.requests > 0,
        "{report:?}"
    );
    assert_eq!(blocking.errors + offloaded.errors, 0, "{report:?}");

    // With every worker asleep, a probe waits for a sleep to end: at least half of one.
    assert!(
        blocking.p99_ms >= block_ms as f64 / 2.0,
        "blocking p99 {} ms is not half of a {block_ms} ms block: {report:?}",
        blocking.p99_ms
    );
    // With the sleeps on the blocking pool, the workers are free and the probe is not held.
    assert!(
        offloaded.p99_ms * 10.0 <= blocking.p99_ms,
        "offloaded p99 {} ms is not 10x below blocking p99 {} ms: {report:?}",
        offloaded.p99_ms,
        blocking.p99_ms
    );
    // Both busy phases kept their load going, so the comparison is fair.
    let served = |phase: &lesson_support::probe::PhaseReport| phase.load.map_or(0, |l| l.requests);
    assert!(served(&phases.blocking) > 0 && served(&phases.offloaded) > 0);
}
