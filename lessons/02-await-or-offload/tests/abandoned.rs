//! Work nobody waits for stops: a client that hangs up on the largest sum the lesson allows frees
//! the pool's slot for the next request within milliseconds, and a job past its deadline is
//! answered with a 504 and stopped. On a real server over loopback.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use blocking_pool::BlockingPool;
use blocking_pool::Priority;
use lesson_02_await_or_offload::{AUTO_INLINE_MAX_X, MAX_X, POOL_QUEUE, app_with};
use lesson_support::probe::Target;
use lesson_support::testing::{self, abandon_then_ask};

/// The lesson's own pool, but with one slot whatever the machine, so the next request needs the
/// very slot the abandoned job held.
fn one_slot() -> BlockingPool {
    BlockingPool::queued(1, POOL_QUEUE).at(Priority::Lowered)
}

#[test]
fn a_client_that_hangs_up_frees_the_slot_for_the_next_request() {
    for route in [
        format!("/calc/{MAX_X}?mode=sync"),
        format!("/def/calc/{MAX_X}"),
    ] {
        let app = app_with(AUTO_INLINE_MAX_X, one_slot());
        let small = Target::get("/calc/7?mode=sync");
        let seen = abandon_then_ask(app, &route, &small, Duration::from_millis(100)).unwrap();
        // Counting to MAX_X takes seconds: still running when its client left.
        assert!(seen.big_was_running, "{route}: {seen:?}");
        // Had the job run on, the small one would wait seconds for the slot (or 504 at its
        // deadline). 200 ms is that minus an order of magnitude, room for a busy machine.
        let latency = seen.small.unwrap();
        assert!(
            latency < Duration::from_millis(200),
            "{route}: the next request waited {latency:?} for the slot"
        );
    }
}

#[tokio::test]
async fn a_job_past_its_deadline_is_a_json_504_and_its_slot_comes_back() {
    let pool = one_slot().with_deadline(Duration::from_millis(50));
    let app = app_with(AUTO_INLINE_MAX_X, pool.clone());
    let uri = format!("/calc/{MAX_X}?mode=sync");
    let request = Request::builder().uri(&uri).body(Body::empty()).unwrap();
    let answer = testing::send(app, request).await;
    assert_eq!(
        answer.status,
        StatusCode::GATEWAY_TIMEOUT,
        "{:?}",
        answer.body
    );
    testing::assert_error(&answer.body, answer.status, "deadline of 50 ms");
    // The job saw its flag and returned; counting on would hold the slot for seconds.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    while pool.available() < pool.bound() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the slot never came back"
        );
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}
