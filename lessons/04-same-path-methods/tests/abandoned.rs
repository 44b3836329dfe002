//! Work nobody waits for stops, whichever method computes it: a client that hangs up on the
//! largest sum the lesson allows costs a small part of what the sum costs in full. On a real
//! server over loopback, measured in CPU time (see `lesson_support::testing::abandoning_costs`).

use lesson_04_same_path_methods::app;
use lesson_04_same_path_methods::calc::MAX_X;
use lesson_support::probe::Target;
use lesson_support::testing::abandoning_costs;

#[test]
fn work_whose_client_hung_up_stops_for_every_route_that_computes() {
    for target in [
        Target::get(format!("/calc/{MAX_X}?power=1")),
        Target::post_json(format!("/calc/{MAX_X}"), r#"{"power": 1}"#),
        Target::get(format!("/calc?x={MAX_X}&power=1")),
        Target::post_json("/calc", format!(r#"{{"x": {MAX_X}, "power": 1}}"#)),
    ] {
        let costs = abandoning_costs(app(), &target, 4).unwrap();
        // Run on, the abandoned sums would cost most of what the answered ones did; stopped,
        // the little they ran before their clients left. Half is far from both.
        assert!(
            costs.abandoned * 2 < costs.answered,
            "{} {}: {costs:?}",
            target.method,
            target.path
        );
    }
}
