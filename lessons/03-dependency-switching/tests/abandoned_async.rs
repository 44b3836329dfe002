//! The natively async backend stops too when its client hangs up: it runs in a task on the
//! workers, aborted when the request's future is dropped, so the abandoned sums cost a small part
//! of what answered ones do. Measured in CPU time, in a test binary of its own (see
//! `lesson_support::testing::abandoning_costs`).

use lesson_03_dependency_switching::{ASYNC, Backends, app};
use lesson_support::probe::Target;
use lesson_support::testing::abandoning_costs;

#[test]
fn the_async_backend_stops_when_its_client_hangs_up() {
    // The async backend as the default: the probe's requests carry no header.
    let backends = Backends::standard(ASYNC).unwrap();
    // The largest x whose sum of squares fits in an i64 (MAX_X is the SQLite backend's bound,
    // past the point where the sum overflows).
    let target = Target::get("/calc/3000000");
    let costs = abandoning_costs(app(backends), &target, 4);
    let costs = costs.unwrap();
    // Run on, most of the answered cost; stopped, the little that ran before the hang-up.
    assert!(costs.abandoned * 2 < costs.answered, "{costs:?}");
}
