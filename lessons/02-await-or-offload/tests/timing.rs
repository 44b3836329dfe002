//! The lesson's claim, on a real server over loopback: big sync work sent to the blocking pool
//! (by `mode=sync`, or by `auto` past its threshold) leaves `/health` as fast as the same work run
//! inline leaves it slow. Asserted as ratios of what one run measured, never as absolute times.

use std::time::Duration;

use lesson_02_await_or_offload::demo::{Config, measure};
use lesson_support::probe::PhaseReport;

#[test]
fn offloaded_sync_work_leaves_health_alone_and_inline_work_does_not() {
    let report = measure(&Config::new(2, Duration::from_millis(1500))).unwrap();
    let served = |phase: &PhaseReport| phase.load.map_or(0, |load| load.requests);
    let errors = |phase: &PhaseReport| phase.probe.errors + phase.load.map_or(0, |l| l.errors);
    let busy = [
        &report.big.sync,
        &report.big.auto,
        &report.big.async_,
        &report.big_normal_priority,
        &report.big_inline,
    ];
    for phase in busy {
        // Every phase kept its load going without a refusal, so the comparison is fair.
        assert!(served(phase) > 0 && phase.probe.requests > 0, "{report:#?}");
        assert_eq!(errors(phase), 0, "{report:#?}");
    }

    // Most requests do not notice offloaded work at all...
    let idle = report.idle.probe.p50_ms;
    let inline = report.big_inline.probe.p99_ms;
    for (mode, phase) in [("sync", &report.big.sync), ("auto", &report.big.auto)] {
        let (p50, p99) = (phase.probe.p50_ms, phase.probe.p99_ms);
        assert!(
            p50 <= 3.0 * idle,
            "with big x, {mode} puts /health p50 at {p50:.2} ms, over 3x idle's {idle:.2} ms: \
             {report:#?}"
        );
        // ...and even the slowest stay far from what inline work does to them.
        assert!(
            p99 * 5.0 <= inline,
            "with big x, {mode} keeps /health p99 at {p99:.2} ms, not 5x below inline's \
             {inline:.2} ms: {report:#?}"
        );
    }
}
