//! Work nobody waits for stops: a client that hangs up on the largest query the lesson allows
//! frees the pool's slot for the next request within milliseconds. On a real server over
//! loopback, with SQLite interrupting its own query when the job's flag is raised.

use std::time::Duration;

use blocking_pool::BlockingPool;
use blocking_pool::Priority;
use lesson_03_dependency_switching::{Backends, MAX_WAITING, MAX_X, SQLITE, app};
use lesson_support::probe::Target;
use lesson_support::testing::abandon_then_ask;

#[test]
fn a_client_that_hangs_up_frees_the_slot_for_the_next_query() {
    // The lesson's pool with one slot whatever the machine: the next query needs the very slot
    // the abandoned one held.
    let one_slot = BlockingPool::queued(1, MAX_WAITING).at(Priority::Lowered);
    let backends = Backends::standard_on(SQLITE, one_slot).unwrap();
    let small = Target::get("/calc/7");
    let patience = Duration::from_millis(100);
    let seen = abandon_then_ask(app(backends), &format!("/calc/{MAX_X}"), &small, patience);
    let seen = seen.unwrap();
    // Millions of rows: the query was still running when its client left.
    assert!(seen.big_was_running, "{seen:?}");
    // Had the query run on, the small one would wait for it (a second or more). 200 ms leaves
    // an order of magnitude for a busy machine.
    let latency = seen.small.unwrap();
    assert!(
        latency < Duration::from_millis(200),
        "the next query waited {latency:?} for the slot"
    );
}
