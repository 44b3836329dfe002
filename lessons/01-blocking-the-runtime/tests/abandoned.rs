//! Offloaded computation stops when its client hangs up: `/cpu-offload` looks at its cancel
//! flag, raised when the request's future is dropped, so abandoned requests cost a small part of
//! what answered ones do. Measured in CPU time, in a test binary of its own (see
//! `lesson_support::testing::abandoning_costs`). `/cpu` and `/block` cannot stop: the worker
//! that would notice is the one they hold, which is the lesson.

use lesson_01_blocking_the_runtime::app;
use lesson_support::probe::Target;
use lesson_support::testing::abandoning_costs;

#[test]
fn offloaded_computation_stops_when_its_client_hangs_up() {
    // Rounds enough for a fraction of a second in a debug build, on any machine.
    let target = Target::get("/cpu-offload?n=100000000");
    let costs = abandoning_costs(app(), &target, 2).unwrap();
    // Run on, most of the answered cost; stopped, the little that ran before the hang-up.
    assert!(costs.abandoned * 2 < costs.answered, "{costs:?}");
}
