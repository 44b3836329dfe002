//! The lesson's claim, on a real server over loopback: neither method holds the runtime while it
//! computes, so `/health` does not wait for a calculation. Asserted as a ratio of what the run
//! measured, so a slow machine (or a debug build) makes every number larger but leaves the
//! conclusion standing.

use std::time::Duration;

use demo::{Config, measure};

// The demo and the live page are the binary's (`src/demo.rs`), not the library's: included here.
#[allow(dead_code)]
#[path = "../src/demo.rs"]
mod demo;

#[test]
fn neither_method_makes_health_wait_for_a_calculation() {
    let report = measure(&Config::new(2, 2_000_000, 1, Duration::from_millis(1500))).unwrap();
    let phases = [
        ("GET", &report.phases.get_sync),
        ("POST", &report.phases.post_async),
    ];
    for (method, phase) in phases {
        let load = phase.load.unwrap();
        let health = phase.probe;
        assert!(load.requests > 0 && health.requests > 0, "{report:?}");
        assert_eq!(load.errors + health.errors, 0, "{method}: {report:?}");
        // Had the calculation run on a worker in one piece, the clients would keep both workers
        // busy and a typical probe would wait for part of one. Instead it is answered far faster
        // than the calculations running beside it. The median is the measure: on a small shared
        // machine the far tail follows the OS scheduler, which the offloaded work competes with
        // for CPU, not the runtime.
        assert!(
            health.p50_ms * 10.0 <= load.p50_ms,
            "{method}: /health p50 {} ms is not 10x below /calc p50 {} ms: {report:?}",
            health.p50_ms,
            load.p50_ms,
        );
    }
    // Both methods served the same load with the same core: same order of throughput.
    let (get, post) = (phases[0].1.load_rps(), phases[1].1.load_rps());
    assert!(
        get.min(post) * 3.0 >= get.max(post),
        "GET {get}/s and POST {post}/s differ by more than 3x: {report:?}"
    );
}
