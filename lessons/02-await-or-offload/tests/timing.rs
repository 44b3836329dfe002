//! The lesson's claim, on a real server over loopback: big sync work sent to the blocking pool
//! (by `mode=sync`, or by `auto` past its threshold) leaves `/health` as fast as the same work run
//! inline leaves it slow, and the pool keeps its throughput beside busy neighbours. Asserted as
//! ratios of what one run measured, never as absolute times, with margins for a machine that is
//! busy with other work (`.ci/noisy-neighbours` runs the suite beside two more busy loops).

use std::time::Duration;

use demo::{Config, measure};
use lesson_support::probe::PhaseReport;

// The demo and the live page are the binary's (`src/demo.rs`), not the library's: included here.
#[allow(dead_code)]
#[path = "../src/demo.rs"]
mod demo;

#[test]
fn offloaded_sync_work_leaves_health_alone_and_inline_work_does_not() {
    let report = measure(&Config::new(2, Duration::from_millis(1500))).unwrap();
    let served = |phase: &PhaseReport| phase.load.map_or(0, |load| load.requests);
    let errors = |phase: &PhaseReport| phase.probe.errors + phase.load.map_or(0, |l| l.errors);
    let beside = report
        .beside_busy_loops
        .as_ref()
        .expect("the config asks for busy loops");
    let busy = [
        &report.big.sync,
        &report.big.auto,
        &report.big.async_,
        &report.big_inline,
        &report.big_normal_priority,
        &report.big_idle_priority,
        &beside.sync,
        &beside.sync_normal_priority,
        &beside.sync_idle_priority,
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

    // Beside busy neighbours the pool keeps most of its throughput: at the lowest priority it
    // once lost four fifths of it. The demo's own target is 70%; the test asks for half, because
    // the suite itself may run beside more loops than the two the demo starts, and the ratio's
    // two phases are measured seconds apart.
    let (quiet, loaded) = (report.big.sync.load_rps(), beside.sync.load_rps());
    assert!(
        loaded >= 0.5 * quiet,
        "beside {} busy loops the pool served {loaded:.1}/s, under half of {quiet:.1}/s: \
         {report:#?}",
        beside.busy_loops
    );
}
